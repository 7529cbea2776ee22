/**
 * `npm run bench`: how fast the ingest engine is, and how much memory it takes.
 *
 * Writes a large srsRAN Project gNB log at debug level (multi-line slot blocks) with the
 * simulator, times `wc -l` on it as a floor for "reading the file", then ingests it
 * (parse, KPIs, store) in fresh processes with one worker and with one worker per core,
 * and prints MB/s, lines/s, records/s and the peak resident memory of each.
 *
 * Each process ingests the file twice with one engine. The first ingest is what a one-off
 * `maclog ingest` costs: the worker threads start and V8 compiles the parser while it runs.
 * The second is what the desktop app and `maclog serve` give for every file after their
 * first, their engine being ready ("warm engine").
 *
 * A shared machine's speed drifts from minute to minute, so the runs are repeated, one and
 * all workers taking turns, and the table gives the median of each with the best beside it.
 *
 *   npm run bench                 # a 1 GB log, 3 rounds
 *   npm run bench -- --gb 1,5     # 1 GB and 5 GB logs
 *   npm run bench -- --runs 5     # more rounds, steadier medians
 *   npm run bench -- --dir /tmp/x # where the logs are written (default bench-data/)
 *
 * The logs are kept and reused by later runs with the same size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import type { CpuByRole } from '../src-main/bench/thread-cpu.js';
import { simulate } from '../src-main/simulate/index.js';

const { values } = parseArgs({
  options: {
    gb: { type: 'string', default: '1' },
    dir: { type: 'string', default: 'bench-data' },
    runs: { type: 'string', default: '3' },
  },
});

const repo = resolve(import.meta.dirname, '..');
const runner = join(repo, 'dist', 'src-main', 'bench', 'bench-run.js');

interface RunFigures {
  /** Time of each ingest, in order: the first on a fresh engine, then on a warm one. */
  runs: number[];
  /** CPU seconds of each ingest by thread role; empty where /proc is not there. */
  cpu: CpuByRole[];
  lines: number;
  records: number;
  maxRssMb: number;
  ues: number;
}

async function ensureLog(gb: number, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `srsran-gnb-debug-${gb}gb.log`);
  if (existsSync(path) && statSync(path).size >= gb * 1e9) return path;

  console.log(`Writing ${path} (${gb} GB, srsRAN gNB debug level)...`);
  const started = Date.now();
  const truth = await simulate({
    format: 'srsran-gnb',
    level: 'debug',
    out: path,
    ues: 32,
    badUes: 4,
    targetBytes: gb * 1e9,
    seed: 7,
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(`  ${(truth.bytesWritten / 1e6 / seconds).toFixed(0)} MB/s written`);
  return path;
}

function timeWc(path: string): { ms: number; lines: number } {
  const started = process.hrtime.bigint();
  const out = spawnSync('wc', ['-l', path], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, lines: Number(out.stdout.trim().split(/\s+/)[0]) };
}

/** Two ingests by one engine in a fresh process, so that its peak RSS is its own. */
function ingestTwice(path: string, workers: number): RunFigures {
  const dataDir = mkdtempSync(join(tmpdir(), 'maclog-bench-'));
  try {
    const out = spawnSync(process.execPath, [runner, path, String(workers), dataDir, '2'], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (out.status !== 0) throw new Error(`bench run failed: ${out.stderr || out.stdout}`);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as RunFigures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What the runs of one worker count gave. */
interface Series {
  workers: number;
  first: number[];
  warm: number[];
  firstCpu: CpuByRole[];
  warmCpu: CpuByRole[];
  rssMb: number[];
  lines: number;
  records: number;
}

async function main(): Promise<void> {
  if (!existsSync(runner)) throw new Error('run `npm run build` first (the bench runs the build)');
  const sizes = values.gb.split(',').map(Number);
  const rounds = Math.max(1, Number(values.runs));
  const cores = availableParallelism();
  const table = new Table({
    head: [
      'log',
      'run',
      'seconds',
      'best',
      'MB/s',
      'lines/s',
      'records/s',
      'peak RSS MB',
      'vs 1 worker',
    ],
    style: { head: [], border: [] },
  });
  const details: string[] = [];

  for (const gb of sizes) {
    const path = await ensureLog(gb, values.dir);
    const mb = statSync(path).size / 1e6;
    const wc = timeWc(path);
    table.push([
      `${mb.toFixed(0)} MB`,
      'wc -l',
      (wc.ms / 1000).toFixed(2),
      '-',
      (mb / (wc.ms / 1000)).toFixed(0),
      (wc.lines / (wc.ms / 1000)).toExponential(2),
      '-',
      '-',
      '-',
    ]);

    const series = measure(path, mb, [...new Set([1, cores])], rounds);
    for (const s of series) {
      if (s.lines !== wc.lines) {
        console.log(`  note: the engine counted ${s.lines} lines, wc -l ${wc.lines}`);
      }
      details.push(
        `${mb.toFixed(0)} MB, ${s.workers} worker(s): first ${seconds(s.first)}; warm ${seconds(s.warm)}`,
      );
      for (const [kind, cpu] of [
        ['first', s.firstCpu],
        ['warm', s.warmCpu],
      ] as const) {
        if (cpu.length > 0) details.push(`  ${kind}: ${cpuInWords(cpu, cores, s.workers)}`);
      }
    }
    for (const kind of ['first', 'warm'] as const) {
      const single = median(series[0][kind]);
      for (const s of series) {
        const secs = median(s[kind]);
        table.push([
          `${mb.toFixed(0)} MB`,
          `${kind === 'first' ? 'first file' : 'warm engine'}, ${s.workers} worker(s)`,
          secs.toFixed(2),
          Math.min(...s[kind]).toFixed(2),
          (mb / secs).toFixed(0),
          (s.lines / secs).toExponential(2),
          (s.records / secs).toExponential(2),
          Math.max(...s.rssMb).toFixed(0),
          `${(single / secs).toFixed(2)}x`,
        ]);
      }
    }
  }
  console.log(table.toString());
  console.log(details.join('\n'));
  console.log(
    `${cores} cores; ingest = parse + KPIs + store (SQLite) of the whole file; seconds = median of ${rounds} run(s).`,
  );
}

/** Runs every worker count `rounds` times, taking turns, so a slow minute hits them all. */
function measure(path: string, mb: number, counts: number[], rounds: number): Series[] {
  const series = counts.map((workers): Series => ({
    workers,
    first: [],
    warm: [],
    firstCpu: [],
    warmCpu: [],
    rssMb: [],
    lines: 0,
    records: 0,
  }));
  for (let round = 1; round <= rounds; round++) {
    for (const s of series) {
      console.log(
        `Round ${round}/${rounds}: ingesting ${mb.toFixed(0)} MB twice with ${s.workers} worker(s)...`,
      );
      const run = ingestTwice(path, s.workers);
      s.first.push(run.runs[0] / 1000);
      s.warm.push(run.runs[1] / 1000);
      if (run.cpu.length === 2) {
        s.firstCpu.push(run.cpu[0]);
        s.warmCpu.push(run.cpu[1]);
      }
      s.rssMb.push(run.maxRssMb);
      s.lines = run.lines;
      s.records = run.records;
    }
  }
  return series;
}

/**
 * Where the CPU went, as medians: the workers' share, the main thread's (hashing, merging,
 * the store) and the helper threads' (V8's compiler and GC, file reads). The least time the
 * ingest could take here: all of it shared out over the cores, and no less than the
 * workers' part over as many cores as there are workers.
 */
function cpuInWords(cpu: CpuByRole[], cores: number, workerCount: number): string {
  const workers = median(cpu.map((c) => c.workers));
  const main = median(cpu.map((c) => c.main));
  const helpers = median(cpu.map((c) => c.helpers));
  const total = workers + main + helpers;
  const least = Math.max(total / cores, workers / Math.min(workerCount, cores));
  return (
    `CPU ${total.toFixed(2)} s = workers ${workers.toFixed(2)} + main thread ${main.toFixed(2)} + ` +
    `helpers ${helpers.toFixed(2)} (V8 compiler and GC, file reads); ` +
    `at least ${least.toFixed(2)} s on ${cores} cores`
  );
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(xs: number[]): string {
  return xs.map((x) => `${x.toFixed(2)} s`).join(', ');
}

await main();
