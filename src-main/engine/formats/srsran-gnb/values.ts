/**
 * Small readers for the value shapes srsRAN prints: RB ranges, dB intervals, slot points,
 * bit strings, UE indexes. They work on one field's text, found with `field()`.
 */
import { digits, field, numberAt, valueEnd, valueStart } from '../text.js';

/**
 * srsRAN's `INVALID_DU_UE_INDEX` (MAX_NOF_DU_UES): the "ue=" of a grant made before the UE
 * exists, i.e. a Msg3. Such an index names no UE.
 */
const INVALID_UE_INDEX = 1024;

/** A value as printed before a colon ("ue=0: RLF detected", "cell=0: Cell was stopped"). */
export function trimColon(v: string | null): string | null {
  return v !== null && v.endsWith(':') ? v.slice(0, -1) : v;
}

/** `field()` without a trailing colon. */
export function fieldBeforeColon(s: string, key: string, from = 0): string | null {
  return trimColon(field(s, key, from));
}

/** The "ue=" value as a UE id, or null when absent or the invalid marker. */
export function ueIdField(s: string, from = 0): string | null {
  return ueIdAt(s, valueStart(s, 'ue=', from));
}

/** `ueIdField()` of the "ue=" value that starts at `start` (-1: absent). */
export function ueIdAt(s: string, start: number): string | null {
  if (start < 0) return null;
  let end = valueEnd(s, start);
  if (end > start && s.charCodeAt(end - 1) === 58 /* : */) end--;
  if (end === start) return null;
  // Mostly plain digits, read in place; anything else as Number() reads it.
  const plain = digitsValue(s, start, end);
  const n = plain >= 0 ? plain : Number(s.slice(start, end));
  return Number.isInteger(n) && n >= 0 && n < INVALID_UE_INDEX ? s.slice(start, end) : null;
}

/** True when "ue=" holds the invalid marker (the grant is for a UE still in random access). */
export function isInvalidUe(s: string, from = 0): boolean {
  return isInvalidUeAt(s, valueStart(s, 'ue=', from));
}

/** `isInvalidUe()` of the "ue=" value that starts at `start` (-1: absent). */
export function isInvalidUeAt(s: string, start: number): boolean {
  const n = start < 0 ? null : numberAt(s, start, valueEnd(s, start));
  return n !== null && n >= INVALID_UE_INDEX;
}

export interface RbSpan {
  start: number;
  count: number;
}

/**
 * An RB range after `key`: the scheduler writes "rb=[0..40)", the PHY "prb=[3, 39)"; both are
 * half-open. Null when absent or malformed.
 */
export function rbSpan(s: string, key: string, from = 0): RbSpan | null {
  let at = s.indexOf(key, from);
  if (at < 0 || s.charCodeAt(at + key.length) !== 91 /* [ */) return null;
  at += key.length + 1;
  const close = s.indexOf(')', at);
  if (close < 0) return null;
  return plainRbSpan(s, at, close) ?? parsedRbSpan(s.slice(at, close));
}

/**
 * The common case of `parsedRbSpan()`, read in place: "0..40" or "3, 39" in `s[at, close)`
 * with nothing but digits around the separator. Null for any other text.
 */
function plainRbSpan(s: string, at: number, close: number): RbSpan | null {
  let sep = at;
  while (sep < close && isDigit(s.charCodeAt(sep))) sep++;
  let second: number;
  if (s.startsWith('..', sep)) second = sep + 2;
  else if (s.charCodeAt(sep) === 44 /* , */) second = skipSpaces(s, sep + 1, close);
  else return null;
  const start = digitsValue(s, at, sep);
  const end = digitsValue(s, second, close);
  if (start < 0 || end < 0 || end < start) return null;
  return { start, count: end - start };
}

/** "0..40" or "3, 39" as written: split at the separator and read as numbers. */
function parsedRbSpan(inner: string): RbSpan | null {
  const sep = inner.indexOf('..') >= 0 ? '..' : ',';
  const parts = inner.split(sep);
  if (parts.length !== 2) return null;
  const start = Number(parts[0]);
  const end = Number(parts[1]);
  if (!Number.isInteger(start) || !Number.isInteger(end) || end < start) return null;
  return { start, count: end - start };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function skipSpaces(s: string, from: number, to: number): number {
  let i = from;
  while (i < to && s.charCodeAt(i) === 32) i++;
  return i;
}

/** Longest run of decimal digits whose value a double holds exactly. */
const MAX_EXACT_DIGITS = 15;

/** Value of the digits `s[start, end)`; -1 when empty, too long or not all digits. */
function digitsValue(s: string, start: number, end: number): number {
  if (end <= start || end - start > MAX_EXACT_DIGITS) return -1;
  const value = digits(s, start, end);
  return Number.isNaN(value) ? -1 : value;
}

/**
 * The number that starts the value after `key`, skipping an opening "[": the lower bound of
 * an interval such as "ph=[7..8)dB", or a plain "ph=7dB". Null when there is none.
 */
export function lowerBound(s: string, key: string, from = 0): number | null {
  let at = s.indexOf(key, from);
  if (at < 0) return null;
  at += key.length;
  if (s.charCodeAt(at) === 91 /* [ */) at++;
  const n = parseFloat(s.slice(at, at + 12));
  return Number.isFinite(n) ? n : null;
}

/** A value with a unit suffix, "3.1dB" or "7.81us", read as the number before the unit. */
export function numberWithUnit(v: string | null): number | null {
  if (v === null) return null;
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : null;
}

/** "true"/"false" (or 1/0) of `key`, null when absent. */
export function boolField(s: string, key: string, from = 0): boolean | null {
  const v = field(s, key, from);
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return null;
}

/** A slot point "522.9" (SFN.slot). */
export interface SlotPoint {
  sfn: number;
  slot: number;
}

/** Reads "522.9" into a slot point; null when malformed. */
export function parseSlotPoint(v: string | null): SlotPoint | null {
  if (v === null) return null;
  const dot = v.indexOf('.');
  if (dot <= 0) return null;
  const sfn = Number(v.slice(0, dot));
  const slot = Number(v.slice(dot + 1));
  return Number.isInteger(sfn) && Number.isInteger(slot) ? { sfn, slot } : null;
}

/**
 * UCI bits as the PHY prints them: one digit per bit, "1" and "0" for a decoded bit and "2"
 * for a bit that could not be decoded. True when `v` is such a string.
 */
export function isUciBits(v: string | null): v is string {
  if (v === null || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 50) return false;
  }
  return true;
}

/**
 * The wideband CQI of a CSI Part 1 payload, when it can be told without the CSI report
 * configuration: with one CSI-RS port and no rank or precoder fields the payload is just the
 * 4-bit CQI, most significant bit first (TS 38.212, 6.3.1.1.2). Other sizes, or bits that were
 * not decoded ("2"), give null.
 */
export function cqiOfCsiBits(v: string | null): number | null {
  if (!isUciBits(v) || v.length !== 4 || v.indexOf('2') >= 0) return null;
  return parseInt(v, 2);
}
