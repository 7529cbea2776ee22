/**
 * Pushes entries to Loki's push API (`POST /loki/api/v1/push`, JSON, gzip) with undici, at
 * most `requestsPerSecond` requests, retrying 429, 5xx and network errors with exponential
 * backoff and jitter (p-retry; a Retry-After header is honoured). A 400 is read as a
 * partial success and never retried: the entries it refused are reported by reason.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import { request } from 'undici';
import { logger } from '../log.js';
import { splitCredentials } from '../url-credentials.js';
import type { LokiEntry } from './lines.js';
import { readRejections, type Rejections } from './rejections.js';

const log = logger('loki');
const gzipAsync = promisify(gzip);

export interface LokiClientOptions {
  /** Loki's base URL, e.g. http://127.0.0.1:3100. */
  url: string;
  requestsPerSecond?: number;
  /** Retries of one request before the push fails (a Loki that stays down). */
  retries?: number;
  /** First and longest wait between retries. */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** Extra headers, e.g. X-Scope-OrgID for a multi-tenant Loki, or authorisation. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Told of each failed attempt that will be retried (for a user watching). */
  onRetry?: (reason: string, attempt: number, retriesLeft: number) => void;
}

export interface PushResult {
  /** Entries Loki kept. */
  accepted: number;
  rejected: Rejections;
  /** HTTP requests made, retries included. */
  attempts: number;
}

/** Loki refused the request as too large (413): the caller sends it in smaller parts. */
export class TooLargeError extends Error {}

/** A push that failed after its retries, or that Loki refused for a reason not retried. */
export class PushError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** A retryable answer, with the wait Loki asked for, if any. */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/**
 * Where a Loki URL points, told apart from the credentials it may carry. A Loki behind a
 * reverse proxy may have a path prefix (http://host/logs) and a password in the URL
 * (http://user:pass@host): the prefix is kept, and the user and password become a basic
 * authentication header, so that they are sent but never shown, logged or stored.
 */
export function lokiEndpoint(url: string): {
  /** The URL without credentials, query or trailing slash: what is shown and stored. */
  target: string;
  pushUrl: string;
  authorization: string | null;
} {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  const { url: target, authorization } = splitCredentials(u.href);
  return { target, pushUrl: `${target}/loki/api/v1/push`, authorization };
}

export class LokiClient {
  /** Loki's URL without credentials (see `lokiEndpoint`). */
  readonly target: string;
  private readonly pushUrl: string;
  private readonly send: (body: Buffer, signal?: AbortSignal) => Promise<Answer>;
  private readonly options: Required<Omit<LokiClientOptions, 'headers' | 'onRetry'>> & {
    headers: Record<string, string>;
    onRetry?: LokiClientOptions['onRetry'];
  };

  constructor(options: LokiClientOptions) {
    this.options = {
      requestsPerSecond: 10,
      retries: 8,
      minRetryMs: 250,
      maxRetryMs: 30_000,
      timeoutMs: 30_000,
      headers: {},
      ...options,
    };
    const endpoint = lokiEndpoint(options.url);
    this.target = endpoint.target;
    this.pushUrl = endpoint.pushUrl;
    // A header the user gave wins over the URL's credentials.
    const given = Object.keys(this.options.headers).some(
      (h) => h.toLowerCase() === 'authorization',
    );
    if (endpoint.authorization && !given) {
      this.options.headers = { ...this.options.headers, authorization: endpoint.authorization };
    }
    const throttle = pThrottle({ limit: this.options.requestsPerSecond, interval: 1000 });
    this.send = throttle((body: Buffer, signal?: AbortSignal) => this.post(body, signal));
  }

  /** Sends one batch. Throws TooLargeError on 413, PushError when it cannot be delivered. */
  async push(entries: LokiEntry[], signal?: AbortSignal): Promise<PushResult> {
    const body = await gzipAsync(JSON.stringify(pushBody(entries)));
    let attempts = 0;
    const answer = await pRetry(
      async () => {
        attempts++;
        return this.check(await this.send(body, signal));
      },
      {
        retries: this.options.retries,
        minTimeout: this.options.minRetryMs,
        maxTimeout: this.options.maxRetryMs,
        randomize: true,
        ...(signal ? { signal } : {}),
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          log.info(
            { attempt: attemptNumber, retriesLeft, err: error.message },
            'push failed, retrying',
          );
          if (retriesLeft > 0) this.options.onRetry?.(error.message, attemptNumber, retriesLeft);
          const wait = error instanceof RetryableError ? error.retryAfterMs : null;
          if (wait !== null && retriesLeft > 0) await sleep(wait, signal);
        },
      },
    ).catch((err: unknown) => {
      if (err instanceof TooLargeError || err instanceof PushError) throw err;
      if (signal?.aborted) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new PushError(`Loki at ${this.target} did not take the entries: ${message}`, null);
    });

    if (answer.status === 400) {
      const rejected = readRejections(answer.body, entries.length);
      return { accepted: entries.length - rejected.total, rejected, attempts };
    }
    return { accepted: entries.length, rejected: { byReason: {}, total: 0 }, attempts };
  }

  /** Turns an answer into a result, or into the error that decides whether to retry. */
  private check(answer: Answer): Answer {
    const { status } = answer;
    if (status >= 200 && status < 300) return answer;
    if (status === 400) return answer;
    if (status === 413) throw new AbortError(new TooLargeError(answer.body || 'too large'));
    if (status === 429 || status >= 500) {
      throw new RetryableError(`HTTP ${status}: ${answer.body.slice(0, 200)}`, answer.retryAfterMs);
    }
    throw new AbortError(
      new PushError(`Loki refused the push: HTTP ${status} ${answer.body.slice(0, 200)}`, status),
    );
  }

  private async post(body: Buffer, signal?: AbortSignal): Promise<Answer> {
    const res = await request(this.pushUrl, {
      method: 'POST',
      body,
      headers: {
        ...this.options.headers,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      ...(signal ? { signal } : {}),
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      body: text,
      retryAfterMs: retryAfterMs(res.headers['retry-after']),
    };
  }
}

interface Answer {
  status: number;
  body: string;
  retryAfterMs: number | null;
}

interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

/** Entries grouped into streams, each stream's entries in time order (Loki wants that). */
export function pushBody(entries: LokiEntry[]): PushBody {
  const streams = new Map<string, PushBody['streams'][number]>();
  for (const e of entries) {
    let s = streams.get(e.stream);
    if (!s) streams.set(e.stream, (s = { stream: e.labels, values: [] }));
    s.values.push([e.tsNs, e.line]);
  }
  for (const s of streams.values()) s.values.sort((a, b) => compareNs(a[0], b[0]));
  return { streams: [...streams.values()] };
}

/** Compares decimal nanosecond strings without BigInt: longer is later, then by text. */
export function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; null when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
