/**
 * Jobs outlive `maclog serve`: a stop puts the running job back in the queue and the next
 * start finishes it; a job left running by a server that was killed (its pid is dead) is
 * restarted at the next start. Real server, store and engine; the kill is a real dead pid.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { startServer, type RunningServer } from '../../src-main/serve/server.js';
import { simulate } from '../../src-main/simulate/index.js';
import type { Store } from '../../src-main/store/store.js';
import { samplePath } from '../samples.js';
import { standInUi } from './helpers.js';

const contexts: AppContext[] = [];
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const c of contexts) await c.close();
});

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'maclog-resume-'));
  const dataDir = join(root, 'data');
  const ctx = openContext({ dataDir, workers: 1 });
  contexts.push(ctx);
  const serve = async () => {
    const server = await startServer(ctx, { host: '127.0.0.1', port: 0, uiDir: standInUi(root) });
    servers.push(server);
    return server;
  };
  return { ctx, dataDir, serve };
}

/** A file as an upload is saved: in a folder of its own under <data>/uploads. */
function uploaded(dataDir: string, source: string, name: string): string {
  const folder = join(dataDir, 'uploads', name.replace(/\W/g, '-'));
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  copyFileSync(source, path);
  return path;
}

/** Waits until the job is in one of the states (the store is the truth across servers). */
async function until(store: Store, jobId: number, states: string[]): Promise<JobInfo> {
  for (;;) {
    const job = store.getJob(jobId)!;
    if (states.includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('jobs across a restart of maclog serve', { timeout: 120_000 }, () => {
  it('restarts a job left running by a dead process, and runs queued uploads', async () => {
    const { ctx, dataDir, serve } = setup();
    const sample = samplePath('srsran-gnb-nr.log');
    const crashed = ctx.store.createJob(uploaded(dataDir, sample, 'crashed.log'), null);
    ctx.store.startJob(crashed.id, 1);
    const queued = ctx.store.createJob(uploaded(dataDir, sample, 'queued.log'), null);
    // A job of a file elsewhere is the CLI's, which runs its own jobs at once.
    const cli = ctx.store.createJob(sample, null);

    // The crashed server's pid: a process that has exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const db = new Database(ctx.store.path);
    db.prepare('UPDATE jobs SET owner_pid = ? WHERE id = ?').run(dead, crashed.id);
    db.close();

    await serve();
    const restarted = await until(ctx.store, crashed.id, ['done', 'failed', 'cancelled']);
    expect(restarted).toMatchObject({ state: 'done', error: null });
    expect(restarted.fileId).not.toBeNull();
    // The same content again: found stored, not parsed twice.
    const next = await until(ctx.store, queued.id, ['done', 'failed', 'cancelled']);
    expect(next).toMatchObject({ state: 'done', reused: true, fileId: restarted.fileId });
    expect(ctx.store.getJob(cli.id)!.state).toBe('queued');
  });

  it('puts the job under way back in the queue at a stop, and finishes it at the next start', async () => {
    const { ctx, dataDir, serve } = setup();
    const big = join(dataDir, '..', 'big.log');
    await simulate({ format: 'srsran-gnb', out: big, targetBytes: 40 * 1024 * 1024 });
    const path = uploaded(dataDir, big, 'big.log');

    const first = await serve();
    const midway = new Promise<JobEvent>((resolve) => {
      first.runner.onEvent((e) => {
        if (e.job.state === 'running' && e.bytesDone > 0 && e.bytesDone < e.bytesTotal) resolve(e);
      });
    });
    const job = first.runner.enqueue(path, null, null);
    await midway;
    await first.close();

    expect(ctx.store.getJob(job.id)).toMatchObject({ state: 'queued', bytesDone: 0, error: null });

    await serve();
    const done = await until(ctx.store, job.id, ['done', 'failed', 'cancelled']);
    expect(done).toMatchObject({ state: 'done', error: null, reused: false });
    expect(ctx.store.getFileResult(done.fileId!)?.file.name).toBe('big.log');
  });
});
