/**
 * Readiness over HTTP from the host. Container health status is not used: Podman does not
 * run HEALTHCHECKs without systemd (FACTS.md), and the native and external modes have none.
 */
import pRetry, { AbortError } from 'p-retry';
import { request } from 'undici';
import type { StackService } from '../../src-shared/stack.js';
import { shownUrl, splitCredentials } from '../url-credentials.js';

export const READY_PATHS: Readonly<Record<StackService, string>> = {
  loki: '/ready',
  prometheus: '/-/ready',
  grafana: '/api/health',
};

/**
 * One probe: the status code, or the network error's text. A user name and password in
 * the URL are sent as basic authentication (undici would drop them without a word).
 */
export async function probeOnce(url: string, timeoutMs = 2000): Promise<number | string> {
  try {
    const { url: plain, authorization } = splitCredentials(url);
    const res = await request(plain, {
      headers: authorization ? { authorization } : {},
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return res.statusCode;
  } catch (error) {
    const e = error as Error & { code?: string };
    return e.code ?? e.message;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** Called between attempts; throw to give up at once (e.g. the container exited). */
  check?: () => Promise<void>;
  signal?: AbortSignal;
}

/** Waits until `url` answers 200; rejects with the last answer when time runs out. */
export async function waitReady(url: string, options: WaitOptions): Promise<void> {
  const shown = shownUrl(url);
  let last: number | string = 'no answer';
  await pRetry(
    async () => {
      if (options.check) {
        try {
          await options.check();
        } catch (error) {
          throw new AbortError(error as Error);
        }
      }
      last = await probeOnce(url);
      if (last !== 200) throw new Error(`${shown} answered ${last}`);
    },
    {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 200,
      maxTimeout: 2000,
      factor: 1.5,
      maxRetryTime: options.timeoutMs,
      signal: options.signal,
    },
  ).catch((error: unknown) => {
    if (error instanceof Error && error.message.startsWith(shown)) {
      throw new Error(`not ready after ${options.timeoutMs / 1000} s (${shown}: ${String(last)})`);
    }
    throw error;
  });
}
