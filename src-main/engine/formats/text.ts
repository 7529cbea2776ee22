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
 * Reads the fraction after a decimal point at `s[start]` up to the first non-digit,
 * as nanoseconds. Returns -1 in `end` of the result if there are no digits.
 */
function fractionNs(s: string, start: number): { nsec: number; end: number } {
  let nsec = 0;
  let scale = 100_000_000;
  let i = start;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    nsec += (c - ZERO) * scale;
    scale = Math.floor(scale / 10);
  }
  return { nsec, end: i === start ? -1 : i };
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

  let nsec = 0;
  if (s.charCodeAt(start + 8) === 46) {
    const frac = fractionNs(s, start + 9);
    if (frac.end > 0) nsec = frac.nsec;
  }
  return { sec: h * 3600 + m * 60 + sec, nsec };
}

/**
 * The value of `key=` in `s`, up to the next space, comma, semicolon, tab, closing bracket
 * or end; null if the key is absent. `key` includes the `=`. A match must start the text or
 * follow a character that cannot be part of a name, so `rnti=` does not match inside
 * `c-rnti=` (ask for `c-rnti=` to get that one).
 */
export function field(s: string, key: string, from = 0): string | null {
  let at = s.indexOf(key, from);
  while (at > 0 && isIdentChar(s.charCodeAt(at - 1))) at = s.indexOf(key, at + 1);
  if (at < 0) return null;
  const start = at + key.length;
  let end = start;
  while (end < s.length) {
    const c = s.charCodeAt(end);
    if (c === 32 || c === 44 || c === 93 || c === 41 || c === 59 || c === 9) break;
    end++;
  }
  return s.slice(start, end);
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
  const v = field(s, key, from);
  return v === null ? null : toNumber(v);
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
  return Number.isFinite(n) && /^[0-9a-fA-F]+$/.test(hex) ? n : null;
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
