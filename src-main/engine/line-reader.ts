/**
 * Streams the lines of a byte range of a file, or of a whole gzip file, in constant memory.
 *
 * A range may start in the middle of a record. The reader then skips ahead to the first
 * line that can start a record, and reads past its end up to the next such line, so that
 * neighbouring ranges meet exactly at a record boundary and a multi-line block is never
 * cut in two (see `docs/architecture.md`, "Ranges").
 */
import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import { createReadStream, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** Lines longer than this are not held in memory: they are skipped and reported. */
export const MAX_LINE_BYTES = 1024 * 1024;
const BLOCK_BYTES = 1024 * 1024;
const LF = 10;

export interface LineVisitor {
  /** A line without its line ending; `lineNo` counts from 1 at the range's first line. */
  line(text: string, lineNo: number): void;
  /** A line longer than MAX_LINE_BYTES was skipped. */
  overlong(lineNo: number, bytes: number): void;
  /** Bytes of the source consumed so far (compressed bytes for gzip), for progress. */
  progress(bytesDone: number): void;
  /** A line read before the range only to rebuild parser state (see `warmupBytes`). */
  warmup?(text: string): void;
  /** A line read after the range only to complete what its last lines began. */
  cooldown?(text: string): void;
  /**
   * Awaited after each block of lines, before the next block is read: a consumer that
   * sends what the lines gave (the Loki shipper) holds the reading back until it is done.
   */
  afterBlock?(): Promise<void>;
}

export interface RangeSpec {
  path: string;
  /** Byte offsets; the range takes the records that start in [start, end). */
  start: number;
  end: number;
  /** Tells where a range may begin; without it the range must be the whole file. */
  isRecordStart?: (line: string) => boolean;
  /** Bytes before the range to read for parser state only (see `readRange`). */
  warmupBytes?: number;
  /** Bytes after the range to read so that records begun inside it can complete. */
  cooldownBytes?: number;
  /**
   * Read each block with a blocking call. For a worker thread, which has nothing else to do
   * meanwhile: an asynchronous read sends every block through libuv's thread pool and back,
   * and the thread sat idle for about 8 % of a parse waiting for those round trips. Never
   * on the main thread, whose event loop serves the UI and the metrics.
   */
  blockingReads?: boolean;
}

export interface RangeReadResult {
  /** Lines handed to the visitor. */
  lines: number;
  /** Bytes from the range's first line to the end of its last line. */
  bytes: number;
}

/**
 * Where a LineSplitter sends the lines it cuts.
 *
 * The splitter's loop runs for every line of the file, and V8 inlines the sink's methods
 * into it. Sinks are therefore class instances, whose methods are one function for every
 * range a thread reads: with a fresh closure per range, each new range would throw the
 * loop's optimised code away (a "wrong call target" deopt) and compile it again.
 */
interface LineSink {
  /** A complete line without its ending, and the bytes it took; false to stop reading. */
  take(text: string, bytes: number): boolean;
  /** A line longer than MAX_LINE_BYTES was skipped; `bytes` is its length. */
  skipped(bytes: number): void;
}

/**
 * Cuts a growing byte buffer into lines. A block that is all ASCII (checked at once, with
 * SIMD) is copied line by line as Latin-1, the cheapest decoding there is; other text is
 * decoded as UTF-8 line by line. A LF byte never occurs inside a multi-byte UTF-8
 * sequence, so cutting at LF is always safe.
 */
class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skippingOverlong = false;
  private overlongBytes = 0;

  constructor(private readonly sink: LineSink) {}

  /** Feeds a chunk; returns false once the sink asked to stop. */
  push(chunk: Buffer): boolean {
    let from = 0;
    if (this.carryBytes > 0 || this.skippingOverlong) {
      // First finish the line that the previous chunk left open.
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.keep(chunk);
        return true;
      }
      if (!this.lineEndsAt(chunk, 0, lf)) return false;
      from = lf + 1;
    }

    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf < from) {
      this.keep(chunk.subarray(from));
      return true;
    }
    if (!this.wholeLines(chunk, from, lastLf)) return false;
    this.keep(chunk.subarray(lastLf + 1));
    return true;
  }

  /**
   * Emits the complete lines in `chunk[from, lastLf]`. The common case, text where every
   * byte is one character (ASCII), is copied as Latin-1; other text is decoded as UTF-8,
   * line by line so that byte counts stay exact.
   */
  private wholeLines(chunk: Buffer, from: number, lastLf: number): boolean {
    // ASCII is checked with SIMD and copied as Latin-1, faster than decoding it as UTF-8.
    if (!isAscii(chunk.subarray(from, lastLf))) return this.linesOneByOne(chunk, from, lastLf);
    // One flat string per line rather than slices of one block string: the parsers read
    // flat strings faster, and no line keeps its whole block alive.
    let pos = from;
    for (;;) {
      const nl = chunk.indexOf(LF, pos);
      const end = nl < 0 || nl > lastLf ? lastLf : nl;
      const cut = end > pos && chunk[end - 1] === 13 ? end - 1 : end;
      if (!this.sink.take(latin1(chunk, pos, cut), end - pos + 1)) return false;
      if (end >= lastLf) return true;
      pos = end + 1;
    }
  }

  private linesOneByOne(chunk: Buffer, from: number, lastLf: number): boolean {
    for (;;) {
      const lf = chunk.indexOf(LF, from);
      if (!this.sink.take(decode(chunk, from, lf), lf - from + 1)) return false;
      if (lf >= lastLf) return true;
      from = lf + 1;
    }
  }

  /** The last line when the input does not end with a newline (a cut-off log). */
  flush(): boolean {
    if (this.skippingOverlong) return this.endOverlong();
    if (this.carryBytes === 0) return true;
    const rest = Buffer.concat(this.carry, this.carryBytes);
    this.carry = [];
    this.carryBytes = 0;
    return this.sink.take(decode(rest, 0, rest.length), rest.length);
  }

  private lineEndsAt(chunk: Buffer, from: number, lf: number): boolean {
    if (this.skippingOverlong) return this.endOverlong(lf - from + 1);
    if (this.carryBytes === 0) return this.sink.take(decode(chunk, from, lf), lf - from + 1);

    const total = this.carryBytes + (lf - from);
    if (total > MAX_LINE_BYTES) {
      this.carry = [];
      this.carryBytes = 0;
      this.overlongBytes = total;
      return this.endOverlong(1);
    }
    const whole = Buffer.concat([...this.carry, chunk.subarray(from, lf)], total);
    this.carry = [];
    this.carryBytes = 0;
    return this.sink.take(decode(whole, 0, whole.length), total + 1);
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    if (this.skippingOverlong) {
      this.overlongBytes += part.length;
      return;
    }
    if (this.carryBytes + part.length > MAX_LINE_BYTES) {
      this.skippingOverlong = true;
      this.overlongBytes = this.carryBytes + part.length;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    // Copy: the reader reuses its block buffer for the next read.
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  private endOverlong(extra = 0): boolean {
    this.skippingOverlong = false;
    const bytes = this.overlongBytes + extra;
    this.overlongBytes = 0;
    this.sink.skipped(bytes);
    return true;
  }
}

/**
 * The first line of a file without the byte-order mark that some Windows editors and tools
 * write before UTF-8 text: left in, it hides the first line's timestamp from every parser.
 */
export function withoutBom(firstLine: string): string {
  return firstLine.charCodeAt(0) === 0xfeff ? firstLine.slice(1) : firstLine;
}

/**
 * `buf.toString('latin1', start, end)` without its argument checks, which cost more than
 * the copy for a line of a hundred bytes: Buffer's own `latin1Slice`, which toString calls.
 */
function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as Buffer & { latin1Slice(start: number, end: number): string }).latin1Slice(
    start,
    end,
  );
}

function decode(buf: Buffer, start: number, end: number): string {
  // Drop the CR of a CRLF ending here, once, rather than in every parser.
  if (end > start && buf[end - 1] === 13) end--;
  return buf.toString('utf8', start, end);
}

/**
 * True when a line had bytes that are not UTF-8: decoding put U+FFFD, the replacement
 * character, in their place. (A log that wrote U+FFFD itself looks the same; its bytes were
 * lost before it was written.) Only a line of a block that is not all ASCII can hold one:
 * the Latin-1 copies of ASCII blocks are one-byte strings, and V8 finds no U+FFFD in those
 * without reading them, so the test costs the same for a line of any length.
 */
export function hasInvalidUtf8(text: string): boolean {
  return text.indexOf('\uFFFD') !== -1;
}

/**
 * Reads the lines of one range of a plain file. For a range that starts inside the file,
 * lines before the first record start belong to the previous range and are not the
 * range's own; the range ends at the first record start at or beyond `end`.
 *
 * With `warmupBytes`, the lines of that many bytes before the range's first record are
 * handed to `visitor.warmup` first, so that a parser can rebuild the state a log carries
 * from line to line (open HARQ processes, the UE behind an RNTI) exactly as if it had read
 * the file from the top. With `cooldownBytes`, as many bytes after the range go to
 * `visitor.cooldown`, so that a record begun on the range's last lines (a grant whose MCS
 * or CRC is logged a few lines later) can complete.
 */
export async function readRange(spec: RangeSpec, visitor: LineVisitor): Promise<RangeReadResult> {
  const { start, end } = spec;
  if (start > 0 && !spec.isRecordStart)
    throw new Error('a range inside a file needs isRecordStart');
  const readFrom = Math.max(0, start - (spec.warmupBytes ?? 0));

  const file = await open(spec.path, 'r');
  try {
    // Begin one byte early: if that byte is LF, `readFrom` itself begins a line.
    let position = readFrom > 0 ? readFrom - 1 : 0;
    const lines = new RangeLines(spec, visitor, position);
    const splitter = new LineSplitter(lines);
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    for (;;) {
      const bytesRead = spec.blockingReads
        ? readSync(file.fd, block, 0, BLOCK_BYTES, position)
        : (await file.read(block, 0, BLOCK_BYTES, position)).bytesRead;
      if (bytesRead === 0) {
        splitter.flush();
        break;
      }
      position += bytesRead;
      if (!splitter.push(block.subarray(0, bytesRead))) break;
      visitor.progress(Math.max(0, Math.min(position, end) - start));
      if (visitor.afterBlock) await visitor.afterBlock();
    }
    visitor.progress(end - start);
    return lines.result();
  } finally {
    await file.close();
  }
}

/**
 * Sorts the lines read for one range into its phases: the partial line where reading began
 * (dropped), warm-up lines before the first record start, the range's own lines, and
 * cool-down lines after its end.
 */
class RangeLines implements LineSink {
  /** Byte offset in the file of the next line to come out of the splitter. */
  private offset: number;
  private partialSkipped: boolean;
  private started: boolean;
  private cooling = false;
  private coolUntil = 0;
  private lineNo = 0;
  private firstOffset = -1;
  private lastEnd: number;
  private readonly cooldownBytes: number;

  constructor(
    private readonly spec: RangeSpec,
    private readonly visitor: LineVisitor,
    readFrom: number,
  ) {
    this.offset = readFrom;
    this.partialSkipped = readFrom === 0;
    this.started = spec.start === 0;
    this.lastEnd = spec.start;
    this.cooldownBytes = spec.cooldownBytes ?? 0;
  }

  take(text: string, bytes: number): boolean {
    const lineStart = this.offset;
    this.offset += bytes;
    if (!this.partialSkipped) {
      // The first "line" is the tail of a line that began before where we started reading.
      this.partialSkipped = true;
      return true;
    }
    if (this.cooling) {
      if (lineStart >= this.coolUntil) return false;
      this.visitor.cooldown?.(text);
      return true;
    }
    if (!this.started) return this.beforeStart(text, lineStart);
    if (lineStart >= this.spec.end && this.isRecordStart(text)) {
      return this.beginCooldown(text, lineStart);
    }
    this.own(text, lineStart);
    return true;
  }

  skipped(bytes: number): void {
    // An over-long line can neither start a record nor be parsed: it stays in its range.
    this.offset += bytes;
    if (this.partialSkipped && this.started && !this.cooling) {
      this.visitor.overlong(++this.lineNo, bytes);
      this.lastEnd = this.offset;
    } else this.partialSkipped = true;
  }

  result(): RangeReadResult {
    const bytes = this.firstOffset < 0 ? 0 : this.lastEnd - this.firstOffset;
    return { lines: this.lineNo, bytes };
  }

  /** A line of the range itself. */
  private own(text: string, lineStart: number): void {
    if (this.firstOffset < 0) this.firstOffset = lineStart;
    this.lastEnd = this.offset;
    this.visitor.line(lineStart === 0 ? withoutBom(text) : text, ++this.lineNo);
  }

  /** A line before the range's first record start: warm-up, or the range's first line. */
  private beforeStart(text: string, lineStart: number): boolean {
    if (lineStart < this.spec.start || !this.isRecordStart(text)) {
      this.visitor.warmup?.(text);
      return true;
    }
    // The first record start lies beyond the range: the next range begins there too.
    if (lineStart >= this.spec.end) return false;
    this.started = true;
    this.own(text, lineStart);
    return true;
  }

  /** The first record start at or past the range's end: the range is done. */
  private beginCooldown(text: string, lineStart: number): boolean {
    if (!this.visitor.cooldown || this.cooldownBytes === 0) return false;
    this.cooling = true;
    this.coolUntil = lineStart + this.cooldownBytes;
    this.visitor.cooldown(text);
    return true;
  }

  /** Without a rule (a whole file read as one range) any line may start a record. */
  private isRecordStart(text: string): boolean {
    return this.spec.isRecordStart ? this.spec.isRecordStart(text) : true;
  }
}

/** A gzip stream that ends early is reported, but the lines before it are kept. */
export class TruncatedGzipError extends Error {}

/** zlib's errors for gzip data cut short (Z_BUF_ERROR) or corrupt (Z_DATA_ERROR). */
export function isGzipDamage(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR';
}

/** Reads every line of a gzip file (gzip cannot be entered in the middle). */
export async function readGzip(path: string, visitor: LineVisitor): Promise<RangeReadResult> {
  const source = createReadStream(path, { highWaterMark: BLOCK_BYTES });
  const gunzip = createGunzip({ chunkSize: BLOCK_BYTES });
  const lines = new WholeFileLines(visitor);
  const splitter = new LineSplitter(lines);

  source.on('data', () => visitor.progress(source.bytesRead));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      splitter.push(chunk as Buffer);
      if (visitor.afterBlock) await visitor.afterBlock();
    }
  } catch (err) {
    splitter.flush();
    if (isGzipDamage(err)) {
      throw new TruncatedGzipError(
        `the gzip data is cut short or corrupt after line ${lines.lineNo} (${(err as Error).message})`,
      );
    }
    throw err;
  } finally {
    source.destroy();
  }
  splitter.flush();
  visitor.progress(source.bytesRead);
  return { lines: lines.lineNo, bytes: lines.bytes };
}

/** Every line of a file is its own (a gzip file is read whole). */
class WholeFileLines implements LineSink {
  lineNo = 0;
  bytes = 0;

  constructor(private readonly visitor: LineVisitor) {}

  take(text: string, bytes: number): boolean {
    this.bytes += bytes;
    this.visitor.line(this.lineNo === 0 ? withoutBom(text) : text, ++this.lineNo);
    return true;
  }

  skipped(bytes: number): void {
    this.bytes += bytes;
    this.visitor.overlong(++this.lineNo, bytes);
  }
}
