/**
 * Where a simulation writes its text: a file, gzip-compressed when its name ends in ".gz".
 *
 * Lines are joined into short runs of text, each run is copied into a chunk buffer, full
 * chunks are handed to the stream, and when the stream says its buffer is full we wait for
 * it to drain. So memory stays flat whatever the size of the file, and the writer never runs
 * far ahead of the disk. The text must be ASCII: it is copied one byte per character.
 *
 * Why runs: a line built from pieces is a tree of strings that must be flattened before it
 * is copied; flattening and copying a few dozen lines at once costs less than one by one.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { constants, createGzip, type Gzip } from 'node:zlib';

const MAX_CHUNK = 1 << 20;
/** Characters gathered before they are copied into the chunk. */
const RUN_CHARS = 4096;
const MIN_CHUNK = 16 << 10;
/** Lets the file stream hold a few chunks, so that writing and simulating overlap. */
const STREAM_BUFFER = 8 << 20;

/**
 * Copies ASCII text into a buffer at an offset and returns the bytes written. Buffer's own
 * `latin1Write` is what `write(text, offset, 'latin1')` ends up calling, but the checks that
 * `write` does first cost more than the copy itself for a line of text (the simulator is
 * several times faster with it). It is undocumented, so `write` remains the fallback.
 */
type Latin1Writer = (buffer: Buffer, text: string, offset: number) => number;
interface Latin1Buffer {
  latin1Write(text: string, offset: number): number;
}
const writeLatin1: Latin1Writer =
  typeof (Buffer.prototype as Partial<Latin1Buffer>).latin1Write === 'function'
    ? (buffer, text, offset) => (buffer as unknown as Latin1Buffer).latin1Write(text, offset)
    : (buffer, text, offset) => buffer.write(text, offset, 'latin1');

export class TextSink {
  /** Lines written so far (each ends with a newline). */
  lines = 0;
  /** Bytes of text handed to the stream so far, before any compression. */
  textBytes = 0;
  /** Bytes that reached the file so far (compressed ones for a .gz file). */
  fileBytes = 0;

  private run = '';
  private chunk: Buffer;
  private used = 0;
  /** Chunks filled within one step of the caller, waiting for `maybeFlush`. */
  private full: Buffer[] = [];
  /**
   * Chunks the stream is done with, for reuse. Reusing them matters: a gigabyte of 1 MB
   * buffers left to the garbage collector would pile up outside the JavaScript heap.
   */
  private readonly spare: Buffer[] = [];
  private fullBytes = 0;
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private readonly chunkSize: number;
  private failure: Error | null = null;

  /**
   * @param path the file to create (replaced if it exists).
   * @param targetBytes the size the caller means to stop at, if any: chunks are kept small
   *   enough against it that the file ends close to the target.
   */
  constructor(path: string, targetBytes?: number) {
    this.file = createWriteStream(path, { highWaterMark: STREAM_BUFFER });
    this.file.on('error', (err) => (this.failure ??= err));
    this.gzip = path.endsWith('.gz') ? createGzip({ level: 6 }) : null;

    if (this.gzip) {
      this.gzip.on('error', (err) => (this.failure ??= err));
      this.gzip.on('data', (chunk: Buffer) => (this.fileBytes += chunk.length));
      this.gzip.pipe(this.file);
    }

    const wanted = targetBytes ? Math.floor(targetBytes / 50) : MAX_CHUNK;
    this.chunkSize = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, wanted));
    this.chunk = Buffer.allocUnsafe(this.chunkSize);
  }

  /** Appends one line; `text` must be ASCII without a newline. */
  line(text: string): void {
    this.run += text;
    this.run += '\n';
    this.lines++;
    if (this.run.length >= RUN_CHARS) this.copyRun();
  }

  /** Size of the file as it will be once everything written so far is flushed. */
  size(): number {
    if (this.gzip) return this.fileBytes;
    return this.textBytes + this.fullBytes + this.used + this.run.length;
  }

  /** Hands the gathered text to the stream once a chunk is full. */
  async maybeFlush(): Promise<void> {
    if (this.full.length > 0) await this.flush(false);
  }

  /** Writes the full chunks, and with `all` the partly filled one too. */
  async flush(all = true): Promise<void> {
    this.throwIfFailed();
    if (all) {
      this.copyRun();
      if (this.used > 0) this.rotate(0);
    }
    const chunks = this.full;
    this.full = [];
    this.fullBytes = 0;

    for (const chunk of chunks) {
      this.textBytes += chunk.length;
      const target = this.gzip ?? this.file;
      const written = target.write(chunk, () => this.recycle(chunk));
      if (!written) await once(target, 'drain');
      if (this.gzip) await this.syncGzip(this.gzip);
      else this.fileBytes += chunk.length;
      this.throwIfFailed();
    }
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    await this.flush(true);
    const closed = once(this.file, 'close');
    if (this.gzip) this.gzip.end();
    else this.file.end();
    await closed;
    this.throwIfFailed();
  }

  private copyRun(): void {
    const run = this.run;
    if (run.length === 0) return;
    if (this.used + run.length > this.chunk.length) this.rotate(run.length);
    this.used += writeLatin1(this.chunk, run, this.used);
    this.run = '';
  }

  /** Retires the current chunk and starts another with room for at least `need` bytes. */
  private rotate(need: number): void {
    if (this.used > 0) {
      this.full.push(this.chunk.subarray(0, this.used));
      this.fullBytes += this.used;
    }
    const spare = need <= this.chunkSize ? this.spare.pop() : undefined;
    this.chunk = spare ?? Buffer.allocUnsafe(Math.max(this.chunkSize, need));
    this.used = 0;
  }

  /** The stream has written (or compressed) `chunk`: its memory may hold new text. */
  private recycle(chunk: Buffer): void {
    // A chunk of the usual size owns its whole ArrayBuffer (allocUnsafe pools only small ones).
    if (chunk.byteOffset === 0 && chunk.buffer.byteLength === this.chunkSize) {
      this.spare.push(Buffer.from(chunk.buffer, 0, this.chunkSize));
    }
  }

  /** A sync flush makes the compressed size known now, so that a size target can be met. */
  private syncGzip(gzip: Gzip): Promise<void> {
    return new Promise((resolve) => gzip.flush(constants.Z_SYNC_FLUSH, () => resolve()));
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
