/**
 * Counting what the model hands to a writer: the ground truth of each UE context, and the
 * counters of the current metrics period that a gNB's metrics lines report.
 */
import type { Grant, LoggedEvents, PeriodStats } from './model-types.js';
import type { DirectionTruth, SubjectTruth } from './truth.js';

export function emptyPeriod(): PeriodStats {
  return {
    dlOk: 0,
    dlNok: 0,
    dlOkBytes: 0,
    dlMcsSum: 0,
    dlGrants: 0,
    dlPrbs: 0,
    ulOk: 0,
    ulNok: 0,
    ulOkBytes: 0,
    ulMcsSum: 0,
    ulGrants: 0,
    ulPrbs: 0,
    cqiSum: 0,
    cqiN: 0,
    sinrSum: 0,
    sinrN: 0,
    srCount: 0,
    lastPhr: null,
    lastBsr: null,
  };
}

/** A grant listed in the log. A Msg3 counts as UL traffic only where the format logs it so. */
export function countGrant<V>(grant: Grant<V>, logs: LoggedEvents): void {
  const truth = grant.ue.truth;
  if (grant.msg3) truth.msg3Grants++;
  if (grant.msg3 && !logs.msg3AsTraffic) return;

  const dir = truth[grant.dir];
  dir.grants++;
  dir.bytes += grant.tbs;
  if (grant.nrtx > 0) dir.retxGrants++;
  else dir.newBytes += grant.tbs;
  if (grant.msg3) return;

  // A gNB's metrics count the traffic of created UEs only.
  const period = grant.ue.period;
  if (grant.dir === 'dl') {
    period.dlGrants++;
    period.dlMcsSum += grant.mcs;
    period.dlPrbs += grant.prbs;
  } else {
    period.ulGrants++;
    period.ulMcsSum += grant.mcs;
    period.ulPrbs += grant.prbs;
  }
}

/** DL HARQ feedback logged for `grant` (its `result` set). */
export function countDlFeedback<V>(grant: Grant<V>): void {
  const truth = grant.ue.truth;
  const ok = grant.result === 1;
  countDecode(truth.dl, grant, ok);
  if (grant.result === 2) truth.dlDtx++;

  const period = grant.ue.period;
  if (ok) {
    period.dlOk++;
    period.dlOkBytes += grant.tbs;
  } else {
    period.dlNok++;
  }
}

/** A PUSCH result logged for `grant` (its `result` set). */
export function countUlDecode<V>(grant: Grant<V>, sinr: number, logs: LoggedEvents): void {
  if (grant.msg3 && !logs.msg3AsTraffic) return;
  const ok = grant.result === 1;
  countDecode(grant.ue.truth.ul, grant, ok);
  if (grant.msg3) return;

  const period = grant.ue.period;
  period.sinrSum += sinr;
  period.sinrN++;
  if (ok) {
    period.ulOk++;
    period.ulOkBytes += grant.tbs;
  } else {
    period.ulNok++;
  }
}

function countDecode<V>(dir: DirectionTruth, grant: Grant<V>, ok: boolean): void {
  dir.decodes++;
  if (!ok) dir.fails++;
  else dir.okBytes += grant.tbs;
  if (grant.nrtx === 0) {
    dir.firstDecodes++;
    if (!ok) dir.firstFails++;
  }
}

export function countPhr(truth: SubjectTruth, db: number): void {
  truth.phrReports++;
  truth.phrSum += db;
  truth.phrMin = truth.phrMin === null ? db : Math.min(truth.phrMin, db);
}
