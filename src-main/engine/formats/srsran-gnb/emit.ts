/**
 * Record builders shared by the srsRAN gNB line readers. Records are written out field by
 * field: V8 builds an object spread (`{ ...base, kind }`) far slower, and this runs per line.
 *
 * Events that two lines of the log can
 * report (a PRACH seen by the PHY and by the scheduler, a UE created by the DU manager and by
 * the scheduler, a CQI decoded by the PHY and by the scheduler) go through here, so the second
 * report is dropped.
 */
import type {
  BsrRecord,
  CellEventType,
  Direction,
  GrantRecord,
  RaRecord,
  StatsRecord,
  UeEventType,
} from '../../../../src-shared/records.js';
import type { Transmission } from './harq-model.js';
import type { RbSpan } from './values.js';
import { eventKey, KeyKind, type GnbState } from './state.js';

/** Two detections of one preamble index closer than this are one random-access attempt. */
const PREAMBLE_WINDOW_MS = 40;
/** The DU manager and the scheduler log a UE's creation within a few milliseconds. */
const UE_EVENT_WINDOW_MS = 1000;
const CSI_WINDOW_MS = 200;

export function pushGrant(
  st: GnbState,
  dir: Direction,
  tx: Transmission,
  retx: number | null,
  rb: RbSpan | null,
): void {
  if (tx.ue !== null && tx.cell !== null) st.cellOfUe.set(tx.ue, tx.cell);
  const record: GrantRecord = {
    tSec: st.tSec,
    tNsec: st.tNsec,
    line: st.line,
    cell: tx.cell,
    ue: tx.ue,
    rnti: tx.rnti,
    kind: 'grant',
    dir,
    harqId: tx.harqId,
    rv: tx.rv,
    retx,
    mcs: tx.mcs,
    prbStart: rb?.start ?? null,
    prbCount: rb?.count ?? null,
    tbs: tx.tbs,
    k: tx.k,
    msg3: tx.msg3,
  };
  st.out.push(record);
}

export function pushRa(
  st: GnbState,
  cell: string | null,
  ue: string | null,
  rnti: number | null,
  step: RaRecord['step'],
  preamble: number | null = null,
  ta: number | null = null,
): void {
  pushRaOutcome(st, cell, ue, rnti, step, null, null, preamble, ta);
}

export function pushRaOutcome(
  st: GnbState,
  cell: string | null,
  ue: string | null,
  rnti: number | null,
  step: RaRecord['step'],
  outcome: RaRecord['outcome'],
  cause: string | null,
  preamble: number | null = null,
  ta: number | null = null,
): void {
  st.out.push(raRecord(st, cell, ue, rnti, step, outcome, cause, preamble, ta));
}

function raRecord(
  st: GnbState,
  cell: string | null,
  ue: string | null,
  rnti: number | null,
  step: RaRecord['step'],
  outcome: RaRecord['outcome'],
  cause: string | null,
  preamble: number | null,
  ta: number | null,
): RaRecord {
  return {
    tSec: st.tSec,
    tNsec: st.tNsec,
    line: st.line,
    cell,
    ue,
    rnti,
    kind: 'ra',
    step,
    outcome,
    cause,
    preamble,
    ta,
  };
}

/**
 * A detected preamble, unless the same index was just reported by another line; a second
 * report may name the UE (its TC-RNTI) that the first did not. Until a line names the UE,
 * the preamble waits (see UnnamedPreambles).
 */
export function pushPreamble(
  st: GnbState,
  cell: string | null,
  rnti: number | null,
  preamble: number | null,
  ta: number | null,
): void {
  const now = st.nowMs();
  const key = eventKey(KeyKind.Preamble, 0, 0, preamble ?? 63);
  if (st.recent.seen(key, now, PREAMBLE_WINDOW_MS)) {
    if (rnti !== null) claimPreamble(st, cell, null, rnti, preamble);
    return;
  }
  st.preambles.add(raRecord(st, cell, null, rnti, 'preamble', null, null, preamble, ta), st.out);
}

/** A line names the UE behind a detected preamble (of that index, when it names one). */
export function claimPreamble(
  st: GnbState,
  cell: string | null,
  ue: string | null,
  rnti: number,
  preamble: number | null,
): void {
  for (const record of st.preambles.claim({ cell, ue, rnti, preamble }, st.nowMs(), st.out)) {
    st.out.push(record);
  }
}

/** A wideband CQI received in absolute slot `slot`, unless already reported for that slot. */
export function pushCqi(
  st: GnbState,
  cell: string | null,
  ue: string | null,
  rnti: number,
  slot: number,
  cqi: number,
  ri: number | null,
): void {
  if (st.recent.seen(eventKey(KeyKind.Cqi, rnti, slot, 0), st.nowMs(), CSI_WINDOW_MS)) return;
  const { tSec, tNsec, line } = st;
  st.out.push({ tSec, tNsec, line, cell, ue, rnti, kind: 'csi', cqi, ri, pmi: null });
}

export function pushUeEvent(
  st: GnbState,
  event: UeEventType,
  ue: string | null,
  rnti: number | null,
  detail: string | null,
  oldRnti: number | null = null,
): void {
  // Keyed by UE index only: the DU manager's removal line has no rnti.
  if (ue !== null && st.recent.seen(`e${event}:${ue}`, st.nowMs(), UE_EVENT_WINDOW_MS)) return;
  if (ue !== null && rnti !== null && event === 'created') st.rntiOfUe.set(ue, rnti);
  if (ue !== null && rnti === null) rnti = st.rntiOfUe.get(ue) ?? null;
  const { tSec, tNsec, line } = st;
  st.out.push({ tSec, tNsec, line, cell: null, ue, rnti, kind: 'ue', event, detail, oldRnti });
}

export function pushCellEvent(
  st: GnbState,
  cell: string | null,
  event: CellEventType,
  detail: string,
): void {
  const { tSec, tNsec, line } = st;
  st.out.push({ tSec, tNsec, line, cell, ue: null, rnti: null, kind: 'cell', event, detail });
}

export function pushBsr(
  st: GnbState,
  ue: string | null,
  rnti: number,
  type: BsrRecord['type'],
  lcg: number | null,
  bytes: number,
): void {
  const { tSec, tNsec, line } = st;
  st.out.push({ tSec, tNsec, line, cell: null, ue, rnti, kind: 'bsr', type, lcg, bytes });
}

export function pushPhr(
  st: GnbState,
  ue: string | null,
  rnti: number,
  phDb: number,
  pcmaxDbm: number | null,
): void {
  const { tSec, tNsec, line } = st;
  st.out.push({ tSec, tNsec, line, cell: null, ue, rnti, kind: 'phr', phDb, pcmaxDbm });
}

export function pushStats(
  st: GnbState,
  cell: string | null,
  ue: string | null,
  rnti: number | null,
  scope: StatsRecord['scope'],
  source: string,
  periodSec: number | null,
  values: StatsRecord['values'],
): void {
  st.out.push({
    tSec: st.tSec,
    tNsec: st.tNsec,
    line: st.line,
    cell,
    ue,
    rnti,
    kind: 'stats',
    scope,
    source,
    periodSec,
    values,
  });
}
