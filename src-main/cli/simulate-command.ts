/**
 * `maclog simulate` writes a realistic log; `maclog demo` writes one and ingests it, so a
 * new user sees per-UE KPIs with a single command.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { simulate, type SimulateOptions } from '../simulate/index.js';
import type { AppContext } from './context.js';
import { ingestFiles } from './ingest-command.js';

export interface SimulateCommandOptions {
  format: SimulateOptions['format'];
  out: string;
  level: 'info' | 'debug';
  ues: number;
  badUes: number;
  duration: number;
  size?: number;
  seed: number;
}

export async function simulateCommand(opts: SimulateCommandOptions): Promise<number> {
  const truth = await simulate({
    format: opts.format,
    out: opts.out,
    level: opts.level,
    ues: opts.ues,
    badUes: opts.badUes,
    durationSec: opts.duration,
    seed: opts.seed,
    ...(opts.size ? { targetBytes: opts.size * 1e6 } : {}),
  });
  console.error(
    `Wrote ${opts.out}: ${truth.linesWritten} lines, ${(truth.bytesWritten / 1e6).toFixed(1)} MB`,
  );
  return 0;
}

/**
 * The demo log is always the same (one seed), written once into the data folder and kept:
 * shipping it to Loki later reads its lines. A second demo finds its KPIs already stored
 * rather than adding another 65 MB log and another file to the store.
 */
export async function demoCommand(ctx: AppContext): Promise<number> {
  const dir = join(ctx.dataDir, 'demo');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'srsran-gnb-demo.log');
  if (existsSync(out)) {
    console.error(`Using the demo log written before: ${out}`);
  } else {
    console.error(
      `Simulating 20 s of a 5G gNB log (srsRAN Project format, 6 UEs, 2 with poor radio)...`,
    );
    // Written under another name first, so that a demo stopped half-way leaves no half log.
    const partial = `${out}.partial`;
    await simulate({
      format: 'srsran-gnb',
      out: partial,
      level: 'info',
      ues: 6,
      badUes: 2,
      durationSec: 20,
      seed: DEMO_SEED,
    });
    renameSync(partial, out);
  }
  console.error(`Ingesting ${out}\n`);
  return ingestFiles(ctx, [out], {});
}

const DEMO_SEED = 20_240_514;
