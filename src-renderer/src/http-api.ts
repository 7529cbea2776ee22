/**
 * The operations of src-shared/api.ts over `maclog serve`'s HTTP API. The desktop app
 * will hand the UI its preload's functions instead; the components see only MaclogApi.
 */
import {
  ApiError,
  type ApiErrorBody,
  type FileListEntry,
  type FileShipment,
  type FileSummary,
  type IngestResult,
  type JobEvent,
  type MaclogApi,
  type ShipEvent,
  type ShipTarget,
  type StackStatus,
} from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import type { KpiSecond } from '../../src-shared/kpis.js';
import type { StackEvent } from '../../src-shared/stack.js';

/** Every request that changes something carries it (see src-main/serve/security.ts). */
const CHANGE_HEADERS = { 'x-maclog-api': '1' };

async function call<T>(method: string, url: string, body?: FormData | object): Promise<T> {
  const init: RequestInit = { method, headers: method === 'GET' ? {} : CHANGE_HEADERS };
  if (body instanceof FormData) init.body = body;
  else if (body) {
    init.body = JSON.stringify(body);
    init.headers = { ...CHANGE_HEADERS, 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(`cannot reach the server: ${(err as Error).message}`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!response.ok) {
    let parsed: Partial<ApiErrorBody> = {};
    try {
      parsed = JSON.parse(text) as ApiErrorBody;
    } catch {
      // Not one of ours (a proxy's page): the status says enough.
    }
    const message = parsed.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(message, parsed.error?.field ?? null, response.status);
  }
  return JSON.parse(text) as T;
}

const q = encodeURIComponent;

/**
 * One EventSource for every kind of event, opened while anyone listens: a browser allows
 * only a few connections per server over HTTP/1.1, and each open stream holds one.
 */
function eventStream(url: string) {
  let source: EventSource | null = null;
  let listeners = 0;
  return <E>(type: string, listener: (event: E) => void): (() => void) => {
    source ??= new EventSource(url);
    listeners += 1;
    const onMessage = (message: Event) => {
      listener(JSON.parse((message as MessageEvent<string>).data) as E);
    };
    const opened = source;
    opened.addEventListener(type, onMessage);
    return () => {
      opened.removeEventListener(type, onMessage);
      listeners -= 1;
      if (listeners === 0 && source === opened) {
        opened.close();
        source = null;
      }
    };
  };
}

export function httpApi(base = ''): MaclogApi {
  const subscribe = eventStream(`${base}/api/events`);
  return {
    listFiles: () => call<FileListEntry[]>('GET', `${base}/api/files`),
    getFile: ({ fileId }) => call<FileSummary>('GET', `${base}/api/files/${fileId}`),
    getSeries: ({ fileId, cell, ue }) => {
      const params = new URLSearchParams();
      if (cell !== null) params.set('cell', cell);
      if (ue !== null) params.set('ue', ue);
      return call<KpiSecond[]>('GET', `${base}/api/files/${fileId}/series?${params.toString()}`);
    },
    listJobs: (args) =>
      call<JobInfo[]>('GET', `${base}/api/jobs${args?.limit ? `?limit=${args.limit}` : ''}`),
    ingestFiles: (files, options) => {
      const form = new FormData();
      if (options?.formatId) form.append('formatId', options.formatId);
      for (const file of files) {
        // Before its file: the server gives the saved upload this modification time.
        if (file.lastModified !== undefined) form.append('lastModified', String(file.lastModified));
        form.append('files', file as File, file.name);
      }
      return call<IngestResult>('POST', `${base}/api/jobs`, form);
    },
    cancelJob: ({ jobId }) => call<JobInfo>('POST', `${base}/api/jobs/${q(jobId)}/cancel`),
    retryJob: ({ jobId }) => call<JobInfo>('POST', `${base}/api/jobs/${q(jobId)}/retry`),
    deleteJob: ({ jobId }) => call<void>('DELETE', `${base}/api/jobs/${q(jobId)}`),
    onJobEvent: (listener) => subscribe<JobEvent>('job', listener),

    getShipTarget: () => call<ShipTarget>('GET', `${base}/api/ship-target`),
    listShipments: () => call<FileShipment[]>('GET', `${base}/api/shipments`),
    shipFile: ({ fileId, again }) =>
      call<FileShipment>('POST', `${base}/api/files/${q(fileId)}/ship`, again ? { again } : {}),
    onShipEvent: (listener) => subscribe<ShipEvent>('ship', listener),

    getStackStatus: () => call<StackStatus>('GET', `${base}/api/stack`),
    startStack: () => call<StackStatus>('POST', `${base}/api/stack/start`),
    stopStack: (args) => call<StackStatus>('POST', `${base}/api/stack/stop`, args ?? {}),
    getStackLogs: async ({ service, tail }) => {
      const query = tail ? `?tail=${tail}` : '';
      const url = `${base}/api/stack/logs/${q(service)}${query}`;
      return (await call<{ text: string }>('GET', url)).text;
    },
    onStackEvent: (listener) => subscribe<StackEvent>('stack', listener),
  };
}
