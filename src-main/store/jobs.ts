/**
 * The jobs table: ingest requests, their progress and their outcome.
 *
 * A job goes queued -> running -> done | failed, and can be cancelled while queued or
 * running. Done jobs point at the stored file (fileId); `reused` says the content was
 * already stored and nothing was parsed.
 */
import type { Database, Statement } from 'better-sqlite3';
import { JOB_STATES, type JobInfo, type JobState } from '../../src-shared/ingest.js';

/** Options the caller wants to run the job with, kept as JSON so a recovered job can be
 * restarted the same way. */
export type JobOptions = Record<string, unknown>;

/** A state change the job's current state does not allow (e.g. saving a cancelled job). */
export class JobStateError extends Error {
  constructor(
    readonly jobId: number,
    readonly state: JobState | null,
    action: string,
  ) {
    super(state === null ? `no job ${jobId}` : `job ${jobId} is ${state}: cannot ${action}`);
    this.name = 'JobStateError';
  }
}

interface JobRow {
  id: number;
  path: string;
  state: JobState;
  bytes_done: number;
  bytes_total: number;
  format_id: string | null;
  options: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  file_id: number | null;
  reused: number;
  owner_id: number | null;
}

function toJobInfo(row: JobRow): JobInfo {
  return {
    id: row.id,
    path: row.path,
    state: row.state,
    bytesDone: row.bytes_done,
    bytesTotal: row.bytes_total,
    formatId: row.format_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    fileId: row.file_id,
    reused: row.reused === 1,
    ownerId: row.owner_id,
  };
}

/** States from which a job can still finish, fail or be cancelled. */
const ACTIVE = `state IN ('queued', 'running')`;

export class JobRepo {
  private readonly insertJob: Statement<[string, string | null, string, string, number | null]>;
  private readonly selectJob: Statement<[number], JobRow>;
  private readonly setStarted: Statement<[number, string, number]>;
  private readonly setProgress: Statement<[number, number]>;
  private readonly setFailed: Statement<[string, string, number]>;
  private readonly setCancelled: Statement<[string, number]>;
  private readonly setDone: Statement<[number, number, string, number, number, number]>;
  private readonly selectRunning: Statement<[], JobRow & { owner_pid: number | null }>;
  private readonly requeue: Statement<[number]>;
  private readonly countByState: Statement<[], { state: JobState; n: number }>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.insertJob = db.prepare(
      `INSERT INTO jobs (path, state, format_id, options, created_at, owner_id)
       VALUES (?, 'queued', ?, ?, ?, ?)`,
    );
    this.selectJob = db.prepare('SELECT * FROM jobs WHERE id = ?');
    this.setStarted = db.prepare(
      `UPDATE jobs SET state = 'running', bytes_total = ?, bytes_done = 0, started_at = ?,
         owner_pid = ${process.pid}
       WHERE id = ? AND state = 'queued'`,
    );
    this.setProgress = db.prepare(
      `UPDATE jobs SET bytes_done = ? WHERE id = ? AND state = 'running'`,
    );
    this.setFailed = db.prepare(
      `UPDATE jobs SET state = 'failed', error = ?, finished_at = ? WHERE id = ? AND ${ACTIVE}`,
    );
    this.setCancelled = db.prepare(
      `UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND ${ACTIVE}`,
    );
    // A job that was never started has no total yet: the file's size stands in for it.
    this.setDone = db.prepare(
      `UPDATE jobs SET state = 'done', file_id = ?, reused = ?, finished_at = ?,
         bytes_total = CASE WHEN bytes_total > 0 THEN bytes_total ELSE ? END,
         bytes_done = CASE WHEN bytes_total > 0 THEN bytes_total ELSE ? END
       WHERE id = ? AND ${ACTIVE}`,
    );
    this.selectRunning = db.prepare(`SELECT * FROM jobs WHERE state = 'running' ORDER BY id`);
    this.requeue = db.prepare(
      `UPDATE jobs SET state = 'queued', bytes_done = 0, started_at = NULL, owner_pid = NULL
       WHERE id = ? AND state = 'running'`,
    );
    this.countByState = db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state');
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  /** `ownerId`: the user of `maclog serve` who asked for it; null for the CLI's jobs. */
  create(
    path: string,
    formatId: string | null,
    options: JobOptions = {},
    ownerId: number | null = null,
  ): JobInfo {
    const { lastInsertRowid } = this.insertJob.run(
      path,
      formatId,
      JSON.stringify(options),
      this.timestamp(),
      ownerId,
    );
    return this.require(Number(lastInsertRowid));
  }

  /** The job's owner (null: the CLI's, or a deleted user's); undefined if no such job. */
  owner(id: number): number | null | undefined {
    const row = this.db
      .prepare<[number], { owner_id: number | null }>('SELECT owner_id FROM jobs WHERE id = ?')
      .get(id);
    return row?.owner_id;
  }

  /** How many jobs point at a stored file (several when the same content came again). */
  countOfFile(fileId: number): number {
    const sql = 'SELECT count(*) FROM jobs WHERE file_id = ?';
    return this.db.prepare(sql).pluck().get(fileId) as number;
  }

  get(id: number): JobInfo | null {
    const row = this.selectJob.get(id);
    return row ? toJobInfo(row) : null;
  }

  options(id: number): JobOptions | null {
    const row = this.selectJob.get(id);
    return row ? (JSON.parse(row.options) as JobOptions) : null;
  }

  /** Newest first. */
  list(filter: { state?: JobState; limit?: number } = {}): JobInfo[] {
    const limit = filter.limit ?? -1; // -1: no limit in SQLite
    const rows = filter.state
      ? this.db
          .prepare<[string, number], JobRow>(
            'SELECT * FROM jobs WHERE state = ? ORDER BY id DESC LIMIT ?',
          )
          .all(filter.state, limit)
      : this.db.prepare<[number], JobRow>('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit);
    return rows.map(toJobInfo);
  }

  start(id: number, bytesTotal: number): JobInfo {
    const { changes } = this.setStarted.run(bytesTotal, this.timestamp(), id);
    if (changes === 0) this.refuse(id, 'start it (only a queued job starts)');
    return this.require(id);
  }

  /** Called often while parsing: one indexed UPDATE, nothing read back. */
  progress(id: number, bytesDone: number): void {
    this.setProgress.run(bytesDone, id);
  }

  /** False when the job had already finished (e.g. cancelled meanwhile). */
  fail(id: number, error: string): boolean {
    return this.setFailed.run(error, this.timestamp(), id).changes > 0;
  }

  /** False when the job had already finished. */
  cancel(id: number): boolean {
    return this.setCancelled.run(this.timestamp(), id).changes > 0;
  }

  /** Puts a running job back in the queue, to run again from the start; false if not running. */
  pause(id: number): boolean {
    return this.requeue.run(id).changes > 0;
  }

  /** Removes a job that is no longer queued or running; false if there is none such. */
  remove(id: number): boolean {
    const sql = "DELETE FROM jobs WHERE id = ? AND state NOT IN ('queued', 'running')";
    return this.db.prepare(sql).run(id).changes > 0;
  }

  /** Marks a queued or running job done with its file; throws JobStateError otherwise. */
  finish(id: number, fileId: number, fileSize: number, reused: boolean): void {
    const { changes } = this.setDone.run(
      fileId,
      reused ? 1 : 0,
      this.timestamp(),
      fileSize,
      fileSize,
      id,
    );
    if (changes === 0) this.refuse(id, 'mark it done');
  }

  /**
   * Jobs left running by a process that died go back to the queue, and are returned. A job
   * whose process is still alive (the CLI while the app runs, say) is left to it.
   */
  recoverInterrupted(isAlive: (pid: number) => boolean = processIsAlive): JobInfo[] {
    const recover = this.db.transaction(() => {
      const orphans = this.selectRunning
        .all()
        .filter((row) => row.owner_pid === null || !isAlive(row.owner_pid));
      for (const row of orphans) this.requeue.run(row.id);
      return orphans.map((row) => this.require(row.id));
    });
    return recover.immediate();
  }

  /** Ids of the jobs marked running whose process is gone (found, not changed). */
  orphans(isAlive: (pid: number) => boolean = processIsAlive): number[] {
    return this.selectRunning
      .all()
      .filter((row) => row.owner_pid === null || !isAlive(row.owner_pid))
      .map((row) => row.id);
  }

  countsByState(): Record<JobState, number> {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<
      JobState,
      number
    >;
    for (const { state, n } of this.countByState.all()) counts[state] = n;
    return counts;
  }

  private require(id: number): JobInfo {
    const job = this.get(id);
    if (!job) throw new JobStateError(id, null, 'find it');
    return job;
  }

  private refuse(id: number, action: string): never {
    throw new JobStateError(id, this.get(id)?.state ?? null, action);
  }
}

/** Signal 0 checks that a process exists without touching it (never this process). */
export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return false; // our own earlier run of this job is over
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else; only ESRCH means it is gone.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
