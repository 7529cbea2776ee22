/**
 * Small, allocation-light helpers for reading log text. They run once or more per line
 * on gigabytes of input, so they work on character codes and indexes rather than on
 * regular expressions or split strings.
 */

const ZERO = 48;
const NINE = 57;

/** Value of the digits in `s[start, end)`, or NaN if any is not a digit. */
export function digits(s: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return NaN;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Instant {
  sec: number;
  nsec: number;
}

/**
 * The fraction after a decimal point, from `s[start]` up to the first non-digit, as
 * nanoseconds (0 when there are no digits). Digits past the ninth add nothing.
 */
function fractionNs(s: string, start: number): number {
  let nsec = 0;
  let scale = 100_000_000;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    nsec += (c - ZERO) * scale;
    scale = Math.floor(scale / 10);
  }
  return nsec;
}

/**
 * Parses `YYYY-MM-DDTHH:MM:SS[.fffffffff]` (also with a space for `T`) at `s[start]`,
 * read as UTC. Returns null if the text there is not such a timestamp.
 */
export function parseIsoTimestamp(s: string, start = 0): Instant | null {
  if (s.length < start + 19) return null;
  if (s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return null;
  const sep = s.charCodeAt(start + 10);
  if (sep !== 84 && sep !== 32) return null;
  if (s.charCodeAt(start + 13) !== 58 || s.charCodeAt(start + 16) !== 58) return null;

  const year = digits(s, start, start + 4);
  const month = digits(s, start + 5, start + 7);
  const day = digits(s, start + 8, start + 10);
  const tod = parseClock(s, start + 11);
  if (tod === null || Number.isNaN(year + month + day) || month < 1 || month > 12) return null;
  if (day < 1 || day > 31) return null;

  return { sec: daysFromCivil(year, month, day) * 86_400 + tod.sec, nsec: tod.nsec };
}

/**
 * Parses `HH:MM:SS[.ffffff]` at `s[start]` into seconds since midnight and nanoseconds.
 * Returns null if the text there is not a time of day.
 */
export function parseClock(s: string, start = 0): Instant | null {
  if (s.length < start + 8) return null;
  if (s.charCodeAt(start + 2) !== 58 || s.charCodeAt(start + 5) !== 58) return null;
  const h = digits(s, start, start + 2);
  const m = digits(s, start + 3, start + 5);
  const sec = digits(s, start + 6, start + 8);
  if (Number.isNaN(h + m + sec) || h > 23 || m > 59 || sec > 60) return null;

  const nsec = s.charCodeAt(start + 8) === 46 ? fractionNs(s, start + 9) : 0;
  return { sec: h * 3600 + m * 60 + sec, nsec };
}

/** Length of `YYYY-MM-DDTHH:MM:SS`, the part of an ISO timestamp before its fraction. */
const ISO_SECONDS_LENGTH = 19;

/**
 * `parseIsoTimestamp(line, 0)` for the lines of one log, without its object per line. Lines
 * of a log mostly share their date and second with the line before, and reading the date is
 * the costly part; so the first 19 characters of the last timestamp read and their value are
 * kept, and a line that starts with the same characters has only its fraction read.
 */
export class IsoTimestampReader {
  /** Seconds and nanoseconds of the last timestamp read. */
  sec = 0;
  nsec = 0;
  private secondsText = '';
  private secondsValue = 0;

  /** Reads the timestamp at the start of `line` into `sec` and `nsec`; false when none. */
  read(line: string): boolean {
    if (this.secondsText.length === 0 || !line.startsWith(this.secondsText)) {
      const time = parseIsoTimestamp(line, 0);
      if (time === null) return false;
      this.secondsText = line.slice(0, ISO_SECONDS_LENGTH);
      this.secondsValue = time.sec;
    }
    this.sec = this.secondsValue;
    this.nsec =
      line.charCodeAt(ISO_SECONDS_LENGTH) === 46 ? fractionNs(line, ISO_SECONDS_LENGTH + 1) : 0;
    return true;
  }
}

/**
 * The value of `key=` in `s`, up to the next space, comma, semicolon, tab, closing bracket
 * or end; null if the key is absent. `key` includes the `=`. A match must start the text or
 * follow a character that cannot be part of a name, so `rnti=` does not match inside
 * `c-rnti=` (ask for `c-rnti=` to get that one).
 */
export function field(s: string, key: string, from = 0): string | null {
  const start = valueStart(s, key, from);
  return start < 0 ? null : s.slice(start, valueEnd(s, start));
}

/** Where the value of `key` starts in `s`, found as `field()` finds it; -1 when absent. */
export function valueStart(s: string, key: string, from = 0): number {
  let at = s.indexOf(key, from);
  while (at > 0 && isIdentChar(s.charCodeAt(at - 1))) at = s.indexOf(key, at + 1);
  return at < 0 ? -1 : at + key.length;
}

/** Where a value that starts at `start` ends: at a space, comma, `]`, `)`, `;`, tab or the end. */
export function valueEnd(s: string, start: number): number {
  let end = start;
  while (end < s.length) {
    const c = s.charCodeAt(end);
    if (c === 32 || c === 44 || c === 93 || c === 41 || c === 59 || c === 9) break;
    end++;
  }
  return end;
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= ZERO && c <= NINE) ||
    c === 95 ||
    c === 45
  );
}

/** `field()` read as a number (decimal, or hex with 0x); null when absent or not a number. */
export function numField(s: string, key: string, from = 0): number | null {
  const start = valueStart(s, key, from);
  return start < 0 ? null : numberAt(s, start, valueEnd(s, start));
}

/** Longest run of decimal digits whose value a double holds exactly. */
const MAX_EXACT_DIGITS = 15;

/**
 * `toNumber(s.slice(start, end))`, without the slice for plain decimal digits (most values),
 * whose value is summed here exactly as `Number()` would give it.
 */
export function numberAt(s: string, start: number, end: number): number | null {
  if (end > start && end - start <= MAX_EXACT_DIGITS) {
    const value = digits(s, start, end);
    if (!Number.isNaN(value)) return value;
  }
  return toNumber(s.slice(start, end));
}

/** A decimal or 0x-hex number, or null (also for "n/a", "nan", "-inf" and the like). */
export function toNumber(v: string): number | null {
  if (v.length === 0) return null;
  const n = v.charCodeAt(1) === 120 && v.charCodeAt(0) === ZERO ? parseInt(v, 16) : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** An RNTI written as hex with or without 0x ("0x4601", "4601", "0x44"). */
export function parseRnti(v: string | null): number | null {
  if (v === null || v.length === 0) return null;
  const hex = v.startsWith('0x') || v.startsWith('0X') ? v.slice(2) : v;
  const n = parseInt(hex, 16);
  return Number.isFinite(n) && isHexDigits(hex) ? n : null;
}

/** `parseRnti(field(s, key, from))`, without the slices. */
export function rntiField(s: string, key: string, from = 0): number | null {
  const start = valueStart(s, key, from);
  return start < 0 ? null : rntiAt(s, start, valueEnd(s, start));
}

/** Longest run of hex digits whose value a double holds exactly. */
const MAX_EXACT_HEX_DIGITS = 13;

/** `parseRnti(s.slice(start, end))`, without the slice for up to 13 hex digits. */
export function rntiAt(s: string, start: number, end: number): number | null {
  let i = start;
  if (end - start >= 2 && s.charCodeAt(start) === ZERO && (s.charCodeAt(start + 1) | 32) === 120) {
    i += 2; // "0x" or "0X"
  }
  if (end <= i || end - i > MAX_EXACT_HEX_DIGITS) return parseRnti(s.slice(start, end));
  let value = 0;
  for (; i < end; i++) {
    const digit = hexDigitValue(s.charCodeAt(i));
    if (digit < 0) return null;
    value = value * 16 + digit;
  }
  return value;
}

/** Value of a hex digit's character code, -1 for any other character. */
function hexDigitValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/** True when `v` is one or more hex digits (a loop: a regular expression costs more here). */
function isHexDigits(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (hexDigitValue(v.charCodeAt(i)) < 0) return false;
  return true;
}

const SI: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/**
 * A number with an optional SI suffix as console tables print them ("6.9M", "214k",
 * "1.0G", "0"); null for "n/a", "ovl" and anything else that is not a number.
 */
export function parseSi(v: string): number | null {
  if (v.length === 0) return null;
  const mult = SI[v[v.length - 1]];
  const n = mult === undefined ? Number(v) : Number(v.slice(0, -1)) * mult;
  return Number.isFinite(n) ? n : null;
}

// ESC is the very character to find here.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** The line without ANSI colour sequences. Cheap when there are none. */
export function stripAnsi(line: string): string {
  return line.indexOf('\x1b') < 0 ? line : line.replace(ANSI, '');
}
