/**
 * The HTTP side of the operations in src-shared/api.ts: one route per operation, every
 * argument validated with the operation's schema before anything else happens.
 */
import type { FastifyInstance } from 'fastify';
import {
  ApiError,
  FileIdArgs,
  IngestOptions,
  JobIdArgs,
  ListJobsArgs,
  SeriesArgs,
  validate,
  type FileSummary,
  type IngestResult,
} from '../../src-shared/api.js';
import type { ParseEngine } from '../engine/engine.js';
import type { Store } from '../store/store.js';
import type { JobRunner } from './job-runner.js';
import { receiveUploads, removeSaved, type SavedUpload } from './uploads.js';

export interface ApiDeps {
  store: Store;
  engine: ParseEngine;
  runner: JobRunner;
  uploadsDir: string;
  maxUploadBytes: number;
}

/** Path and query values arrive as text; whole numbers become numbers for the schemas. */
export function numbers(values: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
    out[key] = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

export function apiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { store, runner } = deps;

  app.get('/api/files', () => store.listFiles());

  app.get('/api/files/:fileId', (request): FileSummary => {
    const { fileId } = validate(FileIdArgs, numbers(request.params));
    const result = store.getFileResult(fileId, undefined, { series: false });
    if (!result) throw new ApiError(`no stored file ${fileId}`, 'fileId', 404);
    const summary: FileSummary & { series?: unknown } = { ...result, fileId };
    delete summary.series;
    return summary;
  });

  app.get('/api/files/:fileId/series', (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const args = validate(SeriesArgs, {
      ...numbers(request.params),
      cell: query['cell'] ?? null,
      ue: query['ue'] ?? null,
    });
    const series = store.getSeries(args.fileId, { cell: args.cell, ue: args.ue });
    if (!series) {
      const who = args.ue === null ? `cell ${args.cell}` : `UE ${args.ue}`;
      throw new ApiError(
        `file ${args.fileId} has no ${who}`,
        args.ue === null ? 'cell' : 'ue',
        404,
      );
    }
    return series;
  });

  app.get('/api/jobs', (request) => {
    const { limit } = validate(ListJobsArgs, numbers(request.query));
    return store.listJobs({ limit: limit ?? 200 });
  });

  app.post('/api/jobs', async (request, reply): Promise<IngestResult> => {
    if (!request.isMultipart()) {
      throw new ApiError('send the files as multipart/form-data', 'files', 415);
    }
    const received = await receiveUploads(request, deps.uploadsDir, deps.maxUploadBytes);
    let formatId: string | null;
    try {
      formatId = validate(IngestOptions, received.fields).formatId ?? null;
    } catch (err) {
      await Promise.all(received.saved.map((u) => removeSaved(u)));
      throw err;
    }
    const result: IngestResult = { jobs: [], refused: [] };
    for (const refusal of received.refused) result.refused.push(refusal);

    for (const upload of received.saved) {
      const refusal = await recognised(deps.engine, upload, formatId);
      if (refusal) {
        await removeSaved(upload);
        result.refused.push({ name: upload.name, message: refusal, status: 422 });
      } else {
        result.jobs.push(runner.enqueue(upload.path, formatId));
      }
    }

    if (result.jobs.length === 0) {
      const first = received.refused[0] ?? result.refused[0];
      if (!first) throw new ApiError('no file in the request', 'files', 400);
      const message = result.refused.map((r) => r.message).join('; ');
      throw new ApiError(message, 'files', first.status);
    }
    return reply.code(202).send(result);
  });

  app.post('/api/jobs/:jobId/cancel', (request) => {
    const { jobId } = validate(JobIdArgs, numbers(request.params));
    return runner.cancel(jobId);
  });

  app.post('/api/jobs/:jobId/retry', (request) => {
    const { jobId } = validate(JobIdArgs, numbers(request.params));
    return runner.retry(jobId);
  });

  app.delete('/api/jobs/:jobId', async (request, reply) => {
    const { jobId } = validate(JobIdArgs, numbers(request.params));
    await runner.delete(jobId);
    return reply.code(204).send();
  });
}

/**
 * Null when some format recognises the file; otherwise why not, naming the file by the
 * name the user knows rather than the server's path. Refusing here, before a job exists,
 * lets the page say at once that a dropped file is no log.
 */
async function recognised(
  engine: ParseEngine,
  upload: SavedUpload,
  formatId: string | null,
): Promise<string | null> {
  try {
    await engine.detect(upload.path, formatId);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const named = message.split(upload.path).join(upload.name);
    return named.startsWith(upload.name) ? named : `${upload.name}: ${named}`;
  }
}
