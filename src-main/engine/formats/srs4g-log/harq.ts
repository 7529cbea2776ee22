/**
 * Ties the lines that describe one transport block together. The eNB scheduler logs a
 * grant (`SCHED: DL tx`, `SCHED: UL retx`, ...) with RNTI, HARQ process, TBS and
 * retransmission count; the PHY later logs the PDSCH/PDCCH (with the MCS), the PUSCH
 * (CRC and SNR, no HARQ process) or the HARQ ACK bits on PUCCH/PUSCH (no process either);
 * and the scheduler may log that a process was discarded (no RNTI). Only together do they
 * make complete grant, decode and discard records, so:
 * - a grant record is held back until the PHY line that gives its MCS (or its decode);
 * - a PUSCH result is matched to the pending UL grant of its RNTI and HARQ process, and
 *   gives it its size when it decoded another one (`isOwnPusch`);
 * - a DL ACK received in TTI n answers the DL grant sent in TTI n-4 (FDD);
 * - a discard line is matched by HARQ process and TTI, and counts only if that TB failed:
 *   srsLTE up to 2018 printed it after the last allowed transmission even when it was
 *   acknowledged, and some versions print it before the PHY logs that last result.
 */
import type { GrantRecord } from '../../../../src-shared/records.js';
import type { Direction } from '../../../../src-shared/records.js';
import type { RecordSink } from '../types.js';
import { decode, discard, grant, type GrantFields, type LineCtx } from './build.js';
import type { EnbRandomAccess } from './enb-ra.js';
import { ttiDistance } from './fields.js';

interface Tb {
  dir: Direction;
  rnti: number;
  cell: string | null;
  pid: number | null;
  /** DL: the TTI it is sent in; UL: the TTI its PUSCH was received in, once known. */
  tti: number | null;
  /** The TTI of the scheduler line, in which srsLTE sends the UL DCI. */
  schedTti: number | null;
  tbs: number | null;
  mcs: number | null;
  rv: number | null;
  retx: number | null;
  msg3: boolean;
  /** The grant record, until it is complete and pushed. */
  grant: GrantRecord | null;
  ok: boolean | null;
  /** A discard line waiting for this TB's outcome. */
  discardAt: LineCtx | null;
}

/** Concluded TBs kept for discard lines that name them later. */
const DONE_KEPT = 64;
/** Undecided UL grants kept per RNTI (8 HARQ processes in LTE FDD). */
const UL_PENDING_KEPT = 8;
/** How long a DL TB waits for its ACK before it is forgotten. */
const DL_ACK_WAIT_TTIS = 64;

export interface PuschResult {
  rnti: number;
  cell: string | null;
  tti: number | null;
  tbs: number | null;
  mcs: number | null;
  rv: number | null;
  ok: boolean;
  sinrDb: number | null;
}

export interface UlDciInfo {
  /** Null where the PHY logs the DCI without it (srsLTE). */
  rnti: number | null;
  ttiTxDl: number | null;
  mcs: number | null;
  rv: number | null;
}

export interface DlPhyInfo {
  rnti: number | null;
  pid: number | null;
  ttiTxDl: number;
  mcs: number | null;
  rv: number | null;
  prbCount: number | null;
  /** The PDSCH line: the last PHY line of a DL transmission. */
  last: boolean;
}

export class HarqTracker {
  private readonly ulPending = new Map<number, Tb[]>();
  private readonly dlAwaitingAck = new Map<number, Tb[]>();
  /** DL TBs whose grant still waits for its PHY lines. */
  private readonly dlAwaitingPhy: Tb[] = [];
  private readonly done: Tb[] = [];

  constructor(private readonly ra: EnbRandomAccess) {}

  ulGrant(at: LineCtx, out: RecordSink, g: GrantFields, schedTti: number | null): void {
    const msg3 = g.msg3 || this.ra.isMsg3(g.rnti, g.harqId);
    if (g.msg3 && g.retx === 0) this.ra.msg3Granted(g.rnti, g.harqId);

    let list = this.ulPending.get(g.rnti);
    if (!list) this.ulPending.set(g.rnti, (list = []));
    // A new grant on a HARQ process ends any earlier TB of it that never got a PUSCH line.
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].pid === g.harqId) this.flushGrant(list.splice(i, 1)[0], out);
    }
    if (list.length >= UL_PENDING_KEPT) this.flushGrant(list.shift()!, out);

    const tb = newTb(at, { ...g, msg3 }, null);
    tb.schedTti = schedTti;
    list.push(tb);
  }

  /** A PUSCH decoding result: completes the UL grant it answers and decides that TB. */
  pusch(at: LineCtx, out: RecordSink, p: PuschResult): void {
    const tb = this.takeUlTb(p.rnti, p.tti, p.tbs);
    if (tb) {
      tb.tti = p.tti;
      if (isOwnPusch(tb, p)) {
        tb.tbs = p.tbs;
        if (tb.grant) tb.grant.tbs = p.tbs;
      }
      if (tb.grant && tb.grant.mcs === null) tb.grant.mcs = p.mcs;
      tb.mcs = tb.grant?.mcs ?? tb.mcs;
      this.flushGrant(tb, out);
    }

    out.push(
      decode(at, {
        dir: 'ul',
        rnti: p.rnti,
        cell: p.cell ?? tb?.cell ?? null,
        ok: p.ok,
        harqId: tb?.pid ?? null,
        retx: tb?.retx ?? null,
        rv: p.rv,
        tbs: p.tbs,
        mcs: p.mcs ?? tb?.mcs ?? null,
        sinrDb: p.sinrDb,
      }),
    );
    if (tb) this.conclude(tb, p.ok, at, out);
  }

  /**
   * The MCS of an UL DCI for the grant it carries. srsRAN 4G logs the DCI with the RNTI:
   * the newest UL grant of that RNTI. srsLTE logs it with neither RNTI nor HARQ process,
   * but sends it in the TTI of the scheduler line (`tti_tx_dl=`): the grant made in that
   * TTI, the first of them in scheduling order if several UEs got one, whose first
   * transmission or retransmission agrees with the DCI's redundancy version.
   */
  ulDci(d: UlDciInfo): boolean {
    const tb = d.rnti !== null ? this.newestUl(d.rnti) : this.ulGrantSentIn(d.ttiTxDl, d.rv);
    if (!tb?.grant || tb.grant.mcs !== null || d.mcs === null) return false;
    tb.grant.mcs = d.mcs;
    return true;
  }

  dlGrant(at: LineCtx, out: RecordSink, g: GrantFields, ttiTxDl: number | null): void {
    const tb = newTb(at, g, ttiTxDl);
    this.forgetOldDl(g.rnti, ttiTxDl, out);

    let list = this.dlAwaitingAck.get(g.rnti);
    if (!list) this.dlAwaitingAck.set(g.rnti, (list = []));
    list.push(tb);
    this.dlAwaitingPhy.push(tb);
  }

  /**
   * A PDCCH or PDSCH line of a DL transmission: adds what the scheduler line lacked.
   * Returns false when it belongs to no pending grant (SIB, RAR, paging, or unknown).
   */
  dlPhy(out: RecordSink, d: DlPhyInfo): boolean {
    const i = this.dlAwaitingPhy.findIndex((tb) => matchesDlPhy(tb, d));
    if (i < 0) return false;
    const tb = this.dlAwaitingPhy[i];

    tb.tti = d.ttiTxDl;
    if (tb.grant) {
      if (tb.grant.mcs === null) tb.grant.mcs = d.mcs;
      if (tb.grant.prbCount === null) tb.grant.prbCount = d.prbCount;
      if (tb.grant.rv === null) tb.grant.rv = d.rv;
      tb.mcs = tb.grant.mcs;
    }
    if (tb.rv === null) tb.rv = d.rv;
    if (d.last) {
      this.dlAwaitingPhy.splice(i, 1);
      this.flushGrant(tb, out);
    }
    return true;
  }

  /** HARQ feedback received in `ttiRx`: one character per TB (1 ACK, 0 NACK, 2 DTX). */
  dlAck(
    at: LineCtx,
    out: RecordSink,
    rnti: number,
    cell: string | null,
    ttiRx: number | null,
    bits: string,
  ): void {
    const tbs = this.takeDlTbs(rnti, ttiRx, bits.length, out);
    for (let i = 0; i < bits.length; i++) {
      const c = bits.charCodeAt(i);
      if (c < 48 || c > 50) continue;
      const ok = c === 49;
      const tb = tbs[i];
      out.push(
        decode(at, {
          dir: 'dl',
          rnti,
          cell: cell ?? tb?.cell ?? null,
          ok,
          harqId: tb?.pid ?? null,
          retx: tb?.retx ?? null,
          rv: tb?.rv ?? null,
          tbs: tb?.tbs ?? null,
          mcs: tb?.mcs ?? null,
          sinrDb: null,
        }),
      );
      if (tb) this.conclude(tb, ok, at, out);
    }
  }

  /**
   * A "discarding TB" line: HARQ process `pid` last sent in `tti`, direction known only
   * in srsRAN 4G. Returns false when the line yields no record: the TB it names was
   * acknowledged (the old srsLTE quirk) or cannot be identified.
   */
  discard(at: LineCtx, out: RecordSink, dir: Direction | null, pid: number, tti: number): boolean {
    const tb = this.findDiscarded(dir, pid, tti);
    if (tb) {
      // `at` is reused for every line: keep a copy.
      if (tb.discardAt === null) tb.discardAt = { ...at };
      if (tb.ok === null) return true;
      return this.resolveDiscard(tb, out);
    }
    if (dir === null) return false;
    out.push(discard(at, { dir, rnti: null, cell: null, harqId: pid, retx: null, tbs: null }));
    return true;
  }

  /** The UE is gone: its grants are complete as they are, its open TBs will not close. */
  ueRemoved(rnti: number, out: RecordSink): void {
    for (const tb of this.ulPending.get(rnti) ?? []) this.flushGrant(tb, out);
    for (const tb of this.dlAwaitingAck.get(rnti) ?? []) this.flushGrant(tb, out);
    this.ulPending.delete(rnti);
    this.dlAwaitingAck.delete(rnti);
    removeWhere(this.dlAwaitingPhy, (tb) => tb.rnti === rnti);
  }

  finish(out: RecordSink): void {
    for (const list of this.ulPending.values()) for (const tb of list) this.flushGrant(tb, out);
    for (const list of this.dlAwaitingAck.values()) for (const tb of list) this.flushGrant(tb, out);
    this.ulPending.clear();
    this.dlAwaitingAck.clear();
    this.dlAwaitingPhy.length = 0;
  }

  private newestUl(rnti: number): Tb | null {
    const list = this.ulPending.get(rnti);
    return list?.[list.length - 1] ?? null;
  }

  private ulGrantSentIn(ttiTxDl: number | null, rv: number | null): Tb | null {
    if (ttiTxDl === null) return null;
    let best: Tb | null = null;
    for (const tb of allOf(this.ulPending)) {
      if (tb.schedTti !== ttiTxDl || tb.grant === null || tb.grant.mcs !== null) continue;
      if (rv !== null && tb.retx !== null && (rv === 0) !== (tb.retx === 0)) continue;
      if (best === null || tb.grant.line < best.grant!.line) best = tb;
    }
    return best;
  }

  /**
   * The pending UL grant a PUSCH result answers. UL HARQ is synchronous in LTE FDD and
   * srsLTE numbers the process by the TTI of the PUSCH (TTI mod 8), which identifies the
   * grant even when the PHY threads log out of order or some PUSCHs are not logged (the
   * PHY of srsLTE 2017 may even decode another size than granted); failing that (TDD),
   * the oldest pending grant of the same size.
   */
  private takeUlTb(rnti: number, tti: number | null, tbs: number | null): Tb | null {
    const list = this.ulPending.get(rnti);
    if (!list) return null;
    const pid = tti === null ? -1 : tti % 8;
    let i = list.findIndex((tb) => tb.pid === pid);
    if (i < 0) i = list.findIndex((tb) => tbs === null || tb.tbs === tbs);
    return i < 0 ? null : (list.splice(i, 1)[0] ?? null);
  }

  /**
   * The DL TBs an ACK in `ttiRx` answers: those sent 4 TTIs before (FDD), in order; if
   * none, the oldest one sent 4 to 16 TTIs before (a TDD or a misaligned TTI count).
   */
  private takeDlTbs(rnti: number, ttiRx: number | null, count: number, out: RecordSink): Tb[] {
    const list = this.dlAwaitingAck.get(rnti);
    if (!list || ttiRx === null) return [];
    let picked = list.filter((tb) => tb.tti !== null && ttiDistance(tb.tti, ttiRx) === 4);
    if (picked.length === 0) {
      const late = list.find((tb) => tb.tti !== null && inRange(ttiDistance(tb.tti, ttiRx), 4, 16));
      picked = late ? [late] : [];
    }
    picked = picked.slice(0, count);
    for (const tb of picked) {
      list.splice(list.indexOf(tb), 1);
      removeWhere(this.dlAwaitingPhy, (x) => x === tb);
      this.flushGrant(tb, out);
    }
    return picked;
  }

  /** The TB a discard line names, best evidence first. */
  private findDiscarded(dir: Direction | null, pid: number, tti: number): Tb | null {
    const dl = dir !== 'ul';
    const ul = dir !== 'dl';
    const dlSent = dl ? [...this.done, ...allOf(this.dlAwaitingAck)] : [];

    const exactDl = dlSent.find((tb) => isDl(tb, pid) && tb.tti === tti);
    if (exactDl) return exactDl;
    const exactUl = ul
      ? this.done.find((tb) => tb.dir === 'ul' && tb.pid === pid && tb.tti === tti)
      : undefined;
    if (exactUl) return exactUl;
    // The scheduler line of srsLTE 20.x carries a TTI 4 before the transmission.
    const nearDl = dlSent.find((tb) => isDl(tb, pid) && ttiDistance(tb.tti!, tti) === 4);
    if (nearDl) return nearDl;
    // srsLTE may log the discard before the PHY logs the last PUSCH of that process.
    return ul ? (allOf(this.ulPending).find((tb) => tb.pid === pid) ?? null) : null;
  }

  private conclude(tb: Tb, ok: boolean, at: LineCtx, out: RecordSink): void {
    tb.ok = ok;
    if (tb.msg3 && ok) this.ra.msg3Outcome(at, out, tb.rnti, true);
    if (tb.discardAt !== null) this.resolveDiscard(tb, out);
    this.done.push(tb);
    if (this.done.length > DONE_KEPT) this.done.shift();
  }

  /** Pushes the discard a TB waits for if the TB failed; an acknowledged TB was not lost. */
  private resolveDiscard(tb: Tb, out: RecordSink): boolean {
    const at = tb.discardAt!;
    tb.discardAt = null;
    if (tb.ok !== false) return false;
    out.push(
      discard(at, {
        dir: tb.dir,
        rnti: tb.rnti,
        cell: tb.cell,
        harqId: tb.pid,
        retx: tb.retx,
        tbs: tb.tbs,
      }),
    );
    if (tb.msg3) this.ra.msg3Outcome(at, out, tb.rnti, false);
    return true;
  }

  private flushGrant(tb: Tb, out: RecordSink): void {
    if (tb.grant === null) return;
    out.push(tb.grant);
    tb.grant = null;
  }

  /** Drops DL TBs of this RNTI that waited too long for PHY lines or an ACK. */
  private forgetOldDl(rnti: number, ttiTxDl: number | null, out: RecordSink): void {
    if (ttiTxDl === null) return;
    const stale = (tb: Tb, limit: number) =>
      tb.rnti === rnti && tb.tti !== null && inRange(ttiDistance(tb.tti, ttiTxDl), limit, 5120);
    for (const tb of this.dlAwaitingPhy) if (stale(tb, 3)) this.flushGrant(tb, out);
    removeWhere(this.dlAwaitingPhy, (tb) => stale(tb, 3));
    const list = this.dlAwaitingAck.get(rnti);
    if (list) removeWhere(list, (tb) => stale(tb, DL_ACK_WAIT_TTIS));
  }
}

/**
 * True when a PUSCH names another size than the grant it answers, and is that grant's
 * own transmission: its HARQ process (`takeUlTb`) and received at most 8 TTIs after the
 * scheduler line (0 in srsLTE 2017, 4 later, 8 for Msg3), so not a grant for the next
 * round of the process. srsLTE 2017 logs `grant=(2,18), tbs=573` and then decodes
 * `prb=(0,20), tbs=717 ... crc=OK` in that TTI, with PHICH `I_lowest=0`: the UE sent 717
 * bytes on PRBs 0 to 19 (a CRC passes only for the size that was sent), so the scheduler
 * line is the scheduler's intent, not the grant the UE got. The grant takes the size that
 * was on air, and a TB never delivers more than was granted for it.
 */
function isOwnPusch(tb: Tb, p: PuschResult): p is PuschResult & { tbs: number } {
  if (p.tbs === null || p.tbs === tb.tbs || tb.schedTti === null || p.tti === null) return false;
  return ttiDistance(tb.schedTti, p.tti) <= 8;
}

function newTb(at: LineCtx, g: GrantFields, tti: number | null): Tb {
  return {
    dir: g.dir,
    rnti: g.rnti,
    cell: g.cell,
    pid: g.harqId,
    tti,
    schedTti: null,
    tbs: g.tbs,
    mcs: null,
    rv: null,
    retx: g.retx,
    msg3: g.msg3,
    grant: grant(at, g),
    ok: null,
    discardAt: null,
  };
}

/**
 * A PHY line of a DL transmission names its TTI, and the RNTI or HARQ process or both.
 * Up to srsLTE 20.x the scheduler line carries the TTI it was made in, 4 before the
 * transmission, so that offset is accepted too.
 */
function matchesDlPhy(tb: Tb, d: DlPhyInfo): boolean {
  if (d.rnti === null && d.pid === null) return false;
  if (d.rnti !== null && tb.rnti !== d.rnti) return false;
  if (d.pid !== null && tb.pid !== d.pid) return false;
  if (tb.tti === null) return true;
  const dt = ttiDistance(tb.tti, d.ttiTxDl);
  return dt === 0 || dt === 4;
}

function isDl(tb: Tb, pid: number): boolean {
  return tb.dir === 'dl' && tb.pid === pid && tb.tti !== null;
}

function allOf(map: Map<number, Tb[]>): Tb[] {
  const all: Tb[] = [];
  for (const list of map.values()) all.push(...list);
  return all;
}

function inRange(x: number, lo: number, hi: number): boolean {
  return x >= lo && x <= hi;
}

function removeWhere<T>(list: T[], drop: (x: T) => boolean): void {
  let w = 0;
  for (const x of list) if (!drop(x)) list[w++] = x;
  list.length = w;
}
