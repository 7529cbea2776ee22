/**
 * Shared bits of the store tests: temporary data folders and a raw view of the tables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { STORE_FILE_NAME } from '../../src-main/store/store.js';

/** A fixed clock, so whole JobInfo objects can be compared. */
export const NOW = '2024-01-02T03:04:05.000Z';
export const fixedClock = () => new Date(NOW);

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'maclog-store-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function storeFile(dataDir: string): string {
  return path.join(dataDir, STORE_FILE_NAME);
}

export const DATA_TABLES = [
  'files',
  'ingests',
  'subjects',
  'series',
  'series_seconds',
  'unrecognised_examples',
] as const;

/** Row counts of the data tables, read through a separate connection. */
export function countRows(dataDir: string): Record<string, number> {
  const db = new Database(storeFile(dataDir), { readonly: true });
  try {
    const counts: Record<string, number> = {};
    for (const table of [...DATA_TABLES, 'jobs']) {
      counts[table] = db.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get() as number;
    }
    return counts;
  } finally {
    db.close();
  }
}
