/**
 * KpiCounters <-> table columns. Summaries and per-second series keep each counter in a
 * column named after its field in snake case (dlRetxGrants -> dl_retx_grants).
 */
import type { Database } from 'better-sqlite3';
import { COUNTER_NAMES, emptyCounters, type KpiCounters } from '../../src-shared/kpis.js';

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => '_' + letter.toLowerCase());
}

/** Column of each counter, in COUNTER_NAMES order. */
export const COUNTER_COLUMNS: readonly string[] = COUNTER_NAMES.map(snakeCase);

/** "dl_grants, dl_retx_grants, ..." for SELECT and INSERT lists. */
export const COUNTER_COLUMN_LIST = COUNTER_COLUMNS.join(', ');

/** Values to bind, in COUNTER_COLUMNS order. phrMin's +Infinity (no PHR seen) is NULL. */
export function counterValues(counters: KpiCounters): (number | null)[] {
  return COUNTER_NAMES.map((name) => {
    const value = counters[name];
    return value === Infinity ? null : value;
  });
}

/** Counters from a row whose counter columns are named as in COUNTER_COLUMNS. */
export function countersFromRow(row: Record<string, unknown>): KpiCounters {
  const counters = emptyCounters();
  for (let i = 0; i < COUNTER_NAMES.length; i++) {
    const value = row[COUNTER_COLUMNS[i]];
    if (typeof value === 'number') counters[COUNTER_NAMES[i]] = value;
  }
  return counters;
}

/**
 * Counters from a raw row (an array) whose counter columns start at `offset`, in
 * COUNTER_COLUMNS order: the fast path for per-second series.
 */
export function countersFromValues(values: unknown[], offset: number): KpiCounters {
  const counters = emptyCounters();
  for (let i = 0; i < COUNTER_NAMES.length; i++) {
    const value = values[offset + i];
    if (typeof value === 'number') counters[COUNTER_NAMES[i]] = value;
  }
  return counters;
}

/**
 * Checks that every counter has a column in `table`. A counter added to KpiCounters
 * without a migration is a programming error: say so at startup, not on the first save.
 */
export function checkCounterColumns(db: Database, table: string): void {
  const columns = new Set(
    (db.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name),
  );
  const missing = COUNTER_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new Error(
      `the store's table ${table} has no column for ${missing.join(', ')}: ` +
        'add a migration in src-main/store/migrations.ts',
    );
  }
}
