/**
 * The line parser shared by the OAI gNB, eNB and nrMAC_stats formats. It splits each line
 * into tag and message (see line.ts), keeps a MAC statistics block open while its lines
 * come, and hands MAC and PHY messages to the topic handlers. The handlers try a few cheap
 * substring tests each, so that the many per-slot lines of a debug log are cheap to skip.
 */
import { parseClock, parseIsoTimestamp } from '../text.js';
import { LineKind, type LineParser, type RecordSink } from '../types.js';
import { OaiContext } from './context.js';
import { readHeader, withoutAnsi, type Header } from './line.js';
import {
  expirePreambles,
  flushPreambles,
  macRandomAccess,
  rrcSetupComplete,
  observeFrameWords,
  phyPreamble,
} from './random-access.js';
import { frameSlot, frameSlotAt, intAfter } from './scan.js';
import { flushPendingRetx, macScheduling } from './scheduling.js';
import { isBlockHeader, lteUeStatus, StatsBlock } from './stats-block.js';
import { cellMarker, macUeEvent, phyUeAdded } from './ue-events.js';

/** The stronger of two kinds for a line made of two glued log lines. */
function strongest(a: LineKind, b: LineKind): LineKind {
  if (a === LineKind.Record || b === LineKind.Record) return LineKind.Record;
  if (a === LineKind.Other || b === LineKind.Other) return LineKind.Other;
  return LineKind.Unrecognised;
}

/**
 * Text that no OAI softmodem writes: control characters (other than tab), the replacement
 * character of undecodable bytes, or a line that starts with another logger's timestamp.
 */
function looksForeign(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127 || c === 0xfffd) return true;
  }
  return parseIsoTimestamp(body) !== null || parseClock(body) !== null;
}

/*
 * Which handlers can take a MAC message, by its first character: each handler runs several
 * substring searches, and debug logs have millions of lines that none of them takes. The
 * table lists the first characters of every message the handlers know (see their files).
 */
const BLOCK = 1;
const SCHEDULING = 2;
const RANDOM_ACCESS = 4;
const UE_EVENTS = 8;
const TOPICS_BY_FIRST_CHAR: Record<number, number> = {};
function topicsFor(chars: string, topics: number): void {
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    TOPICS_BY_FIRST_CHAR[c] = (TOPICS_BY_FIRST_CHAR[c] ?? 0) | topics;
  }
}
topicsFor('0123456789', SCHEDULING | RANDOM_ACCESS | UE_EVENTS);
topicsFor('U', BLOCK | SCHEDULING | RANDOM_ACCESS | UE_EVENTS); // UE ..., ULSCH/PUSCH, Ulharq
topicsFor('[', SCHEDULING | RANDOM_ACCESS | UE_EVENTS); // [gNB 0][RAPROC], [eNB 0][PUSCH 6]
topicsFor('R', SCHEDULING | RANDOM_ACCESS | UE_EVENTS); // RNTI ..: Ulharq, Random Access, Remove
topicsFor('Dh', SCHEDULING); // DLSCH PDU, handle_nr_ul_harq
topicsFor('r', SCHEDULING | RANDOM_ACCESS); // retransmission error, random access with preamble
topicsFor('(FNis', RANDOM_ACCESS); // (rnti ..) CFRA, FAILURE, No UE found, initialisation, sfn:
topicsFor('AgF', UE_EVENTS); // Adding new UE context, "gNB 0] Add NR UE_id", Force-added

export class OaiParser implements LineParser {
  private readonly ctx = new OaiContext();
  private readonly block = new StatsBlock();
  private readonly header: Header = { tag: null, bodyStart: 0, gluedAt: -1 };

  parse(line: string, lineNo: number, out: RecordSink): LineKind {
    const ctx = this.ctx;
    ctx.begin(lineNo, out);
    expirePreambles(ctx);
    ctx.expireUnnamed(false);
    ctx.expireRandomAccess(false);

    // A "UL retransmission" line waits for the next line only, if that is a UL grant.
    if (ctx.pendingRetx && !line.includes(' UL sched ')) flushPendingRetx(ctx);
    return this.parseText(withoutAnsi(line));
  }

  finish(out: RecordSink): void {
    const ctx = this.ctx;
    ctx.begin(ctx.lineNo, out);
    if (this.block.open) this.closeBlock();
    flushPendingRetx(ctx);
    flushPreambles(ctx, 0);
    ctx.expireUnnamed(true);
    ctx.expireRandomAccess(true);
  }

  /** One line, or each of two lines glued together. */
  private parseText(text: string): LineKind {
    readHeader(text, this.header);
    const { tag, bodyStart, gluedAt } = this.header;
    const body = text.slice(bodyStart, gluedAt < 0 ? text.length : gluedAt);
    const kind = this.parseMessage(tag, body);
    return gluedAt < 0 ? kind : strongest(kind, this.parseText(text.slice(gluedAt)));
  }

  private parseMessage(tag: string | null, body: string): LineKind {
    if (this.block.open) {
      if (this.block.accepts(body, tag !== null)) {
        this.block.add(body);
        return LineKind.Record;
      }
      this.closeBlock();
    }
    if (tag === null) return this.untagged(body);
    if (tag === 'NR_MAC' || tag === 'MAC') return this.mac(body);
    if (tag === 'NR_PHY' || tag === 'PHY') return this.phy(body);
    if ((tag === 'RRC' || tag === 'NR_RRC') && rrcSetupComplete(this.ctx, body)) {
      return LineKind.Record;
    }
    return cellMarker(this.ctx, body) ? LineKind.Record : LineKind.Other;
  }

  private openBlock(body: string): boolean {
    const { clock, rntiOfUeId } = this.ctx;
    if (!this.block.start(body, this.ctx.lineNo, clock.tSec, clock.tNsec)) return false;
    // Older headers pair the MAC UE id with the RNTI: "UE ID 0 RNTI 49b1 (1/1) ...".
    if (this.block.ueId !== null) rntiOfUeId.set(this.block.ueId, this.block.rnti);
    return true;
  }

  private closeBlock(): void {
    for (const record of this.block.close()) this.ctx.push(record);
  }

  /** printf output, dumps and the MAC statistics block. */
  private untagged(body: string): LineKind {
    if (body.length === 0) return LineKind.Other; // spaces only
    if (isBlockHeader(body) && this.openBlock(body)) return LineKind.Record;
    if (looksForeign(body)) return LineKind.Unrecognised;
    return cellMarker(this.ctx, body) ? LineKind.Record : LineKind.Other;
  }

  private mac(body: string): LineKind {
    const ctx = this.ctx;
    const first = body.charCodeAt(0);
    if (first >= 48 && first <= 57) {
      // Many lines start with the frame and slot they are written in: "126.19 UE RA-RNTI ..."
      if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    } else if (body.startsWith('Frame.Slot ')) {
      // Heads the statistics dump, every 128 frames.
      if (frameSlotAt(body, 11)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
      return LineKind.Other;
    }

    const topics = TOPICS_BY_FIRST_CHAR[first] ?? 0;
    if (topics & BLOCK && isBlockHeader(body) && this.openBlock(body)) return LineKind.Record;
    if (
      (topics & SCHEDULING && macScheduling(ctx, body)) ||
      (topics & RANDOM_ACCESS && macRandomAccess(ctx, body)) ||
      (topics & UE_EVENTS && macUeEvent(ctx, body)) ||
      (topics & BLOCK && lteUeStatus(ctx, body))
    ) {
      return LineKind.Record;
    }
    this.observeTimeOnly(body);
    return LineKind.Other;
  }

  /** Lines without MAC content that still tell the current frame. */
  private observeTimeOnly(body: string): void {
    const ctx = this.ctx;
    const first = body.charCodeAt(0);
    if (body.startsWith('Frame ') || (first === 91 && body.includes('MIB->BCH'))) {
      // "Frame 744, slot 0: Adding BCH PDU ...", "[gNB 0] Frame 8 : MIB->BCH ..."
      observeFrameWords(ctx, body);
    } else if (body.startsWith('In nr_schedule_uss_dlsch_phytest frame ')) {
      const frame = intAfter(body, ' frame ');
      const slot = intAfter(body, ' slot ');
      if (frame !== null && slot !== null) ctx.clock.observe(frame, slot);
    } else if (body.startsWith('generate_Msg4 ')) {
      // eNB: "generate_Msg4 ra->Msg4_frame SFN/SF: 739.2,  frameP SFN/SF: 739.2 FOR ..."
      const at = body.indexOf('frameP SFN/SF: ');
      if (at >= 0 && frameSlotAt(body, at + 15)) {
        ctx.clock.observe(frameSlot.frame, frameSlot.slot);
      }
    }
  }

  private phy(body: string): LineKind {
    const ctx = this.ctx;
    if (phyPreamble(ctx, body) || phyUeAdded(ctx, body)) return LineKind.Record;

    // The numerology fixes the slots per frame: "Initializing frame parms for mu 1, ...",
    // "fp->numerology_index=1", "... --numerology 1 ...".
    const mu =
      intAfter(body, 'frame parms for mu ') ??
      intAfter(body, 'numerology_index=') ??
      intAfter(body, '--numerology ');
    if (mu !== null) ctx.clock.setNumerology(mu);
    return cellMarker(ctx, body) ? LineKind.Record : LineKind.Other;
  }
}
