/**
 * The line parser of the srsRAN Project gNB file log: reads each line's header, hands the
 * message to the reader of its logger (SCHED, MAC, PHY, METRICS, DU-MNG), and classifies
 * the untimestamped lines that continue a message (debug "- " lines, JSON, YAML, ASN.1 and
 * hex dumps, metrics tables).
 */
import type { LineParser, RecordSink } from '../types.js';
import { LineKind } from '../types.js';
import { parseIsoTimestamp, stripAnsi } from '../text.js';
import { LineHeader, readHeader } from './header.js';
import { parseDuManagerLine, parseMacLine } from './mac.js';
import { parseMetricsLine } from './metrics.js';
import { parsePhyLine } from './phy.js';
import { parseSchedBlockLine, parseSchedLine } from './sched.js';
import { GnbState } from './state.js';

export interface GnbOptions {
  /** Turn PHY PDSCH lines into DL grants (for logs with the scheduler below info level). */
  pdschGrants: boolean;
  /** Period of metrics lines that do not print their own. */
  metricsPeriodSec: number | null;
}

/** A YAML key at the start of a line ("log:", "cell_cfg:", "  pci: 1" is indented). */
const YAML_KEY = /^[A-Za-z_][\w.-]*:(\s|$)/;

export class SrsranGnbParser implements LineParser {
  private readonly st = new GnbState();
  private readonly header = new LineHeader();
  /** A timestamped line was read, so untimestamped dump lines continue its message. */
  private inMessage = false;

  constructor(private readonly options: GnbOptions) {}

  parse(raw: string, lineNo: number, out: RecordSink): LineKind {
    const line = stripAnsi(raw);
    this.st.out = out;
    if (!readHeader(line, this.header)) return this.continuation(line);

    this.inMessage = true;
    this.st.block = null;
    return this.message(line, lineNo);
  }

  finish(out: RecordSink): void {
    this.st.out = out;
    this.st.harq.finish();
  }

  private message(line: string, lineNo: number): LineKind {
    const h = this.header;
    const st = this.st;
    const at = h.textStart;

    // Most lines (RLC, PDCP, GTPU, RRC, NGAP, ...) carry nothing for MAC KPIs.
    const isPhy =
      h.tagIs(line, 'PHY') || h.tagStartsWith(line, 'UL-PHY') || h.tagStartsWith(line, 'DL-PHY');
    const isSched = !isPhy && h.tagIs(line, 'SCHED');
    const isMac = !isPhy && !isSched && h.tagIs(line, 'MAC');
    const isMetrics = h.tagIs(line, 'METRICS');
    const isDuManager = h.tagIs(line, 'DU-MNG');
    if (!isPhy && !isSched && !isMac && !isMetrics && !isDuManager) return LineKind.Other;

    if (!this.enter(line, lineNo)) return LineKind.Unrecognised;
    if (isPhy) return parsePhyLine(st, line, at, this.options.pdschGrants);
    if (isSched) return parseSchedLine(st, line, at);
    if (isMac) return parseMacLine(st, line, at);
    if (isMetrics) return parseMetricsLine(st, line, at, this.options.metricsPeriodSec);
    return parseDuManagerLine(st, line, at);
  }

  /** Takes the time, line number and slot of a line that may give records. */
  private enter(line: string, lineNo: number): boolean {
    const time = parseIsoTimestamp(line, 0);
    if (time === null) return false;
    const st = this.st;
    st.tSec = time.sec;
    st.tNsec = time.nsec;
    st.line = lineNo;
    const h = this.header;
    if (h.sfn >= 0) st.setSlot(h.sfn, h.slot);
    else st.clearSlot();
    return true;
  }

  /** A line without a timestamp: part of the message above it, or not of this format. */
  private continuation(line: string): LineKind {
    if (this.st.block !== null && line.startsWith('- ')) return parseSchedBlockLine(this.st, line);
    return this.inMessage && isDumpLine(line) ? LineKind.Other : LineKind.Unrecognised;
  }
}

/**
 * A line of a dump that follows a log message: indented (JSON, ASN.1, hex, metrics tables,
 * "\t - SSB offset"), a JSON bracket or string, a list item, or a YAML key.
 */
function isDumpLine(line: string): boolean {
  const c = line.charCodeAt(0);
  // space, tab, {, }, [, ], ", -
  if (c === 32 || c === 9 || c === 123 || c === 125 || c === 91 || c === 93 || c === 34) {
    return true;
  }
  return c === 45 || YAML_KEY.test(line);
}
