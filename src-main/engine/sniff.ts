/**
 * Recognises a file's format from its first lines, and refuses files that are not text.
 */
import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { stripAnsi } from './formats/text.js';
import type { FormatDefinition } from './formats/types.js';

const HEAD_BYTES = 256 * 1024;
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

/** The first bytes of the file, decompressed when it is gzip (as far as they go). */
async function readHead(path: string, gzip: boolean): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buf, 0, HEAD_BYTES, 0);
    const head = buf.subarray(0, bytesRead);
    if (!gzip) return head;
    // A partial gzip stream still yields its first bytes with finishFlush set.
    return gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH */ }).subarray(0, HEAD_BYTES);
  } finally {
    await file.close();
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
  const head = await readHead(path, gzip);
  // A full head most likely ends inside a line: that part is no line of the log.
  const whole = head.length === HEAD_BYTES ? head.subarray(0, head.lastIndexOf(10) + 1) : head;
  return headLines(whole, maxLines);
}

export function headLines(head: Buffer, maxLines = SNIFF_LINES): string[] {
  return head
    .toString('utf8')
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
  const head = await readHead(path, gzip);
  if (head.length === 0) {
    // A gzip file cut inside its first block decompresses to nothing: say which it is.
    const what = gzip
      ? 'the gzip file holds no text (cut short before its first line?)'
      : 'the file is empty';
    throw new UnrecognisedFileError(`${path}: ${what}`);
  }
  if (looksBinary(head)) {
    throw new UnrecognisedFileError(`${path}: this is a binary file, not a text log`);
  }
  return sniffLines(path, headLines(head), formats);
}

export function sniffLines(
  path: string,
  lines: readonly string[],
  formats: readonly FormatDefinition[],
): SniffResult {
  const scores = formats
    .map((f) => ({ format: f, confidence: safeSniff(f, lines) }))
    .sort((a, b) => b.confidence - a.confidence);
  const best = scores[0];
  const tried = scores.map((s) => ({ id: s.format.id, confidence: s.confidence }));
  if (!best || best.confidence < MIN_CONFIDENCE) {
    const list = tried.map((s) => `${s.id} (${s.confidence.toFixed(2)})`).join(', ');
    throw new UnrecognisedFileError(
      `${path}: no known format recognises this file. Tried: ${list}. ` +
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
