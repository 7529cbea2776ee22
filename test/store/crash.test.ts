/**
 * kill -9 in the middle of saveResult: nothing of the half-written result may be visible
 * afterwards, the job must be recoverable, and saving again must work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/store.js';
import { largeFileResult } from '../fixtures/store/file-result.js';
import { countRows, DATA_TABLES, makeTempDir, removeDir } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const childScript = path.join(repoRoot, 'test', 'fixtures', 'store', 'crash-child.ts');

// 20 UEs x 2000 s = 40 000 per-second rows (about 2.5 MB): a save that takes a while.
const UES = 20;
const SECONDS = 2000;

let dataDir: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  dataDir = makeTempDir();
});

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  removeDir(dataDir);
});

/** Resolves with everything the child printed once `marker` appears. */
function waitForOutput(proc: ChildProcess, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(marker)) resolve(out);
    });
    proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before "${marker}": ${out}${err}`)),
    );
  });
}

function waitForExit(proc: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
}

it('leaves nothing half-written when killed inside saveResult', async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, dataDir, `${UES}`, `${SECONDS}`],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = await waitForOutput(child, 'IN-TRANSACTION');
  const jobId = Number(/JOB (\d+)/.exec(output)![1]);

  // Inside the transaction the file, ingest, summaries and series are written, yet another
  // connection sees none of them.
  expect(countRows(dataDir)).toMatchObject({ files: 0, ingests: 0, series_seconds: 0 });

  const exited = waitForExit(child);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(output).not.toContain('SAVED');

  const store = openStore({ dataDir });
  try {
    const counts = countRows(dataDir);
    for (const table of DATA_TABLES)
      expect({ table, rows: counts[table] }).toEqual({ table, rows: 0 });
    expect(store.getJob(jobId)?.state).toBe('running');
    expect(store.listFiles()).toEqual([]);

    const [recovered] = store.recoverInterrupted();
    expect(recovered).toMatchObject({ id: jobId, state: 'queued', bytesDone: 0 });

    const result = largeFileResult(UES, SECONDS);
    store.startJob(jobId, result.file.size);
    const fileId = store.saveResult(jobId, result);

    expect(store.getJob(jobId)).toMatchObject({ state: 'done', fileId, reused: false });
    expect(countRows(dataDir)).toMatchObject({
      files: 1,
      ingests: 1,
      series: UES,
      series_seconds: UES * SECONDS,
    });
    expect(store.getFileResult(fileId)).toEqual(result);
  } finally {
    store.close();
  }
});
