/**
 * The per-machine store: one SQLite file with the ingest jobs and every stored result.
 *
 * Open it with openStore(); use one Store per process. Writes of a result happen in one
 * transaction, so a crash (even kill -9) leaves either the whole result or nothing; jobs
 * that were running when the process died are found by recoverInterrupted().
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import envPaths from 'env-paths';
import type { FileResult, JobInfo, JobState } from '../../src-shared/ingest.js';
import type { KpiSecond, KpiSubject } from '../../src-shared/kpis.js';
import { AccountRepo } from './accounts.js';
import { checkCounterColumns } from './counters.js';
import { JobRepo, type JobOptions } from './jobs.js';
import { migrate } from './migrations.js';
import { ResultReader, type StoredFile } from './read-result.js';
import { ResultWriter, type SaveHooks } from './save-result.js';
import { ShipmentRepo } from './shipments.js';
import { TotalsReader, type StoreTotals } from './totals.js';

export { JobStateError, type JobOptions } from './jobs.js';
export type { StoredUser, UserChange } from './accounts.js';
export { SCHEMA_VERSION } from './migrations.js';
export type { StoredFile } from './read-result.js';
export type { SaveHooks, SaveStep } from './save-result.js';
export type { ShipmentInfo, ShipmentState, SubjectSecond } from './shipments.js';
export type { FormatTotals, RecordTotal, StoreTotals } from './totals.js';

export const STORE_FILE_NAME = 'maclog.sqlite';

/** How long a write waits for another process's write to finish before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Where the store lives by default: the platform's per-user data folder
 * (~/.local/share/mac-log-studio on Linux, ~/Library/Application Support/mac-log-studio on
 * macOS, %LOCALAPPDATA%\mac-log-studio\Data on Windows). The environment variable
 * MACLOG_DATA_DIR replaces it, e.g. for a second independent store or for tests.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MACLOG_DATA_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return envPaths('mac-log-studio', { suffix: '' }).data;
}

export interface StoreOptions {
  dataDir: string;
  /** The clock for timestamps (tests pass a fixed one). */
  now?: () => Date;
}

/** Creates the folder if needed, opens (or creates) the database and brings it up to date. */
export function openStore(options: StoreOptions): Store {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, STORE_FILE_NAME);

  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    configure(db);
    migrate(db);
    checkCounterColumns(db, 'subjects');
    checkCounterColumns(db, 'series_seconds');
    return new Store(db, options.now);
  } catch (error) {
    db?.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      message.includes(file) ? message : `cannot open the store ${file}: ${message}`,
      { cause: error },
    );
  }
}

function configure(db: Database.Database): void {
  // Space freed by deleted files goes back to the file system (see Store.deleteFile). It
  // only takes effect on a new, empty database; harmless on an existing one.
  if (db.pragma('user_version', { simple: true }) === 0) {
    db.pragma('auto_vacuum = INCREMENTAL');
  }
  // WAL: readers (the UI) never wait for the writer; NORMAL sync is durable across
  // process crashes and loses at most the last commits on power loss, never consistency.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

export class Store {
  /** Shipments to Loki and their cursors. */
  readonly shipments: ShipmentRepo;
  /** Users, sessions and secrets of `maclog serve`. */
  readonly accounts: AccountRepo;
  private readonly jobs: JobRepo;
  private readonly writer: ResultWriter;
  private readonly reader: ResultReader;
  private readonly totalsReader: TotalsReader;

  constructor(
    private readonly db: Database.Database,
    now: () => Date = () => new Date(),
  ) {
    this.jobs = new JobRepo(db, now);
    this.writer = new ResultWriter(db, now, this.jobs);
    this.reader = new ResultReader(db);
    this.totalsReader = new TotalsReader(db);
    this.shipments = new ShipmentRepo(db, now);
    this.accounts = new AccountRepo(db, now);
  }

  /** The database file's path. */
  get path(): string {
    return this.db.name;
  }

  /** The connection's settings, for diagnostics (and tests). */
  settings(): { journalMode: string; foreignKeys: boolean; synchronous: string; busyMs: number } {
    const pragma = (name: string) => this.db.pragma(name, { simple: true });
    const synchronousNames = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
    return {
      journalMode: String(pragma('journal_mode')),
      foreignKeys: pragma('foreign_keys') === 1,
      synchronous: synchronousNames[Number(pragma('synchronous'))] ?? 'unknown',
      busyMs: Number(pragma('busy_timeout')),
    };
  }

  // ---- jobs ----

  /** `ownerId`: the user of `maclog serve` who asked for it; null for the CLI's jobs. */
  createJob(
    path: string,
    formatId: string | null,
    options: JobOptions = {},
    ownerId: number | null = null,
  ): JobInfo {
    return this.jobs.create(path, formatId, options, ownerId);
  }

  /** The job's owner (null: the CLI's, or a deleted user's); undefined if no such job. */
  jobOwner(id: number): number | null | undefined {
    return this.jobs.owner(id);
  }

  /** How many jobs point at a stored file (several when the same content came again). */
  countJobsOfFile(fileId: number): number {
    return this.jobs.countOfFile(fileId);
  }

  /** queued -> running; throws JobStateError for a job in any other state. */
  startJob(id: number, bytesTotal: number): JobInfo {
    return this.jobs.start(id, bytesTotal);
  }

  /** Cheap enough to call for every chunk read; ignored unless the job is running. */
  updateProgress(id: number, bytesDone: number): void {
    this.jobs.progress(id, bytesDone);
  }

  /** False when the job had already finished (done, failed or cancelled). */
  failJob(id: number, error: string): boolean {
    return this.jobs.fail(id, error);
  }

  /** False when the job had already finished. */
  cancelJob(id: number): boolean {
    return this.jobs.cancel(id);
  }

  /**
   * running -> queued, for a process that stops cleanly in the middle of a job (nothing of
   * it was committed) and runs it again at its next start; false if it was not running.
   */
  pauseJob(id: number): boolean {
    return this.jobs.pause(id);
  }

  /** Removes a finished, failed or cancelled job (not its file); false if none such. */
  deleteJob(id: number): boolean {
    return this.jobs.remove(id);
  }

  getJob(id: number): JobInfo | null {
    return this.jobs.get(id);
  }

  /** The options the job was created with (to restart a recovered job the same way). */
  getJobOptions(id: number): JobOptions | null {
    return this.jobs.options(id);
  }

  /** Newest first. */
  listJobs(filter: { state?: JobState; limit?: number } = {}): JobInfo[] {
    return this.jobs.list(filter);
  }

  /**
   * Jobs left 'running' by a process that died go back to 'queued' and are returned, for
   * the caller to start again. A job whose process is still alive (another CLI, the app)
   * is left alone. Call it at startup, before this process starts any job: a job marked
   * with this process's own id is taken as left over from an earlier process.
   */
  recoverInterrupted(isAlive?: (pid: number) => boolean): JobInfo[] {
    return this.jobs.recoverInterrupted(isAlive);
  }

  /**
   * Jobs marked running by a process that is gone (killed): the next start restarts them
   * (`recoverInterrupted`); until then a listing should not call them running.
   */
  orphanedJobIds(isAlive?: (pid: number) => boolean): Set<number> {
    return new Set(this.jobs.orphans(isAlive));
  }

  /** Number of jobs in each state (every state present), for metrics. */
  countJobsByState(): Record<JobState, number> {
    return this.jobs.countsByState();
  }

  // ---- results ----

  /** The ingest of this content by this format and parser version, if stored. */
  findIngest(sha256: string, formatId: string, parserVersion: string): number | null {
    const row = this.db
      .prepare<[string, string, string], { id: number }>(
        `SELECT i.id FROM ingests i JOIN files f ON f.id = i.file_id
         WHERE f.sha256 = ? AND i.format_id = ? AND i.parser_version = ?`,
      )
      .get(sha256, formatId, parserVersion);
    return row?.id ?? null;
  }

  /**
   * Whether some stored file has `bytes` of content: a cheap test before hashing a file to
   * look for it (different sizes cannot be the same content). With `modulo32`, `bytes` is
   * a gzip ISIZE, the content size modulo 2^32.
   */
  hasContentOfSize(bytes: number, modulo32 = false): boolean {
    const found = modulo32
      ? this.db
          .prepare('SELECT 1 FROM files WHERE content_size % 4294967296 = ? LIMIT 1')
          .get(bytes)
      : this.db.prepare('SELECT 1 FROM files WHERE content_size = ? LIMIT 1').get(bytes);
    return found !== undefined;
  }

  /** The stored file with this content, if any (for markReused). */
  findFile(sha256: string): number | null {
    const row = this.db
      .prepare<[string], { id: number }>('SELECT id FROM files WHERE sha256 = ?')
      .get(sha256);
    return row?.id ?? null;
  }

  /**
   * Stores the result of job `jobId` and marks the job done, all in one transaction; an
   * ingest of the same content and format by another parser version (or the same) is
   * replaced: a file keeps one ingest per format. Throws JobStateError if the job is not
   * queued or running (e.g. cancelled meanwhile). Returns the file's id.
   */
  saveResult(jobId: number, result: FileResult, hooks?: SaveHooks): number {
    return this.writer.save(jobId, result, hooks);
  }

  /** The job is done without parsing: `fileId` already holds its content, `bytes` long. */
  markReused(jobId: number, fileId: number, bytes: number): void {
    this.jobs.finish(jobId, fileId, bytes, true);
  }

  /** Every stored ingest (a file ingested by two formats appears twice), newest first. */
  listFiles(): StoredFile[] {
    return this.reader.listFiles();
  }

  /**
   * The stored result of a file: its best ingest, or its latest by `formatId`. Callers that
   * do not show the per-second series pass `{ series: false }` and get them empty, for a
   * long log has many.
   */
  getFileResult(
    fileId: number,
    formatId?: string,
    options: { series?: boolean } = {},
  ): FileResult | null {
    return this.reader.fileResult(fileId, formatId, options);
  }

  /** The id of a file's latest ingest (by `formatId`, if given), or null. */
  ingestOf(fileId: number, formatId?: string): number | null {
    return this.reader.ingestOf(fileId, formatId);
  }

  /** Per-second KPIs of one UE ({cell, ue}) or cell ({cell, ue: null}) of a file. */
  getSeries(fileId: number, subject: KpiSubject, formatId?: string): KpiSecond[] | null {
    return this.reader.series(fileId, subject, formatId);
  }

  /**
   * Files, bytes, records and the rest summed over every stored ingest, whichever process
   * stored it; cheap enough to read at every scrape of /metrics.
   */
  totals(): StoreTotals {
    return this.totalsReader.read();
  }

  /**
   * Removes a file with all its ingests and everything under them, in one transaction
   * (ON DELETE CASCADE); jobs that produced it stay, with no file. False if not stored.
   */
  deleteFile(fileId: number): boolean {
    const remove = this.db.transaction(
      () => this.db.prepare('DELETE FROM files WHERE id = ?').run(fileId).changes > 0,
    );
    const removed = remove.immediate();
    // Give the freed pages back to the file system (a no-op on a database created
    // without auto_vacuum).
    if (removed) this.db.pragma('incremental_vacuum');
    return removed;
  }

  close(): void {
    this.db.close();
  }
}
