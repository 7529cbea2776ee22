/**
 * The ground truth of a simulation: what was written, counted when it was written. Tests
 * compare a parser's records with it; every count here corresponds to lines in the file.
 */

/** Counts of one direction (DL or UL) of one UE or cell. */
export interface DirectionTruth {
  /** Transport blocks granted (each transmission of each TB), and of them retransmissions. */
  grants: number;
  retxGrants: number;
  /** Sum of TBS in bytes over all grants, and over first transmissions only. */
  bytes: number;
  newBytes: number;
  /**
   * Decoding outcomes written: UL PUSCH CRC results, DL HARQ feedback. `fails` is the UL CRC
   * KO count, or the DL NACK count (NACK and DTX feedback both count as NACK).
   */
  decodes: number;
  fails: number;
  /** The same, for first transmissions only: the base of the initial BLER. */
  firstDecodes: number;
  firstFails: number;
  /** TBS bytes of the transport blocks decoded OK (UL) or acknowledged (DL). */
  okBytes: number;
  /** Transport blocks given up after the maximum number of retransmissions. */
  discards: number;
}

/** Everything counted for one UE (or one RA attempt that never became a UE), or one cell. */
export interface SubjectTruth {
  /** Cell as the log names it. */
  cell: string;
  /**
   * UE id as the log names it; null for a cell, for an RA attempt that failed, and in formats
   * that name UEs by RNTI only.
   */
  ue: string | null;
  /** C-RNTI (the TC-RNTI for a failed RA attempt); null for a cell. */
  rnti: number | null;
  /** True for UEs simulated with poor radio. */
  bad: boolean;
  dl: DirectionTruth;
  ul: DirectionTruth;
  /**
   * Msg3 grants (first transmissions and retransmissions). Included in `ul.grants` (and
   * their CRCs in `ul.decodes`) where the format logs Msg3 as UL traffic; the vendor gNB
   * format logs it as a random-access step only.
   */
  msg3Grants: number;
  /** DL feedback written as DTX (no HARQ-ACK received), included in `dl.fails`. */
  dlDtx: number;
  phrReports: number;
  /** Sum of the reported power headroom in dB (the lower bound where a range is logged). */
  phrSum: number;
  /** Lowest power headroom reported, dB; null while none. */
  phrMin: number | null;
  bsrReports: number;
  /** Sum of the buffer-size values as logged (an index for formats that log the index). */
  bsrSum: number;
  /** CQI reports and their sum. */
  cqiReports: number;
  cqiSum: number;
  /**
   * Random access: preambles detected, and attempts the log shows as successful or failed
   * (at the step where the format decides it: Msg3 decoded in srsLTE, contention resolution
   * sent in Amarisoft, Msg4 acknowledged in srsRAN and the vendor gNB). Amarisoft logs no
   * failures.
   */
  raAttempts: number;
  raOk: number;
  raFail: number;
}

export interface SimulationTruth {
  format: string;
  seed: number;
  level: 'info' | 'debug';
  /** ISO time of the first simulated slot, and seconds of air time simulated. */
  start: string;
  simulatedSec: number;
  /** Lines written, and the size of the file written (compressed size for a .gz file). */
  linesWritten: number;
  bytesWritten: number;
  /** Bytes of text before any compression (equal to `bytesWritten` for a plain file). */
  textBytes: number;
  /** One entry per UE context (cell, ue, rnti), in order of first appearance. */
  ues: SubjectTruth[];
  /** Per cell: the sums of the entries of `ues` in that cell. */
  cells: SubjectTruth[];
}

export function emptyDirection(): DirectionTruth {
  return {
    grants: 0,
    retxGrants: 0,
    bytes: 0,
    newBytes: 0,
    decodes: 0,
    fails: 0,
    firstDecodes: 0,
    firstFails: 0,
    okBytes: 0,
    discards: 0,
  };
}

export function emptySubject(
  cell: string,
  ue: string | null,
  rnti: number | null,
  bad: boolean,
): SubjectTruth {
  return {
    cell,
    ue,
    rnti,
    bad,
    dl: emptyDirection(),
    ul: emptyDirection(),
    msg3Grants: 0,
    dlDtx: 0,
    phrReports: 0,
    phrSum: 0,
    phrMin: null,
    bsrReports: 0,
    bsrSum: 0,
    cqiReports: 0,
    cqiSum: 0,
    raAttempts: 0,
    raOk: 0,
    raFail: 0,
  };
}

function addDirection(into: DirectionTruth, from: DirectionTruth): void {
  for (const key of Object.keys(into) as (keyof DirectionTruth)[]) into[key] += from[key];
}

/** Per-cell sums of the UE entries, in cell order. */
export function sumByCell(
  ues: readonly SubjectTruth[],
  cellNames: readonly string[],
): SubjectTruth[] {
  const cells = new Map(cellNames.map((name) => [name, emptySubject(name, null, null, false)]));
  for (const ue of ues) {
    const cell = cells.get(ue.cell);
    if (!cell) continue;
    addDirection(cell.dl, ue.dl);
    addDirection(cell.ul, ue.ul);
    cell.msg3Grants += ue.msg3Grants;
    cell.dlDtx += ue.dlDtx;
    cell.phrReports += ue.phrReports;
    cell.phrSum += ue.phrSum;
    if (ue.phrMin !== null) cell.phrMin = Math.min(cell.phrMin ?? Infinity, ue.phrMin);
    cell.bsrReports += ue.bsrReports;
    cell.bsrSum += ue.bsrSum;
    cell.cqiReports += ue.cqiReports;
    cell.cqiSum += ue.cqiSum;
    cell.raAttempts += ue.raAttempts;
    cell.raOk += ue.raOk;
    cell.raFail += ue.raFail;
  }
  return [...cells.values()];
}
