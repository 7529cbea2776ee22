/**
 * The line parser of the srsRAN Project gNB file log: reads each line's header, hands the
 * message to the reader of its logger (SCHED, MAC, PHY, METRICS, DU-MNG), and classifies
 * the untimestamped lines that continue a message (debug "- " lines, JSON, YAML, ASN.1 and
 * hex dumps, metrics tables).
 */
import type { LineParser, RecordSink } from '../types.js';
import { LineKind } from '../types.js';
import { IsoTimestampReader, stripAnsi } from '../text.js';
import { LineHeader, readLevelAndSlot, readTag } from './header.js';
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
  /** The index of each cell by its PCI, as the head of the file told (see optionsFromHead). */
  cellPcis: [pci: string, index: string][];
}

/** A YAML key at the start of a line ("log:", "cell_cfg:", "  pci: 1" is indented). */
const YAML_KEY = /^[A-Za-z_][\w.-]*:(\s|$)/;

/** The loggers whose lines are read; the others' lines are Other. */
const Logger = {
  None: 0,
  Phy: 1,
  Sched: 2,
  Mac: 3,
  Metrics: 4,
  DuManager: 5,
} as const;
type Logger = (typeof Logger)[keyof typeof Logger];

export class SrsranGnbParser implements LineParser {
  private readonly st = new GnbState();
  private readonly header = new LineHeader();
  private readonly time = new IsoTimestampReader();
  /** A timestamped line was read, so untimestamped dump lines continue its message. */
  private inMessage = false;

  constructor(private readonly options: GnbOptions) {
    for (const [pci, index] of options.cellPcis) this.st.cellOfPci.set(pci, index);
  }

  parse(raw: string, lineNo: number, out: RecordSink): LineKind {
    const line = stripAnsi(raw);
    this.st.out = out;
    if (!readTag(line, this.header)) return this.continuation(line);

    this.inMessage = true;
    this.st.block = null;
    // Most lines (RLC, PDCP, GTPU, RRC, NGAP, ...) carry nothing for MAC KPIs: for them the
    // tag is all that is read.
    const logger = loggerOf(line, this.header);
    if (logger === Logger.None) return LineKind.Other;
    readLevelAndSlot(line, this.header);
    return this.message(line, lineNo, logger);
  }

  finish(out: RecordSink): void {
    this.st.out = out;
    this.st.harq.finish();
    this.st.preambles.flush(out);
  }

  private message(line: string, lineNo: number, logger: Logger): LineKind {
    if (!this.enter(line, lineNo)) return LineKind.Unrecognised;
    const st = this.st;
    const at = this.header.textStart;
    switch (logger) {
      case Logger.Phy:
        return parsePhyLine(st, line, at, this.options.pdschGrants);
      case Logger.Sched:
        return parseSchedLine(st, line, at);
      case Logger.Mac:
        return parseMacLine(st, line, at);
      case Logger.Metrics:
        return parseMetricsLine(st, line, at, this.options.metricsPeriodSec);
      default:
        return parseDuManagerLine(st, line, at);
    }
  }

  /** Takes the time, line number and slot of a line that may give records. */
  private enter(line: string, lineNo: number): boolean {
    if (!this.time.read(line)) return false;
    const st = this.st;
    st.tSec = this.time.sec;
    st.tNsec = this.time.nsec;
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

/** The logger of a line whose tag `h` holds, told by its first letter first. */
function loggerOf(line: string, h: LineHeader): Logger {
  switch (line.charCodeAt(h.tagStart)) {
    case 80 /* P */:
      return h.tagIs(line, 'PHY') ? Logger.Phy : Logger.None;
    case 85 /* U */:
      return h.tagStartsWith(line, 'UL-PHY') ? Logger.Phy : Logger.None;
    case 68 /* D */:
      if (h.tagStartsWith(line, 'DL-PHY')) return Logger.Phy;
      return h.tagIs(line, 'DU-MNG') ? Logger.DuManager : Logger.None;
    case 83 /* S */:
      return h.tagIs(line, 'SCHED') ? Logger.Sched : Logger.None;
    case 77 /* M */:
      if (h.tagIs(line, 'MAC')) return Logger.Mac;
      return h.tagIs(line, 'METRICS') ? Logger.Metrics : Logger.None;
    default:
      return Logger.None;
  }
}
