/**
 * Number readers for OAI message text. OAI prints values after words ("MCS 9", "TBS: 2433",
 * "RNTI 0x177b") padded with spaces ("start   0", "171. 9"), so these helpers skip spaces
 * before a value and work on character codes instead of regular expressions.
 *
 * A reader that succeeds leaves the index just past the value in `scan.end`, so that a caller
 * can read the next value from there without allocating a result object.
 */

const SPACE = 32;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Where the last successful read ended. */
export const scan = { end: 0 };

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === SPACE) i++;
  return i;
}

/** A decimal number at `s[i]` after optional spaces ("-72", "14.5", "0.00022"), or null. */
export function numberAt(s: string, i: number): number | null {
  let j = skipSpaces(s, i);
  const negative = s.charCodeAt(j) === MINUS;
  if (negative) j++;
  const intStart = j;
  let value = 0;
  while (isDigit(s.charCodeAt(j))) value = value * 10 + (s.charCodeAt(j++) - ZERO);
  if (j === intStart) return null;

  // A fraction only when a digit follows the dot: "128.17" is read by frameSlotAt instead.
  if (s.charCodeAt(j) === DOT && isDigit(s.charCodeAt(j + 1))) {
    j++;
    let fraction = 0;
    let scale = 1;
    while (isDigit(s.charCodeAt(j))) {
      fraction = fraction * 10 + (s.charCodeAt(j++) - ZERO);
      scale *= 10;
    }
    value += fraction / scale;
  }
  scan.end = j;
  return negative ? -value : value;
}

/** A whole number (no fraction) at `s[i]` after optional spaces, or null. */
export function intAt(s: string, i: number): number | null {
  const j = skipSpaces(s, i);
  let k = j;
  let value = 0;
  while (isDigit(s.charCodeAt(k))) value = value * 10 + (s.charCodeAt(k++) - ZERO);
  if (k === j) return null;
  scan.end = k;
  return value;
}

/** A hexadecimal number at `s[i]` after optional spaces, with or without "0x", or null. */
export function hexAt(s: string, i: number): number | null {
  let j = skipSpaces(s, i);
  if (s.charCodeAt(j) === ZERO && (s.charCodeAt(j + 1) === 120 || s.charCodeAt(j + 1) === 88)) {
    j += 2;
  }
  const start = j;
  let value = 0;
  for (let d = hexValue(s.charCodeAt(j)); d >= 0; d = hexValue(s.charCodeAt(++j))) {
    value = value * 16 + d;
  }
  // Digits must end a word: "complete" is not the hex number 0xc.
  if (j === start || j - start > 8 || isWordChar(s.charCodeAt(j))) return null;
  scan.end = j;
  return value;
}

function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 95;
}

/**
 * The number after the first occurrence of `key` that is followed by one. Later occurrences
 * are tried when an earlier one is not: "MCS Table 1 MCS 9" asked for "MCS " gives 9.
 */
export function numberAfter(s: string, key: string, from = 0): number | null {
  for (let at = s.indexOf(key, from); at >= 0; at = s.indexOf(key, at + 1)) {
    const value = numberAt(s, at + key.length);
    if (value !== null) return value;
  }
  return null;
}

/** Like `numberAfter` for whole numbers. */
export function intAfter(s: string, key: string, from = 0): number | null {
  for (let at = s.indexOf(key, from); at >= 0; at = s.indexOf(key, at + 1)) {
    const value = intAt(s, at + key.length);
    if (value !== null) return value;
  }
  return null;
}

/** The hexadecimal number (an RNTI) after the first occurrence of `key`, or null. */
export function hexAfter(s: string, key: string, from = 0): number | null {
  const at = s.indexOf(key, from);
  return at < 0 ? null : hexAt(s, at + key.length);
}

/** Frame and slot read by the last successful `frameSlotAt`. */
export const frameSlot = { frame: 0, slot: 0 };

/**
 * A "frame.slot" pair at `s[i]` after optional spaces, as OAI prints it with "%4d.%2d"
 * ("128.17", " 171. 9", "1013.17"). Fills `frameSlot` and returns true when found.
 */
export function frameSlotAt(s: string, i: number): boolean {
  const frame = intAt(s, i);
  if (frame === null || s.charCodeAt(scan.end) !== DOT) return false;
  const slot = intAt(s, scan.end + 1);
  if (slot === null || frame > 1023) return false;
  frameSlot.frame = frame;
  frameSlot.slot = slot;
  return true;
}

/** The text after `key` up to the next space (or the end), or null when `key` is absent. */
export function wordAfter(s: string, key: string, from = 0): string | null {
  const at = s.indexOf(key, from);
  if (at < 0) return null;
  const start = at + key.length;
  let end = start;
  while (end < s.length && s.charCodeAt(end) !== SPACE) end++;
  return s.slice(start, end);
}
