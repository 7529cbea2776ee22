/**
 * Parses one range of a file (or a whole file) into KPI parts. This is the work a Piscina
 * worker does; it is plain code with no threads of its own, so tests call it directly.
 */
import type { RecordKind, MacRecord } from '../../src-shared/records.js';
import type { LineExample, LineTally } from '../../src-shared/ingest.js';
import {
  LineKind,
  type FormatDefinition,
  type LineParser,
  type RecordSink,
} from './formats/types.js';
import { RangeAggregator, type Binding, type SubjectPart } from './kpi/aggregator.js';
import {
  hasInvalidUtf8,
  readGzip,
  readRange,
  TruncatedGzipError,
  type LineVisitor,
} from './line-reader.js';
import { RunTracker, type UnrecognisedRun } from './unrecognised-runs.js';

export interface RangeTask {
  path: string;
  gzip: boolean;
  /** Byte range; [0, size) with `whole` set for a file parsed in one piece. */
  start: number;
  end: number;
  whole: boolean;
  index: number;
  formatId: string;
  options: Record<string, string | number | boolean>;
  /** How many unrecognised lines to keep as examples. */
  maxExamples: number;
  /**
   * Bytes before `start` and after the range's end that the parser reads without counting
   * them, to rebuild its state and to complete records begun at the range's end.
   */
  contextBytes?: number;
}

export interface RangeOutcome {
  index: number;
  lines: number;
  bytes: number;
  tally: LineTally;
  recordsByKind: Partial<Record<RecordKind, number>>;
  crcFailures: { dl: number; ul: number };
  /** Line numbers count from 1 at the range's first line; the merge makes them absolute. */
  examples: LineExample[];
  overlong: { line: number; bytes: number }[];
  /** Lines with bytes that are not UTF-8 and no record: the first (range-local) and how many. */
  notUtf8: { first: number; lines: number } | null;
  /** Where most lines fit no rule (see unrecognised-runs.ts). */
  unrecognisedRuns: UnrecognisedRun[];
  parts: SubjectPart[];
  bindings: Binding[];
  clock: RangeClock;
  /** Why the range ended early, when it did (a gzip file cut short). */
  truncated: string | null;
}

/** What the merge needs to put a range on the file's timeline. */
export interface RangeClock {
  /** Midnights crossed inside the range (time-of-day clocks). */
  dayWraps: number;
  /** Raw seconds of the first and last record in line order, before any wrap. */
  firstSec: number | null;
  lastSec: number | null;
  /** Earliest and latest raw instants (after wraps within the range). */
  min: [number, number] | null;
  max: [number, number] | null;
}

const DAY = 86_400;
const HALF_DAY = DAY / 2;
/**
 * How far a line may lag behind the lines before it and still be taken for one printed late
 * (threads log a little out of order), when it lags across midnight. A jump forward of more
 * than half a day is otherwise a gap in the log, not a line of the day before.
 */
const MAX_LATE_SEC = 3_600;

/**
 * Sits between the parser and the aggregator: counts records, and for time-of-day clocks
 * adds a day each time the clock runs backwards by more than half a day. (Lines from
 * several threads are a little out of order; a real midnight is a jump of about a day.)
 */
export class ClockedSink implements RecordSink {
  /** Records by kind. A Map: counting into an object by a string key cost about 1 % of a parse. */
  private readonly kinds = new Map<RecordKind, number>();
  readonly crc = { dl: 0, ul: 0 };
  private readonly timeOfDay: boolean;
  private dayWraps = 0;
  private firstSec: number | null = null;
  /** Seconds of the last record, lines printed late aside, before the day wraps are added. */
  private lastSec = 0;
  // Earliest and latest instants as plain numbers: this runs for every record.
  private minSec = Infinity;
  private minNsec = 0;
  private maxSec = -Infinity;
  private maxNsec = 0;

  constructor(
    private readonly aggregator: Pick<RangeAggregator, 'add'>,
    clockKind: FormatDefinition['clock'],
  ) {
    this.timeOfDay = clockKind === 'time-of-day';
  }

  push(r: MacRecord): void {
    this.kinds.set(r.kind, (this.kinds.get(r.kind) ?? 0) + 1);
    if (r.kind === 'decode' && !r.ok) this.crc[r.dir]++;
    if (this.firstSec === null) this.firstSec = this.lastSec = r.tSec;
    else if (this.timeOfDay) this.followClock(r);
    else this.lastSec = r.tSec;
    if (this.timeOfDay) r.tSec += this.dayWraps * DAY;

    const sec = r.tSec;
    if (sec < this.minSec || (sec === this.minSec && r.tNsec < this.minNsec)) {
      this.minSec = sec;
      this.minNsec = r.tNsec;
    }
    if (sec > this.maxSec || (sec === this.maxSec && r.tNsec > this.maxNsec)) {
      this.maxSec = sec;
      this.maxNsec = r.tNsec;
    }
    this.aggregator.add(r);
  }

  get byKind(): Partial<Record<RecordKind, number>> {
    return Object.fromEntries(this.kinds);
  }

  /** The range's clock as the merge needs it. */
  clock(): RangeClock {
    const any = this.minSec !== Infinity;
    return {
      dayWraps: this.dayWraps,
      firstSec: this.firstSec,
      lastSec: this.firstSec === null ? null : this.lastSec,
      min: any ? [this.minSec, this.minNsec] : null,
      max: any ? [this.maxSec, this.maxNsec] : null,
    };
  }

  /**
   * Follows a time-of-day clock: a midnight is counted when it runs back by more than half a
   * day. A line from just before midnight printed just after it goes on the day before, and
   * the clock stays with the lines around it; so also when the range begins right after
   * that midnight and has not seen it.
   */
  private followClock(r: MacRecord): void {
    if (r.tSec > this.lastSec + HALF_DAY && this.lastSec + DAY - r.tSec <= MAX_LATE_SEC) {
      r.tSec -= DAY;
      return;
    }
    if (r.tSec < this.lastSec - HALF_DAY) this.dayWraps++;
    this.lastSec = r.tSec;
  }
}

/**
 * Keeps the records that belong to the range: a record belongs to the range that holds
 * the line it names. Records of warm-up lines (numbered 0) and of cool-down lines
 * (numbered past the range's last line) belong to a neighbour, which counts them.
 */
class OwnLines implements RecordSink {
  lastOwnLine = Infinity;

  constructor(private readonly next: RecordSink) {}

  push(r: MacRecord): void {
    if (r.line > 0 && r.line <= this.lastOwnLine) this.next.push(r);
  }
}

export async function parseRange(
  task: RangeTask,
  format: FormatDefinition,
  onProgress: (bytesDone: number) => void = () => undefined,
): Promise<RangeOutcome> {
  const aggregator = new RangeAggregator();
  const sink = new ClockedSink(aggregator, format.clock);
  const parser = format.create({ fileName: task.path, options: task.options });
  const visitor = new RangeVisitor(parser, new OwnLines(sink), task.maxExamples, onProgress);

  let truncated: string | null = null;
  let read = { lines: 0, bytes: 0 };
  try {
    read = task.gzip
      ? await readGzip(task.path, visitor)
      : await readRange(
          {
            path: task.path,
            start: task.start,
            end: task.end,
            warmupBytes: task.contextBytes ?? 0,
            cooldownBytes: task.contextBytes ?? 0,
            // parseRange runs on a worker thread (worker.ts), never on the main thread.
            blockingReads: true,
            ...(task.whole ? {} : { isRecordStart: recordStartOf(format) }),
          },
          visitor,
        );
  } catch (err) {
    if (!(err instanceof TruncatedGzipError)) throw err;
    truncated = err.message;
    read = { lines: visitor.tally.lines, bytes: 0 };
  }
  parser.finish(visitor.own);

  return {
    index: task.index,
    lines: read.lines,
    bytes: read.bytes,
    tally: visitor.tally,
    recordsByKind: sink.byKind,
    crcFailures: sink.crc,
    examples: visitor.examples,
    overlong: visitor.overlongLines,
    notUtf8: visitor.notUtf8,
    unrecognisedRuns: visitor.runs.runs(),
    parts: aggregator.parts(),
    bindings: aggregator.bindingList(),
    clock: sink.clock(),
    truncated,
  };
}

/**
 * Hands each line of a range to the parser and counts what it was. A class rather than an
 * object of closures, so that its methods stay the same functions from range to range and
 * the reader's optimised loop, which inlines them, survives (see `LineSink`).
 */
class RangeVisitor implements LineVisitor {
  readonly tally: LineTally = { lines: 0, record: 0, other: 0, unrecognised: 0 };
  readonly examples: LineExample[] = [];
  readonly overlongLines: { line: number; bytes: number }[] = [];
  notUtf8: { first: number; lines: number } | null = null;
  readonly runs = new RunTracker();
  private cooldownLine = 0;

  constructor(
    private readonly parser: LineParser,
    readonly own: OwnLines,
    private readonly maxExamples: number,
    private readonly onProgress: (bytesDone: number) => void,
  ) {}

  line(text: string, lineNo: number): void {
    const tally = this.tally;
    tally.lines++;
    if (text.length === 0) {
      tally.other++;
      return;
    }
    const kind = this.parser.parse(text, lineNo, this.own);
    if (kind === LineKind.Record) {
      tally.record++;
      return;
    }
    // Checked only on lines that gave no record (see hasInvalidUtf8 for its cost).
    const invalid = hasInvalidUtf8(text);
    if (kind === LineKind.Other && !invalid) tally.other++;
    else this.unrecognised(text, lineNo, invalid);
  }

  /**
   * A line that fits no rule, or one with bytes that are not UTF-8 and no record: what the
   * parser made of a line it could not read whole says nothing (a grant whose text is cut
   * by the bad bytes is "other" to it), so it is kept as an example for the user to see.
   */
  private unrecognised(text: string, lineNo: number, invalid: boolean): void {
    const tally = this.tally;
    this.runs.add(lineNo, tally.record, tally.unrecognised);
    tally.unrecognised++;
    if (this.examples.length < this.maxExamples) {
      this.examples.push({ line: lineNo, text: clip(text) });
    }
    if (invalid) {
      if (this.notUtf8) this.notUtf8.lines++;
      else this.notUtf8 = { first: lineNo, lines: 1 };
    }
  }

  warmup(text: string): void {
    // Line 0: records of warm-up lines are dropped, only the parser's state is kept.
    if (text.length > 0) this.parser.parse(text, 0, this.own);
  }

  cooldown(text: string): void {
    if (this.cooldownLine === 0) this.cooldownLine = this.own.lastOwnLine = this.tally.lines;
    if (text.length > 0) this.parser.parse(text, ++this.cooldownLine, this.own);
  }

  overlong(lineNo: number, bytes: number): void {
    this.tally.lines++;
    this.runs.add(lineNo, this.tally.record, this.tally.unrecognised);
    this.tally.unrecognised++;
    this.overlongLines.push({ line: lineNo, bytes });
  }

  progress(bytesDone: number): void {
    this.onProgress(bytesDone);
  }
}

/**
 * A format's record-start test as one function per format, the same for every range (a
 * new bound function per range would cost the reader its optimised code, as above).
 */
const recordStarts = new WeakMap<FormatDefinition, (line: string) => boolean>();

function recordStartOf(format: FormatDefinition): (line: string) => boolean {
  let test = recordStarts.get(format);
  if (!test) {
    test = (line) => format.isRecordStart?.(line) ?? true;
    recordStarts.set(format, test);
  }
  return test;
}

/** Examples are for people to read: a few hundred characters say enough. */
function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
