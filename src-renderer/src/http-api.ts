/**
 * The operations of src-shared/api.ts over `maclog serve`'s HTTP API. The desktop app
 * will hand the UI its preload's functions instead; the components see only MaclogApi.
 */
import {
  ApiError,
  type ApiErrorBody,
  type FileListEntry,
  type FileSummary,
  type IngestResult,
  type JobEvent,
  type MaclogApi,
} from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import type { KpiSecond } from '../../src-shared/kpis.js';

/** Every request that changes something carries it (see src-main/serve/security.ts). */
const CHANGE_HEADERS = { 'x-maclog-api': '1' };

async function call<T>(method: string, url: string, body?: FormData): Promise<T> {
  const init: RequestInit = { method, headers: method === 'GET' ? {} : CHANGE_HEADERS };
  if (body) init.body = body;
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

export function httpApi(base = ''): MaclogApi {
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
      for (const file of files) form.append('files', file as File, file.name);
      return call<IngestResult>('POST', `${base}/api/jobs`, form);
    },
    cancelJob: ({ jobId }) => call<JobInfo>('POST', `${base}/api/jobs/${q(jobId)}/cancel`),
    retryJob: ({ jobId }) => call<JobInfo>('POST', `${base}/api/jobs/${q(jobId)}/retry`),
    deleteJob: ({ jobId }) => call<void>('DELETE', `${base}/api/jobs/${q(jobId)}`),
    onJobEvent: (listener) => {
      const source = new EventSource(`${base}/api/events`);
      source.addEventListener('job', (message) => {
        listener(JSON.parse((message as MessageEvent<string>).data) as JobEvent);
      });
      return () => source.close();
    },
  };
}
