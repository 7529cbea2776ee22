/**
 * Recognises a file's format from its first lines, and refuses files that are not text.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants, createGunzip } from 'node:zlib';
import { stripAnsi } from './formats/text.js';
import type { FormatDefinition } from './formats/types.js';
import { isGzipDamage, withoutBom } from './line-reader.js';

const HEAD_BYTES = 256 * 1024;
/** How far sniffing reads past over-long first lines before it gives up on the file. */
const SKIP_LIMIT_BYTES = 64 * 1024 * 1024;
const SNIFF_LINES = 200;
/** Below this confidence a format does not claim a file. */
export const MIN_CONFIDENCE = 0.5;

export class UnrecognisedFileError extends Error {}

export async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    await file.read(magic, 0, 2, 0);
    return magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/** What the sniffers read: the head of the file's text, after any over-long first lines. */
interface Head {
  bytes: Buffer;
  /** The first bytes of the text, before any line was passed over: binary or not. */
  first: Buffer;
  /** Lines at the start too long to be a log's lines, passed over: how many, and bytes. */
  skipped: { lines: number; bytes: number };
}

/**
 * The first HEAD_BYTES of the file's text (decompressed when it is gzip, as far as the data
 * go), from its first line that fits in them. A log may begin with a line of megabytes (a
 * dump, a paste, a line of padding) that says nothing of its format, and that the parse
 * itself passes over as over-long: sniffing passes over it too, up to SKIP_LIMIT_BYTES.
 */
async function readHead(path: string, gzip: boolean): Promise<Head> {
  const source = createReadStream(path, { highWaterMark: HEAD_BYTES });
  const text = gzip ? source.pipe(createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })) : source;
  const head = new HeadCollector();
  try {
    for await (const chunk of text) {
      if (head.take(chunk as Buffer)) break;
    }
  } catch (err) {
    // A gzip stream cut short still gives its first bytes; the parse reports the damage.
    if (!isGzipDamage(err)) throw err;
  } finally {
    source.destroy();
  }
  return head.result();
}

/** Collects a head of HEAD_BYTES, dropping leading lines that do not fit in one. */
class HeadCollector {
  private parts: Buffer[] = [];
  private size = 0;
  /** Inside an over-long line: bytes up to its end are dropped. */
  private skipping = false;
  private consumed = 0;
  private readonly skipped = { lines: 0, bytes: 0 };
  private readonly first: Buffer[] = [];

  /** Takes the next chunk; true once the head is complete or the search is given up. */
  take(chunk: Buffer): boolean {
    if (this.consumed < HEAD_BYTES) this.first.push(chunk.subarray(0, HEAD_BYTES - this.consumed));
    this.consumed += chunk.length;
    if (this.skipping) {
      const lf = chunk.indexOf(10);
      if (lf < 0) {
        this.skipped.bytes += chunk.length;
        return this.consumed > SKIP_LIMIT_BYTES;
      }
      this.skipped.bytes += lf + 1;
      this.skipping = false;
      chunk = chunk.subarray(lf + 1);
    }
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size < HEAD_BYTES) return false;

    const head = Buffer.concat(this.parts).subarray(0, HEAD_BYTES);
    if (head.includes(10)) {
      this.parts = [head];
      this.size = head.length;
      return true;
    }
    // No line ends within a whole head: the line is over-long, and what follows it is read.
    this.skipped.lines++;
    this.skipped.bytes += head.length;
    const rest = Buffer.concat(this.parts).subarray(HEAD_BYTES);
    this.parts = [];
    this.size = 0;
    this.skipping = true;
    return rest.length > 0 ? this.take(rest) : this.consumed > SKIP_LIMIT_BYTES;
  }

  result(): Head {
    const bytes = Buffer.concat(this.parts).subarray(0, HEAD_BYTES);
    return { bytes, first: Buffer.concat(this.first), skipped: this.skipped };
  }
}

/** A file with NUL bytes or mostly control characters is not a text log. */
function looksBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  let control = 0;
  for (const byte of head) if (byte < 9 || (byte > 13 && byte < 32 && byte !== 27)) control++;
  return head.length > 0 && control / head.length > 0.05;
}

/**
 * The first lines of a file as sniffers see them; with `maxLines` Infinity, every whole
 * line of its first 256 KB (for what a format reads from the head: see optionsFromHead).
 */
export async function readHeadLines(
  path: string,
  gzip: boolean,
  maxLines = SNIFF_LINES,
): Promise<string[]> {
  const { bytes } = await readHead(path, gzip);
  // A full head most likely ends inside a line: that part is no line of the log.
  const whole = bytes.length === HEAD_BYTES ? bytes.subarray(0, bytes.lastIndexOf(10) + 1) : bytes;
  return headLines(whole, maxLines);
}

export function headLines(head: Buffer, maxLines = SNIFF_LINES): string[] {
  return withoutBom(head.toString('utf8'))
    .split('\n')
    .map((l) => stripAnsi(l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim().length > 0)
    .slice(0, maxLines);
}

export interface SniffResult {
  format: FormatDefinition;
  confidence: number;
  /** Every format tried, most confident first, for messages. */
  scores: { id: string; confidence: number }[];
}

/** The most confident format for the file, or an error that says what was tried. */
export async function sniffFile(
  path: string,
  formats: readonly FormatDefinition[],
  gzip: boolean,
): Promise<SniffResult> {
  const { bytes, first, skipped } = await readHead(path, gzip);
  if (bytes.length === 0 && skipped.lines === 0) {
    // A gzip file cut inside its first block decompresses to nothing: say which it is.
    const what = gzip
      ? 'the gzip file holds no text (cut short before its first line?)'
      : 'the file is empty';
    throw new UnrecognisedFileError(`${path}: ${what}`);
  }
  if (looksBinary(first)) {
    throw new UnrecognisedFileError(`${path}: this is a binary file, not a text log`);
  }
  return sniffLines(path, headLines(bytes), formats, skippedInWords(skipped));
}

/** What sniffing passed over, for a refusal to mention; empty when nothing was. */
function skippedInWords(skipped: Head['skipped']): string {
  if (skipped.lines === 0) return '';
  const mb = (skipped.bytes / 1e6).toFixed(1);
  const which =
    skipped.lines === 1
      ? 'its line 1 was passed over as too long for a log line'
      : `its first ${skipped.lines} lines were passed over as too long for log lines`;
  return ` (${which}: ${mb} MB)`;
}

export function sniffLines(
  path: string,
  lines: readonly string[],
  formats: readonly FormatDefinition[],
  note = '',
): SniffResult {
  const scores = formats
    .map((f) => ({ format: f, confidence: safeSniff(f, lines) }))
    .sort((a, b) => b.confidence - a.confidence);
  const best = scores[0];
  const tried = scores.map((s) => ({ id: s.format.id, confidence: s.confidence }));
  if (!best || best.confidence < MIN_CONFIDENCE) {
    const list = tried.map((s) => `${s.id} (${s.confidence.toFixed(2)})`).join(', ');
    throw new UnrecognisedFileError(
      `${path}: no known format recognises this file${note}. Tried: ${list}. ` +
        'If it is one of these, choose it by name; if not, describe its format in a format ' +
        'file (docs/custom-formats.md).',
    );
  }
  return { format: best.format, confidence: best.confidence, scores: tried };
}

/** A format whose sniffer throws simply does not claim the file. */
function safeSniff(format: FormatDefinition, lines: readonly string[]): number {
  try {
    const c = format.sniff(lines);
    return Number.isFinite(c) ? Math.max(0, Math.min(1, c)) : 0;
  } catch {
    return 0;
  }
}
