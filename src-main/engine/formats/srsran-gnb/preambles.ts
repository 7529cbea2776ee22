/**
 * Detected preambles held until the UE that sent them is known, so that a random-access
 * attempt counts for its UE and not only for the cell.
 *
 * The gNB logs a preamble (the PHY's PRACH line) before any RNTI exists. The scheduler's
 * RAR names the temporary C-RNTI only at debug level; at info level the first line that
 * names the UE is its Msg3. So a preamble's record waits here until the first of those
 * claims it. One that nobody claims within the random-access window stays the cell's
 * alone: no Msg3 came (a failed attempt, or a false detection).
 *
 * A record keeps the time and line of its preamble, whenever it is written out: a range
 * keeps it only when that line is one of its own (see OwnLines in parse-range.ts).
 */
import type { RaRecord } from '../../../../src-shared/records.js';
import type { RecordSink } from '../types.js';

/** Preamble to Msg3 takes a few tens of milliseconds; a Msg3 later than this is another's. */
const CLAIM_WINDOW_MS = 200;

export class PendingPreambles {
  private readonly waiting: RaRecord[] = [];
  /** When each RNTI last claimed a preamble: its Msg3 after its RAR claims no second one. */
  private readonly claimedAt = new Map<number, number>();

  /** A detected preamble: out at once when its line names the UE, else it waits. */
  add(record: RaRecord, out: RecordSink): void {
    const now = timeMs(record);
    this.expire(now, out);
    if (record.rnti === null) {
      this.waiting.push(record);
      return;
    }
    this.claimedAt.set(record.rnti, now);
    out.push(record);
  }

  /**
   * A line names the UE behind a preamble: the waiting one of index `preamble`, or, when
   * the line names no index (a Msg3), the oldest one. It goes out as the UE's attempt. A
   * UE that claimed one within the window (its RAR, then its Msg3) claims no second.
   */
  claim(
    where: { cell: string | null; ue: string | null; rnti: number; preamble: number | null },
    nowMs: number,
    out: RecordSink,
  ): void {
    this.expire(nowMs, out);
    const last = this.claimedAt.get(where.rnti);
    if (last !== undefined && nowMs - last < CLAIM_WINDOW_MS) return;

    const i = this.waiting.findIndex(
      (r) => where.preamble === null || r.preamble === where.preamble,
    );
    if (i < 0) return;
    const [record] = this.waiting.splice(i, 1);
    record.rnti = where.rnti;
    record.ue = where.ue;
    record.cell ??= where.cell;
    this.claimedAt.set(where.rnti, nowMs);
    out.push(record);
  }

  /** Writes out, as the cell's, the preambles nobody claimed (at the end of a range). */
  flush(out: RecordSink): void {
    for (const record of this.waiting.splice(0)) out.push(record);
    this.claimedAt.clear();
  }

  private expire(nowMs: number, out: RecordSink): void {
    while (this.waiting.length > 0 && nowMs - timeMs(this.waiting[0]) >= CLAIM_WINDOW_MS) {
      out.push(this.waiting.shift()!);
    }
  }
}

function timeMs(r: RaRecord): number {
  return r.tSec * 1000 + r.tNsec / 1e6;
}
