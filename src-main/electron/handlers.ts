/**
 * What the desktop app's main process does for each operation of the bridge. The work is
 * in src-main/api/operations.ts and the JobRunner, shared with `maclog serve`; arguments
 * arrive already validated (ipc.ts).
 */
import { fileSummary, ingestPaths, listJobs, subjectSeries } from '../api/operations.js';
import type { GrafanaInfo, ShowGrafanaArgs } from '../../src-shared/api.js';
import type { ParseEngine } from '../engine/engine.js';
import type { JobRunner } from '../serve/job-runner.js';
import type { ServeStack } from '../serve/serve-stack.js';
import { shipTargetOf, shownTarget, type ShipRunner } from '../serve/ship-runner.js';
import type { Store } from '../store/store.js';
import type { OperationHandlers } from './ipc.js';

export interface HandlerDeps {
  store: Store;
  engine: ParseEngine;
  runner: JobRunner;
  ships: ShipRunner;
  stack: ServeStack;
  grafana: DesktopGrafana;
}

/** The Dashboards page's Grafana: whether it answers (Desktop), and its view (GrafanaPane). */
export interface DesktopGrafana {
  info(): Promise<GrafanaInfo>;
  show(args: ShowGrafanaArgs): Promise<void>;
  hide(): void;
}

/** Lines of a service's log the Stack page shows when it asks for no number. */
const DEFAULT_LOG_TAIL = 200;

export function operationHandlers(deps: HandlerDeps): OperationHandlers {
  const { store, runner, ships, stack, grafana } = deps;
  return {
    listFiles: () => store.listFiles(),
    getFile: ({ fileId }) => fileSummary(store, fileId),
    getSeries: (args) => subjectSeries(store, args),
    listJobs: (args) => listJobs(store, args),
    ingestPaths: ({ paths, formatId }) => ingestPaths(deps, paths, formatId ?? null),
    cancelJob: ({ jobId }) => runner.cancel(jobId),
    retryJob: ({ jobId }) => runner.retry(jobId),
    deleteJob: ({ jobId }) => runner.delete(jobId),
    getShipTarget: async () =>
      shownTarget(await shipTargetOf(null, stack, 'set a Loki in the settings')),
    listShipments: () => ships.list(),
    shipFile: ({ fileId, again }) => ships.ship(fileId, again ?? false),
    getStackStatus: () => stack.status(),
    startStack: () => stack.start(),
    stopStack: (args) => stack.stop(args ?? {}),
    getStackLogs: ({ service, tail }) => stack.logs(service, tail ?? DEFAULT_LOG_TAIL),
    getGrafana: () => grafana.info(),
    showGrafana: (args) => grafana.show(args),
    hideGrafana: () => grafana.hide(),
  };
}
