/**
 * The UI's operations (src-shared/api.ts) without a transport: what both the HTTP routes
 * of `maclog serve` and the desktop app's IPC handlers do once the arguments are valid.
 * Errors are ApiErrors naming the field, so either transport passes them on as they are.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  ApiError,
  type FileSummary,
  type IngestResult,
  type ListJobsArgs,
  type SeriesArgs,
} from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import type { KpiSecond } from '../../src-shared/kpis.js';
import type { ParseEngine } from '../engine/engine.js';
import type { JobRunner } from '../serve/job-runner.js';
import type { Store } from '../store/store.js';

/** Jobs listed when the caller names no limit. */
const DEFAULT_JOB_LIMIT = 200;

export function fileSummary(store: Store, fileId: number): FileSummary {
  const result = store.getFileResult(fileId, undefined, { series: false });
  if (!result) throw new ApiError(`no stored file ${fileId}`, 'fileId', 404);
  const ingestId = store.ingestOf(fileId);
  const summary: FileSummary & { series?: unknown } = { ...result, fileId, ingestId };
  delete summary.series;
  return summary;
}

export function subjectSeries(store: Store, args: SeriesArgs): KpiSecond[] {
  const series = store.getSeries(args.fileId, { cell: args.cell, ue: args.ue });
  if (series) return series;
  const who = args.ue === null ? `cell ${args.cell}` : `UE ${args.ue}`;
  throw new ApiError(`file ${args.fileId} has no ${who}`, args.ue === null ? 'cell' : 'ue', 404);
}

export function listJobs(store: Store, args: ListJobsArgs | undefined): JobInfo[] {
  return store.listJobs({ limit: args?.limit ?? DEFAULT_JOB_LIMIT });
}

/**
 * Null when some format recognises the file; otherwise why not, naming the file by the
 * name the user knows (`name`) rather than where it is kept. Refusing here, before a job
 * exists, lets the page say at once that a dropped file is no log.
 */
export async function whyNotRecognised(
  engine: ParseEngine,
  path: string,
  name: string,
  formatId: string | null,
): Promise<string | null> {
  try {
    await engine.detect(path, formatId);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const named = message.split(path).join(name);
    return named.startsWith(name) ? named : `${name}: ${named}`;
  }
}

/**
 * One job per file on this machine that some format recognises (the desktop app, which
 * knows a dropped file's path); the others are refused with the reason. The files are
 * read where they are, never copied. Throws only when no file was accepted.
 */
export async function ingestPaths(
  deps: { engine: ParseEngine; runner: JobRunner },
  paths: readonly string[],
  formatId: string | null,
): Promise<IngestResult> {
  const result: IngestResult = { jobs: [], refused: [] };
  for (const path of paths) {
    const refusal = await whyNotIngestible(deps.engine, path, formatId);
    if (refusal) result.refused.push({ name: basename(path), ...refusal });
    else result.jobs.push(deps.runner.enqueue(path, formatId, null)); // the desktop's one user
  }
  if (result.jobs.length === 0) {
    const message = result.refused.map((r) => r.message).join('; ');
    throw new ApiError(message, 'paths', result.refused[0]?.status ?? 400);
  }
  return result;
}

async function whyNotIngestible(
  engine: ParseEngine,
  path: string,
  formatId: string | null,
): Promise<{ message: string; status: number } | null> {
  const kind = await stat(path).then(
    (s) => (s.isFile() ? 'file' : 'other'),
    () => 'missing',
  );
  if (kind === 'missing') return { message: `${path}: no such file`, status: 404 };
  if (kind === 'other') return { message: `${path}: not a file`, status: 422 };
  const message = await whyNotRecognised(engine, path, path, formatId);
  return message === null ? null : { message, status: 422 };
}
