/**
 * The malperforming flag: a UE is flagged when one of these rules fires. Thresholds are
 * settings; a rule only judges a UE with enough samples to mean something.
 */
import { z } from 'zod';
import type { DerivedKpis, KpiCounters, SubjectSummary } from '../../../src-shared/kpis.js';

export const ThresholdsSchema = z.object({
  /**
   * Initial BLER above which a direction is flagged. Link adaptation usually aims at 10 %,
   * so a healthy UE sits near 0.1; 15 % leaves room for that and for noise.
   */
  initialBlerMax: z.number().min(0).max(1).default(0.15),
  /** Residual BLER (TBs given up over new TBs) above which a UE is flagged. */
  residualBlerMax: z.number().min(0).max(1).default(0.01),
  /** Mean MCS below which a direction with traffic is flagged. */
  mcsMeanMin: z.number().min(0).max(31).default(5),
  /** Mean power headroom (dB) below which the UE is taken as power limited. */
  phrMeanMinDb: z.number().min(-40).max(70).default(0),
  /** Share of failed random-access attempts above which the UE is flagged. */
  raFailRatioMax: z.number().min(0).max(1).default(0.5),
  /** Fewest decodes (or grants, or reports) a rule needs before it may fire. */
  minSamples: z.number().int().min(1).default(50),
});

export type Thresholds = z.infer<typeof ThresholdsSchema>;

/**
 * Thresholds from JSON text (a settings file, a command-line value): unknown names and
 * out-of-range values are refused with the name of the field; missing ones take defaults.
 */
export function parseThresholds(json: string, origin: string): Thresholds {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new Error(`${origin}: not JSON (${(err as Error).message})`);
  }
  const result = ThresholdsSchema.strict().safeParse(value);
  if (!result.success) {
    throw new Error(`${origin}: ${result.error.issues.map(thresholdIssue).join('; ')}`);
  }
  return result.data;
}

function thresholdIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(ThresholdsSchema.shape).join(', ');
    return `no threshold is called ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${known})`;
  }
  const name = issue.path.join('.');
  // BLER and failure shares are fractions: 20 for 20 % is the likely slip.
  const hint = FRACTIONS.has(name) && issue.code === 'too_big' ? ' (a fraction: 0.2 for 20 %)' : '';
  return name ? `${name}: ${issue.message}${hint}` : issue.message;
}

const FRACTIONS = new Set(['initialBlerMax', 'residualBlerMax', 'raFailRatioMax']);

export const DEFAULT_THRESHOLDS: Thresholds = ThresholdsSchema.parse({});

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Every rule that fires, in words with the value and the threshold, joined by "; " (a UE
 * with both a high BLER and a low PHR should show both: the second often explains the
 * first); null if none fires.
 */
export function malperformingRule(k: DerivedKpis, c: KpiCounters, t: Thresholds): string | null {
  return verdict(k, c, t).rule;
}

/** How the rules of one UE are joined in its summary's `rule`. */
export const RULE_SEPARATOR = '; ';

/** The flag of a summary: whether a rule fired, which, and whether any could judge. */
export function verdict(
  k: DerivedKpis,
  c: KpiCounters,
  t: Thresholds,
): Pick<SubjectSummary, 'malperforming' | 'rule' | 'judged'> {
  const { fired, judged } = judge(k, c, t);
  return {
    malperforming: fired.length > 0,
    rule: fired.length > 0 ? fired.join(RULE_SEPARATOR) : null,
    judged,
  };
}

/** The rules that fire, in the order they are checked. */
export function malperformingRules(k: DerivedKpis, c: KpiCounters, t: Thresholds): string[] {
  return judge(k, c, t).fired;
}

/**
 * What the rules make of a UE or a cell: the ones that fire, and whether any had enough
 * samples to judge at all. A UE seen for a few grants is neither good nor bad: the tables
 * show it as not judged rather than as "ok".
 */
export interface Judgement {
  fired: string[];
  judged: boolean;
}

/** One rule: null when it lacks samples, else the words of its firing or '' when it passes. */
type Rule = () => string | null;

export function judge(k: DerivedKpis, c: KpiCounters, t: Thresholds): Judgement {
  const rules: Rule[] = [
    () => blerRule('DL', k.dlInitialBler, c.dlFirstDecodes, t),
    () => blerRule('UL', k.ulInitialBler, c.ulFirstDecodes, t),
    () => residualRule('DL', k.dlResidualBler, c.dlGrants - c.dlRetxGrants, t),
    () => residualRule('UL', k.ulResidualBler, c.ulGrants - c.ulRetxGrants, t),
    () => mcsRule('DL', k.dlMcsMean, c.dlMcsN, t),
    () => mcsRule('UL', k.ulMcsMean, c.ulMcsN, t),
    () => phrRule(k.phrMeanDb, c.phrN, t),
    () => raRule(c.raOk, c.raFail, t),
  ];
  const verdicts = rules.map((rule) => rule());
  return {
    fired: verdicts.filter((v): v is string => v !== null && v !== PASS),
    judged: verdicts.some((v) => v !== null),
  };
}

const PASS = '';

function blerRule(dir: string, bler: number | null, n: number, t: Thresholds): string | null {
  if (bler === null || n < t.minSamples) return null;
  if (bler <= t.initialBlerMax) return PASS;
  const [value, limit] = pcts(bler, t.initialBlerMax);
  return `${dir} initial BLER ${value} > ${limit} (${n} first transmissions)`;
}

function residualRule(dir: string, bler: number | null, n: number, t: Thresholds): string | null {
  if (bler === null || n < t.minSamples) return null;
  if (bler <= t.residualBlerMax) return PASS;
  const [value, limit] = pcts(bler, t.residualBlerMax);
  return `${dir} residual BLER ${value} > ${limit} (${n} new TBs)`;
}

function mcsRule(dir: string, mean: number | null, n: number, t: Thresholds): string | null {
  if (mean === null || n < t.minSamples) return null;
  if (mean >= t.mcsMeanMin) return PASS;
  return `${dir} mean MCS ${apart(mean, t.mcsMeanMin)} < ${t.mcsMeanMin} (${n} MCS samples)`;
}

/** Power headroom is reported far less often than grants: 10 reports judge it. */
function phrRule(mean: number | null, n: number, t: Thresholds): string | null {
  if (mean === null || n < Math.min(t.minSamples, 10)) return null;
  if (mean >= t.phrMeanMinDb) return PASS;
  return `mean PHR ${apart(mean, t.phrMeanMinDb)} dB < ${t.phrMeanMinDb} dB (power limited, ${n} reports)`;
}

function raRule(ok: number, fail: number, t: Thresholds): string | null {
  const done = ok + fail;
  if (done < 2) return null;
  const ratio = fail / done;
  if (ratio <= t.raFailRatioMax) return PASS;
  const [value, limit] = pcts(ratio, t.raFailRatioMax);
  return `random access failed ${fail} of ${done} times (${value} > ${limit})`;
}

/**
 * `value` with as many decimals (1 to 3) as it takes not to read as its threshold: a mean
 * MCS of 4.96 against 5 is "4.96", not "5.0".
 */
function apart(value: number, threshold: number): string {
  for (let digits = 1; digits < 3; digits++) {
    const shown = value.toFixed(digits);
    if (Number(shown) !== Number(threshold.toFixed(digits))) return shown;
  }
  return value.toFixed(3);
}

/** A value and its threshold in per cent, the value told apart from the threshold. */
function pcts(value: number, threshold: number): [string, string] {
  return [`${apart(value * 100, threshold * 100)}%`, pct(threshold)];
}

/**
 * A result's UEs and cells judged again with other thresholds: their stored counters say
 * all it needs.
 */
export function rejudge<R extends { ues: SubjectSummary[]; cells: SubjectSummary[] }>(
  result: R,
  thresholds: Thresholds,
): R {
  const again = (subjects: SubjectSummary[]) =>
    subjects.map((s) => ({ ...s, ...verdict(s.kpis, s.counters, thresholds) }));
  return { ...result, ues: again(result.ues), cells: again(result.cells) };
}
