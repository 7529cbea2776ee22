/**
 * KPIs: what the engine computes from records, per UE and per cell, per second and per
 * file. Counters are plain sums (or min/max) so that partial results from ranges of a file
 * parsed on different threads merge by adding them; rates and ratios are derived last.
 */

/** Additive counters for one UE or cell over one second or a whole file. */
export interface KpiCounters {
  /** DL grants (transport blocks scheduled), of them retransmissions, and their bytes. */
  dlGrants: number;
  dlRetxGrants: number;
  dlBytes: number;
  dlNewBytes: number;
  dlMcsSum: number;
  dlMcsN: number;
  ulGrants: number;
  ulRetxGrants: number;
  ulBytes: number;
  ulNewBytes: number;
  ulMcsSum: number;
  ulMcsN: number;

  /** Decoding outcomes: DL from HARQ ACK/NACK, UL from PUSCH CRC. */
  dlDecodes: number;
  dlFails: number;
  /** Outcomes of first transmissions only (retx = 0): the base of the initial BLER. */
  dlFirstDecodes: number;
  dlFirstFails: number;
  dlOkBytes: number;
  ulDecodes: number;
  ulFails: number;
  ulFirstDecodes: number;
  ulFirstFails: number;
  ulOkBytes: number;

  /** HARQ retransmissions the log reports without a grant line, and TBs given up. */
  dlHarqRetx: number;
  ulHarqRetx: number;
  dlDiscards: number;
  ulDiscards: number;
  /**
   * Whether the log tells retransmissions: transmissions it says are first ones or not
   * (grants with a retransmission count or redundancy version, HARQ retransmission lines,
   * rounds of OAI statistics), and reports of a period's traffic that say nothing of them
   * (console tables, metrics lines). A subject with only the latter has no count, not 0.
   */
  dlRetxTold: number;
  ulRetxTold: number;
  dlRetxUntold: number;
  ulRetxUntold: number;
  /**
   * Retransmissions known only by their failed decode, in a log that prints failures and
   * never a success (the OAI eNB): a failure in round n >= 1 was a retransmission, but a
   * retransmission that was decoded leaves no line, so the count is at least these.
   */
  dlFailedRetx: number;
  ulFailedRetx: number;

  phrSum: number;
  phrN: number;
  /** Lowest power headroom seen (dB); +Infinity while none. */
  phrMin: number;
  bsrSum: number;
  bsrN: number;
  bsrMax: number;
  cqiSum: number;
  cqiN: number;
  sinrSum: number;
  sinrN: number;

  raAttempts: number;
  raOk: number;
  raFail: number;
}

export function emptyCounters(): KpiCounters {
  return {
    dlGrants: 0,
    dlRetxGrants: 0,
    dlBytes: 0,
    dlNewBytes: 0,
    dlMcsSum: 0,
    dlMcsN: 0,
    ulGrants: 0,
    ulRetxGrants: 0,
    ulBytes: 0,
    ulNewBytes: 0,
    ulMcsSum: 0,
    ulMcsN: 0,
    dlDecodes: 0,
    dlFails: 0,
    dlFirstDecodes: 0,
    dlFirstFails: 0,
    dlOkBytes: 0,
    ulDecodes: 0,
    ulFails: 0,
    ulFirstDecodes: 0,
    ulFirstFails: 0,
    ulOkBytes: 0,
    dlHarqRetx: 0,
    ulHarqRetx: 0,
    dlDiscards: 0,
    ulDiscards: 0,
    dlRetxTold: 0,
    ulRetxTold: 0,
    dlRetxUntold: 0,
    ulRetxUntold: 0,
    dlFailedRetx: 0,
    ulFailedRetx: 0,
    phrSum: 0,
    phrN: 0,
    phrMin: Infinity,
    bsrSum: 0,
    bsrN: 0,
    bsrMax: 0,
    cqiSum: 0,
    cqiN: 0,
    sinrSum: 0,
    sinrN: 0,
    raAttempts: 0,
    raOk: 0,
    raFail: 0,
  };
}

export const COUNTER_NAMES = Object.keys(emptyCounters()) as (keyof KpiCounters)[];

/** Adds `from` into `into`; min and max fields keep the extreme. */
export function mergeCounters(into: KpiCounters, from: KpiCounters): void {
  for (const name of COUNTER_NAMES) into[name] = combineCounter(name, into[name], from[name]);
}

/** One counter of two sets added up: a sum, or for `phrMin` and `bsrMax` the extreme. */
export function combineCounter(name: keyof KpiCounters, a: number, b: number): number {
  if (name === 'phrMin') return Math.min(a, b);
  if (name === 'bsrMax') return Math.max(a, b);
  return a + b;
}

/** Rates and ratios derived from counters. Null where the log gave nothing to derive from. */
export interface DerivedKpis {
  /** Bytes granted (new and retransmitted) and bytes known delivered. */
  dlBytes: number;
  ulBytes: number;
  dlOkBytes: number;
  ulOkBytes: number;
  /** Mean bit rates over `seconds`, scheduled and delivered. */
  dlBitrateBps: number | null;
  ulBitrateBps: number | null;
  dlOkBitrateBps: number | null;
  ulOkBitrateBps: number | null;
  dlMcsMean: number | null;
  ulMcsMean: number | null;
  /** Failed decodes over all decodes, first transmissions and retransmissions alike. */
  dlBler: number | null;
  ulBler: number | null;
  /** Failed first transmissions over decoded first transmissions. */
  dlInitialBler: number | null;
  ulInitialBler: number | null;
  /** Transport blocks given up over new transport blocks granted. */
  dlResidualBler: number | null;
  ulResidualBler: number | null;
  /**
   * Retransmission grants plus reported HARQ retransmissions; null where the log does not
   * tell them (only reports of traffic without retransmissions, as console tables print),
   * or tells only those that failed (then `dlHarqRetxAtLeast` has what it proves).
   */
  dlHarqRetx: number | null;
  ulHarqRetx: number | null;
  /**
   * Where the count is unknown but the log proves some: the retransmissions it shows, a
   * lower bound (a log of failures only). Null otherwise; absent from KPIs stored before
   * schema version 6, which read as null.
   */
  dlHarqRetxAtLeast?: number | null;
  ulHarqRetxAtLeast?: number | null;
  /** All decoding failures: DL NACKs and UL CRC failures. */
  dlCrcFailures: number;
  ulCrcFailures: number;
  phrMeanDb: number | null;
  phrMinDb: number | null;
  bsrMeanBytes: number | null;
  bsrMaxBytes: number | null;
  cqiMean: number | null;
  sinrMeanDb: number | null;
  raAttempts: number;
  raOk: number;
  raFail: number;
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/**
 * A count of retransmissions, or null when nothing told them and reports kept silent, or
 * when some are known only by their failure (the rest left no line).
 */
function retxCount(count: number, told: number, untold: number, failed: number): number | null {
  if (failed > 0) return null;
  return count === 0 && told === 0 && untold > 0 ? null : count;
}

/** The least number of retransmissions, where some are known only by their failure. */
function retxAtLeast(count: number, failed: number): number | null {
  return failed > 0 ? count + failed : null;
}

/** KPIs of counters that cover `seconds` of log time (at least 1). */
export function deriveKpis(c: KpiCounters, seconds: number): DerivedKpis {
  const span = Math.max(1, seconds);
  const newDl = c.dlGrants - c.dlRetxGrants;
  const newUl = c.ulGrants - c.ulRetxGrants;
  const dlRetx = c.dlRetxGrants + c.dlHarqRetx;
  const ulRetx = c.ulRetxGrants + c.ulHarqRetx;
  // A rate needs transmissions, or bytes without them: a console table that prints rates
  // but no ok/nok counts (srsUE) gives bytes and no grants.
  const bitrate = (bytes: number, seen: number) =>
    seen > 0 || bytes > 0 ? (bytes * 8) / span : null;

  return {
    dlBytes: c.dlBytes,
    ulBytes: c.ulBytes,
    dlOkBytes: c.dlOkBytes,
    ulOkBytes: c.ulOkBytes,
    dlBitrateBps: bitrate(c.dlBytes, c.dlGrants),
    ulBitrateBps: bitrate(c.ulBytes, c.ulGrants),
    dlOkBitrateBps: bitrate(c.dlOkBytes, c.dlDecodes),
    ulOkBitrateBps: bitrate(c.ulOkBytes, c.ulDecodes),
    dlMcsMean: ratio(c.dlMcsSum, c.dlMcsN),
    ulMcsMean: ratio(c.ulMcsSum, c.ulMcsN),
    dlBler: ratio(c.dlFails, c.dlDecodes),
    ulBler: ratio(c.ulFails, c.ulDecodes),
    dlInitialBler: ratio(c.dlFirstFails, c.dlFirstDecodes),
    ulInitialBler: ratio(c.ulFirstFails, c.ulFirstDecodes),
    dlResidualBler: newDl > 0 && c.dlDecodes > 0 ? c.dlDiscards / newDl : null,
    ulResidualBler: newUl > 0 && c.ulDecodes > 0 ? c.ulDiscards / newUl : null,
    dlHarqRetx: retxCount(dlRetx, c.dlRetxTold, c.dlRetxUntold, c.dlFailedRetx),
    ulHarqRetx: retxCount(ulRetx, c.ulRetxTold, c.ulRetxUntold, c.ulFailedRetx),
    dlHarqRetxAtLeast: retxAtLeast(dlRetx, c.dlFailedRetx),
    ulHarqRetxAtLeast: retxAtLeast(ulRetx, c.ulFailedRetx),
    dlCrcFailures: c.dlFails,
    ulCrcFailures: c.ulFails,
    phrMeanDb: ratio(c.phrSum, c.phrN),
    phrMinDb: c.phrN > 0 ? c.phrMin : null,
    bsrMeanBytes: ratio(c.bsrSum, c.bsrN),
    bsrMaxBytes: c.bsrN > 0 ? c.bsrMax : null,
    cqiMean: ratio(c.cqiSum, c.cqiN),
    sinrMeanDb: ratio(c.sinrSum, c.sinrN),
    raAttempts: c.raAttempts,
    raOk: c.raOk,
    raFail: c.raFail,
  };
}

/** One second of one UE or cell. */
export interface KpiSecond {
  /** Unix seconds. */
  t: number;
  counters: KpiCounters;
}

/** Where a UE or cell summary belongs. `ue` is null for a cell summary. */
export interface KpiSubject {
  cell: string | null;
  ue: string | null;
}

export interface UeLife {
  /** Unix time in nanoseconds as a decimal string (beyond a double's exact range). */
  firstNs: string;
  lastNs: string;
  rntis: number[];
  created: number;
  removed: number;
  rntiChanges: number;
  ulFailures: number;
}

/** The whole-file result for one UE or one cell. */
export interface SubjectSummary extends KpiSubject {
  counters: KpiCounters;
  kpis: DerivedKpis;
  life: UeLife;
  /** MCS distribution: index is the MCS, value the number of grants. */
  dlMcsHist: number[];
  ulMcsHist: number[];
  /** Random-access failures by cause. */
  raFailCauses: Record<string, number>;
  malperforming: boolean;
  /** The rules that fired, in words with the value and the threshold, joined by "; "; null when fine. */
  rule: string | null;
  /**
   * Whether any rule had enough samples to judge: a subject neither malperforming nor judged
   * (a UE seen for a few grants) is shown as `-`, not as fine.
   */
  judged: boolean;
}
