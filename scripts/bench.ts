/**
 * `npm run bench`: how fast the ingest engine is, and how much memory it takes.
 *
 * Writes a large srsRAN Project gNB log at debug level (multi-line slot blocks) with the
 * simulator, times `wc -l` on it as a floor for "reading the file", then ingests it
 * (parse, KPIs, store) in a fresh process with one worker and with one worker per core,
 * and prints MB/s, lines/s, records/s and the peak resident memory of each run.
 *
 *   npm run bench                 # a 1 GB log
 *   npm run bench -- --gb 1,5     # 1 GB and 5 GB logs
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
import { simulate } from '../src-main/simulate/index.js';

const { values } = parseArgs({
  options: {
    gb: { type: 'string', default: '1' },
    dir: { type: 'string', default: 'bench-data' },
  },
});

const repo = resolve(import.meta.dirname, '..');
const runner = join(repo, 'dist', 'src-main', 'bench', 'bench-run.js');

interface RunFigures {
  ms: number;
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

/** One ingest in a fresh process, so its peak RSS is its own. */
function ingestOnce(path: string, workers: number): RunFigures {
  const dataDir = mkdtempSync(join(tmpdir(), 'maclog-bench-'));
  try {
    const out = spawnSync(process.execPath, [runner, path, String(workers), dataDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (out.status !== 0) throw new Error(`bench run failed: ${out.stderr || out.stdout}`);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as RunFigures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(runner)) throw new Error('run `npm run build` first (the bench runs the build)');
  const sizes = values.gb.split(',').map(Number);
  const cores = availableParallelism();
  const table = new Table({
    head: ['log', 'run', 'seconds', 'MB/s', 'lines/s', 'records/s', 'peak RSS MB', 'vs 1 worker'],
    style: { head: [], border: [] },
  });

  for (const gb of sizes) {
    const path = await ensureLog(gb, values.dir);
    const mb = statSync(path).size / 1e6;
    const wc = timeWc(path);
    table.push([
      `${mb.toFixed(0)} MB`,
      'wc -l',
      (wc.ms / 1000).toFixed(2),
      (mb / (wc.ms / 1000)).toFixed(0),
      (wc.lines / (wc.ms / 1000)).toExponential(2),
      '-',
      '-',
      '-',
    ]);

    let single = 0;
    for (const workers of [...new Set([1, cores])]) {
      console.log(`Ingesting ${mb.toFixed(0)} MB with ${workers} worker(s)...`);
      const run = ingestOnce(path, workers);
      const seconds = run.ms / 1000;
      if (workers === 1) single = seconds;
      table.push([
        `${mb.toFixed(0)} MB`,
        `ingest, ${workers} worker(s)`,
        seconds.toFixed(2),
        (mb / seconds).toFixed(0),
        (run.lines / seconds).toExponential(2),
        (run.records / seconds).toExponential(2),
        run.maxRssMb.toFixed(0),
        workers === 1 ? '1.00x' : `${(single / seconds).toFixed(2)}x`,
      ]);
      if (run.lines !== wc.lines) {
        console.log(`  note: the engine counted ${run.lines} lines, wc -l ${wc.lines}`);
      }
    }
  }
  console.log(table.toString());
  console.log(`${cores} cores; ingest = parse + KPIs + store (SQLite) of the whole file.`);
}

await main();
