/**
 * HARQ bookkeeping for the srsRAN gNB log.
 *
 * Retransmission counts are inferred per HARQ process (see harq-model.ts).
 *
 * Outcomes are matched to grants by slot. The scheduler labels an UL grant with its PUSCH's
 * slot, so a PUSCH CRC belongs to the grant of its rnti, h_id and slot. DL outcomes are the
 * HARQ-ACK bits of PUCCH and PUSCH lines, which carry no h_id: a PDSCH sent in slot s with k1
 * is acknowledged in slot s + k1, so its bits are those of its rnti in that slot, one bit per
 * TB in the order they were sent. Bits are "1" ACK, "0" NACK and "2" not decoded (DTX).
 *
 * The PHY logs from several threads, after the fact: its lines can come after the
 * scheduler's next grant on the same process. A TB therefore waits for its report after it
 * is superseded, until it is some slots old. The gNB may read one HARQ-ACK on two PUCCH
 * resources (HARQ and SR) and keeps an ACK from either, so a NACK or DTX is final only when
 * the process is scheduled again, given up, or the input ends. A DTX then counts as a failed
 * decode: the TB was not acknowledged and the scheduler retransmits it.
 *
 * The same TB can be reported twice (PHY line and scheduler debug event): recently reported
 * TBs are remembered so that the second report is dropped.
 */
import type { DecodeRecord } from '../../../../src-shared/records.js';
import { pushRaOutcome } from './emit.js';
import {
  bareTransmission,
  DTX,
  historyOf,
  inferRetx,
  NACK,
  NO_REPORT,
  processKey,
  sentOf,
  type History,
  type Sent,
  type Transmission,
} from './harq-model.js';
import { eventKey, KeyKind, type GnbState, type Stamp } from './state.js';

const NO_TBS: readonly Sent[] = [];

/** How long a reported TB or CRC is remembered to drop a second report of it. */
const DUPLICATE_WINDOW_MS = 200;
/** A TB without a report this many slots after it was sent is forgotten. */
const MAX_WAIT_SLOTS = 320;

export class HarqTracker {
  private readonly dlHistory = new Map<number, History>();
  private readonly ulHistory = new Map<number, History>();
  private readonly dlSent = new Map<number, Sent[]>();
  private readonly ulSent = new Map<number, Sent[]>();
  /** The result of `ackedTbs()`. */
  private readonly ackedScratch: Sent[] = [];

  constructor(private readonly st: GnbState) {}

  /** A DL grant: returns its retransmission count and waits for its HARQ-ACK. */
  dlTransmission(tx: Transmission): number | null {
    if (tx.harqId === null) return tx.retx ?? (tx.newTx === true ? 0 : null);
    const hist = this.history(this.dlHistory, tx);
    this.supersede(tx.rnti, tx.harqId);

    const retx = inferRetx(hist, tx);
    const slot = this.st.lineSlot();
    if (tx.k !== null && slot >= 0) {
      const ackSlot = this.st.absSlot(this.st.sfn, this.st.slot, tx.k);
      const msg4 = retx !== 0 && hist.failed && hist.randomAccess;
      this.sentList(this.dlSent, tx.rnti).push(sentOf(tx, retx, slot, ackSlot, msg4));
    }
    return retx;
  }

  /** True when a DL grant for this TB (rnti, h_id, current slot) was already seen. */
  hasDlTransmission(rnti: number, harqId: number): boolean {
    const slot = this.st.lineSlot();
    const list = this.dlSent.get(rnti);
    if (list === undefined) return false;
    for (const s of list) if (s.harqId === harqId && s.slot === slot) return true;
    return false;
  }

  /** An UL grant: returns its retransmission count and waits for its PUSCH. */
  ulTransmission(tx: Transmission): number | null {
    if (tx.harqId === null) return tx.retx ?? (tx.newTx === true ? 0 : null);
    const hist = this.history(this.ulHistory, tx);
    const retx = inferRetx(hist, tx);
    const slot = this.st.lineSlot();
    if (slot >= 0) {
      const msg3 = tx.msg3 || (retx !== 0 && hist.failed && hist.randomAccess);
      const list = this.dropStale(this.sentList(this.ulSent, tx.rnti), (s) => s.slot);
      list.push(sentOf(tx, retx, slot, -1, msg3));
    }
    return retx;
  }

  /**
   * A PUSCH CRC in absolute slot `slot` (-1 when unknown): pushes the UL decode record.
   * Returns false when the CRC was already reported by another line.
   */
  ulCrc(
    rnti: number,
    harqId: number | null,
    slot: number,
    ok: boolean,
    rv: number | null,
    tbs: number | null,
    sinrDb: number | null,
  ): boolean {
    const st = this.st;
    const key = eventKey(KeyKind.UlCrc, rnti, slot, harqId ?? 63);
    if (slot >= 0 && st.recent.seen(key, st.nowMs(), DUPLICATE_WINDOW_MS)) return false;

    const sent = harqId === null ? undefined : this.takeUlSent(rnti, harqId, slot);
    const hist = harqId === null ? undefined : historyOf(this.ulHistory, rnti, harqId);
    let retx: number | null;
    let randomAccess: boolean;
    if (sent !== undefined) {
      retx = sent.retx;
      randomAccess = sent.randomAccess;
    } else {
      // No grant line for this PUSCH: infer from the process history alone.
      retx = harqId === null ? null : inferRetx(hist, bareTransmission(rnti, harqId, rv, tbs));
      randomAccess = retx !== 0 && hist?.failed === true && hist.randomAccess;
    }
    const tbsKnown = tbs ?? sent?.tbs ?? null;
    if (hist !== undefined) {
      hist.retx = retx;
      hist.tbs = tbsKnown;
      hist.failed = !ok;
      hist.randomAccess = randomAccess;
    }

    const record: DecodeRecord = {
      tSec: st.tSec,
      tNsec: st.tNsec,
      line: st.line,
      cell: sent?.cell ?? hist?.cell ?? null,
      ue: sent?.ue ?? hist?.ue ?? null,
      rnti,
      kind: 'decode',
      dir: 'ul',
      ok,
      harqId,
      retx,
      rv: rv ?? sent?.rv ?? null,
      tbs: tbsKnown,
      mcs: sent?.mcs ?? null,
      sinrDb,
    };
    st.out.push(record);
    return true;
  }

  /**
   * HARQ-ACK bits of `rnti` received in slot `sfn.slot`, one per TB in the order the TBs were
   * sent; or one bit for a known `harqId` (scheduler events). Returns true when a bit was
   * used (gave a record now, or will when it becomes final).
   */
  dlAck(rnti: number, sfn: number, slot: number, bits: string, harqId: number | null): boolean {
    const st = this.st;
    const ackSlot = st.absSlot(sfn, slot);
    const matches = this.ackedTbs(rnti, ackSlot, harqId);

    let used = false;
    for (let i = 0; i < bits.length; i++) {
      const bit = bits.charCodeAt(i) - 48;
      const tb = matches[i];
      if (tb !== undefined) {
        this.noteReport(rnti, ackSlot, tb.harqId, i);
        this.applyAck(rnti, tb, bit);
        used = true;
      } else if (bit !== DTX && !this.isDuplicate(rnti, ackSlot, harqId, i)) {
        // A TB whose grant is not in this input: report what is known.
        st.out.push(this.dlDecode(rnti, null, bit === 1, st));
        used = true;
      }
    }
    return used;
  }

  /**
   * The DL TBs of `rnti` whose HARQ-ACK is due in `ackSlot` (and are on `harqId` unless null),
   * in the order they were sent. The list is reused from call to call (this runs for every
   * HARQ-ACK): read it before the next call.
   */
  private ackedTbs(rnti: number, ackSlot: number, harqId: number | null): readonly Sent[] {
    const matches = this.ackedScratch;
    matches.length = 0;
    for (const s of this.dlSent.get(rnti) ?? NO_TBS) {
      if (s.ackSlot === ackSlot && (harqId === null || s.harqId === harqId)) matches.push(s);
    }
    return matches;
  }

  /** Marks the DL TB sent to `rnti` in the current slot as Msg4. True when it was known. */
  markMsg4(rnti: number): boolean {
    const slot = this.st.lineSlot();
    const tb = this.dlSent.get(rnti)?.find((s) => s.slot === slot && !s.superseded);
    if (tb === undefined) return false;
    tb.randomAccess = true;
    return true;
  }

  /** A process given up after the maximum number of retransmissions. */
  discard(
    dir: 'dl' | 'ul',
    rnti: number,
    harqId: number | null,
    retx: number | null,
    tbs: number | null,
    cell: string | null,
  ): void {
    const st = this.st;
    let hist: History | undefined;
    if (harqId !== null) {
      if (dir === 'dl') this.settle(rnti, harqId);
      const sent = dir === 'dl' ? this.dlSent : this.ulSent;
      const list = sent.get(rnti);
      if (list !== undefined)
        sent.set(
          rnti,
          list.filter((s) => s.harqId !== harqId),
        );
      const histories = dir === 'dl' ? this.dlHistory : this.ulHistory;
      hist = histories.get(processKey(rnti, harqId));
      histories.delete(processKey(rnti, harqId));
    }

    const where = cell ?? hist?.cell ?? null;
    const ue = hist?.ue ?? null;
    const { tSec, tNsec, line } = st;
    st.out.push({
      tSec,
      tNsec,
      line,
      cell: where,
      ue,
      rnti,
      kind: 'harq',
      dir,
      event: 'discard',
      harqId,
      retx,
      tbs,
    });
    if (hist?.randomAccess === true) {
      const cause = dir === 'dl' ? 'no msg4 ack' : 'msg3 crc';
      pushRaOutcome(st, where, ue, rnti, dir === 'dl' ? 'msg4' : 'msg3', 'fail', cause);
    }
  }

  /** End of input: NACK and DTX still waiting for a later ACK become final. */
  finish(): void {
    for (const [rnti, list] of this.dlSent) {
      for (const tb of list) if (tb.status !== NO_REPORT) this.pushFailure(rnti, tb, false);
    }
    this.dlSent.clear();
    this.ulSent.clear();
  }

  /** The process of a grant, which names its UE and cell. */
  private history(table: Map<number, History>, tx: Transmission): History {
    const hist = historyOf(table, tx.rnti, tx.harqId ?? 0);
    if (tx.ue !== null) hist.ue = tx.ue;
    if (tx.cell !== null) hist.cell = tx.cell;
    return hist;
  }

  private applyAck(rnti: number, tb: Sent, bit: number): void {
    const st = this.st;
    if (bit === 1) {
      this.removeDl(rnti, tb);
      if (!tb.superseded) this.record(rnti, tb, false);
      st.out.push(this.dlDecode(rnti, tb, true, st));
      if (tb.randomAccess) pushRaOutcome(st, tb.cell, tb.ue, rnti, 'msg4', 'ok', null);
      return;
    }
    // A NACK outranks a DTX; either waits for a possible ACK from another PUCCH.
    if (bit === NACK && tb.status !== NACK) {
      tb.status = NACK;
      tb.reportedAt = st.stamp();
    } else if (bit === DTX && tb.status === NO_REPORT) {
      tb.status = DTX;
      tb.reportedAt = st.stamp();
    }
    if (tb.superseded && tb.status !== NO_REPORT) this.pushFailure(rnti, tb);
  }

  /**
   * A new grant on the process: its NACK/DTX reports are final; TBs without any report wait
   * on (their report may be logged late), but only one generation back.
   */
  private supersede(rnti: number, harqId: number): void {
    const list = this.dlSent.get(rnti);
    if (list === undefined) return;
    const keep: Sent[] = [];
    for (const tb of list) {
      if (tb.harqId !== harqId) {
        keep.push(tb);
      } else if (tb.status !== NO_REPORT) {
        this.pushFailure(rnti, tb, false);
      } else if (!tb.superseded) {
        tb.superseded = true;
        keep.push(tb);
      }
    }
    this.dlSent.set(
      rnti,
      this.dropStale(keep, (s) => s.ackSlot),
    );
  }

  /** The process is given up: its waiting NACK/DTX reports are final. */
  private settle(rnti: number, harqId: number): void {
    for (const tb of this.dlSent.get(rnti) ?? []) {
      if (tb.harqId === harqId && tb.status !== NO_REPORT) this.pushFailure(rnti, tb, false);
    }
  }

  private pushFailure(rnti: number, tb: Sent, remove = true): void {
    if (remove) this.removeDl(rnti, tb);
    if (!tb.superseded) this.record(rnti, tb, true);
    this.st.out.push(this.dlDecode(rnti, tb, false, tb.reportedAt ?? this.st));
  }

  /** Keeps the outcome of `tb` as its process's last one. */
  private record(rnti: number, tb: Sent, failed: boolean): void {
    const hist = this.dlHistory.get(processKey(rnti, tb.harqId));
    if (hist === undefined) return;
    hist.retx = tb.retx;
    hist.tbs = tb.tbs;
    hist.failed = failed;
    hist.randomAccess = tb.randomAccess;
  }

  private dlDecode(rnti: number, tb: Sent | null, ok: boolean, at: Stamp): DecodeRecord {
    return {
      tSec: at.tSec,
      tNsec: at.tNsec,
      line: at.line,
      cell: tb?.cell ?? null,
      ue: tb?.ue ?? null,
      rnti,
      kind: 'decode',
      dir: 'dl',
      ok,
      harqId: tb?.harqId ?? null,
      retx: tb?.retx ?? null,
      rv: tb?.rv ?? null,
      tbs: tb?.tbs ?? null,
      mcs: tb?.mcs ?? null,
      sinrDb: null,
    };
  }

  /** The UL TB of this PUSCH: same h_id and slot (or, slot unknown, the oldest on h_id). */
  private takeUlSent(rnti: number, harqId: number, slot: number): Sent | undefined {
    const list = this.ulSent.get(rnti);
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      const sent = list[i];
      if (sent.harqId === harqId && (slot < 0 || sent.slot === slot)) {
        list.splice(i, 1);
        return sent;
      }
    }
    return undefined;
  }

  /** Remembers that a TB's HARQ-ACK was read, by its h_id and by its bit position. */
  private noteReport(rnti: number, ackSlot: number, harqId: number, bitIndex: number): void {
    const now = this.st.nowMs();
    this.st.recent.note(eventKey(KeyKind.DlAckByHarq, rnti, ackSlot, harqId), now);
    this.st.recent.note(eventKey(KeyKind.DlAckByBit, rnti, ackSlot, bitIndex), now);
  }

  private isDuplicate(rnti: number, ackSlot: number, harqId: number | null, bit: number): boolean {
    const key =
      harqId === null
        ? eventKey(KeyKind.DlAckByBit, rnti, ackSlot, bit)
        : eventKey(KeyKind.DlAckByHarq, rnti, ackSlot, harqId);
    return this.st.recent.has(key, this.st.nowMs(), DUPLICATE_WINDOW_MS);
  }

  private sentList(table: Map<number, Sent[]>, rnti: number): Sent[] {
    let list = table.get(rnti);
    if (list === undefined) {
      list = [];
      table.set(rnti, list);
    }
    return list;
  }

  private removeDl(rnti: number, tb: Sent): void {
    const list = this.dlSent.get(rnti);
    if (list === undefined) return;
    const at = list.indexOf(tb);
    if (at >= 0) list.splice(at, 1);
  }

  /** Drops TBs that waited more than MAX_WAIT_SLOTS for a report (slots wrap around). */
  private dropStale(list: Sent[], slotOf: (s: Sent) => number): Sent[] {
    const now = this.st.lineSlot();
    if (now < 0 || list.length < 8) return list;
    const cycle = 1024 * this.st.slotsPerFrame;
    return list.filter((s) => {
      const age = (now - slotOf(s) + cycle) % cycle;
      return age <= MAX_WAIT_SLOTS || age > cycle / 2;
    });
  }
}
