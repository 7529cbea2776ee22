/**
 * `maclog serve`'s API against a real server, a real SQLite store and the real engine.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, FileSummary, IngestResult, JobEvent } from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import type { KpiSecond } from '../../src-shared/kpis.js';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { startServer, type RunningServer } from '../../src-main/serve/server.js';
import { TestBrowser } from '../fixtures/serve/browser.js';
import { samplePath } from '../samples.js';
import { close, standInUi, testServer } from './helpers.js';

const LIMIT = 2 * 1024 * 1024;
let ctx: AppContext;
let server: RunningServer;
let dataDir: string;
/** Signed in as the admin: these tests are about the API, accounts.test.ts about roles. */
let admin: TestBrowser;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'maclog-serve-'));
  dataDir = join(root, 'data');
  const uiDir = standInUi(root);
  ctx = openContext({ dataDir, workers: 1 });
  server = await startServer(ctx, { host: '127.0.0.1', port: 0, uiDir, maxUploadBytes: LIMIT });
  admin = new TestBrowser(server.url);
  expect((await admin.createFirstAdmin('admin', 'correct horse battery')).status).toBe(200);
});

afterAll(async () => {
  await server.close();
  await ctx.close();
});

const url = (path: string) => new URL(path, server.url).href;
const read = (path: string) => admin.request('GET', path);

function upload(name: string, content: Buffer | string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('files', new Blob([content]), name);
  return admin.change('POST', '/api/jobs', form);
}

async function errorOf(response: Response): Promise<ApiErrorBody['error']> {
  return ((await response.json()) as ApiErrorBody).error;
}

/** Resolves with the job once an event says it has finished. */
function finished(jobId: number): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = server.runner.onEvent((event: JobEvent) => {
      if (event.job.id === jobId && ['done', 'failed', 'cancelled'].includes(event.job.state)) {
        stop();
        resolve(event.job);
      }
    });
  });
}

describe('maclog serve: validation', () => {
  it('names the field that was wrong', async () => {
    const notNumber = await read('/api/files/abc');
    expect(notNumber.status).toBe(400);
    expect(await errorOf(notNumber)).toEqual({
      message: 'fileId must be a number',
      field: 'fileId',
    });

    const zero = await read('/api/jobs?limit=0');
    expect(zero.status).toBe(400);
    expect((await errorOf(zero)).field).toBe('limit');

    const unknown = await read('/api/jobs?colour=red');
    expect(await errorOf(unknown)).toMatchObject({ field: 'colour' });

    const format = await upload('a.log', 'x', { formatId: '../../etc' });
    expect(format.status).toBe(400);
    expect(await errorOf(format)).toMatchObject({ field: 'formatId' });

    const cancel = await admin.change('POST', '/api/jobs/0/cancel');
    expect(await errorOf(cancel)).toEqual({ message: 'jobId must be 1 or more', field: 'jobId' });
  });

  it('refuses an upload over the limit, naming the file, and keeps nothing of it', async () => {
    const response = await upload('huge.log', Buffer.alloc(LIMIT + 1, 'a'));
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toEqual({
      message: 'huge.log: larger than the upload limit of 2.0 MB',
      field: 'files',
    });
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
  });

  it('refuses a binary file and a text that is no log, naming them', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const bin = await upload('garbage.bin', binary);
    expect(bin.status).toBe(422);
    expect((await errorOf(bin)).message).toBe('garbage.bin: this is a binary file, not a text log');

    const notes = await upload('notes.txt', 'shopping list\neggs\nmilk\n');
    expect(notes.status).toBe(422);
    expect((await errorOf(notes)).message).toMatch(/^notes\.txt: no known format recognises/);
  });

  it('refuses changes without the API header, and a foreign Host', async () => {
    const noHeader = await admin.request('POST', '/api/jobs/1/cancel');
    expect(noHeader.status).toBe(403);
    expect((await errorOf(noHeader)).message).toBe(
      'requests that change data need the x-maclog-api header',
    );

    // fetch() will not send another Host header; node:http will.
    const { port } = new URL(server.url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const headers = { host: `evil.example:${port}` };
      get(url('/api/files'), { headers }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(421);
  });

  it('answers a --public-host with or without the port, as an https proxy forwards it', async () => {
    const t = await testServer({ publicHosts: ['lab.example.org'] });
    const { port } = new URL(t.server.url);
    const statusFor = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        get(t.url('/api/session'), { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject);
      });
    expect(await statusFor('lab.example.org')).toBe(200);
    expect(await statusFor(`LAB.example.org:${port}`)).toBe(200);
    expect(await statusFor('other.example.org')).toBe(421);
    expect(await statusFor(`lab.example.org.evil.example:${port}`)).toBe(421);
    await close(t);
  });

  it('serves the UI with a strict Content-Security-Policy', async () => {
    const page = await fetch(url('/'));
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('maclog serve: ingest', () => {
  it('ingests an uploaded sample, serves its UEs and series, and deletes it', async () => {
    const sample = samplePath('srsran-gnb-nr.log');
    const response = await upload('srsran-gnb-nr.log', readFileSync(sample));
    expect(response.status).toBe(202);
    const { jobs, refused } = (await response.json()) as IngestResult;
    expect(refused).toEqual([]);
    expect(jobs).toHaveLength(1);
    const job = await finished(jobs[0].id);
    expect(job).toMatchObject({ state: 'done', error: null, bytesDone: job.bytesTotal });

    const file = (await (await read(`/api/files/${job.fileId}`)).json()) as FileSummary;
    expect(file.format.id).toBe('srsran-gnb');
    expect(file.lines.lines).toBe(9004);
    expect(file).not.toHaveProperty('series');
    // The sample notes one UE, c-rnti 0x4601; it is deleted and attaches again as 0x4602,
    // with the same DU UE index: two connections, the second named `0#2`.
    expect(file.ues.map((u) => [u.ue, u.life.rntis])).toEqual([
      ['0', [0x4601]],
      ['0#2', [0x4602]],
    ]);
    const ue = file.ues[1];

    const query = new URLSearchParams({ cell: ue.cell!, ue: ue.ue! });
    const series = await read(`/api/files/${job.fileId}/series?${query.toString()}`);
    const seconds = (await series.json()) as KpiSecond[];
    expect(seconds.length).toBeGreaterThan(0);
    expect(seconds.reduce((n, s) => n + s.counters.ulGrants, 0)).toBe(ue.counters.ulGrants);

    const missing = await read(`/api/files/${job.fileId}/series?cell=0&ue=999`);
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ field: 'ue' });

    const removed = await admin.change('DELETE', `/api/jobs/${job.id}`);
    expect(removed.status).toBe(204);
    expect(await (await read('/api/files')).json()).toEqual([]);
    expect(await (await read('/api/jobs')).json()).toEqual([]);
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
  });

  it('drops a copy of stored content at once, and keeps the upload the stored file is read from', async () => {
    const text = readFileSync(samplePath('srsran-gnb-nr.log'));
    const ingest = async (name: string) => {
      const { jobs } = (await (await upload(name, text)).json()) as IngestResult;
      return finished(jobs[0].id);
    };
    const first = await ingest('first.log');
    const again = await ingest('again.log'); // the same content: reused, nothing parsed
    expect(again).toMatchObject({ state: 'done', reused: true, fileId: first.fileId });
    const storedPath = ((await (await read('/api/files')).json()) as { path: string }[])[0].path;
    expect(storedPath).toBe(first.path);
    // The second upload is a copy nothing reads: gone as soon as its job is done.
    expect(existsSync(again.path)).toBe(false);
    expect(readdirSync(join(dataDir, 'uploads'))).toHaveLength(1);

    expect((await admin.change('DELETE', `/api/jobs/${first.id}`)).status).toBe(204);
    // The file stays for the other job, and so does the upload its lines are read from.
    expect(existsSync(storedPath)).toBe(true);

    expect((await admin.change('DELETE', `/api/jobs/${again.id}`)).status).toBe(204);
    expect(await (await read('/api/files')).json()).toEqual([]);
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
  });
});
