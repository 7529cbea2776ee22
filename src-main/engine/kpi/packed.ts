/**
 * Per-second counters as a range sends them to the main thread: one Float64Array with a
 * row of COUNTER_NAMES per second, instead of an object per second.
 *
 * A 64 MB range of a debug log has a couple of thousand such seconds, and the main thread
 * holds every range's until the merge. As objects, each cost the worker a structured-clone
 * write and the main thread a read that builds it key by key, and they took about 100 MB
 * of the main thread's heap for a 5 GB log; as rows they are one copy of their bytes.
 */
import {
  combineCounter,
  COUNTER_NAMES,
  emptyCounters,
  type KpiCounters,
} from '../../../src-shared/kpis.js';

const WIDTH = COUNTER_NAMES.length;
const EMPTY = emptyCounters();

/**
 * The counters in rows, or null when every one of them is empty (a log of per-slot records
 * has no statistics in any second, and a console table has no records), so that nothing is
 * sent for them at all.
 */
export function packCounters(list: KpiCounters[]): Float64Array | null {
  if (list.every(isEmpty)) return null;
  const rows = new Float64Array(list.length * WIDTH);
  list.forEach((c, row) => {
    const at = row * WIDTH;
    COUNTER_NAMES.forEach((name, i) => (rows[at + i] = c[name]));
  });
  return rows;
}

/** The counters of row `row`, as a new object; empty counters when `rows` is null. */
export function unpackCounters(rows: Float64Array | null, row: number): KpiCounters {
  const c = emptyCounters();
  if (rows === null) return c;
  const at = row * WIDTH;
  for (let i = 0; i < WIDTH; i++) c[COUNTER_NAMES[i]] = asSmallInteger(rows[at + i]);
  return c;
}

/** Adds row `row` of `rows` into `into`, as `mergeCounters` adds one object to another. */
export function addPackedRow(into: KpiCounters, rows: Float64Array, row: number): void {
  const at = row * WIDTH;
  for (let i = 0; i < WIDTH; i++) {
    const name = COUNTER_NAMES[i];
    into[name] = combineCounter(name, into[name], asSmallInteger(rows[at + i]));
  }
}

/**
 * A whole number read from a Float64Array, as V8 stores it best. A value read from a
 * Float64Array is a double even when whole, and a counter object whose fields held doubles
 * keeps each in a box of its own: 970 bytes an object instead of 380.
 */
function asSmallInteger(v: number): number {
  return (v | 0) === v ? v | 0 : v;
}

function isEmpty(c: KpiCounters): boolean {
  return COUNTER_NAMES.every((name) => c[name] === EMPTY[name]);
}
