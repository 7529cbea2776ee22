/**
 * What the HARQ tracker (harq.ts) keeps: transmissions, the history of each HARQ process, TBs
 * waiting for their outcome; and how a retransmission count is inferred.
 *
 * Retransmissions: the log never says "retransmission" outright at info level. A grant has an
 * h_id and an rv, and srsRAN's default UL rv sequence is {0}, so a retransmission often has
 * rv=0 too. So each HARQ process keeps the outcome of its last transmission, and a grant with
 * the same TBS on a process whose last transmission failed is its next retransmission (a
 * retransmission keeps its TBS); so is a grant with rv other than 0. Debug logs print the
 * count (nrtx=), newer ones a newtx= flag; both win over the inference.
 */
import type { Stamp } from './state.js';

/** A transmission as a grant (or, lacking one, the PHY) describes it. */
export interface Transmission {
  rnti: number;
  harqId: number | null;
  ue: string | null;
  cell: string | null;
  rv: number | null;
  tbs: number | null;
  mcs: number | null;
  /** k1 for DL (slots to the HARQ-ACK); k2 for UL (not used here). */
  k: number | null;
  /** Retransmission count printed by the log (debug nrtx=), null when not printed. */
  retx: number | null;
  /** The log's own newtx= flag, null when not printed. */
  newTx: boolean | null;
  /** True for a Msg3 grant. */
  msg3: boolean;
}

/** One HARQ process: the last known outcome, and who it belongs to. */
export interface History {
  retx: number | null;
  tbs: number | null;
  failed: boolean;
  /** DL: that TB carried the contention resolution (Msg4). UL: it was a Msg3. */
  randomAccess: boolean;
  ue: string | null;
  cell: string | null;
}

/** UCI HARQ-ACK bit values as the PHY prints them, and "no report yet". */
export const NO_REPORT = -1;
export const NACK = 0;
export const DTX = 2;

/** A TB sent and waiting for its outcome. */
export interface Sent {
  harqId: number;
  /** Absolute slot of the PDSCH or PUSCH. */
  slot: number;
  /** DL: absolute slot of its HARQ-ACK. */
  ackSlot: number;
  tbs: number | null;
  mcs: number | null;
  rv: number | null;
  retx: number | null;
  ue: string | null;
  cell: string | null;
  randomAccess: boolean;
  /** DL: NACK or DTX seen so far (not final yet), or NO_REPORT. */
  status: number;
  reportedAt: Stamp | null;
  /** A later grant on the same process was seen. */
  superseded: boolean;
}

export function processKey(rnti: number, harqId: number): number {
  return rnti * 64 + harqId;
}

export function historyOf(table: Map<number, History>, rnti: number, harqId: number): History {
  const key = processKey(rnti, harqId);
  let hist = table.get(key);
  if (hist === undefined) {
    hist = { retx: null, tbs: null, failed: false, randomAccess: false, ue: null, cell: null };
    table.set(key, hist);
  }
  return hist;
}

export function sentOf(
  tx: Transmission,
  retx: number | null,
  slot: number,
  ackSlot: number,
  randomAccess: boolean,
): Sent {
  return {
    harqId: tx.harqId ?? 0,
    slot,
    ackSlot,
    tbs: tx.tbs,
    mcs: tx.mcs,
    rv: tx.rv,
    retx,
    ue: tx.ue,
    cell: tx.cell,
    randomAccess,
    status: NO_REPORT,
    reportedAt: null,
    superseded: false,
  };
}

/** A transmission known from its PHY line only. */
export function bareTransmission(
  rnti: number,
  harqId: number,
  rv: number | null,
  tbs: number | null,
): Transmission {
  return {
    rnti,
    harqId,
    ue: null,
    cell: null,
    rv,
    tbs,
    mcs: null,
    k: null,
    retx: null,
    newTx: null,
    msg3: false,
  };
}

/**
 * The retransmission count of `tx` given its process's last outcome: the log's own count or
 * newtx flag when printed; else the next count when the last transmission failed with the
 * same TBS, or when rv is not 0; else 0.
 */
export function inferRetx(prev: History | undefined, tx: Transmission): number | null {
  if (tx.retx !== null) return tx.retx;
  const sameTb = prev !== undefined && tx.tbs !== null && prev.tbs === tx.tbs;
  const next = sameTb && prev.retx !== null ? prev.retx + 1 : null;
  if (tx.newTx !== null) return tx.newTx ? 0 : next;
  if (sameTb && prev.failed) return next;
  if (tx.rv !== null && tx.rv !== 0) return next;
  return 0;
}
