/**
 * The desktop app's jobs through the real dispatcher, handlers, JobRunner, store and
 * engine: ingest by path, refusals by name, and a quit that pauses the running job so the
 * next start runs it again.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult, JobEvent } from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { operationHandlers } from '../../src-main/electron/handlers.js';
import { createDispatch, type Dispatch } from '../../src-main/electron/ipc.js';
import { JobRunner } from '../../src-main/serve/job-runner.js';
import { ServeStack } from '../../src-main/serve/serve-stack.js';
import { ShipRunner, shipTargetOf } from '../../src-main/serve/ship-runner.js';
import { parseStackSettings } from '../../src-shared/stack.js';
import { samplePath } from '../samples.js';

const APP_PAGE = 'app://maclog/index.html';
let dir: string;
let ctx: AppContext;
let runner: JobRunner;
let dispatch: Dispatch;

/** Grafana has no part in ingest: these tests must never reach it. */
function unreachable(): never {
  throw new Error('Grafana is not in this test');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maclog-desktop-'));
  ctx = openContext({ dataDir: join(dir, 'data'), workers: 2 });
  runner = new JobRunner(ctx.store, ctx.ingest, join(dir, 'data', 'uploads'));
  const stack = new ServeStack(parseStackSettings({}), join(dir, 'data'));
  const ships = new ShipRunner({
    store: ctx.store,
    catalog: ctx.engine.catalog,
    target: () => shipTargetOf(null, stack),
  });
  dispatch = createDispatch(
    operationHandlers({
      store: ctx.store,
      engine: ctx.engine,
      runner,
      ships,
      stack,
      grafana: { info: unreachable, show: unreachable, hide: unreachable },
    }),
    (url) => url.startsWith('app://maclog/'),
  );
});

afterAll(async () => {
  await runner.close();
  await ctx.close();
});

function when(source: JobRunner, test: (e: JobEvent) => boolean): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = source.onEvent((event) => {
      if (!test(event)) return;
      stop();
      resolve(event.job);
    });
  });
}

const ended = (id: number) => (e: JobEvent) =>
  e.job.id === id && ['done', 'failed', 'cancelled'].includes(e.job.state);

describe('ingest by path in the desktop app', () => {
  it('reads a dropped file where it is, and stores its KPIs', async () => {
    const path = samplePath('srsran-gnb-nr.log');
    const reply = await dispatch('ingestPaths', APP_PAGE, { paths: [path] });
    expect(reply.ok).toBe(true);
    const { jobs, refused } = (reply as { value: IngestResult }).value;
    expect(refused).toEqual([]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ path, state: 'queued' });

    const done = await when(runner, ended(jobs[0].id));
    expect(done).toMatchObject({ state: 'done', error: null });
    const file = await dispatch('getFile', APP_PAGE, { fileId: done.fileId });
    expect(file).toMatchObject({ ok: true, value: { fileId: done.fileId } });
  });

  it('refuses by name what it cannot ingest, and takes the rest', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'shopping list\nmilk\neggs\n');
    const missing = join(dir, 'gone.log');
    const good = samplePath('oai-gnb-nr-2020.log');

    const reply = await dispatch('ingestPaths', APP_PAGE, { paths: [missing, text, good] });
    const { jobs, refused } = (reply as { value: IngestResult }).value;
    expect(jobs.map((j) => j.path)).toEqual([good]);
    expect(refused).toEqual([
      { name: 'gone.log', message: `${missing}: no such file`, status: 404 },
      { name: 'notes.txt', message: expect.stringContaining(text) as string, status: 422 },
    ]);
    await when(runner, ended(jobs[0].id));
  });

  it('answers with an error naming the field when no file could be taken', async () => {
    const reply = await dispatch('ingestPaths', APP_PAGE, { paths: [join(dir, 'nothing.log')] });
    expect(reply).toEqual({
      ok: false,
      error: { message: `${join(dir, 'nothing.log')}: no such file`, field: 'paths', status: 404 },
    });
  });
});

/** A real eNB debug log repeated until parsing it takes long enough to quit midway. */
function bigLog(): string {
  const path = join(dir, 'enb-debug-x40.log');
  const text = readFileSync(samplePath('srslte-enb-debug.log'));
  for (let i = 0; i < 40; i++) appendFileSync(path, text);
  return path;
}

describe('quitting with a job under way', () => {
  it('pauses the job into the queue, and the next start runs it to the end', async () => {
    const path = bigLog();
    const [job] = (
      (await dispatch('ingestPaths', APP_PAGE, { paths: [path] })) as { value: IngestResult }
    ).value.jobs;
    await when(runner, (e) => e.job.id === job.id && e.job.state === 'running');
    await runner.close();

    expect(ctx.store.getJob(job.id)).toMatchObject({ state: 'queued', bytesDone: 0 });
    expect(ctx.store.listFiles().map((f) => f.path)).not.toContain(path);

    const next = new JobRunner(ctx.store, ctx.ingest, join(dir, 'data', 'uploads'));
    const finished = when(next, ended(job.id));
    expect(next.resume().map((j) => j.id)).toEqual([job.id]);
    expect(await finished).toMatchObject({ state: 'done', error: null });
    expect(ctx.store.listFiles().map((f) => f.path)).toContain(path);
    await next.close();
  });
});
