/**
 * What a log format is to the engine: how to recognise it, how to cut it into ranges,
 * and how to turn its lines into records.
 */
import type { MacRecord } from '../../../src-shared/records.js';

/**
 * The clock a format's timestamps are written on. The engine, not the parser, turns every
 * kind into Unix time, because only it sees the whole file:
 * - `epoch`: full date and time; `tSec` is already Unix seconds.
 * - `time-of-day`: time without a date; `tSec` is seconds since midnight (0 to 86 399).
 *   The engine counts midnight wraps (also across ranges) and adds the anchor date.
 * - `elapsed`: no usable time at all; `tSec` counts seconds since the start of the file
 *   (from frame numbers, metrics periods, row counts). Such a file is parsed in one piece.
 */
export type ClockKind = 'epoch' | 'time-of-day' | 'elapsed';

/** What a parser says of one line. */
export const LineKind = {
  /** The line does not fit the format at all: counted and kept as an example. */
  Unrecognised: 0,
  /** The line produced one or more records (or belongs to a block that will). */
  Record: 1,
  /** The line fits the format but carries nothing for MAC KPIs (RRC, dumps, banners). */
  Other: 2,
} as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

export interface RecordSink {
  push(record: MacRecord): void;
}

export interface ParseContext {
  /** Base name of the file, for messages. */
  fileName: string;
  /** Format-specific options, already validated by the caller (e.g. a metrics period). */
  options: Readonly<Record<string, string | number | boolean>>;
}

export interface LineParser {
  /**
   * Reads one line. `line` has no line ending (a trailing CR is already removed) but may
   * carry ANSI colour codes. `lineNo` is 1-based within the text the parser is given.
   * Records of a multi-line block may be pushed when the block ends, i.e. during a later
   * call or in `finish`.
   */
  parse(line: string, lineNo: number, out: RecordSink): LineKind;
  /** End of input: push whatever a pending multi-line block still holds. */
  finish(out: RecordSink): void;
}

export interface FormatDefinition {
  /** Stable id used on the command line and in the store, e.g. "srsran-gnb". */
  id: string;
  /** Human name, e.g. "srsRAN Project gNB log". */
  name: string;
  /** Parser version: bump it when the records a file yields change, so files re-ingest. */
  version: string;
  /** One sentence on what the format is and where it comes from. */
  description: string;
  clock: ClockKind;
  /**
   * How sure the format is that it wrote these lines, 0 (not at all) to 1. `lines` are the
   * first non-empty lines of the file (up to 200) with CR and ANSI codes removed.
   */
  sniff(lines: readonly string[]): number;
  /**
   * True when a line can start a record (a timestamped line, a block header), so that a
   * range may begin there. A format without it is never split; nor is an `elapsed` one.
   */
  isRecordStart?(line: string): boolean;
  /**
   * For logs whose lines have no date: the Unix time (seconds) the log's own header gives
   * for its first line (e.g. Amarisoft's `# Started on ...`), or null. `lines` as for
   * `sniff`. Used unless the user gives `--anchor`.
   */
  dateFromHead?(lines: readonly string[]): number | null;
  /**
   * Format options read from the head of the file (the lines of its first 256 KB, cleaned
   * as for `sniff`), handed to the
   * parser of every range: what the log states once at its start but a range far from it
   * must know too (which PCI each cell index has). Options the user gives win.
   */
  optionsFromHead?(lines: readonly string[]): Record<string, string | number | boolean>;
  /** A new parser with its own state, for one file or one range of a file. */
  create(ctx: ParseContext): LineParser;
  /**
   * For a format written as a definition file: the file and the text it was loaded from.
   * Worker threads compile this same text, so a file is parsed with exactly the definition
   * it was sniffed and versioned with, even if the file is edited meanwhile.
   */
  definition?: { file: string; text: string };
}
