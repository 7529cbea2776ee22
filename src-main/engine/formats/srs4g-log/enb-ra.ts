/**
 * The eNB's view of random-access attempts, one per temporary C-RNTI: the RACH line opens
 * an attempt, and the Msg3 transport block decides it. The eNB logs no line that says
 * "random access failed", so the outcome is read from what happens to Msg3:
 * - its PUSCH CRC is OK: the attempt succeeded (contention resolution follows);
 * - its HARQ process is discarded after the last retransmission: failed, "msg3 crc";
 * - the UE is removed before any Msg3 was decoded: failed, "no msg3" (the RRC timer for
 *   the connection request expired; the PHY may not even have logged a PUSCH for it).
 */
import type { RecordSink } from '../types.js';
import { ra, type LineCtx } from './build.js';

interface Attempt {
  /** HARQ process of the Msg3 grant, once scheduled. */
  msg3Pid: number | null;
  cell: string | null;
}

export class EnbRandomAccess {
  private readonly open = new Map<number, Attempt>();

  preamble(rnti: number, cell: string | null): void {
    this.open.set(rnti, { msg3Pid: null, cell });
  }

  msg3Granted(rnti: number, pid: number | null): void {
    const attempt = this.open.get(rnti);
    if (attempt) attempt.msg3Pid = pid;
  }

  /** True for a grant on the Msg3 HARQ process of an undecided attempt (a Msg3 retx). */
  isMsg3(rnti: number, pid: number | null): boolean {
    const attempt = this.open.get(rnti);
    return attempt !== undefined && attempt.msg3Pid !== null && attempt.msg3Pid === pid;
  }

  /** Msg3 decoded (ok) or given up (fail): the attempt is decided. */
  msg3Outcome(at: LineCtx, out: RecordSink, rnti: number, ok: boolean): void {
    const cell = this.open.get(rnti)?.cell ?? null;
    this.open.delete(rnti);
    out.push(
      ra(at, rnti, cell, {
        step: 'msg3',
        outcome: ok ? 'ok' : 'fail',
        cause: ok ? null : 'msg3 crc',
        preamble: null,
        ta: null,
      }),
    );
  }

  ueRemoved(at: LineCtx, out: RecordSink, rnti: number): void {
    const attempt = this.open.get(rnti);
    if (!attempt) return;
    this.open.delete(rnti);
    const cause = attempt.msg3Pid === null ? 'no msg3 grant' : 'no msg3';
    out.push(
      ra(at, rnti, attempt.cell, {
        step: 'msg3',
        outcome: 'fail',
        cause,
        preamble: null,
        ta: null,
      }),
    );
  }
}
