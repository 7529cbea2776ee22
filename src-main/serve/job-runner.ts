/**
 * The ingest queue of the server and of the desktop app: jobs are created as soon as a
 * file is accepted (so the UI shows them queued), then run one at a time through
 * IngestService. One at a time is enough: the engine already spreads a large file over
 * every core. A job's path is an upload (server) or the user's own file (desktop).
 */
import { rm } from 'node:fs/promises';
import { dirname, relative, isAbsolute } from 'node:path';
import { ApiError, type JobEvent } from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { JobPaused, type IngestService } from '../ingest/service.js';
import { logger } from '../log.js';
import type { Store } from '../store/store.js';

const log = logger('serve-jobs');

interface Queued {
  job: JobInfo;
  formatId: string | null;
}

export class JobRunner {
  private readonly queue: Queued[] = [];
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private running: { jobId: number; abort: AbortController; done: Promise<void> } | null = null;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly ingest: IngestService,
    /** Uploaded files live under here; deleting a job removes its upload. */
    private readonly uploadsDir: string,
  ) {}

  /** `ownerId`: the user who asked for it (null for none: the job is the CLI's). */
  enqueue(path: string, formatId: string | null, ownerId: number | null): JobInfo {
    const job = this.store.createJob(path, formatId, {}, ownerId);
    this.queue.push({ job, formatId });
    this.emit({ job, bytesDone: 0, bytesTotal: 0 });
    this.next();
    return job;
  }

  /**
   * Queues again what an earlier run of the app left unfinished: jobs still queued, jobs
   * paused at quit, and jobs left running by a process that died. Oldest first. Call it
   * once at start-up, before enqueueing anything new.
   */
  resume(): JobInfo[] {
    const interrupted = this.store.recoverInterrupted();
    const queued = this.store.listJobs({ state: 'queued' });
    const byId = new Map([...interrupted, ...queued].map((job) => [job.id, job]));
    const jobs = [...byId.values()].sort((a, b) => a.id - b.id);
    for (const job of jobs) {
      this.queue.push({ job, formatId: job.formatId });
      this.emit({ job, bytesDone: 0, bytesTotal: 0 });
    }
    if (jobs.length > 0) log.info({ jobs: jobs.map((j) => j.id) }, 'resuming unfinished jobs');
    this.next();
    return jobs;
  }

  cancel(jobId: number): JobInfo {
    const job = this.mustGet(jobId);
    if (this.running?.jobId === jobId) {
      this.running.abort.abort();
      return job;
    }
    if (job.state !== 'queued') {
      throw new ApiError(
        `job ${jobId} is ${job.state}: only a queued or running job can be cancelled`,
        'jobId',
        409,
      );
    }
    this.removeQueued(jobId);
    this.store.cancelJob(jobId);
    const cancelled = this.mustGet(jobId);
    this.emit({ job: cancelled, bytesDone: cancelled.bytesDone, bytesTotal: cancelled.bytesTotal });
    return cancelled;
  }

  retry(jobId: number): JobInfo {
    const job = this.mustGet(jobId);
    if (job.state !== 'failed' && job.state !== 'cancelled') {
      throw new ApiError(
        `job ${jobId} is ${job.state}: only a failed or cancelled job can be retried`,
        'jobId',
        409,
      );
    }
    // The retry is the same user's job, whoever asked for it (an admin, say).
    return this.enqueue(job.path, job.formatId, this.store.jobOwner(jobId) ?? null);
  }

  /**
   * Removes the job, the file it stored (with all its records) and its upload. A file that
   * other jobs also point at (the same content sent again, perhaps by someone else) stays.
   */
  async delete(jobId: number): Promise<void> {
    const job = this.mustGet(jobId);
    if (job.state === 'queued' || job.state === 'running') {
      throw new ApiError(
        `job ${jobId} is ${job.state}: cancel it before deleting it`,
        'jobId',
        409,
      );
    }
    if (job.fileId !== null && this.store.countJobsOfFile(job.fileId) === 1) {
      this.store.deleteFile(job.fileId);
    }
    this.store.deleteJob(jobId);
    const folder = dirname(job.path);
    const inside = relative(this.uploadsDir, folder);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) {
      await rm(folder, { recursive: true, force: true });
    }
    log.info({ job: jobId, fileId: job.fileId }, 'job deleted');
  }

  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels the running job and forgets the queue (queued jobs stay queued in the store). */
  async close(): Promise<void> {
    await this.stop(undefined);
  }

  /**
   * Like close, but the running job is paused rather than cancelled: it goes back to the
   * queue in the store, and `resume()` at the next start runs it again.
   */
  async pause(): Promise<void> {
    await this.stop(new JobPaused());
  }

  private async stop(reason: JobPaused | undefined): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const running = this.running;
    if (running) {
      running.abort.abort(reason);
      await running.done;
    }
  }

  private next(): void {
    if (this.running || this.closed) return;
    const item = this.queue.shift();
    if (!item) return;

    const abort = new AbortController();
    const done = this.run(item, abort.signal).finally(() => {
      this.running = null;
      this.next();
    });
    this.running = { jobId: item.job.id, abort, done };
  }

  private async run(item: Queued, signal: AbortSignal): Promise<void> {
    const outcome = await this.ingest.ingestQueued(
      item.job,
      { path: item.job.path, formatId: item.formatId, signal },
      (job, bytesDone, bytesTotal) => this.emit({ job, bytesDone, bytesTotal }),
    );
    const job = outcome.job;
    this.emit({ job, bytesDone: job.bytesDone, bytesTotal: job.bytesTotal });
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private removeQueued(jobId: number): void {
    const index = this.queue.findIndex((q) => q.job.id === jobId);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private mustGet(jobId: number): JobInfo {
    const job = this.store.getJob(jobId);
    if (!job) throw new ApiError(`no job ${jobId}`, 'jobId', 404);
    return job;
  }
}
