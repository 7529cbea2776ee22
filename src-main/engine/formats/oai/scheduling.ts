/**
 * Scheduling decisions and HARQ outcomes. OAI logs these per slot only at debug level:
 *
 *   NR:   " 753. 4 [DLSCH/PDSCH/PUCCH] RNTI 23eb DCI L 2 start   0 RBs 106 startSymbol  1
 *          nb_symbol 12 dmrspos 884 MCS  9 nrOfLayers 1 TBS 2433 HARQ PID  0 round 0 RV 0
 *          NDI 1 dl_data_to_ULACK 2 (753.8) PUCCH allocation 0 TPC 1"
 *         "ULSCH/PUSCH:  753. 4 RNTI 23eb UL sched  753. 8 DCI L 2 start  0 RBS   5 ...
 *          MCS Table 0 MCS  9 ... TBS  157 HARQ PID  0 round 0 RV 0 NDI 1 est ..."
 *         "Ulharq id 0 crc passed for RNTI 23eb" / "crc failed" / "crc failed in all rounds"
 *   2020 phy-test gNB: "[gNB scheduler phytest] DCI type 1 payload: ... mcs 9 ... rv 0"
 *         followed by "DLSCH PDU: start PRB 0 n_PRB 106 ... mcs 9 TBS: 2433" (TBS in bytes)
 *   eNB:  "[eNB 0][PUSCH 6] CC_id 0 740.6 ULSCH in error in round 0, ul_cqi 132, UE_id 0,
 *          RNTI 43eb (len 63)"
 */
import { harqKey, type OaiContext } from './context.js';
import { frameSlot, frameSlotAt, hexAfter, intAfter, intAt, numberAfter, scan } from './scan.js';

/**
 * The eNB gives a UL transport block up after its fourth failed transmission (round 3):
 * eNB_scheduler_ulsch.c resets the HARQ process and counts an ulsch_error there.
 */
const LTE_LAST_UL_ROUND = 3;

/**
 * Handles a MAC scheduling or HARQ line; false if `body` is not one. Per-slot lines are the
 * bulk of a debug log, so the first character picks the few candidates to try.
 */
export function macScheduling(ctx: OaiContext, body: string): boolean {
  const first = body.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    // "753. 4 [DLSCH/PDSCH/PUCCH] ...", "753. 4 RNTI 23eb UL sched ...", "... UL retransmission"
    return (
      nrDownlinkGrant(ctx, body) ||
      nrUplinkGrant(ctx, body) ||
      nrRetransmissionLines(ctx, body) ||
      nrUplinkDecode(ctx, body)
    );
  }
  switch (first) {
    case 68: // D: "DLSCH PDU: ..."
    case 91: // [: "[gNB scheduler phytest] DCI ...", "[eNB 0][PUSCH 6] ... ULSCH in error"
      return phytest(ctx, body) || lteUplinkError(ctx, body);
    case 85: // U: "ULSCH/PUSCH: ...", "Ulharq id ..."
      return nrUplinkGrant(ctx, body) || nrUplinkDecode(ctx, body);
    case 82: // R: "RNTI 23eb: Ulharq id 0 crc failed in all rounds"
    case 104: // h: "handle_nr_ul_harq ..."
      return nrUplinkDecode(ctx, body);
    case 114: // r: "retransmission error for UE ..."
      return nrRetransmissionLines(ctx, body);
    default:
      return false;
  }
}

/** Slots from (frame, slot) to a later frame.slot written at `body[at]` ("753.8"). */
function delayTo(ctx: OaiContext, body: string, at: number, frame: number, slot: number) {
  if (at < 0 || !frameSlotAt(body, at)) return null;
  return ctx.clock.slotsBetween(frame, slot, frameSlot.frame, frameSlot.slot);
}

/** "%4d.%2d [DLSCH/PDSCH/PUCCH] RNTI %04x ... TBS .. HARQ PID .. round .. RV .." */
function nrDownlinkGrant(ctx: OaiContext, body: string): boolean {
  const tag = body.indexOf('[DLSCH/PDSCH/PUCCH] ');
  if (tag < 0 || !frameSlotAt(body, 0)) return false;
  const { frame, slot } = frameSlot;
  ctx.clock.observe(frame, slot);

  const rnti = hexAfter(body, 'RNTI ', tag);
  const harqId = intAfter(body, 'HARQ PID ');
  const round = intAfter(body, 'round ');
  const tbs = intAfter(body, 'TBS ');
  const mcs = intAfter(body, 'MCS ');
  // k1: from this slot to the PUCCH carrying the HARQ feedback, "(753.8)"; allocation -1
  // means no feedback is expected.
  const ulack = body.indexOf('dl_data_to_ULACK ');
  const feedback = ulack < 0 ? -1 : body.indexOf('(', ulack);
  const noPucch = (numberAfter(body, 'PUCCH allocation ') ?? 0) < 0;
  const k = feedback < 0 || noPucch ? null : delayTo(ctx, body, feedback + 1, frame, slot);

  ctx.grant({
    dir: 'dl',
    rnti,
    harqId,
    rv: intAfter(body, 'RV '),
    retx: round,
    mcs,
    prbStart: intAfter(body, 'start '),
    prbCount: intAfter(body, 'RBs '),
    tbs,
    k,
  });
  return true;
}

/** "ULSCH/PUSCH: %4d.%2d RNTI %04x UL sched %4d.%2d ... TBS .. HARQ PID .. round .." */
function nrUplinkGrant(ctx: OaiContext, body: string): boolean {
  const sched = body.indexOf(' UL sched ');
  if (sched < 0) return false;
  const start = body.startsWith('ULSCH/PUSCH: ') ? 13 : 0;
  if (!frameSlotAt(body, start)) return false;
  const { frame, slot } = frameSlot;
  ctx.clock.observe(frame, slot);

  const rnti = hexAfter(body, 'RNTI ');
  const harqId = intAfter(body, 'HARQ PID ');
  const round = intAfter(body, 'round ');
  const tbs = intAfter(body, 'TBS ');
  const mcs = intAfter(body, 'MCS ');
  const k = delayTo(ctx, body, sched + 10, frame, slot);

  // This grant is the retransmission a "UL retransmission" line just announced, or not.
  const pending = ctx.pendingRetx;
  if (pending && pending.rnti === rnti && pending.harqId === harqId) ctx.pendingRetx = null;
  else flushPendingRetx(ctx);

  if (rnti !== null && harqId !== null && round !== null) {
    ctx.ulHarq.set(harqKey(rnti, harqId), { round, tbs, mcs });
  }
  ctx.grant({
    dir: 'ul',
    rnti,
    harqId,
    rv: intAfter(body, 'RV '),
    retx: round,
    mcs,
    prbStart: intAfter(body, 'start '),
    prbCount: intAfter(body, 'RBS '),
    tbs,
    k,
  });
  return true;
}

/** "Ulharq id 0 crc passed for RNTI 23eb", "RNTI 23eb: Ulharq id 0 crc failed in all rounds". */
function nrUplinkDecode(ctx: OaiContext, body: string): boolean {
  const at = body.indexOf('harq id ');
  if (at < 0 || !body.includes(' crc ')) return false;
  if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);

  const harqId = intAt(body, at + 8);
  const rnti = hexAfter(body, 'RNTI ');
  const ok = body.includes('crc passed');
  const memory = rnti !== null && harqId !== null ? ctx.ulHarq.get(harqKey(rnti, harqId)) : null;
  const retx = memory?.round ?? null;
  const tbs = memory?.tbs ?? null;
  ctx.decode({ dir: 'ul', ok, rnti, harqId, retx, tbs, mcs: memory?.mcs ?? null });
  if (!ok && body.includes('in all rounds')) ctx.harq('ul', 'discard', rnti, harqId, retx, tbs);
  return true;
}

/** Retransmission announcements and give-ups that have no grant line of their own. */
function nrRetransmissionLines(ctx: OaiContext, body: string): boolean {
  const retx = body.indexOf(' UL retransmission RNTI ');
  if (retx >= 0) {
    // "%d.%2d UL retransmission RNTI %04x sched %d.%2d HARQ PID %d round %d NDI %d": the
    // grant line usually follows; if it does not, this is a HARQ retransmission record.
    if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    flushPendingRetx(ctx);
    const rnti = hexAfter(body, 'RNTI ');
    const harqId = intAfter(body, 'HARQ PID ');
    const round = intAfter(body, 'round ');
    if (rnti === null || harqId === null) return true;
    ctx.pendingRetx = {
      line: ctx.lineNo,
      tSec: ctx.clock.tSec,
      tNsec: ctx.clock.tNsec,
      rnti,
      harqId,
      retx: round ?? 1,
    };
    return true;
  }

  // "retransmission error for UE 23eb (total 12)": a DL TB given up after the last round.
  const error = body.indexOf('retransmission error for UE ');
  if (error < 0) return false;
  ctx.harq('dl', 'discard', hexAfter(body, 'for UE '), null, null, null);
  return true;
}

/** Writes a "UL retransmission" line that no grant line followed. */
export function flushPendingRetx(ctx: OaiContext): void {
  const p = ctx.pendingRetx;
  if (!p) return;
  ctx.pendingRetx = null;
  // The process is now in this round, for the decode line that will follow.
  const memory = ctx.ulHarq.get(harqKey(p.rnti, p.harqId));
  const tbs = memory?.tbs ?? null;
  ctx.ulHarq.set(harqKey(p.rnti, p.harqId), { round: p.retx, tbs, mcs: memory?.mcs ?? null });
  ctx.writeAs(p, () => ctx.harq('ul', 'retx', p.rnti, p.harqId, p.retx, tbs));
}

/**
 * The 2020 phy-test scheduler: a DCI line, then a "DLSCH PDU" line with PRBs and TBS for
 * the same TB. The phy-test scheduler always serves MAC UE id 0 (nr_schedule_uss_dlsch_
 * phytest hard-codes it), whose RNTI an earlier "Add NR UE_id 0 : rnti 23eb" gave.
 */
function phytest(ctx: OaiContext, body: string): boolean {
  if (body.startsWith('[gNB scheduler phytest] DCI type 1 payload:')) {
    ctx.phytestDci = { mcs: intAfter(body, 'mcs '), rv: intAfter(body, ' rv ') };
    return true;
  }
  if (!body.startsWith('DLSCH PDU: ')) return false;

  const dci = ctx.phytestDci;
  ctx.phytestDci = null;
  ctx.grant({
    dir: 'dl',
    ue: dci ? '0' : null,
    rnti: dci ? (ctx.rntiOfUeId.get(0) ?? null) : null,
    rv: dci?.rv ?? null,
    mcs: intAfter(body, 'mcs ') ?? dci?.mcs ?? null,
    prbStart: intAfter(body, 'start PRB '),
    prbCount: intAfter(body, 'n_PRB '),
    tbs: intAfter(body, 'TBS: ') ?? intAfter(body, 'TBS (bytes): '),
  });
  return true;
}

/** eNB (and early gNB): "[eNB 0][PUSCH 6] CC_id 0 740.6 ULSCH in error in round 0, ..." */
function lteUplinkError(ctx: OaiContext, body: string): boolean {
  const at = body.indexOf('ULSCH in error in round ');
  if (at < 0) return false;
  // The frame.subframe follows the cell: "CC_id 0 740.6".
  const cc = intAfter(body, 'CC_id ');
  const cell = cc === null ? null : String(cc);
  if (cc !== null && frameSlotAt(body, scan.end)) {
    ctx.clock.observe(frameSlot.frame, frameSlot.slot);
  }

  const round = intAt(body, at + 24);
  const ueId = intAfter(body, 'UE_id ');
  const ue = ueId === null ? null : String(ueId);
  const rnti = hexAfter(body, 'RNTI ');
  const harqId = intAfter(body, '[PUSCH ');
  // ul_cqi is the PUSCH SNR in half dB above -64 dB (OAI: snr = (5 * ul_cqi - 640) / 10).
  const ulCqi = numberAfter(body, 'ul_cqi ');
  const sinrDb = ulCqi === null ? null : (5 * ulCqi - 640) / 10;
  // The eNB prints a line for each failed TB and none for a decoded one: failures only.
  ctx.decode({
    dir: 'ul',
    ok: false,
    cell,
    ue,
    rnti,
    harqId,
    retx: round,
    sinrDb,
    failuresOnly: true,
  });
  if (round === LTE_LAST_UL_ROUND && body.startsWith('[eNB')) {
    ctx.harq('ul', 'discard', rnti, harqId, round, null, cell, ue);
  }
  return true;
}
