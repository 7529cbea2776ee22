/**
 * Reading stored results back: the list of stored files, a whole FileResult, one series.
 *
 * A file can hold ingests by several formats (the user forced another format); where a
 * caller names no format, the ingest that recognised the largest share of its lines (the
 * newest of equals) is the one read.
 */
import type { Database, Statement } from 'better-sqlite3';
import type {
  FileResult,
  FormatInfo,
  LineExample,
  LineTally,
  SubjectSeries,
} from '../../src-shared/ingest.js';
import type {
  DerivedKpis,
  KpiSecond,
  KpiSubject,
  SubjectSummary,
  UeLife,
} from '../../src-shared/kpis.js';
import type { FileListEntry } from '../../src-shared/api.js';
import type { RecordKind } from '../../src-shared/records.js';
import { DEFAULT_THRESHOLDS, judge } from '../engine/kpi/rules.js';
import { COUNTER_COLUMN_LIST, countersFromRow, countersFromValues } from './counters.js';

/** One stored ingest of one file, as a list of files shows it (the UI's contract). */
export type StoredFile = FileListEntry;

interface FileRow {
  id: number;
  sha256: string;
  path: string;
  name: string;
  size: number;
  content_size: number;
  mtime_ms: number;
}

interface IngestRow {
  id: number;
  file_id: number;
  format_id: string;
  format_name: string;
  parser_version: string;
  lines_total: number;
  lines_record: number;
  lines_other: number;
  lines_unrecognised: number;
  records_by_kind: string;
  first_ns: string | null;
  last_ns: string | null;
  time_anchor: string | null;
  time_base_sec: number | null;
  warnings: string;
  parse_ms: number;
  created_at: string;
}

interface SubjectRow extends Record<string, unknown> {
  cell: string | null;
  ue: string | null;
  kpis: string;
  life: string;
  dl_mcs_hist: string;
  ul_mcs_hist: string;
  ra_fail_causes: string;
  malperforming: number;
  rule: string | null;
  /** NULL in rows stored before schema version 8. */
  judged: number | null;
}

interface ListRow extends IngestRow {
  sha256: string;
  path: string;
  name: string;
  size: number;
  content_size: number;
  mtime_ms: number;
  ues: number;
  cells: number;
  bad_ues: number;
  bad_cells: number;
}

const parse = <T>(json: string) => JSON.parse(json) as T;

function formatOf(row: IngestRow): FormatInfo {
  return { id: row.format_id, name: row.format_name, version: row.parser_version };
}

function linesOf(row: IngestRow): LineTally {
  return {
    lines: row.lines_total,
    record: row.lines_record,
    other: row.lines_other,
    unrecognised: row.lines_unrecognised,
  };
}

function toSummary(row: SubjectRow): SubjectSummary {
  const counters = countersFromRow(row);
  const kpis = parse<DerivedKpis>(row.kpis);
  return {
    cell: row.cell,
    ue: row.ue,
    counters,
    kpis,
    life: parse<UeLife>(row.life),
    dlMcsHist: parse<number[]>(row.dl_mcs_hist),
    ulMcsHist: parse<number[]>(row.ul_mcs_hist),
    raFailCauses: parse<Record<string, number>>(row.ra_fail_causes),
    malperforming: row.malperforming === 1,
    rule: row.rule,
    judged:
      row.judged === null
        ? row.malperforming === 1 || judge(kpis, counters, DEFAULT_THRESHOLDS).judged
        : row.judged === 1,
  };
}

function toStoredFile(row: ListRow): StoredFile {
  const recordsByKind = parse<Record<string, number>>(row.records_by_kind);
  return {
    fileId: row.file_id,
    ingestId: row.id,
    path: row.path,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    contentBytes: row.content_size,
    mtimeMs: row.mtime_ms,
    format: formatOf(row),
    lines: linesOf(row),
    records: Object.values(recordsByKind).reduce((sum, n) => sum + n, 0),
    firstNs: row.first_ns,
    lastNs: row.last_ns,
    ueCount: row.ues,
    cellCount: row.cells,
    malperformingUeCount: row.bad_ues,
    malperformingCellCount: row.bad_cells,
    parseMs: row.parse_ms,
    warnings: parse<string[]>(row.warnings),
    ingestedAt: row.created_at,
  };
}

export class ResultReader {
  private readonly selectFile: Statement<[number], FileRow>;
  private readonly selectIngest: Statement<[number], IngestRow>;
  private readonly latestIngest: Statement<[number], { id: number }>;
  private readonly latestIngestOfFormat: Statement<[number, string], { id: number }>;
  private readonly selectSubjects: Statement<[number, string], SubjectRow>;
  private readonly selectSeriesList: Statement<[number], { id: number } & KpiSubject>;
  private readonly selectSeriesOf: Statement<
    [number, string | null, string | null],
    { id: number }
  >;
  private readonly selectSeconds: Statement<[number], unknown[]>;
  private readonly selectExamples: Statement<[number], LineExample>;
  private readonly selectList: Statement<[], ListRow>;

  constructor(db: Database) {
    this.selectFile = db.prepare('SELECT * FROM files WHERE id = ?');
    this.selectIngest = db.prepare('SELECT * FROM ingests WHERE id = ?');
    // Of a file's ingests by several formats, the one that read the most of it, then the
    // newest: a format forced by mistake does not hide the right reading.
    this.latestIngest = db.prepare(
      `SELECT id FROM ingests WHERE file_id = ?
       ORDER BY lines_unrecognised * 1.0 / max(lines_total, 1), id DESC LIMIT 1`,
    );
    this.latestIngestOfFormat = db.prepare(
      'SELECT id FROM ingests WHERE file_id = ? AND format_id = ? ORDER BY id DESC LIMIT 1',
    );
    this.selectSubjects = db.prepare(
      'SELECT * FROM subjects WHERE ingest_id = ? AND kind = ? ORDER BY id',
    );
    this.selectSeriesList = db.prepare(
      'SELECT id, cell, ue FROM series WHERE ingest_id = ? ORDER BY id',
    );
    this.selectSeriesOf = db.prepare(
      'SELECT id FROM series WHERE ingest_id = ? AND cell IS ? AND ue IS ? ORDER BY id LIMIT 1',
    );
    // Raw rows (arrays): the series are the bulk of what is read, and arrays are faster.
    this.selectSeconds = db
      .prepare<[number], unknown[]>(
        `SELECT t, ${COUNTER_COLUMN_LIST} FROM series_seconds WHERE series_id = ? ORDER BY t`,
      )
      .raw();
    this.selectExamples = db.prepare(
      'SELECT line, text FROM unrecognised_examples WHERE ingest_id = ? ORDER BY id',
    );
    this.selectList = db.prepare(
      `SELECT i.*, f.sha256, f.path, f.name, f.size, f.content_size, f.mtime_ms,
         coalesce(s.ues, 0) AS ues, coalesce(s.cells, 0) AS cells,
         coalesce(s.bad_ues, 0) AS bad_ues, coalesce(s.bad_cells, 0) AS bad_cells
       FROM ingests i
       JOIN files f ON f.id = i.file_id
       LEFT JOIN (
         SELECT ingest_id,
           sum(kind = 'ue') AS ues, sum(kind = 'cell') AS cells,
           sum(kind = 'ue' AND malperforming) AS bad_ues,
           sum(kind = 'cell' AND malperforming) AS bad_cells
         FROM subjects GROUP BY ingest_id
       ) s ON s.ingest_id = i.id
       ORDER BY i.id DESC`,
    );
  }

  /** Every stored ingest, most recent first. */
  listFiles(): StoredFile[] {
    return this.selectList.all().map(toStoredFile);
  }

  ingestOf(fileId: number, formatId?: string): number | null {
    const row = formatId
      ? this.latestIngestOfFormat.get(fileId, formatId)
      : this.latestIngest.get(fileId);
    return row?.id ?? null;
  }

  /** `series: false` leaves the per-second series out (empty): they are the bulk. */
  fileResult(
    fileId: number,
    formatId?: string,
    options: { series?: boolean } = {},
  ): FileResult | null {
    const ingestId = this.ingestOf(fileId, formatId);
    const file = this.selectFile.get(fileId);
    const ingest = ingestId === null ? undefined : this.selectIngest.get(ingestId);
    if (!file || !ingest) return null;

    return {
      file: {
        path: file.path,
        name: file.name,
        size: file.size,
        sha256: file.sha256,
        contentBytes: file.content_size,
        mtimeMs: file.mtime_ms,
      },
      format: formatOf(ingest),
      lines: linesOf(ingest),
      recordsByKind: parse<Partial<Record<RecordKind, number>>>(ingest.records_by_kind),
      unrecognisedExamples: this.selectExamples.all(ingest.id),
      firstNs: ingest.first_ns,
      lastNs: ingest.last_ns,
      timeAnchor: ingest.time_anchor,
      timeBaseSec: ingest.time_base_sec,
      ues: this.selectSubjects.all(ingest.id, 'ue').map(toSummary),
      cells: this.selectSubjects.all(ingest.id, 'cell').map(toSummary),
      series: options.series === false ? [] : this.allSeries(ingest.id),
      warnings: parse<string[]>(ingest.warnings),
      parseMs: ingest.parse_ms,
    };
  }

  /** Per-second KPIs of one UE or cell, by time; null if the file has no such series. */
  series(fileId: number, subject: KpiSubject, formatId?: string): KpiSecond[] | null {
    const ingestId = this.ingestOf(fileId, formatId);
    if (ingestId === null) return null;

    const row = this.selectSeriesOf.get(ingestId, subject.cell, subject.ue);
    return row ? this.seconds(row.id) : null;
  }

  private allSeries(ingestId: number): SubjectSeries[] {
    return this.selectSeriesList.all(ingestId).map((row) => ({
      subject: { cell: row.cell, ue: row.ue },
      seconds: this.seconds(row.id),
    }));
  }

  private seconds(seriesId: number): KpiSecond[] {
    return this.selectSeconds.all(seriesId).map((row) => ({
      t: row[0] as number,
      counters: countersFromValues(row, 1),
    }));
  }
}
