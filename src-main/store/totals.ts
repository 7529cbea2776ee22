/**
 * What the store holds, summed over every stored ingest, for /metrics: it is read at every
 * scrape, whichever process ingested the files.
 *
 * So it reads only small tables: files (a row per file), ingests (a row per ingest, with
 * its lines and records by kind), and of the subjects the index `subjects_by_ingest` plus
 * the cell rows. It never reads the per-second series, which are the bulk of the database
 * (a test checks the query plans).
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';

/** Totals of the stored ingests by one format. */
export interface FormatTotals {
  format: string;
  ingests: number;
  unrecognisedLines: number;
  ues: number;
  malperformingUes: number;
  /** Failed decodes: DL HARQ NACKs and UL CRC KOs. */
  dlFailures: number;
  ulFailures: number;
}

export interface RecordTotal {
  format: string;
  kind: string;
  count: number;
}

export interface StoreTotals {
  /** Stored files: distinct contents, however many formats read each. */
  files: number;
  /** Their sizes as read from disk (a .gz counts compressed). */
  bytes: number;
  /** By format id, in order. */
  formats: FormatTotals[];
  /** By format id and record kind, in order. */
  records: RecordTotal[];
}

/** The queries, exported for the test that checks their plans. */
export const TOTALS_SQL = {
  files: 'SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files',

  // Per ingest first, then per format. A cell's counters are the sum of its UEs', so an
  // ingest's failures are its cells' when it has cells, else its UEs' (as recordResult
  // counts them for the process counters); coalesce() reads the UEs only when the cells
  // gave NULL, that is when there are none.
  formats: `
    WITH per_ingest AS (
      SELECT i.format_id, i.lines_unrecognised,
        (SELECT count(*) FROM subjects WHERE ingest_id = i.id AND kind = 'ue') AS ues,
        (SELECT count(*) FROM subjects
          WHERE ingest_id = i.id AND kind = 'ue' AND malperforming = 1) AS bad_ues,
        coalesce(
          (SELECT sum(dl_fails) FROM subjects WHERE ingest_id = i.id AND kind = 'cell'),
          (SELECT sum(dl_fails) FROM subjects WHERE ingest_id = i.id AND kind = 'ue'),
          0) AS dl_fails,
        coalesce(
          (SELECT sum(ul_fails) FROM subjects WHERE ingest_id = i.id AND kind = 'cell'),
          (SELECT sum(ul_fails) FROM subjects WHERE ingest_id = i.id AND kind = 'ue'),
          0) AS ul_fails
      FROM ingests i
    )
    SELECT format_id AS format, count(*) AS ingests,
      sum(lines_unrecognised) AS unrecognisedLines, sum(ues) AS ues,
      sum(bad_ues) AS malperformingUes, sum(dl_fails) AS dlFailures, sum(ul_fails) AS ulFailures
    FROM per_ingest GROUP BY format_id ORDER BY format_id`,

  records: `
    SELECT i.format_id AS format, r.key AS kind, sum(r.value) AS count
    FROM ingests i, json_each(i.records_by_kind) r
    GROUP BY i.format_id, r.key ORDER BY i.format_id, r.key`,
} as const;

export class TotalsReader {
  private readonly selectFiles: Statement<[], { files: number; bytes: number }>;
  private readonly selectFormats: Statement<[], FormatTotals>;
  private readonly selectRecords: Statement<[], RecordTotal>;
  private readonly readAll: Transaction<() => StoreTotals>;

  constructor(db: Database) {
    this.selectFiles = db.prepare(TOTALS_SQL.files);
    this.selectFormats = db.prepare(TOTALS_SQL.formats);
    this.selectRecords = db.prepare(TOTALS_SQL.records);
    // One read transaction: the three answers come from the same snapshot, so a file
    // stored by another process between two of them cannot make them disagree.
    this.readAll = db.transaction(() => ({
      ...this.selectFiles.get()!,
      formats: this.selectFormats.all(),
      records: this.selectRecords.all(),
    }));
  }

  read(): StoreTotals {
    return this.readAll();
  }
}
