/**
 * The operations of src-shared/api.ts over the desktop app's preload (`window.maclog`).
 * Each reply is unwrapped into its value or rebuilt as the ApiError the main process
 * raised, field and status included, so the UI's toasts read the same as in the browser.
 *
 * Dropped and picked files are ingested where they are: the preload tells their paths,
 * and the main process reads them (nothing is uploaded or copied).
 */
import {
  ApiError,
  unwrapReply,
  type DashboardsApi,
  type GrafanaViewApi,
  type IngestFile,
  type IngestResult,
  type MaclogApi,
  type MaclogBridge,
} from '../../src-shared/api.js';

declare global {
  interface Window {
    /** Present in the desktop app only (src-main/electron/preload.ts). */
    maclog?: MaclogBridge;
  }
}

/** The bridge, when the page runs in the desktop app. */
export function desktopBridge(): MaclogBridge | null {
  return typeof window !== 'undefined' && window.maclog ? window.maclog : null;
}

export function ipcApi(bridge: MaclogBridge): MaclogApi {
  return {
    listFiles: async () => unwrapReply(await bridge.listFiles()),
    getFile: async (args) => unwrapReply(await bridge.getFile(args)),
    getSeries: async (args) => unwrapReply(await bridge.getSeries(args)),
    listJobs: async (args) => unwrapReply(await bridge.listJobs(args)),
    ingestFiles: (files, options) => ingestByPath(bridge, files, options?.formatId ?? null),
    cancelJob: async (args) => unwrapReply(await bridge.cancelJob(args)),
    retryJob: async (args) => unwrapReply(await bridge.retryJob(args)),
    deleteJob: async (args) => unwrapReply(await bridge.deleteJob(args)),
    onJobEvent: (listener) => bridge.onJobEvent(listener),

    getShipTarget: async () => unwrapReply(await bridge.getShipTarget()),
    listShipments: async () => unwrapReply(await bridge.listShipments()),
    shipFile: async (args) => unwrapReply(await bridge.shipFile(args)),
    onShipEvent: (listener) => bridge.onShipEvent(listener),

    getStackStatus: async () => unwrapReply(await bridge.getStackStatus()),
    startStack: async () => unwrapReply(await bridge.startStack()),
    stopStack: async (args) => unwrapReply(await bridge.stopStack(args)),
    getStackLogs: async (args) => unwrapReply(await bridge.getStackLogs(args)),
    onStackEvent: (listener) => bridge.onStackEvent(listener),
  };
}

/** The Dashboards page's operations: whether Grafana answers, and the view laid over it. */
export function ipcDashboards(bridge: MaclogBridge): DashboardsApi & GrafanaViewApi {
  return {
    getGrafana: async () => unwrapReply(await bridge.getGrafana()),
    showGrafana: async (args) => unwrapReply(await bridge.showGrafana(args)),
    hideGrafana: async () => unwrapReply(await bridge.hideGrafana()),
  };
}

/**
 * Files without a path (made in the page, not from the disk) are refused by name; the
 * others go to the main process in one call.
 */
async function ingestByPath(
  bridge: MaclogBridge,
  files: readonly IngestFile[],
  formatId: string | null,
): Promise<IngestResult> {
  const paths: string[] = [];
  const refused: IngestResult['refused'] = [];
  for (const file of files) {
    const path = bridge.pathForFile(file);
    if (path) paths.push(path);
    else
      refused.push({
        name: file.name,
        message: `${file.name}: not a file on this machine`,
        status: 400,
      });
  }
  if (paths.length === 0) {
    throw new ApiError(refused.map((r) => r.message).join('; ') || 'no file given', 'files', 400);
  }
  const result = unwrapReply(await bridge.ingestPaths({ paths, formatId }));
  return { jobs: result.jobs, refused: [...refused, ...result.refused] };
}
