/**
 * The ingest queue of the server and of the desktop app: jobs are created as soon as a
 * file is accepted (so the UI shows them queued), then run one at a time through
 * IngestService. One at a time is enough: the engine already spreads a large file over
 * every core. A job's path is an upload (server) or the user's own file (desktop).
 *
 * The queue outlives the process: a stop puts the running job back in the queue (nothing
 * of it was committed), and the next start runs the queued jobs again, with the jobs a
 * killed process left running.
 */
import { rm } from 'node:fs/promises';
import { dirname, relative, isAbsolute } from 'node:path';
import { ApiError, type JobEvent } from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import type { IngestService } from '../ingest/service.js';
import { logger } from '../log.js';
import { Stopping } from '../stopping.js';
import type { Store } from '../store/store.js';

const log = logger('serve-jobs');

interface Queued {
  job: JobInfo;
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
    this.queue.push({ job });
    this.emit({ job, bytesDone: 0, bytesTotal: 0 });
    this.next();
    return job;
  }

  /**
   * At start, before any job runs: what an earlier run left unfinished is queued again,
   * oldest first: jobs still queued, jobs put back at a stop, and jobs left running by a
   * process that died. `mine` picks the jobs this runner owns (the server takes only its
   * uploads: other jobs belong to a CLI, which starts its own at once). Returns them.
   */
  resume(mine: (job: JobInfo) => boolean = () => true): JobInfo[] {
    const recovered = this.store.recoverInterrupted();
    for (const job of recovered) log.warn({ job: job.id }, 'restarting an interrupted job');
    const jobs = this.store
      .listJobs({ state: 'queued' })
      .filter(mine)
      .sort((a, b) => a.id - b.id);
    for (const job of jobs) {
      this.queue.push({ job });
      this.emit({ job, bytesDone: 0, bytesTotal: 0 });
    }
    if (jobs.length > 0) log.info({ jobs: jobs.map((j) => j.id) }, 'resuming unfinished jobs');
    this.next();
    return jobs;
  }

  /** A file in a folder of its own under the uploads folder (see uploads.ts). */
  isUpload(path: string): boolean {
    const inside = relative(this.uploadsDir, dirname(path));
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
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
    const storedPath = job.fileId === null ? null : this.storedPath(job.fileId);
    const sharedFile = job.fileId !== null && this.store.countJobsOfFile(job.fileId) > 1;
    if (job.fileId !== null && !sharedFile) this.store.deleteFile(job.fileId);
    this.store.deleteJob(jobId);

    // Uploads that nothing reads any more: this job's, unless the file that stays is read
    // from it (shipping reads a file again), and the stored file's when it went too.
    const unread = new Set<string>();
    if (!(sharedFile && storedPath === job.path)) unread.add(job.path);
    if (!sharedFile && storedPath !== null) unread.add(storedPath);
    for (const path of unread) {
      if (this.isUpload(path)) await rm(dirname(path), { recursive: true, force: true });
    }
    log.info({ job: jobId, fileId: job.fileId }, 'job deleted');
  }

  /** Where the stored file's lines are read from (its first ingest's path). */
  private storedPath(fileId: number): string | null {
    return this.store.getFileResult(fileId, undefined, { series: false })?.file.path ?? null;
  }

  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stops the running job, putting it back in the queue, and forgets the in-memory queue:
   * queued jobs stay queued in the store, and `resume()` at the next start runs them.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const running = this.running;
    if (running) {
      running.abort.abort(new Stopping());
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
    // With the options the job was stored with, for a job resumed after a restart too.
    const request = { ...this.ingest.requestFor(item.job), signal };
    const outcome = await this.ingest.ingestQueued(item.job, request, (job, done, total) =>
      this.emit({ job, bytesDone: done, bytesTotal: total }),
    );
    const job = outcome.job;
    if (outcome.reused) await this.dropCopy(job);
    this.emit({ job, bytesDone: job.bytesDone, bytesTotal: job.bytesTotal });
  }

  /**
   * An upload whose content was already stored is a second copy that nothing will read:
   * the stored file is read from its first upload. It goes at once rather than when its job
   * is deleted, so that sending the same large log again costs no disk.
   */
  private async dropCopy(job: JobInfo): Promise<void> {
    if (job.fileId === null || !this.isUpload(job.path)) return;
    if (this.storedPath(job.fileId) === job.path) return;
    await rm(dirname(job.path), { recursive: true, force: true });
    log.info({ job: job.id, fileId: job.fileId }, 'content already stored: upload copy removed');
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
