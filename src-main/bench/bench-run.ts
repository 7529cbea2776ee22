/**
 * Measured ingests for `npm run bench`, run in a process of their own so that the peak
 * memory is their own: `node dist/src-main/bench/bench-run.js FILE WORKERS DATA_DIR [TIMES]`.
 *
 * The file is ingested TIMES times (default 1) by one engine, as the desktop app does with
 * the files dropped on it one after the other: the first ingest pays for starting the worker
 * threads and for V8 compiling the parser, the later ones find them ready. Prints one JSON
 * line of figures, with the time of each ingest.
 */
import { stat } from 'node:fs/promises';
import { ParseEngine } from '../engine/engine.js';
import { IngestService } from '../ingest/service.js';
import { openStore } from '../store/store.js';
import { cpuBetween, threadCpu, type CpuByRole } from './thread-cpu.js';

const [path, workers, dataDir, times = '1'] = process.argv.slice(2);
if (!path || !workers || !dataDir) {
  process.stderr.write('usage: bench-run FILE WORKERS DATA_DIR [TIMES]\n');
  process.exit(2);
}

const store = openStore({ dataDir });
// The threads that start with the engine are its workers: libuv's pool is started first
// (by an async stat), so that it is not taken for them.
await stat(path);
const threadsBefore = threadCpu();
const engine = new ParseEngine({ workers: Number(workers) });
const workerIds = new Set([...(threadCpu()?.keys() ?? [])].filter((id) => !threadsBefore?.has(id)));
const service = new IngestService({ store, engine });

const runs: number[] = [];
const cpu: CpuByRole[] = [];
// Only the counts of an ingest are kept: the app holds no result once it is stored, and a
// result kept through the next ingest would count twice in the peak memory.
let counts: { lines: number; records: number; ues: number } | null = null;
for (let i = 0; i < Number(times); i++) {
  const started = performance.now();
  const before = threadCpu();
  const outcome = await service.ingest({ path, force: true });
  runs.push(performance.now() - started);
  const after = threadCpu();
  if (before && after) cpu.push(cpuBetween(before, after, workerIds));
  if (!outcome.result) {
    process.stderr.write(`ingest failed: ${outcome.error ?? 'no result'}\n`);
    process.exit(1);
  }
  counts = {
    lines: outcome.result.lines.lines,
    records: Object.values(outcome.result.recordsByKind).reduce((a, b) => a + (b ?? 0), 0),
    ues: outcome.result.ues.length,
  };
}
await engine.close();
store.close();

if (!counts) {
  process.stderr.write('ingest not run\n');
  process.exit(1);
}
process.stdout.write(
  JSON.stringify({
    ms: runs[0],
    runs,
    // CPU seconds of each ingest by thread role (Linux only), and whether the workers were
    // told apart from the other threads (one new thread per worker).
    cpu,
    workerThreads: workerIds.size,
    ...counts,
    // resourceUsage().maxRSS is in kilobytes and covers every thread of the process.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
