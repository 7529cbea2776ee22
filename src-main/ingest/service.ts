/**
 * Ingest jobs end to end: a job row, the file's hash, the parse on worker threads, the
 * result saved in one transaction, the metrics. The CLI, the server and the desktop app
 * all ingest through this one service.
 */
import { constants, type Stats } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FileResult, JobInfo } from '../../src-shared/ingest.js';
import type { ParseEngine, ParseOptions } from '../engine/engine.js';
import { isGzip, MIN_CONFIDENCE } from '../engine/sniff.js';
import { logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import { recordOutcome, recordResult } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import { isStopping } from '../stopping.js';
import { contentDigest, gzipSizeHint, type ContentDigest } from './content-digest.js';

const log = logger('ingest');

export interface IngestRequest {
  path: string;
  formatId?: string | null;
  anchorSec?: number | null;
  formatOptions?: Record<string, string | number | boolean>;
  /** Parse again even when the same content was stored by the same parser version. */
  force?: boolean;
  /** Aborting it cancels the job: the workers stop and nothing of it is stored. */
  signal?: AbortSignal;
}

export interface IngestOutcome {
  job: JobInfo;
  /** The stored result (also when it was already stored); null when the job failed. */
  result: FileResult | null;
  fileId: number | null;
  reused: boolean;
  error: string | null;
}

export type ProgressListener = (job: JobInfo, bytesDone: number, bytesTotal: number) => void;

export interface IngestServiceDeps {
  store: Store;
  engine: ParseEngine;
  metrics?: Metrics | null;
}

/** How often a running job writes its progress to the store. */
const PROGRESS_WRITE_MS = 250;

export class IngestService {
  constructor(private readonly deps: IngestServiceDeps) {}

  /** Ingests one file as a new job. Never throws for a bad file: the outcome says why. */
  async ingest(given: IngestRequest, onProgress?: ProgressListener): Promise<IngestOutcome> {
    // The job keeps the absolute path: a job restarted after a crash may be restarted by a
    // command run from another folder.
    const request = { ...given, path: resolve(given.path) };
    const job = this.deps.store.createJob(request.path, request.formatId ?? null, {
      anchorSec: request.anchorSec ?? null,
      formatOptions: request.formatOptions ?? {},
      force: request.force ?? false,
    });
    return this.run(job, request, onProgress);
  }

  /**
   * Runs a job created beforehand with `store.createJob` (a server queues jobs before it
   * starts them). The job must still be queued.
   */
  async ingestQueued(
    job: JobInfo,
    request: IngestRequest,
    onProgress?: ProgressListener,
  ): Promise<IngestOutcome> {
    return this.run(job, request, onProgress);
  }

  /**
   * Restarts the jobs a crash or kill left running. Their partial work was never
   * committed, so starting them again from the beginning loses and duplicates nothing.
   */
  async resumeInterrupted(onProgress?: ProgressListener): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = [];
    for (const job of this.deps.store.recoverInterrupted()) {
      log.info({ job: job.id, path: job.path }, 'restarting a job that was interrupted');
      outcomes.push(await this.run(job, this.requestFor(job), onProgress));
    }
    return outcomes;
  }

  /** The request a job was created with, from its stored options (to run it again). */
  requestFor(job: JobInfo): IngestRequest {
    const options = this.deps.store.getJobOptions(job.id) ?? {};
    return {
      path: job.path,
      formatId: job.formatId,
      anchorSec: (options['anchorSec'] as number | null | undefined) ?? null,
      formatOptions: (options['formatOptions'] as IngestRequest['formatOptions']) ?? {},
      force: options['force'] === true,
    };
  }

  private async run(
    job: JobInfo,
    request: IngestRequest,
    onProgress?: ProgressListener,
  ): Promise<IngestOutcome> {
    const { store, engine, metrics } = this.deps;
    const started = performance.now();
    try {
      const before = await stat(request.path);
      const size = before.size;
      let current = store.startJob(job.id, size);
      onProgress?.(current, 0, size);

      const format = await engine.detect(request.path, request.formatId);
      const gzip = size >= 2 && (await isGzip(request.path));
      const known = request.force ? null : await this.digestIfMaybeStored(request, size, gzip);
      const reused = known && this.reuseIfStored(current, request, known, format);
      if (reused) {
        if (metrics) recordOutcome(metrics, format.id, 'reused', seconds(started));
        return reused;
      }

      // Content hashed above and not stored (a newer parser version, say) is not hashed again.
      const hashing = known ? Promise.resolve(known) : contentDigest(request.path, gzip, size);
      // A parse that fails first leaves the hash unawaited; its error is the parse's.
      hashing.catch(() => undefined);
      const parsed = await engine.parse(request.path, {
        ...this.parseOptions(request),
        ...(request.signal ? { signal: request.signal } : {}),
        formatId: format.id,
        onProgress: throttle(PROGRESS_WRITE_MS, (done, total) => {
          store.updateProgress(job.id, done);
          onProgress?.(current, done, total);
        }),
      });
      const digest = await hashing;
      await unchangedSince(request.path, before);
      const result: FileResult = {
        ...parsed,
        file: { ...parsed.file, sha256: digest.sha256, contentBytes: digest.bytes },
      };
      if (request.formatId) await this.checkForcedFormat(request, result);

      const fileId = store.saveResult(job.id, result);
      current = store.getJob(job.id) ?? current;
      onProgress?.(current, size, size);
      if (metrics) recordResult(metrics, result, seconds(started));
      log.info({ job: job.id, path: request.path, ms: result.parseMs }, 'ingested');
      return { job: current, result, fileId, reused: false, error: null };
    } catch (err) {
      // A stopping process is no cancel: the job runs again at the next start.
      if (isStopping(request.signal)) return this.paused(job);
      return this.failed(job, err, started, request.formatId ?? 'unknown');
    }
  }

  /**
   * A format the user forced that fits few of the lines is most likely the wrong one: its
   * reading is not stored (it would stand beside the right one as a file with no UEs),
   * and the job fails saying so, and which format the file looks like. So is one that read
   * no record at all, its lines passed over as "other", when another format fits the file.
   * A forced format that reads the lines although the file looks like another (OAI's eNB
   * and gNB logs share their lines) is stored as asked, with a warning that says so.
   */
  private async checkForcedFormat(request: IngestRequest, result: FileResult): Promise<void> {
    const { lines, unrecognised } = result.lines;
    const records = Object.values(result.recordsByKind).reduce((a, b) => a + (b ?? 0), 0);
    const fitsFew = lines > 0 && unrecognised / lines > 0.5;
    const sniffed = await this.deps.engine.sniff(request.path).catch(() => null);
    const other = sniffed && sniffed.format.id !== result.format.id ? sniffed.format : null;
    const hint = other ? ` (without --format the file is read as ${other.id}, ${other.name})` : '';

    if (fitsFew || (records === 0 && other)) {
      const fit = fitsFew
        ? `${unrecognised} of ${lines} lines fit no rule of ${result.format.id}`
        : `no line of ${lines} gave a record as ${result.format.id}`;
      throw new Error(`${request.path}: ${fit}, so it is not stored: is the format right?${hint}`);
    }
    const forced = sniffed?.scores.find((s) => s.id === result.format.id)?.confidence ?? 0;
    if (other && forced < MIN_CONFIDENCE) {
      result.warnings.push(
        `read as ${result.format.id} as asked, though it looks like ${other.id} (${other.name})`,
      );
    }
  }

  /**
   * The content's digest when a stored file may hold it: hashing costs a full read, so it
   * is done before the parse only when a stored file has content of the same size (for a
   * .gz, the size its trailer gives); otherwise null, and the hash is computed while the
   * workers parse.
   */
  private async digestIfMaybeStored(
    request: IngestRequest,
    size: number,
    gzip: boolean,
  ): Promise<ContentDigest | null> {
    const contentSize = gzip ? await gzipSizeHint(request.path, size) : size;
    if (contentSize === null || !this.deps.store.hasContentOfSize(contentSize, gzip)) return null;
    return contentDigest(request.path, gzip, size);
  }

  /**
   * Content already stored by this parser version is not parsed again, whether it comes
   * plain or as .gz.
   */
  private reuseIfStored(
    job: JobInfo,
    request: IngestRequest,
    digest: ContentDigest,
    format: { id: string; version: string },
  ): IngestOutcome | null {
    const { store } = this.deps;
    const ingestId = store.findIngest(digest.sha256, format.id, format.version);
    const fileId = store.findFile(digest.sha256);
    if (ingestId === null || fileId === null) return null;

    store.markReused(job.id, fileId, job.bytesTotal);
    log.info({ job: job.id, path: request.path, fileId }, 'already stored: not parsed again');
    return {
      job: store.getJob(job.id) ?? job,
      result: store.getFileResult(fileId, format.id),
      fileId,
      reused: true,
      error: null,
    };
  }

  private parseOptions(request: IngestRequest): ParseOptions {
    return {
      anchorSec: request.anchorSec ?? null,
      formatOptions: request.formatOptions ?? {},
    };
  }

  private failed(job: JobInfo, err: unknown, started: number, format: string): IngestOutcome {
    if (isAbort(err)) return this.cancelled(job);
    const message = inWords(err, job.path);
    this.deps.store.failJob(job.id, message);
    if (this.deps.metrics) recordOutcome(this.deps.metrics, format, 'failed', seconds(started));
    // The caller shows the message to the user; this is for the log file.
    log.info({ job: job.id, path: job.path, err: message }, 'ingest failed');
    return {
      job: this.deps.store.getJob(job.id) ?? job,
      result: null,
      fileId: null,
      reused: false,
      error: message,
    };
  }

  private paused(job: JobInfo): IngestOutcome {
    this.deps.store.pauseJob(job.id);
    log.info({ job: job.id, path: job.path }, 'paused: back in the queue for the next start');
    const current = this.deps.store.getJob(job.id) ?? job;
    return { job: current, result: null, fileId: null, reused: false, error: 'paused' };
  }

  private cancelled(job: JobInfo): IngestOutcome {
    this.deps.store.cancelJob(job.id);
    log.info({ job: job.id, path: job.path }, 'cancelled');
    const current = this.deps.store.getJob(job.id) ?? job;
    return { job: current, result: null, fileId: null, reused: false, error: 'cancelled' };
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || /abort/i.test(err.message));
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/**
 * Why `path` cannot be ingested before anything is read (no such file, a folder, no right
 * to read it), in words that name it; null when it is a file that can be read.
 */
export async function fileProblem(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return `${path}: this is a folder, not a file`;
    if (!info.isFile()) return `${path}: not a regular file`;
    await access(path, constants.R_OK);
    return null;
  } catch (err) {
    return inWords(err, path);
  }
}

/**
 * A file that shrank or was rewritten while it was read (logrotate's copytruncate, a copy
 * over it) would be stored as a mix of two contents under the digest of one, and later
 * ingests of the whole log would find that digest and take the part for the whole. A file
 * that only grew (a log still being written) was read and hashed up to its size at the start.
 */
async function unchangedSince(path: string, before: Stats): Promise<void> {
  const after = await stat(path);
  const again = 'nothing was stored; ingest it again once it is complete';
  if (after.size < before.size) {
    throw new Error(
      `${path}: the file shrank from ${before.size} to ${after.size} bytes while it was ` +
        `read (rotated or truncated?): ${again}`,
    );
  }
  if (after.size === before.size && after.mtimeMs !== before.mtimeMs) {
    throw new Error(`${path}: the file was rewritten while it was read: ${again}`);
  }
}

/** File system errors as a user reads them, naming the file; other errors as they are. */
function inWords(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const plain: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'this is a folder, not a file',
    EACCES: 'permission denied: the file cannot be read',
    EPERM: 'permission denied: the file cannot be read',
  };
  if (code && plain[code]) return `${path}: ${plain[code]}`;
  return err instanceof Error ? err.message : String(err);
}

/** Calls `fn` at most once per `ms`, always letting the final (complete) call through. */
function throttle(
  ms: number,
  fn: (done: number, total: number) => void,
): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done >= total || now - last >= ms) {
      last = now;
      fn(done, total);
    }
  };
}
