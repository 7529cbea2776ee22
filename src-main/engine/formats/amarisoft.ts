/**
 * Amarisoft LTE eNB / NR gNB log (the `lteenb` program writes both, one file per run).
 *
 * No log from a real Amarisoft system was available to us. The grammar below comes from what
 * Amarisoft and its users publish; we name each source and mark what is our own assumption.
 *
 * Sources:
 * - Amarisoft Tech Academy, "Meta Data in Log File"
 *   (https://tech-academy.amarisoft.com/Info_log_MetaData.html): the `#` header block, e.g.
 *   `# lteenb version 2022-12-06, gcc 9.2.1`, `# Log file format:`,
 *   `# time layer dir ue_id {cell_id rnti sfn channel:} message`, `# Cell 0x01: earfcn=...`
 *   and for NR cells `# Cell 0x01: nr_arfcn=... rat=nr ... dl_mu=1 ul_mu=1 ...`.
 * - The lteenb manual's PHY log description, as quoted in public notes: `time layer dir ue_id
 *   cell rnti frame.subframe channel:short_content` followed by indented long_content; ue_id
 *   is the eNB's UE id (hex, unique among cells), cell the low 8 bits of the cell id (hex),
 *   rnti hex or `-`, frame.subframe the frame (0-1023) and the subframe (LTE) or slot (NR).
 * - Lines quoted by public projects that parse Amarisoft logs (a Rust trace viewer's tests, a
 *   Python gNB-log parser, OCUDU test notes), e.g.
 *   `10:37:50.654 [PHY] DL 0001 01 003d   421.0 PDSCH: harq=0 k1=4 prb=23:2 tx=port0 CW0:
 *   tb_len=185 mod=6 rv_idx=0 retx=0`, `[PHY] UL ... PUSCH: harq=3 prb=2:4 symb=0:13 CW0:
 *   tb_len=11 mod=2 rv_idx=0 retx=0 crc=OK snr=26.2 epre=-35.6 ta=0.1`, `PUCCH: format=1 ...
 *   ack=1 snr=35.7`, `[PHY] UL    - 01    -  171.19 PRACH: sequence_index=4 ta=6 ...`,
 *   `PDSCH: harq=si ...` (broadcast), `[MAC] UL 0001 00 LCID:52 len=6 PAD:len=3`,
 *   `SBSR:lcg=N bs=N`, `LBSR:bitmap=0x.. bs(0)=N`, `[MAC] DL    - 00 RAR: rapid=47` then
 *   `[MAC] -  0009 00 ta=1 ul_grant=0x24400e tc_rnti=0x460b`, `# Started on <date time>`.
 *
 * Our assumptions (not confirmed by any source we found; revisit with a real log):
 * - PDSCH and PUSCH lines carry no MCS (the DCI's MCS is on the PDCCH's continuation lines,
 *   which we do not join); `mcs=` is read when a line has it, else the MCS is null.
 * - A HARQ-ACK bit on a PUCCH (or PUSCH) line answers the PDSCH whose sfn plus `k1` is the
 *   PUCCH's sfn, in the order the PDSCHs (and their codewords) were logged.
 * - BSR `bs=` values are bytes, PHR `ph=` (in any `...PHR:` element) is dB, `pcmax=` dBm.
 * - `CQI`, rank and PMI appear as `cqi=`, `ri=`, `pmi=` fields; raw `csi=0101` bits are not
 *   decodable without the CSI configuration and are ignored.
 * - A downlink MAC line with a `CR:` element carries the contention resolution identity.
 * - RRC message lines give UE events: an uplink CCCH `... request` (the eNB creates the UE
 *   context at Msg3), an uplink `RRC (connection) setup complete`, a downlink `RRC
 *   (connection) release`. All other RRC, NAS, S1AP, NGAP, X2AP, GTPU... lines are Other.
 */
import type {
  DecodeRecord,
  GrantRecord,
  RaRecord,
  UeEventRecord,
} from '../../../src-shared/records.js';
import { digits, field, numField, parseRnti, stripAnsi, toNumber } from './text.js';
import { LineKind, type FormatDefinition, type LineParser, type RecordSink } from './types.js';

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DOT = 46;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const DASH = 45;
const COMMA = 44;

/** RRC messages (LTE and NR names, lower case) that end the setup or the connection. */
const SETUP_COMPLETE = new Set(['rrc connection setup complete', 'rrc setup complete']);
const RELEASE = new Set(['rrc connection release', 'rrc release']);

/** Nanoseconds per unit of a fraction of n digits (index n): 1 digit is 100 ms. */
const NSEC_SCALE = [0, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 10, 1];

/** SFN wraps after 1024 frames. */
const FRAMES = 1024;
/** Pending PDSCHs kept per UE before the oldest are dropped (their feedback never came). */
const MAX_PENDING_SLOTS = 64;

/** The fields every line of the `time layer dir ue_id ...` grammar starts with. */
interface LineHead {
  tSec: number;
  tNsec: number;
  line: number;
  /** Index of the first character of the layer name (after `[`). */
  layerAt: number;
  /** Index just after the `] ` that closes the layer. */
  restAt: number;
}

/** The `dir ue_id cell rnti frame.sub channel:` part of a PHY line. */
interface PhyHead {
  dir: 'dl' | 'ul';
  ue: string | null;
  cell: string;
  rnti: number | null;
  frame: number;
  sub: number;
  /** Index of the channel name, e.g. of `PDSCH:`. */
  channelAt: number;
  /** Index just after the channel's colon. */
  bodyAt: number;
}

/** One transport block sent on a PDSCH, waiting for its HARQ-ACK bit. */
interface PendingTb {
  /** Time of day of the PDSCH, to tell a stale entry from the next SFN cycle's. */
  tSec: number;
  harqId: number;
  rv: number | null;
  retx: number | null;
  tbs: number | null;
  mcs: number | null;
}

/** One codeword's `tb_len= mod= rv_idx= retx=` fields. */
interface Codeword {
  tbs: number | null;
  rv: number | null;
  retx: number | null;
}

/**
 * The `key=value` fields of a PHY line that we use, read in one pass by readPhyFields().
 * A field the line does not have is null.
 */
interface PhyFields {
  hasHarq: boolean;
  /** `harq=`: the HARQ process; null for `harq=si` and other broadcasts. */
  harq: number | null;
  k1: number | null;
  mcs: number | null;
  prbStart: number | null;
  prbCount: number | null;
  /** One per `CW0:` / `CW1:`, each with the tb_len, rv_idx and retx that follow it. */
  codewords: Codeword[];
  /** `crc=OK` true, any other `crc=` false. */
  crcOk: boolean | null;
  /** Where the values of `snr=`, `ta=` and `ack=` start; -1 when the line has none. */
  snrAt: number;
  taAt: number;
  ackAt: number;
  cqi: number | null;
  ri: number | null;
  pmi: number | null;
  sequenceIndex: number | null;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === SPACE) i++;
  return i;
}

/** Index of the space after the token at `i`, or the line's length. */
function tokenEnd(s: string, i: number): number {
  const end = s.indexOf(' ', i);
  return end < 0 ? s.length : end;
}

/**
 * Index just after the `HH:MM:SS.fff` that starts `line`, or -1. Amarisoft prints
 * milliseconds; any number of fraction digits is accepted.
 */
function timeEnd(line: string): number {
  if (line.length < 10) return -1;
  if (line.charCodeAt(2) !== COLON || line.charCodeAt(5) !== COLON) return -1;
  if (line.charCodeAt(8) !== DOT) return -1;
  if (!isDigit(line.charCodeAt(0)) || !isDigit(line.charCodeAt(1))) return -1;
  if (!isDigit(line.charCodeAt(3)) || !isDigit(line.charCodeAt(4))) return -1;
  if (!isDigit(line.charCodeAt(6)) || !isDigit(line.charCodeAt(7))) return -1;
  let i = 9;
  while (i < line.length && isDigit(line.charCodeAt(i))) i++;
  return i === 9 ? -1 : i;
}

/** Value of the hex digits in `s[start, end)` (an RNTI), or NaN. */
function hexAt(s: string, start: number, end: number): number {
  if (end <= start || end - start > 8) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) | 0x20; // lower case for letters
    const d = isDigit(c) ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return NaN;
    value = value * 16 + d;
  }
  return value;
}

/** Layer names are short words: PHY, MAC, RRC, NAS, S1AP, NGAP, GTPU, LPPa, ... */
function isLayerChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 95 || c === DASH;
}

/** Index of the `]` closing a layer tag that opens at `open` (the `[`), or -1. */
function layerClose(line: string, open: number): number {
  if (line.charCodeAt(open) !== OPEN_BRACKET) return -1;
  let i = open + 1;
  while (i < line.length && i - open <= 12 && isLayerChar(line.charCodeAt(i))) i++;
  if (i === open + 1 || line.charCodeAt(i) !== CLOSE_BRACKET) return -1;
  return i;
}

/** True when `line` starts like `HH:MM:SS.fff [LAYER] `. */
function isAmarisoftLine(line: string): boolean {
  const t = timeEnd(line);
  if (t < 0 || line.charCodeAt(t) !== SPACE) return false;
  const close = layerClose(line, t + 1);
  return close > 0 && line.charCodeAt(close + 1) === SPACE;
}

/** Digits in `s[start, end)` as a number, or null. */
function intIn(s: string, start: number, end: number): number | null {
  const n = end > start ? digits(s, start, end) : NaN;
  return Number.isNaN(n) ? null : n;
}

/**
 * Reads the `key=value` tokens of a PHY line from `from` into `f`, in one pass that cuts
 * no strings out of the line: this is the code that runs for most lines of a busy log.
 */
function readPhyFields(line: string, from: number, f: PhyFields): void {
  f.hasHarq = false;
  f.harq = f.k1 = f.mcs = f.prbStart = f.prbCount = f.crcOk = null;
  f.cqi = f.ri = f.pmi = f.sequenceIndex = null;
  f.codewords = [];
  f.ackAt = f.snrAt = f.taAt = -1;

  let key = skipSpaces(line, from);
  while (key < line.length) {
    const end = tokenEnd(line, key);
    const eq = line.indexOf('=', key);
    if (eq >= 0 && eq < end) readPhyField(line, key, eq, end, f);
    // `CW0:` / `CW1:` opens the fields of a codeword.
    else if (line.startsWith('CW', key)) newCodeword(f);
    key = skipSpaces(line, end);
  }
}

/** One `key=value` token, `line[key, end)` with its `=` at `eq`. */
function readPhyField(line: string, key: number, eq: number, end: number, f: PhyFields): void {
  const v = eq + 1;
  switch (eq - key) {
    case 2:
      if (line.startsWith('k1', key)) f.k1 = intIn(line, v, end);
      else if (line.startsWith('ri', key)) f.ri = intIn(line, v, end);
      else if (line.startsWith('ta', key)) f.taAt = v;
      break;
    case 3:
      if (line.startsWith('prb', key)) readPrb(line, v, end, f);
      else if (line.startsWith('mcs', key)) f.mcs = intIn(line, v, end);
      else if (line.startsWith('crc', key)) f.crcOk = end - v === 2 && line.startsWith('OK', v);
      else if (line.startsWith('snr', key)) f.snrAt = v;
      else if (line.startsWith('ack', key)) f.ackAt = v;
      else if (line.startsWith('cqi', key)) f.cqi = intIn(line, v, end);
      else if (line.startsWith('pmi', key)) f.pmi = intIn(line, v, end);
      break;
    case 4:
      if (line.startsWith('harq', key)) {
        f.hasHarq = true;
        f.harq = intIn(line, v, end);
      } else if (line.startsWith('retx', key)) currentCodeword(f).retx = intIn(line, v, end);
      break;
    case 6:
      if (line.startsWith('tb_len', key)) currentCodeword(f).tbs = intIn(line, v, end);
      else if (line.startsWith('rv_idx', key)) currentCodeword(f).rv = intIn(line, v, end);
      break;
    case 14:
      if (line.startsWith('sequence_index', key)) f.sequenceIndex = intIn(line, v, end);
      break;
  }
}

/** The codeword whose fields are being read (one is opened if no `CW0:` came first). */
function currentCodeword(f: PhyFields): Codeword {
  return f.codewords.length > 0 ? f.codewords[f.codewords.length - 1] : newCodeword(f);
}

/** Decimal value of the token at `at` (snr=, ta=), or null for none, `nan`, `-inf`... */
function decimalAt(line: string, at: number): number | null {
  if (at < 0) return null;
  const end = line.indexOf(' ', at);
  return toNumber(line.slice(at, end < 0 ? line.length : end));
}

/** Opens the next codeword's fields. */
function newCodeword(f: PhyFields): Codeword {
  const cw = { tbs: null, rv: null, retx: null };
  f.codewords.push(cw);
  return cw;
}

/** `prb=23:2` (start:count), `prb=50` (one PRB) or `prb=0:3,10:2` (ranges, counts summed). */
function readPrb(line: string, from: number, end: number, f: PhyFields): void {
  let count = 0;
  for (let at = from; at < end;) {
    let rangeEnd = at;
    while (rangeEnd < end && line.charCodeAt(rangeEnd) !== COMMA) rangeEnd++;
    let colon = at;
    while (colon < rangeEnd && line.charCodeAt(colon) !== COLON) colon++;
    const start = intIn(line, at, colon);
    const n = colon === rangeEnd ? 1 : intIn(line, colon + 1, rangeEnd);
    if (start === null || n === null) return;
    f.prbStart ??= start;
    count += n;
    at = rangeEnd + 1;
  }
  f.prbCount = count;
}

/** A header cell id `0x01` or a line's cell `01`, as the lines print it: two hex digits. */
function cellName(hex: string): string {
  const n = parseInt(hex, 16);
  return Number.isFinite(n) ? n.toString(16).padStart(2, '0') : hex;
}

class AmarisoftParser implements LineParser {
  /** Slots per frame by cell, from the `# Cell` header lines (10 for LTE, 10 * 2^mu for NR). */
  private readonly headerSlots = new Map<string, number>();
  /** Highest subframe or slot number seen by cell, to infer slots per frame without a header. */
  private readonly maxSlotSeen = new Map<string, number>();
  /** The RNTI last seen with each UE id, to give MAC and RRC records (which lack one) an RNTI. */
  private readonly rntiOfUe = new Map<string, number>();
  /** PDSCH transport blocks awaiting HARQ-ACK, by cell+RNTI, then by feedback slot. */
  private readonly pendingDl = new Map<number, Map<number, PendingTb[]>>();
  /** cell+RNTI of UEs given a TC-RNTI in a RAR whose Msg3 has not been decoded yet. */
  private readonly msg3Pending = new Set<number>();

  /** The UE id and RNTI last stored in `rntiOfUe`, to skip storing them again line after line. */
  private lastUe: string | null = null;
  private lastRnti: number | null = null;

  // The line being parsed: filled in place, so that reading a line allocates little.
  private readonly head: LineHead = { tSec: 0, tNsec: 0, line: 0, layerAt: 0, restAt: 0 };
  private readonly fields: PhyFields = {
    hasHarq: false,
    harq: null,
    k1: null,
    mcs: null,
    prbStart: null,
    prbCount: null,
    codewords: [],
    crcOk: null,
    snrAt: -1,
    taAt: -1,
    ackAt: -1,
    cqi: null,
    ri: null,
    pmi: null,
    sequenceIndex: null,
  };
  private readonly phy: PhyHead = {
    dir: 'dl',
    ue: null,
    cell: '',
    rnti: null,
    frame: 0,
    sub: 0,
    channelAt: 0,
    bodyAt: 0,
  };

  parse(raw: string, lineNo: number, out: RecordSink): LineKind {
    const line = stripAnsi(raw);
    const first = line.charCodeAt(0);

    // The `#` header block (version, licence, cell configuration, start date).
    if (first === HASH) {
      if (line.startsWith('# Cell 0x')) this.readCellHeader(line);
      return LineKind.Other;
    }
    // Continuation lines: PDCCH fields, decoded ASN.1 of RRC/NAS messages, hex dumps.
    if (first === SPACE || first === TAB) return LineKind.Other;

    if (!this.readHead(line, lineNo)) return LineKind.Unrecognised;
    const at = this.head.layerAt;
    if (line.startsWith('PHY]', at)) return this.parsePhy(line, out);
    if (line.startsWith('MAC]', at)) return this.parseMac(line, out);
    if (line.startsWith('RRC]', at)) return this.parseRrc(line, out);
    return LineKind.Other;
  }

  finish(): void {
    // PDSCHs still waiting for feedback at the end got none in this text: nothing to report.
  }

  /** Reads the time and the layer tag into `this.head`; false if the line has neither. */
  private readHead(line: string, lineNo: number): boolean {
    const t = timeEnd(line);
    if (t < 0 || line.charCodeAt(t) !== SPACE) return false;
    const close = layerClose(line, t + 1);
    if (close < 0) return false;
    // timeEnd() checked the digits; the same work as parseClock(), without its objects.
    const hours = digits(line, 0, 2);
    const minutes = digits(line, 3, 5);
    const seconds = digits(line, 6, 8);
    if (hours > 23 || minutes > 59 || seconds > 60 || t - 9 > 9) return false;

    const h = this.head;
    h.tSec = hours * 3600 + minutes * 60 + seconds;
    h.tNsec = digits(line, 9, t) * NSEC_SCALE[t - 9];
    h.line = lineNo;
    h.layerAt = t + 2;
    h.restAt = close + 1;
    return true;
  }

  /** `# Cell 0x02: nr_arfcn=... rat=nr ... dl_mu=1 ...`: remembers the slots per frame. */
  private readCellHeader(line: string): void {
    const colon = line.indexOf(':', 9);
    if (colon < 0) return;
    const cell = cellName(line.slice(9, colon));
    const isNr = field(line, 'rat=', colon) === 'nr';
    const mu = numField(line, 'dl_mu=', colon) ?? numField(line, 'ul_mu=', colon) ?? 0;
    this.headerSlots.set(cell, isNr ? 10 << mu : 10);
  }

  // ---------------------------------------------------------------------------------------
  // PHY

  /** Reads `dir ue_id cell rnti frame.sub channel:` into `this.phy`; false if not there. */
  private readPhyHead(line: string): boolean {
    const dirAt = skipSpaces(line, this.head.restAt);
    const dirEnd = tokenEnd(line, dirAt);
    if (dirEnd - dirAt !== 2) return false;
    const dir = line.startsWith('DL', dirAt) ? 'dl' : line.startsWith('UL', dirAt) ? 'ul' : null;
    if (dir === null) return false;

    const ueAt = skipSpaces(line, dirEnd);
    const ueEnd = tokenEnd(line, ueAt);
    const cellAt = skipSpaces(line, ueEnd);
    const cellEnd = tokenEnd(line, cellAt);
    const rntiAt = skipSpaces(line, cellEnd);
    const rntiEnd = tokenEnd(line, rntiAt);
    const sfnAt = skipSpaces(line, rntiEnd);
    const sfnEnd = tokenEnd(line, sfnAt);
    const channelAt = skipSpaces(line, sfnEnd);
    const channelEnd = tokenEnd(line, channelAt);
    if (channelEnd <= channelAt || line.charCodeAt(channelEnd - 1) !== COLON) return false;

    const dot = line.indexOf('.', sfnAt);
    if (dot < 0 || dot >= sfnEnd) return false;
    const frame = digits(line, sfnAt, dot);
    const sub = digits(line, dot + 1, sfnEnd);
    if (Number.isNaN(frame + sub) || dot === sfnAt || cellEnd === cellAt || ueEnd === ueAt) {
      return false;
    }

    const noRnti = rntiEnd - rntiAt === 1 && line.charCodeAt(rntiAt) === DASH;
    const rnti = noRnti ? null : hexAt(line, rntiAt, rntiEnd);
    if (rnti !== null && Number.isNaN(rnti)) return false;

    const p = this.phy;
    p.dir = dir;
    p.ue = ueEnd - ueAt === 1 && line.charCodeAt(ueAt) === DASH ? null : line.slice(ueAt, ueEnd);
    p.cell = line.slice(cellAt, cellEnd);
    p.rnti = rnti;
    p.frame = frame;
    p.sub = sub;
    p.channelAt = channelAt;
    p.bodyAt = channelEnd;
    return true;
  }

  private parsePhy(line: string, out: RecordSink): LineKind {
    if (!this.readPhyHead(line)) return LineKind.Unrecognised;
    const p = this.phy;
    this.noteSlot(p.cell, p.sub);
    this.noteRnti(p.ue, p.rnti);

    const at = p.channelAt;
    const pdsch = line.startsWith('PDSCH:', at);
    const pusch = !pdsch && line.startsWith('PUSCH:', at);
    const control = line.startsWith('PUCCH:', at) || line.startsWith('CSI:', at);
    const prach = line.startsWith('PRACH:', at);
    // PDCCH, PBCH, PHICH, SRS, CSI-RS...: nothing for MAC KPIs.
    if (!pdsch && !pusch && !control && !prach) return LineKind.Other;

    const f = this.fields;
    readPhyFields(line, p.bodyAt, f);
    if (pdsch) return this.pdsch(p, f, out);
    if (pusch) return this.pusch(line, p, f, out);
    if (prach) return this.prach(line, p, f, out);
    return this.uplinkControl(line, p, f, out) ? LineKind.Record : LineKind.Other;
  }

  /**
   * `PDSCH: harq=0 k1=4 prb=23:2 tx=port0 CW0: tb_len=185 mod=6 rv_idx=0 retx=0 [CW1: ...]`:
   * one DL grant per codeword, each remembered until its HARQ-ACK arrives k1 slots later.
   */
  private pdsch(p: PhyHead, f: PhyFields, out: RecordSink): LineKind {
    if (!f.hasHarq || !hasTbSizes(f)) return LineKind.Unrecognised;
    const harqId = f.harq;
    // `harq=si` and the like: system information or paging, broadcast without HARQ.
    if (harqId === null) return LineKind.Other;

    const feedbackSlot = f.k1 === null ? -1 : this.slotIndex(p.cell, p.frame, p.sub + f.k1);
    for (const cw of f.codewords) {
      out.push(this.grant(p, 'dl', harqId, cw, f, f.k1, false));
      if (feedbackSlot < 0 || p.rnti === null) continue;
      const tb = {
        tSec: this.head.tSec,
        harqId,
        rv: cw.rv,
        retx: cw.retx,
        tbs: cw.tbs,
        mcs: f.mcs,
      };
      this.addPending(p.cell, p.rnti, feedbackSlot, tb);
    }
    return LineKind.Record;
  }

  /**
   * `PUSCH: harq=3 prb=2:4 ... CW0: tb_len=11 mod=2 rv_idx=0 retx=0 crc=OK snr=26.2 ...`:
   * the UL grant and, where the eNB logs the CRC, the decoding outcome.
   */
  private pusch(line: string, p: PhyHead, f: PhyFields, out: RecordSink): LineKind {
    const harqId = f.harq;
    if (harqId === null || !hasTbSizes(f)) return LineKind.Unrecognised;

    const ueKey = p.rnti === null ? -1 : this.cellRntiKey(p.cell, p.rnti);
    const msg3 = ueKey >= 0 && this.msg3Pending.has(ueKey);
    const snr = f.crcOk === null ? null : decimalAt(line, f.snrAt);
    for (const cw of f.codewords) {
      out.push(this.grant(p, 'ul', harqId, cw, f, null, msg3));
      if (f.crcOk === null) continue;
      out.push(this.decode(p, 'ul', f.crcOk, harqId, cw.retx, cw.rv, cw.tbs, f.mcs, snr));
      if (msg3 && f.crcOk) {
        this.msg3Pending.delete(ueKey);
        out.push(this.ra(p.cell, p.ue, p.rnti, 'msg3', null, null, null));
      }
    }
    return LineKind.Record;
  }

  /**
   * HARQ-ACK bits (`ack=1`, `ack=10`: one bit per transport block) and channel state
   * (`cqi=`, `ri=`, `pmi=`) on a PUCCH or CSI line. True if it produced records.
   */
  private uplinkControl(line: string, p: PhyHead, f: PhyFields, out: RecordSink): boolean {
    let produced = false;

    if (f.ackAt >= 0 && p.rnti !== null) {
      const slot = this.slotIndex(p.cell, p.frame, p.sub);
      const waiting = this.takePending(p.cell, p.rnti, slot);
      for (let i = f.ackAt, n = 0; i < line.length; i++, n++) {
        const bit = line.charCodeAt(i);
        if (bit === SPACE) break;
        // Anything but 0/1 (a DTX marker, say) carries no outcome.
        if (bit !== 48 && bit !== 49) continue;
        out.push(this.dlDecode(p, bit === 49, waiting[n]));
        produced = true;
      }
    }

    if (f.cqi !== null || f.ri !== null || f.pmi !== null) {
      const h = this.head;
      out.push({
        tSec: h.tSec,
        tNsec: h.tNsec,
        line: h.line,
        cell: p.cell,
        ue: p.ue,
        rnti: p.rnti,
        kind: 'csi',
        cqi: f.cqi,
        ri: f.ri,
        pmi: f.pmi,
      });
      produced = true;
    }
    return produced;
  }

  /** `PRACH: sequence_index=4 ta=6 prb=7:12 symb=2:12 snr=16.6`: a detected preamble. */
  private prach(line: string, p: PhyHead, f: PhyFields, out: RecordSink): LineKind {
    if (f.sequenceIndex === null) return LineKind.Unrecognised;
    const ta = decimalAt(line, f.taAt);
    out.push(this.ra(p.cell, p.ue, p.rnti, 'preamble', null, f.sequenceIndex, ta));
    return LineKind.Record;
  }

  // Records are written out field by field, not spread from a common base: the parser makes
  // millions of them and V8 builds literal objects of a fixed shape much faster.

  private grant(
    p: PhyHead,
    dir: 'dl' | 'ul',
    harqId: number,
    cw: Codeword,
    f: PhyFields,
    k: number | null,
    msg3: boolean,
  ): GrantRecord {
    const h = this.head;
    return {
      tSec: h.tSec,
      tNsec: h.tNsec,
      line: h.line,
      cell: p.cell,
      ue: p.ue,
      rnti: p.rnti,
      kind: 'grant',
      dir,
      harqId,
      rv: cw.rv,
      retx: cw.retx,
      mcs: f.mcs,
      prbStart: f.prbStart,
      prbCount: f.prbCount,
      tbs: cw.tbs,
      k,
      msg3,
    };
  }

  private decode(
    p: PhyHead,
    dir: 'dl' | 'ul',
    ok: boolean,
    harqId: number | null,
    retx: number | null,
    rv: number | null,
    tbs: number | null,
    mcs: number | null,
    sinrDb: number | null,
  ): DecodeRecord {
    const h = this.head;
    return {
      tSec: h.tSec,
      tNsec: h.tNsec,
      line: h.line,
      cell: p.cell,
      ue: p.ue,
      rnti: p.rnti,
      kind: 'decode',
      dir,
      ok,
      harqId,
      retx,
      rv,
      tbs,
      mcs,
      sinrDb,
    };
  }

  /** A DL decode from a HARQ-ACK bit, with the transport block it answers when we know it. */
  private dlDecode(p: PhyHead, ok: boolean, tb: PendingTb | undefined): DecodeRecord {
    // The PUCCH's SNR is the uplink's, not the PDSCH's: no SINR for a DL decode.
    if (tb === undefined) return this.decode(p, 'dl', ok, null, null, null, null, null, null);
    return this.decode(p, 'dl', ok, tb.harqId, tb.retx, tb.rv, tb.tbs, tb.mcs, null);
  }

  // ---------------------------------------------------------------------------------------
  // HARQ feedback bookkeeping

  /** One number for a cell and an RNTI, to key maps and sets by. */
  private cellRntiKey(cell: string, rnti: number): number {
    return parseInt(cell, 16) * 0x10000 + rnti;
  }

  /** Subframes (LTE) or slots (NR) per frame of a cell: from the header, else inferred. */
  private slotsPerFrame(cell: string): number {
    const fromHeader = this.headerSlots.get(cell);
    if (fromHeader !== undefined) return fromHeader;
    const max = this.maxSlotSeen.get(cell) ?? 0;
    let slots = 10;
    while (slots <= max) slots *= 2;
    return slots;
  }

  private noteRnti(ue: string | null, rnti: number | null): void {
    if (ue === null || rnti === null || (ue === this.lastUe && rnti === this.lastRnti)) return;
    this.rntiOfUe.set(ue, rnti);
    this.lastUe = ue;
    this.lastRnti = rnti;
  }

  private noteSlot(cell: string, sub: number): void {
    if (sub < 10 || this.headerSlots.has(cell)) return;
    if (sub > (this.maxSlotSeen.get(cell) ?? 0)) this.maxSlotSeen.set(cell, sub);
  }

  /** A slot's position in the SFN cycle; `slot` may run past the end of `frame`. */
  private slotIndex(cell: string, frame: number, slot: number): number {
    const perFrame = this.slotsPerFrame(cell);
    return (frame * perFrame + slot) % (FRAMES * perFrame);
  }

  private addPending(cell: string, rnti: number, slot: number, tb: PendingTb): void {
    const key = this.cellRntiKey(cell, rnti);
    let bySlot = this.pendingDl.get(key);
    if (bySlot === undefined) {
      bySlot = new Map();
      this.pendingDl.set(key, bySlot);
    }
    const list = bySlot.get(slot);
    if (list !== undefined && !isStale(list, tb.tSec)) {
      list.push(tb);
      return;
    }
    bySlot.set(slot, [tb]);
    // Feedback that never came (DTX, a cut log) must not pile up: drop the oldest slots.
    if (bySlot.size > MAX_PENDING_SLOTS) bySlot.delete(bySlot.keys().next().value as number);
  }

  private takePending(cell: string, rnti: number, slot: number): PendingTb[] {
    const bySlot = this.pendingDl.get(this.cellRntiKey(cell, rnti));
    const list = bySlot?.get(slot);
    if (bySlot === undefined || list === undefined) return [];
    bySlot.delete(slot);
    return isStale(list, this.head.tSec) ? [] : list;
  }

  // ---------------------------------------------------------------------------------------
  // MAC

  /**
   * MAC PDU summaries, `[MAC] UL 0001 01 LCID:3 len=440 SBSR:lcg=1 bs=1200 PHR:ph=22 ...`,
   * and the random-access lines `RAR: rapid=12` and `ta=5 ul_grant=0x.. tc_rnti=0x003d`.
   */
  private parseMac(line: string, out: RecordSink): LineKind {
    const dirAt = skipSpaces(line, this.head.restAt);
    const ueAt = skipSpaces(line, tokenEnd(line, dirAt));
    const ueEnd = tokenEnd(line, ueAt);
    const cellAt = skipSpaces(line, ueEnd);
    const cellEnd = tokenEnd(line, cellAt);
    const msgAt = skipSpaces(line, cellEnd);
    if (msgAt >= line.length) return LineKind.Unrecognised;

    const ueText = line.slice(ueAt, ueEnd);
    const ue = ueText === '-' ? null : ueText;
    const cell = line.slice(cellAt, cellEnd);
    const isDl = line.startsWith('DL', dirAt);

    if (line.startsWith('RAR:', msgAt)) return this.rar(line, msgAt, cell, out);

    const tcRnti = parseRnti(field(line, 'tc_rnti=', msgAt));
    if (tcRnti !== null) {
      // The RAR entry of one UE: its Msg3 will come on this TC-RNTI.
      this.msg3Pending.add(this.cellRntiKey(cell, tcRnti));
      this.noteRnti(ue, tcRnti);
      return LineKind.Record;
    }

    const rnti = ue === null ? null : (this.rntiOfUe.get(ue) ?? null);
    let produced = false;
    if (isDl && (line.startsWith('CR:', msgAt) || line.includes(' CR:', msgAt))) {
      out.push(this.ra(cell, ue, rnti, 'contention-resolution', 'ok', null, null));
      produced = true;
    }
    if (!isDl) produced = this.macControlElements(line, msgAt, cell, ue, rnti, out);
    return produced ? LineKind.Record : LineKind.Other;
  }

  /** `RAR: rapid=12`: one random access response entry per preamble id. */
  private rar(line: string, msgAt: number, cell: string, out: RecordSink): LineKind {
    const rnti = parseRnti(field(line, 'tc_rnti=', msgAt));
    const ta = numField(line, 'ta=', msgAt);
    let produced = false;
    for (let at = line.indexOf('rapid=', msgAt); at >= 0; at = line.indexOf('rapid=', at + 6)) {
      const preamble = numField(line, 'rapid=', at);
      if (preamble === null) continue;
      out.push(this.ra(cell, null, rnti, 'rar', null, preamble, ta));
      produced = true;
    }
    return produced ? LineKind.Record : LineKind.Unrecognised;
  }

  /** Short and long BSR and power headroom elements of an uplink MAC PDU. */
  private macControlElements(
    line: string,
    msgAt: number,
    cell: string,
    ue: string | null,
    rnti: number | null,
    out: RecordSink,
  ): boolean {
    const h = this.head;
    let produced = false;

    const sbsr = line.indexOf('SBSR:', msgAt);
    const sbsrBytes = sbsr < 0 ? null : numField(line, 'bs=', sbsr);
    if (sbsrBytes !== null) {
      const lcg = numField(line, 'lcg=', sbsr);
      out.push({
        tSec: h.tSec,
        tNsec: h.tNsec,
        line: h.line,
        cell,
        ue,
        rnti,
        kind: 'bsr',
        type: 'short',
        lcg,
        bytes: sbsrBytes,
      });
      produced = true;
    }

    const lbsr = line.indexOf('LBSR:', msgAt);
    const lbsrBytes = lbsr < 0 ? null : sumLongBsr(line, lbsr);
    if (lbsrBytes !== null) {
      out.push({
        tSec: h.tSec,
        tNsec: h.tNsec,
        line: h.line,
        cell,
        ue,
        rnti,
        kind: 'bsr',
        type: 'long',
        lcg: null,
        bytes: lbsrBytes,
      });
      produced = true;
    }

    // `PHR:` (LTE) and `SE_PHR:` / other `...PHR:` names (NR single and multiple entry).
    const phr = line.indexOf('PHR:', msgAt);
    const phDb = phr < 0 ? null : numField(line, 'ph=', phr);
    if (phDb !== null) {
      const pcmaxDbm = numField(line, 'pcmax=', phr);
      out.push({
        tSec: h.tSec,
        tNsec: h.tNsec,
        line: h.line,
        cell,
        ue,
        rnti,
        kind: 'phr',
        phDb,
        pcmaxDbm,
      });
      produced = true;
    }
    return produced;
  }

  // ---------------------------------------------------------------------------------------
  // RRC

  /**
   * `[RRC] UL 0001 01 CCCH: RRC connection request`: the message names that start, complete
   * and end a UE's connection become UE events; every other RRC line is Other.
   */
  private parseRrc(line: string, out: RecordSink): LineKind {
    const dirAt = skipSpaces(line, this.head.restAt);
    const isUl = line.startsWith('UL ', dirAt);
    const isDl = line.startsWith('DL ', dirAt);
    if (!isUl && !isDl) return LineKind.Other;

    const ueAt = skipSpaces(line, dirAt + 2);
    const ueEnd = tokenEnd(line, ueAt);
    const cellAt = skipSpaces(line, ueEnd);
    const cellEnd = tokenEnd(line, cellAt);
    const channelAt = skipSpaces(line, cellEnd);
    const channelEnd = tokenEnd(line, channelAt);
    if (line.charCodeAt(channelEnd - 1) !== COLON) return LineKind.Other;

    const message = line.slice(skipSpaces(line, channelEnd)).toLowerCase();
    const onCcch = line.startsWith('CCCH', channelAt);
    const onDcch = line.startsWith('DCCH', channelAt);
    let event: UeEventRecord['event'] | null = null;
    if (isUl && onCcch && message.endsWith(' request')) event = 'created';
    else if (isUl && onDcch && SETUP_COMPLETE.has(message)) event = 'connected';
    else if (isDl && onDcch && RELEASE.has(message)) event = 'release';
    if (event === null) return LineKind.Other;

    const ueText = line.slice(ueAt, ueEnd);
    const ue = ueText === '-' ? null : ueText;
    const h = this.head;
    out.push({
      tSec: h.tSec,
      tNsec: h.tNsec,
      line: h.line,
      cell: line.slice(cellAt, cellEnd),
      ue,
      rnti: ue === null ? null : (this.rntiOfUe.get(ue) ?? null),
      kind: 'ue',
      event,
      detail: line.slice(channelAt),
      oldRnti: null,
    });
    return LineKind.Record;
  }

  // ---------------------------------------------------------------------------------------

  private ra(
    cell: string,
    ue: string | null,
    rnti: number | null,
    step: RaRecord['step'],
    outcome: RaRecord['outcome'],
    preamble: number | null,
    ta: number | null,
  ): RaRecord {
    const h = this.head;
    return {
      tSec: h.tSec,
      tNsec: h.tNsec,
      line: h.line,
      cell,
      ue,
      rnti,
      kind: 'ra',
      step,
      outcome,
      cause: null,
      preamble,
      ta,
    };
  }
}

/**
 * True when PDSCHs waiting at a slot were sent more than about a second before `tSec`: their
 * feedback never came, and the slot number has come round again (every 10.24 s).
 */
function isStale(list: PendingTb[], tSec: number): boolean {
  const age = (tSec - list[0].tSec + 86_400) % 86_400;
  return age > 1;
}

/** True when the line has at least one codeword and each has its `tb_len=`. */
function hasTbSizes(f: PhyFields): boolean {
  if (f.codewords.length === 0) return false;
  for (const cw of f.codewords) if (cw.tbs === null) return false;
  return true;
}

/** `LBSR:bitmap=0x03 bs(0)=0 bs(1)=5400`: the buffer sizes of the groups, summed. */
function sumLongBsr(line: string, from: number): number | null {
  let sum: number | null = null;
  for (let at = line.indexOf('bs(', from); at >= 0; at = line.indexOf('bs(', at + 3)) {
    const eq = line.indexOf(')=', at);
    if (eq < 0) break;
    const end = tokenEnd(line, eq + 2);
    const value = toNumber(line.slice(eq + 2, end));
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

/** How sure we are that the first lines of a file are an Amarisoft eNB/gNB log. */
function sniff(lines: readonly string[]): number {
  let grammarHeader = false;
  let ueSimulator = false;
  let namesAmarisoft = false;
  let shaped = 0;
  let phyShaped = 0;
  let unshaped = 0;

  for (const line of lines) {
    if (line.startsWith('# lteenb')) return 1;
    if (line.startsWith('#')) {
      if (line.startsWith('# lteue')) ueSimulator = true;
      if (line.startsWith('# time layer dir ue_id')) grammarHeader = true;
      if (line.includes('Amarisoft')) namesAmarisoft = true;
      continue;
    }
    const c = line.charCodeAt(0);
    if (line.length === 0 || c === SPACE || c === TAB) continue;
    // Amarisoft prints milliseconds and no level after the tag, unlike srsRAN 4G's
    // `HH:MM:SS.ffffff [TAG ] [L] ...`.
    const shapedLine =
      timeEnd(line) === 12 &&
      isAmarisoftLine(line) &&
      line.charCodeAt(line.indexOf('] ', 13) + 2) !== OPEN_BRACKET;
    if (!shapedLine) {
      unshaped++;
      continue;
    }
    shaped++;
    if (line.startsWith('[PHY] ', 13) && /\d+\.\d+ [A-Z]+:/.test(line)) phyShaped++;
  }

  if (ueSimulator) return 0.5;
  if (grammarHeader) return 0.95;
  if (namesAmarisoft) return 0.9;
  if (shaped >= 3 && shaped >= unshaped * 2) return phyShaped > 0 ? 0.75 : 0.6;
  return 0;
}

export const amarisoftFormat: FormatDefinition = {
  id: 'amarisoft',
  name: 'Amarisoft eNB/gNB log',
  version: '2',
  description:
    'Text log of the Amarisoft LTE eNB / NR gNB (lteenb): `#` header, then ' +
    '`time [LAYER] dir ue_id {cell rnti sfn channel:} message` lines.',
  clock: 'time-of-day',
  sniff,
  isRecordStart: (line) => isAmarisoftLine(line),
  dateFromHead: startedOn,
  create: () => new AmarisoftParser(),
};

/**
 * `# Started on 2024-03-14 23:59:57` (or `# Rotated on ...` in a log that lteenb rotated):
 * the date and time of the log's first line, read as UTC like the lines themselves.
 */
function startedOn(lines: readonly string[]): number | null {
  for (const line of lines) {
    if (!line.startsWith('#')) break;
    const m = /^# (?:Started|Rotated) on (\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(line);
    if (m) return Date.parse(`${m[1]}T${m[2]}Z`) / 1000;
  }
  return null;
}
