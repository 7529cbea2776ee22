/**
 * What the server tests share: a real server over a real store in a folder of its own,
 * its first admin signed in (every /api route needs a session, and changes its CSRF
 * token), uploads as the browser sends them, and the server-sent events read off the wire.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobEvent } from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src-main/serve/server.js';
import { TestBrowser } from '../fixtures/serve/browser.js';

/** The first admin that testServer() creates and signs in. */
export const ADMIN = { name: 'Test-Admin', password: 'correct horse battery' };

export interface TestServer {
  ctx: AppContext;
  server: RunningServer;
  dataDir: string;
  uiDir: string;
  /** A browser signed in as ADMIN, the first admin of the server. */
  admin: TestBrowser;
  url(path: string): string;
}

/** A stand-in UI folder, so the tests need no Vite build. */
export function standInUi(root: string): string {
  const uiDir = join(root, 'ui');
  mkdirSync(uiDir, { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>stand-in UI</title>');
  return uiDir;
}

export async function testServer(
  options: Partial<ServeOptions> = {},
  dataDir = join(mkdtempSync(join(tmpdir(), 'maclog-serve-')), 'data'),
): Promise<TestServer> {
  const uiDir = standInUi(join(dataDir, '..'));
  const ctx = openContext({ dataDir, workers: 1 });
  const server = await startServer(ctx, { host: '127.0.0.1', port: 0, uiDir, ...options });
  const admin = new TestBrowser(server.url);
  const created = await admin.createFirstAdmin(ADMIN.name, ADMIN.password);
  if (!created.ok) {
    throw new Error(`creating the first admin: ${created.status} ${await created.text()}`);
  }
  return { ctx, server, dataDir, uiDir, admin, url: (path) => new URL(path, server.url).href };
}

/**
 * A change with a live session and its CSRF token but without the X-Maclog-Api header, so
 * a refusal can only be for the missing header.
 */
export function changeWithoutApiHeader(
  browser: TestBrowser,
  method: string,
  path: string,
  body: object = {},
): Promise<Response> {
  return browser.request(method, path, {
    headers: { 'content-type': 'application/json', 'x-csrf-token': browser.csrfToken },
    body: JSON.stringify(body),
  });
}

/** An upload by the admin, as the page sends it (the mtime rides along, see ship.test.ts). */
export function upload(
  t: TestServer,
  name: string,
  content: Buffer | string,
  lastModified?: number | string,
): Promise<Response> {
  const form = new FormData();
  if (lastModified !== undefined) form.append('lastModified', String(lastModified));
  form.append('files', new Blob([content]), name);
  return t.admin.change('POST', '/api/jobs', form);
}

/** Resolves with the job once an event says it has finished. */
export function finished(server: RunningServer, jobId: number): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = server.runner.onEvent((event: JobEvent) => {
      if (event.job.id === jobId && ['done', 'failed', 'cancelled'].includes(event.job.state)) {
        stop();
        resolve(event.job);
      }
    });
  });
}

export interface SentEvent {
  type: string;
  data: unknown;
}

/** GET /api/events as the admin, read as the browser's EventSource would, until closed. */
export async function listen(t: TestServer) {
  const abort = new AbortController();
  const response = await t.admin.request('GET', '/api/events', { signal: abort.signal });
  if (!response.ok) throw new Error(`GET /api/events: ${response.status}`);
  const events: SentEvent[] = [];
  const waiting: { test: (e: SentEvent) => boolean; resolve: (e: SentEvent) => void }[] = [];

  const read = async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!type || data === undefined) continue;
        const event = { type, data: JSON.parse(data) as unknown };
        events.push(event);
        for (const w of waiting.filter((w) => w.test(event))) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  };
  const reading = read().catch(() => undefined);

  return {
    events,
    /** The first event, seen or still to come, that passes the test. */
    next(test: (e: SentEvent) => boolean): Promise<SentEvent> {
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ test, resolve }));
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

export async function close(t: TestServer): Promise<void> {
  await t.server.close();
  await t.ctx.close();
}
