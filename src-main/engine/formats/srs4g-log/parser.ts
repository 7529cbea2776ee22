/**
 * The line parser shared by the srsLTE and srsRAN 4G file logs: the two differ in the
 * timestamp and tag padding only, and the same eNB and UE messages follow the header.
 */
import { stripAnsi } from '../text.js';
import { LineKind, type LineParser, type RecordSink } from '../types.js';
import type { LineCtx } from './build.js';
import { enbMacLine } from './enb-mac.js';
import { enbPhyLine } from './enb-phy.js';
import { emptyHeader, readHeader, tagIs, type TimeStyle } from './header.js';
import { rrcLine } from './rrc.js';
import { ParserState } from './state.js';
import { ueMacLine } from './ue-mac.js';

export class Srs4gParser implements LineParser {
  private readonly header = emptyHeader();
  private readonly at: LineCtx = { tSec: 0, tNsec: 0, line: 0 };
  private readonly state = new ParserState();
  private seenHeader = false;

  constructor(private readonly style: TimeStyle) {}

  parse(raw: string, lineNo: number, out: RecordSink): LineKind {
    // Written without colour, but a terminal capture may add codes, also inside fields.
    const line = stripAnsi(raw);
    const h = this.header;
    if (!readHeader(line, this.style, h)) return this.continuation(line);
    this.seenHeader = true;

    this.at.tSec = h.tSec;
    this.at.tNsec = h.tNsec;
    this.at.line = lineNo;

    switch (line.charCodeAt(h.tagStart)) {
      case 77 /* M */:
        if (!tagIs(line, h, 'MAC')) return LineKind.Other;
        return (
          enbMacLine(line, h.text, h.tti, this.at, this.state, out) ??
          ueMacLine(line, h.text, this.at, this.state, out) ??
          LineKind.Other
        );
      case 80 /* P */:
        if (!tagIs(line, h, 'PHY')) return LineKind.Other;
        return enbPhyLine(line, h.text, h.tti, this.at, this.state, out);
      case 82 /* R */:
        return tagIs(line, h, 'RRC') ? rrcLine(line, h.text, this.at, out) : LineKind.Other;
      default:
        return LineKind.Other;
    }
  }

  finish(out: RecordSink): void {
    this.state.harq.finish(out);
  }

  /**
   * A line without a timestamp: a hex dump (`             0000: 00 11 ...`), a JSON or
   * ASN.1 dump of the message logged before it, or one of the banners srsLTE writes
   * around the log. Anything else does not belong to this format.
   */
  private continuation(line: string): LineKind {
    if (isHexDump(line)) return LineKind.Other;
    if (this.seenHeader && isDumpText(line)) return LineKind.Other;
    if (line.startsWith('Built in ') || line === 'Closing log') return LineKind.Other;
    return LineKind.Unrecognised;
  }
}

/** Indentation, four hex digits and a colon: `    0010: 82 99 45 ab`. */
function isHexDump(line: string): boolean {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  if (i === 0 || line.charCodeAt(i + 4) !== 58) return false;
  for (let k = i; k < i + 4; k++) if (!isHex(line.charCodeAt(k))) return false;
  return true;
}

/** Indented text or a JSON bracket or brace: the body of a multi-line message dump. */
function isDumpText(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9 || c === 91 || c === 93 || c === 123 || c === 125;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
