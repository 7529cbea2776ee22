/**
 * Field readers for the shapes srsLTE and srsRAN 4G print that `field()` alone cannot
 * read: PRB ranges with a comma inside, values in braces, BSR level indexes.
 */
import { field, numField, parseRnti, toNumber } from '../text.js';

/**
 * A PRB range after `key` as `[start, end)`. srsLTE prints `(2,5)`, srsRAN 4G prints
 * `[2, 5)`; both mean PRBs 2, 3 and 4 (the end is excluded).
 */
export function prbRange(s: string, key: string, from: number): [number, number] | null {
  const at = s.indexOf(key, from);
  if (at < 0) return null;
  const open = at + key.length;
  const comma = s.indexOf(',', open);
  const close = s.indexOf(')', open);
  if (comma < 0 || close < comma) return null;
  const start = toNumber(s.slice(open + 1, comma).trim());
  const end = toNumber(s.slice(comma + 1, close).trim());
  return start === null || end === null ? null : [start, end];
}

/** The first number of `key{a,b}` (`mcs={15}`, `rv={0,1}`), or of a plain `key=15`. */
export function firstOfSet(s: string, key: string, from: number): number | null {
  const v = field(s, key, from);
  if (v === null) return null;
  if (v.charCodeAt(0) !== 123) return toNumber(v);
  const comma = v.indexOf(',');
  const end = comma > 0 ? comma : v.indexOf('}');
  return end > 1 ? toNumber(v.slice(1, end)) : null;
}

/** An `rnti=0x46` value (hex in every version of these logs). */
export function rntiField(s: string, key: string, from: number): number | null {
  return parseRnti(field(s, key, from));
}

/** A decimal field as an integer, or null. */
export function intField(s: string, key: string, from: number): number | null {
  const v = numField(s, key, from);
  return v === null ? null : Math.trunc(v);
}

/**
 * Upper bounds in bytes of the 64 buffer size levels of a BSR (TS 36.321 Table
 * 6.1.3.1-1). Level 0 is an empty buffer and level 63 means "more than 150000"; srsRAN
 * itself turns a level into the upper bound of its range, and so do we.
 */
const BSR_LEVEL_BYTES = [
  0, 10, 12, 14, 17, 19, 22, 26, 31, 36, 42, 49, 57, 67, 78, 91, 107, 125, 146, 171, 200, 234, 274,
  321, 376, 440, 515, 603, 706, 826, 967, 1132, 1326, 1552, 1817, 2127, 2490, 2915, 3413, 3995,
  4677, 5476, 6411, 7505, 8787, 10287, 12043, 14099, 16507, 19325, 22624, 26487, 31009, 36304,
  42502, 49759, 58255, 68201, 79846, 93479, 109439, 128125, 150000, 150000,
];

/** Bytes reported by a BSR buffer size level (0 to 63), or null for anything else. */
export function bsrLevelBytes(level: number | null): number | null {
  if (level === null || !Number.isInteger(level) || level < 0 || level > 63) return null;
  return BSR_LEVEL_BYTES[level];
}

/** Distance in TTIs from `a` forward to `b`, on the 10240-TTI hyperframe wheel. */
export function ttiDistance(a: number, b: number): number {
  return (((b - a) % 10240) + 10240) % 10240;
}
