/**
 * kill -9 in the middle of an ingest job: nothing half-written is visible, and the next
 * start restarts the job and stores the file exactly once.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { IngestService } from '../../src-main/ingest/service.js';
import { openStore } from '../../src-main/store/store.js';
import { samplePath } from '../samples.js';

const child = resolve(import.meta.dirname, '../fixtures/ingest/ingest-child.ts');
const engine = new ParseEngine({ workers: 2 });
afterAll(() => engine.close());

/** A real eNB debug log repeated until the file is large enough to kill mid-parse. */
function bigLog(dir: string): string {
  const path = join(dir, 'enb-debug-x40.log');
  const text = readFileSync(samplePath('srslte-enb-debug.log'));
  for (let i = 0; i < 40; i++) appendFileSync(path, text);
  return path;
}

function startChild(dataDir: string, file: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = new Promise<void>((resolveStarted, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('started')) resolveStarted();
      if (d.toString().includes('finished')) reject(new Error('finished before it was killed'));
    });
    proc.on('exit', () => reject(new Error('exited before it started')));
  });
  const exited = new Promise<NodeJS.Signals | null>((r) => proc.on('exit', (_c, s) => r(s)));
  return { proc, started, exited };
}

it('leaves nothing visible after kill -9 mid-job, then restarts the job at next start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maclog-kill-'));
  const dataDir = join(dir, 'data');
  const file = bigLog(dir);

  const run = startChild(dataDir, file);
  await run.started;
  run.proc.kill('SIGKILL');
  expect(await run.exited).toBe('SIGKILL');

  const store = openStore({ dataDir });
  const [job] = store.listJobs();
  expect(job?.state).toBe('running');
  expect(store.listFiles()).toEqual([]);

  const service = new IngestService({ store, engine });
  const [resumed] = await service.resumeInterrupted();
  expect(resumed?.error).toBeNull();
  expect(resumed?.job).toMatchObject({ id: job.id, state: 'done' });

  // Exactly one stored copy, equal to a clean ingest of the same file elsewhere.
  expect(store.listFiles()).toHaveLength(1);
  const clean = openStore({ dataDir: join(dir, 'clean') });
  const fresh = await new IngestService({ store: clean, engine }).ingest({ path: file });
  const stored = store.getFileResult(resumed.fileId!);
  expect({ ...stored, parseMs: 0 }).toEqual({ ...fresh.result, parseMs: 0 });
  store.close();
  clean.close();
}, 120_000);
