/**
 * The fixed part of every srsLTE / srsRAN 4G file-log line, before the message:
 *
 *   old (srsLTE, to 20.x):  `07:41:30.857309 [MAC ] [I] [05216] RACH:  tti=5201, ...`
 *   new (srsRAN 4G 21.x):   `2023-04-21T15:49:25.032941 [MAC    ] [I] [  341] RACH:  ...`
 *
 * The tag is padded to 4 (old) or 7 (new) characters, the level is one letter, and the
 * TTI field (zero- or space-padded) is present only on the lines of the PHY and MAC
 * threads. Lines without a timestamp are hex or JSON dumps belonging to the line before.
 */
import { digits, parseClock, parseIsoTimestamp } from '../text.js';

/** How a line's timestamp is written: time of day only (old) or ISO date and time (new). */
export type TimeStyle = 'clock' | 'iso';

/** The parts of a line's header, as indexes into the line so that nothing is copied. */
export interface Header {
  tSec: number;
  tNsec: number;
  /** First and one-past-last character of the tag, padding included. */
  tagStart: number;
  tagEnd: number;
  /** Character code of the level letter (I, W, E, D). */
  level: number;
  /** The TTI (0 to 10239) of PHY and MAC lines; null on other lines. */
  tti: number | null;
  /** Index where the message text starts. */
  text: number;
  /**
   * The whole-second part of the last timestamp read (`07:41:30`, `2023-04-21T15:49:25`)
   * and its value: thousands of lines share a second, so it is parsed once per second.
   */
  secondText: string;
  secondValue: number;
}

export function emptyHeader(): Header {
  return {
    tSec: 0,
    tNsec: 0,
    tagStart: 0,
    tagEnd: 0,
    level: 0,
    tti: null,
    text: 0,
    secondText: '',
    secondValue: 0,
  };
}

const SPACE = 32;
const OPEN = 91; // [
const CLOSE = 93; // ]

/**
 * Reads the header of `line` into `out`. Returns false when the line does not start with
 * a complete header of the given style (a dump line, a cut-off line, another format).
 */
export function readHeader(line: string, style: TimeStyle, out: Header): boolean {
  const afterTime = readTime(line, style, out);
  if (afterTime < 0) return false;

  // ` [TAG] `: the tag runs to the first closing bracket.
  let p = afterTime;
  if (line.charCodeAt(p) !== SPACE || line.charCodeAt(p + 1) !== OPEN) return false;
  const tagEnd = line.indexOf(']', p + 2);
  if (tagEnd < 0) return false;
  out.tagStart = p + 2;
  out.tagEnd = tagEnd;

  // ` [L]`: a single level letter.
  p = tagEnd + 1;
  if (line.charCodeAt(p) !== SPACE || line.charCodeAt(p + 1) !== OPEN) return false;
  if (line.charCodeAt(p + 3) !== CLOSE) return false;
  out.level = line.charCodeAt(p + 2);
  p += 4;

  out.tti = null;
  if (line.charCodeAt(p) === SPACE) p++;
  if (line.charCodeAt(p) === OPEN) p = readTti(line, p, out);
  out.text = p;
  return true;
}

/**
 * `HH:MM:SS.ffffff` (clock) or `YYYY-MM-DDTHH:MM:SS.ffffff` (ISO) at the start of the
 * line; returns the index after it, or -1.
 */
function readTime(line: string, style: TimeStyle, out: Header): number {
  const dot = style === 'clock' ? 8 : 19;
  if (line.charCodeAt(dot) !== 46) return -1;

  if (out.secondText.length !== dot || !line.startsWith(out.secondText)) {
    const sec = style === 'clock' ? parseClock(line, 0)?.sec : parseIsoTimestamp(line, 0)?.sec;
    if (sec === undefined) return -1;
    out.secondText = line.slice(0, dot);
    out.secondValue = sec;
  }

  // The fraction: microseconds in every version seen, read as nanoseconds whatever its length.
  let end = dot + 1;
  while (end < line.length && end < dot + 10 && isDigit(line.charCodeAt(end))) end++;
  if (end === dot + 1) return -1;
  out.tSec = out.secondValue;
  out.tNsec = digits(line, dot + 1, end) * POW10[dot + 10 - end];
  return end;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

/**
 * A `[ttttt]` field of digits and padding spaces. Anything else in brackets is the start
 * of the message (RLC prints `[Data PDU, ...]`), so `p` is returned unchanged for it.
 */
function readTti(line: string, p: number, out: Header): number {
  const close = line.indexOf(']', p + 1);
  if (close < 0 || close - p > 8) return p;
  let start = p + 1;
  while (start < close && line.charCodeAt(start) === SPACE) start++;
  const value = digits(line, start, close);
  if (start === close || Number.isNaN(value)) return p;
  out.tti = value;
  return line.charCodeAt(close + 1) === SPACE ? close + 2 : close + 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Width of the tag field, padding included: 4 in srsLTE logs, 7 in srsRAN 4G logs. */
export function tagWidth(h: Header): number {
  return h.tagEnd - h.tagStart;
}

/**
 * True when the tag is `name` alone or followed by padding or a digit (`PHY0`), so that
 * `MAC` does not match the NR tag `MAC-NR` of a non-standalone log.
 */
export function tagIs(line: string, h: Header, name: string): boolean {
  if (!line.startsWith(name, h.tagStart)) return false;
  const next = h.tagStart + name.length;
  if (next >= h.tagEnd) return true;
  const c = line.charCodeAt(next);
  return c === SPACE || isDigit(c);
}
