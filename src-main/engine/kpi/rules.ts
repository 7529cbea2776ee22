/**
 * The malperforming flag: a UE is flagged when one of these rules fires. Thresholds are
 * settings; a rule only judges a UE with enough samples to mean something.
 */
import { z } from 'zod';
import type { DerivedKpis, KpiCounters } from '../../../src-shared/kpis.js';

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
  return name ? `${name}: ${issue.message}` : issue.message;
}

export const DEFAULT_THRESHOLDS: Thresholds = ThresholdsSchema.parse({});

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Every rule that fires, in words with the value and the threshold, joined by "; " (a UE
 * with both a high BLER and a low PHR should show both: the second often explains the
 * first); null if none fires.
 */
export function malperformingRule(k: DerivedKpis, c: KpiCounters, t: Thresholds): string | null {
  const fired = malperformingRules(k, c, t);
  return fired.length > 0 ? fired.join(RULE_SEPARATOR) : null;
}

/** How the rules of one UE are joined in its summary's `rule`. */
export const RULE_SEPARATOR = '; ';

/** The rules that fire, in the order they are checked. */
export function malperformingRules(k: DerivedKpis, c: KpiCounters, t: Thresholds): string[] {
  const checks: (() => string | null)[] = [
    () => blerRule('DL', k.dlInitialBler, c.dlFirstDecodes, t),
    () => blerRule('UL', k.ulInitialBler, c.ulFirstDecodes, t),
    () => residualRule('DL', k.dlResidualBler, c.dlGrants - c.dlRetxGrants, t),
    () => residualRule('UL', k.ulResidualBler, c.ulGrants - c.ulRetxGrants, t),
    () => mcsRule('DL', k.dlMcsMean, c.dlMcsN, t),
    () => mcsRule('UL', k.ulMcsMean, c.ulMcsN, t),
    () =>
      k.phrMeanDb !== null && c.phrN >= Math.min(t.minSamples, 10) && k.phrMeanDb < t.phrMeanMinDb
        ? `mean PHR ${k.phrMeanDb.toFixed(1)} dB < ${t.phrMeanMinDb} dB (power limited, ${c.phrN} reports)`
        : null,
    () => {
      const done = c.raOk + c.raFail;
      const ratio = done > 0 ? c.raFail / done : 0;
      return done >= 2 && ratio > t.raFailRatioMax
        ? `random access failed ${c.raFail} of ${done} times (${pct(ratio)} > ${pct(t.raFailRatioMax)})`
        : null;
    },
  ];
  return checks.map((check) => check()).filter((rule) => rule !== null);
}

function blerRule(dir: string, bler: number | null, n: number, t: Thresholds): string | null {
  if (bler === null || n < t.minSamples || bler <= t.initialBlerMax) return null;
  return `${dir} initial BLER ${pct(bler)} > ${pct(t.initialBlerMax)} (${n} first transmissions)`;
}

function residualRule(dir: string, bler: number | null, n: number, t: Thresholds): string | null {
  if (bler === null || n < t.minSamples || bler <= t.residualBlerMax) return null;
  return `${dir} residual BLER ${pct(bler)} > ${pct(t.residualBlerMax)} (${n} new TBs)`;
}

function mcsRule(dir: string, mean: number | null, n: number, t: Thresholds): string | null {
  if (mean === null || n < t.minSamples || mean >= t.mcsMeanMin) return null;
  return `${dir} mean MCS ${mean.toFixed(1)} < ${t.mcsMeanMin} (${n} grants)`;
}
