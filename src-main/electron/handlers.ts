/**
 * What the desktop app's main process does for each operation of the bridge. The work is
 * in src-main/api/operations.ts and the JobRunner, shared with `maclog serve`; arguments
 * arrive already validated (ipc.ts).
 */
import { fileSummary, ingestPaths, listJobs, subjectSeries } from '../api/operations.js';
import type { ParseEngine } from '../engine/engine.js';
import type { JobRunner } from '../serve/job-runner.js';
import type { Store } from '../store/store.js';
import type { OperationHandlers } from './ipc.js';

export interface HandlerDeps {
  store: Store;
  engine: ParseEngine;
  runner: JobRunner;
}

export function operationHandlers(deps: HandlerDeps): OperationHandlers {
  const { store, runner } = deps;
  return {
    listFiles: () => store.listFiles(),
    getFile: ({ fileId }) => fileSummary(store, fileId),
    getSeries: (args) => subjectSeries(store, args),
    listJobs: (args) => listJobs(store, args),
    ingestPaths: ({ paths, formatId }) => ingestPaths(deps, paths, formatId ?? null),
    cancelJob: ({ jobId }) => runner.cancel(jobId),
    retryJob: ({ jobId }) => runner.retry(jobId),
    deleteJob: ({ jobId }) => runner.delete(jobId),
  };
}
