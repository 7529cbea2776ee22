/**
 * Turns records into KPI counters for one subject (a UE as one range of a file saw it),
 * whole-range and per second. The counting rules live here and nowhere else.
 */
import type { KpiCounters } from '../../../src-shared/kpis.js';
import { emptyCounters } from '../../../src-shared/kpis.js';
import type { MacRecord, StatsRecord } from '../../../src-shared/records.js';
import { STATS_KEYS } from '../../../src-shared/records.js';

/** Enough MCS indexes for LTE (0 to 31) and NR (0 to 31) tables. */
export const MCS_BINS = 32;

/** Counts added by one record to a counter set. */
export function countRecord(c: KpiCounters, r: MacRecord): void {
  switch (r.kind) {
    case 'grant':
      if (r.dir === 'dl') {
        c.dlGrants++;
        if (r.retx !== null || r.rv !== null) c.dlRetxTold++;
        if (isRetx(r.retx, r.rv)) c.dlRetxGrants++;
        else c.dlNewBytes += r.tbs ?? 0;
        c.dlBytes += r.tbs ?? 0;
        if (r.mcs !== null) {
          c.dlMcsSum += r.mcs;
          c.dlMcsN++;
        }
      } else {
        c.ulGrants++;
        if (r.retx !== null || r.rv !== null) c.ulRetxTold++;
        if (isRetx(r.retx, r.rv)) c.ulRetxGrants++;
        else c.ulNewBytes += r.tbs ?? 0;
        c.ulBytes += r.tbs ?? 0;
        if (r.mcs !== null) {
          c.ulMcsSum += r.mcs;
          c.ulMcsN++;
        }
      }
      return;
    case 'decode':
      if (r.failuresOnly) {
        countUnpairedFailure(c, r.dir, isRetx(r.retx, r.rv));
        return;
      }
      countDecode(c, r.dir, r.ok, r.retx, r.rv, r.tbs);
      if (r.sinrDb !== null) {
        c.sinrSum += r.sinrDb;
        c.sinrN++;
      }
      return;
    case 'harq':
      if (r.event === 'retx') {
        if (r.dir === 'dl') {
          c.dlHarqRetx++;
          c.dlRetxTold++;
        } else {
          c.ulHarqRetx++;
          c.ulRetxTold++;
        }
      } else if (r.dir === 'dl') c.dlDiscards++;
      else c.ulDiscards++;
      return;
    case 'phr':
      c.phrSum += r.phDb;
      c.phrN++;
      if (r.phDb < c.phrMin) c.phrMin = r.phDb;
      return;
    case 'bsr':
      c.bsrSum += r.bytes;
      c.bsrN++;
      if (r.bytes > c.bsrMax) c.bsrMax = r.bytes;
      return;
    case 'csi':
      if (r.cqi !== null) {
        c.cqiSum += r.cqi;
        c.cqiN++;
      }
      return;
    case 'ra':
      // One attempt per preamble; the outcome comes from whichever step decides it.
      if (r.step === 'preamble') c.raAttempts++;
      if (r.outcome === 'ok') c.raOk++;
      else if (r.outcome === 'fail') c.raFail++;
      return;
    default:
      return;
  }
}

/**
 * A retransmission by count, or by redundancy version when the count is not logged (rv 0
 * is the first transmission in the standard rv sequence 0, 2, 3, 1).
 */
function isRetx(retx: number | null, rv: number | null): boolean {
  if (retx !== null) return retx > 0;
  return rv !== null && rv !== 0;
}

/**
 * A failure from a log that never prints successes: a CRC failure, but not a decode, so
 * that no BLER is made of failures alone (a log prints successes or it does not, so one
 * subject never mixes the two). Its SNR, that of failed TBs only, is left out of the mean.
 * A failed retransmission proves one was sent; those decoded leave no line, so these
 * retransmissions are a lower bound (`failedRetx`), not a count.
 */
function countUnpairedFailure(c: KpiCounters, dir: 'dl' | 'ul', retx: boolean): void {
  if (dir === 'dl') {
    c.dlFails++;
    if (retx) c.dlFailedRetx++;
  } else {
    c.ulFails++;
    if (retx) c.ulFailedRetx++;
  }
}

function countDecode(
  c: KpiCounters,
  dir: 'dl' | 'ul',
  ok: boolean,
  retx: number | null,
  rv: number | null,
  tbs: number | null,
): void {
  const first = retx !== null ? retx === 0 : rv !== null ? rv === 0 : false;
  if (dir === 'dl') {
    c.dlDecodes++;
    if (!ok) c.dlFails++;
    else c.dlOkBytes += tbs ?? 0;
    if (first) {
      c.dlFirstDecodes++;
      if (!ok) c.dlFirstFails++;
    }
  } else {
    c.ulDecodes++;
    if (!ok) c.ulFails++;
    else c.ulOkBytes += tbs ?? 0;
    if (first) {
      c.ulFirstDecodes++;
      if (!ok) c.ulFirstFails++;
    }
  }
}

/**
 * Counters from a log's own statistics, for subjects the log describes only that way
 * (console tables, OAI statistics blocks). Periodic values cover their period; cumulative
 * ones (periodSec null) are turned into increments against the previous snapshot.
 */
export class StatsCounter {
  private previous = new Map<string, number>();

  /**
   * Counts a snapshot into `c`; its running totals go to `totals` instead when given (those
   * of a first snapshot were counted before it, not in its second).
   */
  count(c: KpiCounters, r: StatsRecord, totals: KpiCounters = c): void {
    const v = r.values;
    if (r.periodSec !== null) this.countPeriodic(c, v, r.periodSec);
    else this.countCumulative(totals, v);
    if (reportsTraffic(v, 'dl') && !tellsRounds(v, 'dlsch')) c.dlRetxUntold++;
    if (reportsTraffic(v, 'ul') && !tellsRounds(v, 'ulsch')) c.ulRetxUntold++;

    // A period's MCS is the mean over the TBs it sent: it weighs as many of them.
    const dlTbs = r.periodSec === null ? 1 : tbsOf(v, STATS_KEYS.dlOk, STATS_KEYS.dlNok);
    const ulTbs = r.periodSec === null ? 1 : tbsOf(v, STATS_KEYS.ulOk, STATS_KEYS.ulNok);
    addMean(v[STATS_KEYS.dlMcs], (x) => ((c.dlMcsSum += x * dlTbs), (c.dlMcsN += dlTbs)));
    addMean(v[STATS_KEYS.ulMcs], (x) => ((c.ulMcsSum += x * ulTbs), (c.ulMcsN += ulTbs)));
    addMean(v[STATS_KEYS.cqi], (x) => ((c.cqiSum += x), c.cqiN++));
    addMean(v[STATS_KEYS.puschSnr], (x) => ((c.sinrSum += x), c.sinrN++));
    addMean(v[STATS_KEYS.phr], (x) => {
      c.phrSum += x;
      c.phrN++;
      c.phrMin = Math.min(c.phrMin, x);
    });
    addMean(v[STATS_KEYS.bsr], (x) => {
      c.bsrSum += x;
      c.bsrN++;
      c.bsrMax = Math.max(c.bsrMax, x);
    });
  }

  private countPeriodic(c: KpiCounters, v: Record<string, number | null>, period: number): void {
    const dlBytes = (v[STATS_KEYS.dlBitrate] ?? 0) * (period / 8);
    const ulBytes = (v[STATS_KEYS.ulBitrate] ?? 0) * (period / 8);
    const dlOk = v[STATS_KEYS.dlOk] ?? 0;
    const dlNok = v[STATS_KEYS.dlNok] ?? 0;
    const ulOk = v[STATS_KEYS.ulOk] ?? 0;
    const ulNok = v[STATS_KEYS.ulNok] ?? 0;

    c.dlGrants += dlOk + dlNok;
    c.dlBytes += dlBytes;
    c.dlNewBytes += dlBytes;
    c.dlDecodes += dlOk + dlNok;
    c.dlFails += dlNok;
    c.dlOkBytes += dlBytes;
    c.ulGrants += ulOk + ulNok;
    c.ulBytes += ulBytes;
    c.ulNewBytes += ulBytes;
    c.ulDecodes += ulOk + ulNok;
    c.ulFails += ulNok;
    c.ulOkBytes += ulBytes;
  }

  private countCumulative(c: KpiCounters, v: Record<string, number | null>): void {
    const rounds = (dir: 'dlsch' | 'ulsch') =>
      [1, 2, 3, 4].map((n) => this.increment(`${dir}_round${n}`, v[`${dir}_round${n}`]));
    const dl = rounds('dlsch');
    const ul = rounds('ulsch');

    const dlErrors = this.increment('dl_errors', v[STATS_KEYS.dlErrors]);
    const ulErrors = this.increment('ul_errors', v[STATS_KEYS.ulErrors]);

    c.dlGrants += sum(dl);
    c.dlRetxGrants += sum(dl) - dl[0];
    c.dlRetxTold += sum(dl);
    c.ulGrants += sum(ul);
    c.ulRetxGrants += sum(ul) - ul[0];
    c.ulRetxTold += sum(ul);
    c.dlDiscards += dlErrors;
    c.ulDiscards += ulErrors;

    // Each round after the first exists because the one before it failed, and an error is
    // a failure of the last round: so failures are rounds 2 to 4 plus errors.
    c.dlDecodes += sum(dl);
    c.dlFails += dl[1] + dl[2] + dl[3] + dlErrors;
    c.dlFirstDecodes += dl[0];
    c.dlFirstFails += dl[1];
    c.ulDecodes += sum(ul);
    c.ulFails += ul[1] + ul[2] + ul[3] + ulErrors;
    c.ulFirstDecodes += ul[0];
    c.ulFirstFails += ul[1];

    const dlBytes = this.increment('dl_tx_bytes', v[STATS_KEYS.dlTxBytes]);
    const ulBytes = this.increment('ul_rx_bytes', v[STATS_KEYS.ulRxBytes]);
    c.dlBytes += dlBytes;
    c.dlNewBytes += dlBytes;
    c.ulBytes += ulBytes;
    c.ulNewBytes += ulBytes;
    c.ulOkBytes += ulBytes;
  }

  /** Growth of a cumulative counter since the last snapshot; a reset starts again at 0. */
  private increment(key: string, value: number | null | undefined): number {
    if (value === null || value === undefined) return 0;
    const before = this.previous.get(key) ?? 0;
    this.previous.set(key, value);
    return value >= before ? value - before : value;
  }
}

/** Keys of a report that count a direction's traffic (a rate, decodes, bytes). */
const TRAFFIC_KEYS = {
  dl: [STATS_KEYS.dlBitrate, STATS_KEYS.dlOk, STATS_KEYS.dlNok, STATS_KEYS.dlTxBytes],
  ul: [STATS_KEYS.ulBitrate, STATS_KEYS.ulOk, STATS_KEYS.ulNok, STATS_KEYS.ulRxBytes],
};

function reportsTraffic(v: Record<string, number | null>, dir: 'dl' | 'ul'): boolean {
  return TRAFFIC_KEYS[dir].some((key) => v[key] !== null && v[key] !== undefined);
}

/** True when a report counts transmissions by HARQ round, which tells retransmissions. */
function tellsRounds(v: Record<string, number | null>, dir: 'dlsch' | 'ulsch'): boolean {
  for (let n = 1; n <= 4; n++) {
    const value = v[`${dir}_round${n}`];
    if (value !== null && value !== undefined) return true;
  }
  return false;
}

/**
 * The TBs a periodic report counts in one direction (ok plus nok), or 1 where it counts
 * none (a console table that prints rates only): then the report is one sample.
 */
function tbsOf(v: Record<string, number | null>, ok: string, nok: string): number {
  const n = (v[ok] ?? 0) + (v[nok] ?? 0);
  return n > 0 ? n : 1;
}

function addMean(value: number | null | undefined, add: (x: number) => void): void {
  if (value !== null && value !== undefined) add(value);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** A fresh counter set, re-exported for the aggregator's per-second buckets. */
export { emptyCounters };
