/**
 * Number formatting for the hot path: `toFixed` is slow and runs millions of times per
 * gigabyte, so one-decimal values come from a table of strings built once.
 */

const TENTHS_LIMIT = 20_000;

/** "0.0", "0.1", ... "1999.9". */
const TENTHS: readonly string[] = Array.from(
  { length: TENTHS_LIMIT },
  (_, i) => `${Math.floor(i / 10)}.${i % 10}`,
);

/** `value` with one decimal, like `value.toFixed(1)` (rounding half away from zero). */
export function fixed1(value: number): string {
  const tenths = Math.round(Math.abs(value) * 10);
  const text = tenths < TENTHS_LIMIT ? TENTHS[tenths] : Math.abs(value).toFixed(1);
  return value < 0 && tenths > 0 ? '-' + text : text;
}

/** Tenths `tenths / 10` with one decimal: fixed1 of an integer count of tenths (>= 0). */
export function tenths(count: number): string {
  return count < TENTHS_LIMIT ? TENTHS[count] : (count / 10).toFixed(1);
}
