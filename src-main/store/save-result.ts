/**
 * Writing one FileResult: the file, the ingest and everything under it, and the job's
 * outcome, in a single transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { FileResult, FormatInfo, SourceFile, SubjectSeries } from '../../src-shared/ingest.js';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import { COUNTER_COLUMNS, COUNTER_COLUMN_LIST, counterValues } from './counters.js';
import { JobStateError, type JobRepo } from './jobs.js';

/** Points inside saveResult's transaction where a test hook may run. */
export type SaveStep = 'file' | 'ingest' | 'subjects' | 'series' | 'examples';

export interface SaveHooks {
  /** Runs inside the transaction after each step (tests use it to crash mid-save). */
  afterStep?: (step: SaveStep) => void;
}

type SubjectKind = 'ue' | 'cell';
type Value = string | number | null;

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

export class ResultWriter {
  private readonly upsertFile: Statement<Value[], { id: number }>;
  private readonly deleteSameFormat: Statement<[number, string]>;
  private readonly insertIngest: Statement<Value[]>;
  private readonly insertSubject: Statement<Value[]>;
  private readonly insertSeries: Statement<[number, string | null, string | null]>;
  private readonly insertSecond: Statement<Value[]>;
  private readonly insertExample: Statement<[number, number, string]>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly jobs: JobRepo,
  ) {
    // Same content under a new path or mtime: the row follows the latest ingest.
    this.upsertFile = db.prepare<Value[], { id: number }>(
      `INSERT INTO files (id, sha256, path, name, size, content_size, mtime_ms, created_at)
       VALUES (${nextId('files')}, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO UPDATE
         SET path = excluded.path, name = excluded.name, mtime_ms = excluded.mtime_ms
       RETURNING id`,
    );
    // Subjects, series, seconds and examples go with it (ON DELETE CASCADE).
    this.deleteSameFormat = db.prepare('DELETE FROM ingests WHERE file_id = ? AND format_id = ?');
    this.insertIngest = db.prepare<Value[]>(
      `INSERT INTO ingests (id, file_id, job_id, format_id, format_name, parser_version,
         lines_total, lines_record, lines_other, lines_unrecognised, records_by_kind,
         first_ns, last_ns, time_anchor, warnings, parse_ms, created_at, time_base_sec)
       VALUES (${nextId('ingests')}, ${placeholders(17)})`,
    );
    this.insertSubject = db.prepare<Value[]>(
      `INSERT INTO subjects (ingest_id, kind, cell, ue, ${COUNTER_COLUMN_LIST}, kpis, life,
         dl_mcs_hist, ul_mcs_hist, ra_fail_causes, malperforming, rule, judged)
       VALUES (${placeholders(4 + COUNTER_COLUMNS.length + 8)})`,
    );
    this.insertSeries = db.prepare('INSERT INTO series (ingest_id, cell, ue) VALUES (?, ?, ?)');
    this.insertSecond = db.prepare<Value[]>(
      `INSERT INTO series_seconds (series_id, t, ${COUNTER_COLUMN_LIST})
       VALUES (${placeholders(2 + COUNTER_COLUMNS.length)})`,
    );
    this.insertExample = db.prepare(
      'INSERT INTO unrecognised_examples (ingest_id, line, text) VALUES (?, ?, ?)',
    );
  }

  /** Stores `result` as the outcome of job `jobId`; returns the file's id. */
  save(jobId: number, result: FileResult, hooks: SaveHooks = {}): number {
    const step = (name: SaveStep) => hooks.afterStep?.(name);

    const write = this.db.transaction(() => {
      this.requireActiveJob(jobId);

      const fileId = this.writeFile(result.file);
      step('file');

      this.dropReplacedIngests(fileId, result.format);
      const ingestId = this.writeIngest(fileId, jobId, result);
      step('ingest');

      this.writeSubjects(ingestId, 'ue', result.ues);
      this.writeSubjects(ingestId, 'cell', result.cells);
      step('subjects');

      for (const series of result.series) this.writeSeries(ingestId, series);
      step('series');

      for (const example of result.unrecognisedExamples) {
        this.insertExample.run(ingestId, example.line, example.text);
      }
      step('examples');

      this.jobs.finish(jobId, fileId, result.file.size, false);
      return fileId;
    });

    // IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout)
    // instead of failing half-way when a read lock cannot be upgraded.
    return write.immediate();
  }

  private requireActiveJob(jobId: number): void {
    const job = this.jobs.get(jobId);
    if (!job || (job.state !== 'queued' && job.state !== 'running')) {
      throw new JobStateError(jobId, job?.state ?? null, 'save its result');
    }
  }

  private writeFile(file: SourceFile): number {
    const row = this.upsertFile.get(
      file.sha256,
      file.path,
      file.name,
      file.size,
      file.contentBytes ?? file.size,
      file.mtimeMs,
      this.now().toISOString(),
    );
    return row!.id;
  }

  /**
   * A file keeps one ingest per format: the latest saved. So a newer parser version
   * re-ingests and replaces what an older one stored, and saving the same version again
   * replaces it too (a save is idempotent). Running an older app on the file afterwards
   * replaces it back: what the user last ran is what they see.
   */
  private dropReplacedIngests(fileId: number, format: FormatInfo): void {
    this.deleteSameFormat.run(fileId, format.id);
  }

  private writeIngest(fileId: number, jobId: number, result: FileResult): number {
    const { format, lines } = result;
    const { lastInsertRowid } = this.insertIngest.run(
      fileId,
      jobId,
      format.id,
      format.name,
      format.version,
      lines.lines,
      lines.record,
      lines.other,
      lines.unrecognised,
      JSON.stringify(result.recordsByKind),
      result.firstNs,
      result.lastNs,
      result.timeAnchor,
      JSON.stringify(result.warnings),
      result.parseMs,
      this.now().toISOString(),
      result.timeBaseSec,
    );
    return Number(lastInsertRowid);
  }

  private writeSubjects(ingestId: number, kind: SubjectKind, summaries: SubjectSummary[]): void {
    for (const summary of summaries) {
      this.insertSubject.run(
        ingestId,
        kind,
        summary.cell,
        summary.ue,
        ...counterValues(summary.counters),
        JSON.stringify(summary.kpis),
        JSON.stringify(summary.life),
        JSON.stringify(summary.dlMcsHist),
        JSON.stringify(summary.ulMcsHist),
        JSON.stringify(summary.raFailCauses),
        summary.malperforming ? 1 : 0,
        summary.rule,
        summary.judged ? 1 : 0,
      );
    }
  }

  private writeSeries(ingestId: number, series: SubjectSeries): void {
    const { cell, ue } = series.subject;
    const seriesId = Number(this.insertSeries.run(ingestId, cell, ue).lastInsertRowid);

    for (const second of series.seconds) {
      try {
        this.insertSecond.run(seriesId, second.t, ...counterValues(second.counters));
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
        throw new Error(`series of cell ${cell} ue ${ue} has second ${second.t} twice`, {
          cause: error,
        });
      }
    }
  }
}

/**
 * The id for a new row of `table`: above every id in use and every id deleted, so that an
 * id, once given, always means the same file or ingest (Loki labels and links hold them).
 */
function nextId(table: 'files' | 'ingests'): string {
  return `(SELECT max(
      coalesce((SELECT max(id) FROM ${table}), 0),
      coalesce((SELECT max_id FROM retired_ids WHERE table_name = '${table}'), 0)
    ) + 1)`;
}
