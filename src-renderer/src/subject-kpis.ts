/**
 * What the tables show of a UE or a cell, decided as the CLI's tables decide it
 * (src-main/cli/render.ts): the flag, and the marks under a table.
 */
import type { SubjectSummary } from '../../src-shared/kpis.js';

export type Flag = 'BAD' | 'ok' | '-';

/**
 * The fewest samples each rule needs before it may judge: the engine's default
 * thresholds (ThresholdsSchema in src-main/engine/kpi/rules.ts). A summary does not say
 * whether any rule judged it, nor under which thresholds, so this mirrors `judge()`'s
 * sample counts; it goes once the summary carries the engine's own answer.
 */
const MIN_SAMPLES = 50;
const MIN_PHR_REPORTS = 10;
const MIN_RA_DONE = 2;

/** Whether any rule had enough samples to judge the subject (rules.ts, `judge().judged`). */
export function judged(u: SubjectSummary): boolean {
  const { kpis: k, counters: c } = u;
  const enough = (value: number | null, n: number, min = MIN_SAMPLES) => value !== null && n >= min;
  return (
    enough(k.dlInitialBler, c.dlFirstDecodes) ||
    enough(k.ulInitialBler, c.ulFirstDecodes) ||
    enough(k.dlResidualBler, c.dlGrants - c.dlRetxGrants) ||
    enough(k.ulResidualBler, c.ulGrants - c.ulRetxGrants) ||
    enough(k.dlMcsMean, c.dlMcsN) ||
    enough(k.ulMcsMean, c.ulMcsN) ||
    enough(k.phrMeanDb, c.phrN, Math.min(MIN_SAMPLES, MIN_PHR_REPORTS)) ||
    c.raOk + c.raFail >= MIN_RA_DONE
  );
}

/** BAD when a rule fired, ok when the rules that could judge passed, - when none could. */
export function flag(u: SubjectSummary): Flag {
  if (u.malperforming) return 'BAD';
  return judged(u) ? 'ok' : '-';
}

/** The rules that fired, one per entry (the summary joins them with "; "). */
export function rules(u: SubjectSummary): string[] {
  return u.malperforming && u.rule ? u.rule.split('; ') : [];
}

/** The marks and what each means, in the CLI's words. */
export const MARKS = {
  unjudged: { mark: '-', text: 'flag: too few samples for any rule to judge' },
} as const;

/** What the marks a table of these subjects has mean: one line each, for the marks used. */
export function legend(subjects: SubjectSummary[]): string[] {
  const lines: string[] = [];
  if (subjects.some((u) => flag(u) === '-')) lines.push(line(MARKS.unjudged));
  return lines;
}

function line(m: { mark: string; text: string }): string {
  return `${m.mark} ${m.text}`;
}
