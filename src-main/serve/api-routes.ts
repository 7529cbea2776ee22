/**
 * The HTTP side of the operations in src-shared/api.ts: one route per operation, every
 * argument validated with the operation's schema before anything else happens, and every
 * change checked against the user's role (accounts/permissions.ts says who may do what).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
  type UserInfo,
} from '../../src-shared/api.js';
import { requireJobChange, requireUpload } from '../accounts/permissions.js';
import { fileSummary, listJobs, subjectSeries, whyNotRecognised } from '../api/operations.js';
import type { ParseEngine } from '../engine/engine.js';
import type { Store } from '../store/store.js';
import type { JobRunner } from './job-runner.js';
import { receiveUploads, removeSaved } from './uploads.js';

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

/** The request's user; the session hook (sessions.ts) lets none through without one. */
export function signedInUser(request: FastifyRequest): UserInfo {
  if (!request.user) throw new ApiError('not signed in', null, 401);
  return request.user;
}

export function apiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { store, runner } = deps;
  /** The job's id from the path, once the user is known to be allowed to change it. */
  const changeableJob = (request: FastifyRequest): number => {
    const { jobId } = validate(JobIdArgs, numbers(request.params));
    const owner = store.jobOwner(jobId);
    if (owner === undefined) throw new ApiError(`no job ${jobId}`, 'jobId', 404);
    requireJobChange(signedInUser(request), jobId, owner);
    return jobId;
  };

  app.get('/api/files', () => store.listFiles());

  app.get('/api/files/:fileId', (request): FileSummary => {
    const { fileId } = validate(FileIdArgs, numbers(request.params));
    return fileSummary(store, fileId);
  });

  app.get('/api/files/:fileId/series', (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const args = validate(SeriesArgs, {
      ...numbers(request.params),
      cell: query['cell'] ?? null,
      ue: query['ue'] ?? null,
    });
    return subjectSeries(store, args);
  });

  app.get('/api/jobs', (request) => {
    return listJobs(store, validate(ListJobsArgs, numbers(request.query)));
  });

  app.post('/api/jobs', async (request, reply): Promise<IngestResult> => {
    const user = signedInUser(request);
    requireUpload(user);
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
      const refusal = await whyNotRecognised(deps.engine, upload.path, upload.name, formatId);
      if (refusal) {
        await removeSaved(upload);
        result.refused.push({ name: upload.name, message: refusal, status: 422 });
      } else {
        result.jobs.push(runner.enqueue(upload.path, formatId, user.id));
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

  app.post('/api/jobs/:jobId/cancel', (request) => runner.cancel(changeableJob(request)));

  app.post('/api/jobs/:jobId/retry', (request) => runner.retry(changeableJob(request)));

  app.delete('/api/jobs/:jobId', async (request, reply) => {
    await runner.delete(changeableJob(request));
    return reply.code(204).send();
  });
}
