/**
 * Random accesses whose preamble was logged before any RNTI existed, held until a later line
 * names the UE, so that the attempt counts for its UE and not only for the cell.
 *
 * A gNB or eNB logs a detected preamble before it has given out a temporary C-RNTI. The RAR,
 * Msg3 or Msg4 line that follows names the RNTI, or only some of them do, depending on the
 * stack and its log level. An attempt waits here, with any later steps that name no RNTI
 * either (a RAR), until the first line that names it claims it. One that no line claims
 * within the random-access window stays the cell's alone: no Msg3 came (a failed attempt, or
 * a false detection).
 *
 * A record keeps the time and line of its own step, whenever it is written out: a range
 * keeps it only when that line is one of its own (see OwnLines in parse-range.ts).
 */
import type { RaRecord } from '../../../src-shared/records.js';
import type { RecordSink } from './types.js';

/**
 * Preamble to Msg4 takes some tens of milliseconds (RA response window, Msg3, contention
 * resolution timer of at most 64 ms): a line naming an RNTI later than this is another
 * attempt's.
 */
const CLAIM_WINDOW_MS = 200;

/** The line that names the UE behind a waiting attempt. */
export interface Naming {
  rnti: number;
  ue: string | null;
  cell: string | null;
  /** The preamble index the line names, to pick that attempt; null for the oldest. */
  preamble: number | null;
}

interface Attempt {
  records: RaRecord[];
  preamble: number | null;
  atMs: number;
}

export class UnnamedPreambles {
  private readonly waiting: Attempt[] = [];
  /** When each RNTI last claimed an attempt: its Msg3 after its RAR claims no second one. */
  private readonly claimedAt = new Map<number, number>();

  get isEmpty(): boolean {
    return this.waiting.length === 0;
  }

  /** A detected preamble: out at once when its line names the UE, else it waits. */
  add(record: RaRecord, out: RecordSink): void {
    const now = timeMs(record);
    this.expire(now, out);
    if (record.rnti === null) {
      this.waiting.push({ records: [record], preamble: record.preamble, atMs: now });
      return;
    }
    this.claimedAt.set(record.rnti, now);
    out.push(record);
  }

  /** A later step that names no RNTI either joins the latest attempt; false when none waits. */
  follow(record: RaRecord): boolean {
    const latest = this.waiting.at(-1);
    if (!latest) return false;
    latest.records.push(record);
    return true;
  }

  /**
   * The records of the attempt that `naming` claims, as the named UE's: the waiting one of
   * its preamble index, else the oldest. None when nothing waits, or when the RNTI claimed
   * one within the window (its RAR, then its Msg3, name the same attempt).
   */
  claim(naming: Naming, nowMs: number, out: RecordSink): RaRecord[] {
    this.expire(nowMs, out);
    const last = this.claimedAt.get(naming.rnti);
    if (last !== undefined && nowMs - last < CLAIM_WINDOW_MS) return [];

    const i = this.waiting.findIndex(
      (a) => naming.preamble === null || a.preamble === naming.preamble,
    );
    if (i < 0) return [];
    const [attempt] = this.waiting.splice(i, 1);
    this.claimedAt.set(naming.rnti, nowMs);
    for (const record of attempt.records) {
      record.rnti = naming.rnti;
      record.ue = naming.ue ?? record.ue;
      record.cell ??= naming.cell;
    }
    return attempt.records;
  }

  /** Writes out, as the cell's, the attempts that waited longer than the window. */
  expire(nowMs: number, out: RecordSink): void {
    while (this.waiting.length > 0 && nowMs - this.waiting[0].atMs >= CLAIM_WINDOW_MS) {
      for (const record of this.waiting.shift()!.records) out.push(record);
    }
  }

  /** Writes out, as the cell's, every attempt still waiting (at the end of a range). */
  flush(out: RecordSink): void {
    for (const attempt of this.waiting.splice(0)) {
      for (const record of attempt.records) out.push(record);
    }
    this.claimedAt.clear();
  }
}

function timeMs(r: RaRecord): number {
  return r.tSec * 1000 + r.tNsec / 1e6;
}
