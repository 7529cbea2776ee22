/**
 * Random access as the OAI gNB and eNB log it, from the PRACH preamble to the Msg4
 * acknowledgement, and the ways it fails. Lines of several OAI versions:
 *
 *   [NR_PHY] [RAPROC] Frame 126, slot 19, fdm 2, occasion 0 Initiating RA procedure with
 *            preamble 5, energy 45.6 dB (I0 300, thres 120), delay 1 start symbol 0 ...
 *   [NR_MAC] 126.19 UE RA-RNTI 09cb TC-RNTI 177b: initiating RA procedure
 *   [NR_MAC] UE 177b: 127.7 Generating RA-Msg2 DCI, RA RNTI 0x9cb, state 1,
 *            preamble_index(RAPID) 5, timing_offset = 1 (estimated distance 39.1 [m])
 *   [NR_MAC] UE 177b: Msg3 scheduled at 127.17 (127.7 TDA 3) start 0 RBs 8
 *   [NR_MAC]  127.17 PUSCH with TC_RNTI 0x177b received correctly
 *   [NR_MAC] UE 177b Generate Msg4: feedback at  128.17, payload 225 bytes, ...
 *   [NR_MAC]  128.17 UE 177b: Received Ack of Msg4. CBRA procedure succeeded!
 *
 * The PHY and the MAC each log the preamble; one attempt must give one 'preamble' record,
 * so a PHY detection waits for the MAC line of the same occasion, which adds the TC-RNTI.
 * Older MAC lines name none ("Initiating RA procedure for preamble index 63"): then the
 * attempt waits for the first later step that names it (see `holdUnnamedPreamble`).
 */
import type { RaStep } from '../../../../src-shared/records.js';
import type { OaiContext, PendingPreamble, RaFields } from './context.js';
import {
  frameSlot,
  frameSlotAt,
  hexAfter,
  hexAt,
  intAfter,
  intAt,
  scan,
  wordAfter,
} from './scan.js';

/** Lines a MAC RA line may come after its PHY detection before the detection stands alone. */
const PREAMBLE_WAIT_LINES = 8;

/** The cell of eNB and old gNB lines ("CC_id 0"), or null. */
export function ccId(body: string): string | null {
  const cc = intAfter(body, 'CC_id ');
  return cc === null ? null : String(cc);
}

const SLOT_WORDS = ['slot ', 'Slot ', 'slotP ', 'subframe ', 'Subframe ', 'subframeP '];

/**
 * Reads a "Frame 751, Slot 19" / "Frame 739, subframeP 2" / "Frame 8 :" pair into
 * `frameSlot` (slot 0 when the line names only the frame). False without a frame.
 */
export function readFrameWords(body: string): boolean {
  const frame = intAfter(body, 'Frame ');
  if (frame === null || frame > 1023) return false;
  let i = scan.end;
  while (body.charCodeAt(i) === 44 || body.charCodeAt(i) === 58 || body.charCodeAt(i) === 32) {
    i++; // ", " or ": " or " "
  }
  let slot = 0;
  const word = SLOT_WORDS.find((w) => body.startsWith(w, i));
  if (word !== undefined) slot = intAt(body, i + word.length) ?? 0;
  frameSlot.frame = frame;
  frameSlot.slot = slot;
  return true;
}

/**
 * Moves the clock to the frame and slot words of `body`. Only for lines whose frame is the
 * current one (not "Setting Msg3 reception for Frame 752").
 */
export function observeFrameWords(ctx: OaiContext, body: string): void {
  if (readFrameWords(body)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
}

// ---------------------------------------------------------------------------------------------
// Preamble: PHY detection, MAC acceptance or refusal.

/** A PHY "Initiating RA procedure with preamble" line: held until the MAC names the UE. */
export function phyPreamble(ctx: OaiContext, body: string): boolean {
  const at = body.indexOf('Initiating RA procedure with preamble ');
  if (at < 0) return false;

  // "[RAPROC] Frame 126, slot 19, ..." or "[RAPROC] 663.19 Initiating ..."
  const raproc = body.indexOf('[RAPROC] ');
  const timed = (raproc >= 0 && frameSlotAt(body, raproc + 9)) || readFrameWords(body);
  if (timed) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
  const detection: PendingPreamble = {
    line: ctx.lineNo,
    tSec: ctx.clock.tSec,
    tNsec: ctx.clock.tNsec,
    frame: timed ? frameSlot.frame : -1,
    slot: timed ? frameSlot.slot : -1,
    preamble: intAt(body, at + 38),
    ta: intAfter(body, 'delay '),
  };

  // A new occasion: earlier detections had no MAC line and stand alone.
  const first = ctx.preambles[0];
  if (first && (first.frame !== detection.frame || first.slot !== detection.slot)) {
    flushPreambles(ctx, 0);
  }
  ctx.preambles.push(detection);
  return true;
}

/** Writes detections the MAC never answered: all of them, or those older than the wait. */
export function flushPreambles(ctx: OaiContext, olderThanLines: number): void {
  while (ctx.preambles.length > 0 && ctx.lineNo - ctx.preambles[0].line >= olderThanLines) {
    const p = ctx.preambles.shift()!;
    ctx.writeAs(p, () => ctx.ra({ step: 'preamble', rnti: null, preamble: p.preamble, ta: p.ta }));
  }
}

/** Writes detections that waited too long for their MAC line. */
export function expirePreambles(ctx: OaiContext): void {
  if (ctx.preambles.length > 0) flushPreambles(ctx, PREAMBLE_WAIT_LINES);
}

/** The MAC's preamble line: accepted (outcome null) or refused (fail, with a cause). */
function macPreamble(
  ctx: OaiContext,
  body: string,
  outcome: 'fail' | null,
  cause: string | null,
): void {
  const rnti = hexAfter(body, 'TC-RNTI ');
  // Whose attempt this is shows only in Msg3 (a connected UE names its C-RNTI there).
  if (rnti !== null && outcome === null) ctx.holdRandomAccess(rnti);
  const preamble =
    intAfter(body, 'RAPID ') ?? intAfter(body, 'preamble index ') ?? intAfter(body, 'preamble ');
  const macTa = intAfter(body, 'with TA ');
  const cell = ccId(body);

  // An accepted preamble without its TC-RNTI waits for the step that names it.
  const write = (f: RaFields) => {
    if (rnti === null && outcome === null) ctx.holdUnnamedPreamble(ctx.raRecord(f));
    else ctx.ra(f);
  };

  // The PHY detection of the same preamble, if it is waiting, gives the line and time.
  const index = ctx.preambles.findIndex((p) => preamble === null || p.preamble === preamble);
  if (index < 0) {
    write({ step: 'preamble', outcome, cause, rnti, preamble, ta: macTa, cell });
    return;
  }
  const p = ctx.preambles.splice(index, 1)[0];
  ctx.writeAs(p, () =>
    write({
      step: 'preamble',
      outcome,
      cause,
      rnti,
      preamble: p.preamble,
      ta: p.ta ?? macTa,
      cell,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// MAC lines.

/** Handles a MAC line about random access; false if `body` is not one. */
export function macRandomAccess(ctx: OaiContext, body: string): boolean {
  if (body.includes('nitiating RA procedure') || body.includes(': Activating RA process')) {
    if (body.startsWith('FAILURE') || body.includes('] FAILURE')) {
      macPreamble(ctx, body, 'fail', 'no free ra process');
    } else {
      observeFrameWords(ctx, body);
      macPreamble(ctx, body, null, null);
    }
    return true;
  }
  return (
    randomAccessResponse(ctx, body) ||
    msg3(ctx, body) ||
    msg3CRnti(ctx, body) ||
    msg4(ctx, body) ||
    completion(ctx, body) ||
    failure(ctx, body)
  );
}

/** RAR (Msg2): "UE 177b: 127.7 Generating RA-Msg2 DCI ..." or "... Generating RAR DCI". */
function randomAccessResponse(ctx: OaiContext, body: string): boolean {
  if (!body.includes('Generating RA-Msg2 DCI') && !body.includes('Generating RAR DCI')) {
    return false;
  }
  let rnti: number | null = null;
  if (body.startsWith('UE ')) {
    rnti = hexAt(body, 3);
    if (rnti !== null && frameSlotAt(body, scan.end + 1)) {
      ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    }
  } else {
    observeFrameWords(ctx, body);
    rnti = hexAfter(body, ', rnti ');
  }
  ctx.ra({
    step: 'rar',
    rnti,
    preamble: intAfter(body, 'RAPID) ') ?? intAfter(body, 'RAPID '),
    ta: intAfter(body, 'timing_offset = '),
    cell: ccId(body),
  });
  return true;
}

/** Msg3: its grant in the RAR, and its reception. */
function msg3(ctx: OaiContext, body: string): boolean {
  const scheduled = body.indexOf(': Msg3 scheduled at ');
  if (scheduled >= 0 && body.startsWith('UE ')) {
    msg3Grant(ctx, body, scheduled + 20);
    return true;
  }

  const received = body.indexOf('PUSCH with TC_RNTI ');
  if (received < 0) return false;
  if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
  // The 2020 NSA gNB ends the procedure here: "... and UE_id 0 is now 5G connected".
  const connected = body.includes(' is now ');
  const ueId = intAfter(body, 'UE_id ');
  ctx.ra({
    step: 'msg3',
    outcome: connected ? 'ok' : null,
    rnti: hexAt(body, received + 19),
    ue: ueId === null ? null : String(ueId),
  });
  return true;
}

/**
 * "Received UL_SCH_LCID_C_RNTI with C-RNTI 0x177b, triggering RRC Reconfiguration", right
 * after "PUSCH with TC_RNTI 0xdb89 received correctly": the UE of C-RNTI 177b did this
 * random access, under the temporary db89, which the gNB then drops. The attempt is 177b's.
 */
function msg3CRnti(ctx: OaiContext, body: string): boolean {
  if (!body.startsWith('Received UL_SCH_LCID_C_RNTI with C-RNTI ')) return false;
  const crnti = hexAt(body, 40);
  const tcRnti = ctx.recentMsg3();
  if (crnti === null || tcRnti === null || crnti === tcRnti) return false;
  ctx.releaseRandomAccess(tcRnti, crnti);
  ctx.tempRntis.add(tcRnti);
  ctx.push({
    kind: 'ue',
    ...ctx.base(null, null, crnti),
    event: 'rnti-change',
    detail: 'C-RNTI MAC CE in Msg3',
    oldRnti: tcRnti,
  });
  return true;
}

/** "UE 177b: Msg3 scheduled at 127.17 (127.7 TDA 3) start 0 RBs 8": an UL grant for Msg3. */
function msg3Grant(ctx: OaiContext, body: string, at: number): void {
  const rnti = hexAt(body, 3);
  let k: number | null = null;
  if (frameSlotAt(body, at)) {
    const msg3Frame = frameSlot.frame;
    const msg3Slot = frameSlot.slot;
    // In brackets: the frame and slot the grant is decided in, i.e. the current ones.
    const open = body.indexOf('(', scan.end);
    if (open >= 0 && frameSlotAt(body, open + 1)) {
      ctx.clock.observe(frameSlot.frame, frameSlot.slot);
      k = ctx.clock.slotsBetween(frameSlot.frame, frameSlot.slot, msg3Frame, msg3Slot);
    }
  }
  ctx.grant({
    dir: 'ul',
    rnti,
    retx: 0,
    prbStart: intAfter(body, ' start '),
    prbCount: intAfter(body, 'RBs '),
    // The slots between the two frame.slot pairs; older lines only print the TDA's k2.
    k: k ?? intAfter(body, 'k2 '),
    msg3: true,
  });
}

/** Msg4 (contention resolution and RRC setup): sent, NACKed and retransmitted. */
function msg4(ctx: OaiContext, body: string): boolean {
  // "UE 177b Generate Msg4: feedback at ..." (some versions write "msg4")
  if (/ Generate (Msg4|msg4|MsgB)/.test(body)) {
    ctx.ra({ step: 'msg4', rnti: hexAt(body, 3) });
    return true;
  }
  if (body.includes('Generating Msg4')) {
    // eNB: "[eNB 0][RAPROC] CC_id 0 Frame 739, subframeP 2: Generating Msg4 with RRC
    // Piggyback (RNTI 43eb)"
    observeFrameWords(ctx, body);
    ctx.ra({ step: 'msg4', rnti: hexAfter(body, '(RNTI '), cell: ccId(body) });
    return true;
  }
  const nack = body.indexOf(') Received Nack in Msg');
  if (nack >= 0 || body.includes('Msg4 not acknowledged')) {
    // The gNB retransmits Msg4 without a grant line of its own: a DL HARQ retransmission.
    observeFrameWords(ctx, body);
    const rnti = nack >= 0 ? hexAfter(body, '(UE ') : hexAfter(body, '(rnti ');
    const count = rnti === null ? 1 : (ctx.msg4Nacks.get(rnti) ?? 0) + 1;
    if (rnti !== null) ctx.msg4Nacks.set(rnti, count);
    ctx.harq('dl', 'retx', rnti, null, count, null, ccId(body));
    return true;
  }
  return false;
}

/** The procedure succeeded: Msg4 acknowledged, CFRA done, or RA with a known C-RNTI. */
function completion(ctx: OaiContext, body: string): boolean {
  let rnti: number | null;
  const ack = body.indexOf(': Received Ack of Msg');
  if (ack >= 0) {
    if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    rnti = hexAfter(body, 'UE ');
  } else if (body.includes('CFRA procedure succeeded')) {
    rnti = hexAfter(body, 'rnti ');
  } else if (body.includes('RA with C-RNTI')) {
    if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    rnti = hexAfter(body, 'with C-RNTI ') ?? hexAfter(body, 'UE ');
  } else if (body.includes('Msg4 acknowledged')) {
    observeFrameWords(ctx, body);
    rnti = hexAfter(body, 'rnti ');
  } else {
    return false;
  }
  if (rnti !== null) ctx.msg4Nacks.delete(rnti);
  ctx.ra({ step: 'complete', outcome: 'ok', rnti, cell: ccId(body) });
  return true;
}

/**
 * An RRC line saying that the UE completed RRC setup, which it sends only after Msg4 gave
 * it contention resolution: the procedure succeeded, when the log printed no outcome of its
 * own for it (an eNB prints no Msg4 acknowledgement).
 *
 *   eNB: "[FRAME 00000][eNB][MOD 00][RNTI 43eb] [RAPROC] Logical Channel UL-DCCH, processing
 *         LTE_RRCConnectionSetupComplete from UE (SRB1 Active)"
 *   gNB: "[UL] (cellID 1, UE ID 1 RNTI 177b) Received RRCSetupComplete (RRC_CONNECTED reached)"
 */
export function rrcSetupComplete(ctx: OaiContext, body: string): boolean {
  if (!body.includes('RRCConnectionSetupComplete') && !body.includes('RRCSetupComplete')) {
    return false;
  }
  const rnti = hexAfter(body, 'RNTI ');
  if (rnti === null || !ctx.awaitingOutcome.has(rnti)) return false;
  ctx.msg4Nacks.delete(rnti);
  ctx.ra({ step: 'complete', outcome: 'ok', rnti });
  return true;
}

/** The RA state a "RA failed at state nrRA_WAIT_Msg3" line names, as a step. */
function stepOfState(state: string | null): RaStep {
  if (state === null) return 'msg3';
  if (state.includes('Msg2')) return 'rar';
  if (state.includes('Msg4') || state.includes('MsgB')) return 'msg4';
  return 'msg3';
}

/** The text in the last brackets of `body`, in lower case ("reached msg3 max harq rounds"). */
function bracketed(body: string): string | null {
  const close = body.lastIndexOf(')');
  const open = body.lastIndexOf('(', close);
  return open < 0 || close < 0 ? null : body.slice(open + 1, close).toLowerCase();
}

/** Failed procedures: each OAI message and the step and cause it stands for. */
function failure(ctx: OaiContext, body: string): boolean {
  if (body.includes(' RA failed at state ')) {
    // "UE 177b RA failed at state nrRA_WAIT_Msg3 (Reached msg3 max harq rounds)"
    const step = stepOfState(wordAfter(body, 'at state '));
    ctx.ra({ step, outcome: 'fail', cause: bracketed(body), rnti: hexAt(body, 3) });
    return true;
  }
  if (body.includes('Contention Resolution timer expired')) {
    if (body.charCodeAt(0) === 40 && frameSlotAt(body, 1)) {
      ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    }
    ctx.ra({
      step: 'contention-resolution',
      outcome: 'fail',
      cause: 'contention resolution timer expired',
      rnti: hexAfter(body, 'for UE '),
    });
    return true;
  }
  if (body.includes('exceeded RA window, cannot schedule Msg2')) {
    if (body.startsWith('sfn: ') && frameSlotAt(body, 5)) {
      ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    }
    const rnti = hexAfter(body, 'TC-RNTI ');
    ctx.ra({ step: 'rar', outcome: 'fail', cause: 'ra response window exceeded', rnti });
    return true;
  }
  if (body.includes('RA Procedure failed at Msg')) {
    if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    const rnti = hexAfter(body, 'UE ');
    ctx.ra({ step: 'msg4', outcome: 'fail', cause: 'msg4 not acknowledged', rnti });
    return true;
  }
  return msg3Failure(ctx, body) || preambleRefusal(ctx, body);
}

function msg3Failure(ctx: OaiContext, body: string): boolean {
  let cause: string;
  let rnti: number | null;
  if (body.startsWith('Random Access ') && body.includes(' failed at state ')) {
    // In the Msg3 slot a PUSCH of another RNTI was decoded: this UE's Msg3 was not.
    cause = 'msg3 not received';
    rnti = hexAfter(body, 'TC_RNTI ');
  } else if (body.startsWith('Random Access ') && body.includes('max number of users')) {
    cause = 'max number of users';
    rnti = hexAfter(body, 'TC_RNTI ');
  } else if (body.startsWith('No UE found with C-RNTI ')) {
    cause = 'unknown c-rnti in msg3';
    rnti = hexAt(body, 24);
  } else {
    return false;
  }
  ctx.ra({ step: 'msg3', outcome: 'fail', cause, rnti });
  return true;
}

/** The MAC refuses a detected preamble. */
function preambleRefusal(ctx: OaiContext, body: string): boolean {
  let cause: string;
  if (body.includes('no pre-configured RA process found')) cause = 'no ra process configured';
  else if (body.includes('no more available RNTIs')) cause = 'no rnti available';
  else if (body.includes('does not correspond to any of the ones in rach_ConfigDedicated')) {
    cause = 'unknown dedicated preamble';
  } else return false;
  macPreamble(ctx, body, 'fail', cause);
  return true;
}
