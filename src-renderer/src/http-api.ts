/**
 * The operations of src-shared/api.ts over `maclog serve`'s HTTP API. The desktop app
 * hands the UI its preload's functions instead; the components see only MaclogApi
 * (and, in the browser only, AccountsApi and DashboardsApi).
 *
 * Every change carries the session's CSRF token, which the server hands out with the
 * session (GET /api/session, sign-in); it is kept here, in memory, never in storage.
 */
import {
  ApiError,
  type AccountsApi,
  type ApiErrorBody,
  type DashboardsApi,
  type FileListEntry,
  type FileShipment,
  type FileSummary,
  type GrafanaInfo,
  type IngestResult,
  type JobEvent,
  type MaclogApi,
  type SessionInfo,
  type ShipEvent,
  type ShipTarget,
  type StackStatus,
  type UploadListener,
  type UserInfo,
} from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import type { KpiSecond } from '../../src-shared/kpis.js';
import type { StackEvent } from '../../src-shared/stack.js';

/** Every request that changes something carries it (see src-main/serve/security.ts). */
const CHANGE_HEADERS = { 'x-maclog-api': '1' };

/** What the browser mode's client offers: the app's operations and the browser's own. */
export type BrowserApi = MaclogApi & AccountsApi & DashboardsApi;

interface Caller {
  call: <T>(method: string, url: string, body?: FormData | object) => Promise<T>;
  /** Keeps the CSRF token of the session the answer describes. */
  session: (info: SessionInfo) => SessionInfo;
  onSignedOut: (listener: () => void) => () => void;
  upload: <T>(url: string, form: FormData, onUpload: UploadListener) => Promise<T>;
}

function caller(): Caller {
  let csrfToken = '';
  const signedOut = new Set<() => void>();

  /** What a request that changes something carries: the API marker and the CSRF token. */
  const changeHeaders = (): Record<string, string> => ({
    ...CHANGE_HEADERS,
    'x-csrf-token': csrfToken,
  });

  async function call<T>(method: string, url: string, body?: FormData | object): Promise<T> {
    const headers: Record<string, string> = method === 'GET' ? {} : changeHeaders();
    const init: RequestInit = { method, headers };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (err) {
      throw new ApiError(`cannot reach the server: ${(err as Error).message}`);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!response.ok) throw failure(response, text, url.endsWith('/api/session'), signedOut);
    return JSON.parse(text) as T;
  }

  /**
   * A POST of files that reports how much is sent: fetch cannot tell that, so this one
   * request goes through XMLHttpRequest, with the headers and error handling of `call`.
   */
  function upload<T>(url: string, form: FormData, onUpload: UploadListener): Promise<T> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      for (const [name, value] of Object.entries(changeHeaders())) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onUpload(e.loaded, e.total);
      };
      xhr.onerror = () => reject(new ApiError('cannot reach the server: the upload stopped'));
      xhr.onload = () => {
        if (xhr.status === 204) return resolve(undefined as T);
        const response = new Response(null, { status: xhr.status, statusText: xhr.statusText });
        if (xhr.status < 200 || xhr.status >= 300) {
          return reject(failure(response, xhr.responseText, false, signedOut));
        }
        resolve(JSON.parse(xhr.responseText) as T);
      };
      xhr.send(form);
    });
  }

  return {
    call,
    upload,
    session: (info) => {
      csrfToken = info.csrfToken;
      return info;
    },
    onSignedOut: (listener) => {
      signedOut.add(listener);
      return () => signedOut.delete(listener);
    },
  };
}

/**
 * The server's own words as an ApiError. A 401 anywhere but at sign-in means the session
 * ended (expired, signed out elsewhere, account disabled): the page goes back to sign-in.
 */
function failure(
  response: Response,
  text: string,
  signingIn: boolean,
  signedOut: Set<() => void>,
): ApiError {
  let parsed: Partial<ApiErrorBody> = {};
  try {
    parsed = JSON.parse(text) as ApiErrorBody;
  } catch {
    // Not one of ours (a proxy's page): the status says enough.
  }
  if (response.status === 401 && !signingIn) for (const listener of signedOut) listener();
  const message = parsed.error?.message ?? `${response.status} ${response.statusText}`;
  return new ApiError(message, parsed.error?.field ?? null, response.status);
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

export function httpApi(base = ''): BrowserApi {
  const { call, upload, session, onSignedOut } = caller();
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
    ingestFiles: (files, options, onUpload) => {
      const form = new FormData();
      if (options?.formatId) form.append('formatId', options.formatId);
      for (const file of files) {
        // Before its file: the server gives the saved upload this modification time.
        if (file.lastModified !== undefined) form.append('lastModified', String(file.lastModified));
        form.append('files', file as File, file.name);
      }
      if (onUpload) return upload<IngestResult>(`${base}/api/jobs`, form, onUpload);
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

    getSession: async () => session(await call<SessionInfo>('GET', `${base}/api/session`)),
    signIn: async (args) => session(await call<SessionInfo>('POST', `${base}/api/session`, args)),
    signOut: () => call<void>('DELETE', `${base}/api/session`),
    createFirstAdmin: async (args) =>
      session(await call<SessionInfo>('POST', `${base}/api/users/first`, args)),
    listUsers: () => call<UserInfo[]>('GET', `${base}/api/users`),
    addUser: (args) => call<UserInfo>('POST', `${base}/api/users`, args),
    updateUser: ({ userId, ...change }) =>
      call<UserInfo>('PATCH', `${base}/api/users/${q(userId)}`, change),
    deleteUser: ({ userId }) => call<void>('DELETE', `${base}/api/users/${q(userId)}`),
    onSignedOut,

    getGrafana: () => call<GrafanaInfo>('GET', `${base}/api/grafana`),
  };
}
