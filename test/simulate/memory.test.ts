/**
 * The simulator streams: writing 200 MB must not grow the process by more than a few chunks,
 * a young generation of garbage and the stream's buffer. Not a timing test.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulate } from '../../src-main/simulate/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-mem-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('writes 200 MB with flat memory', async () => {
  const out = join(dir, 'big.log');
  // A short run first, so that code loading and JIT are not counted as growth.
  await simulate({ format: 'srsran-gnb', out, durationSec: 1, level: 'debug' });
  const before = process.memoryUsage().rss;

  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const truth = await simulate({ format: 'srsran-gnb', out, targetBytes: 200e6, level: 'debug' });
    expect(truth.bytesWritten).toBeGreaterThanOrEqual(200e6);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);

  expect(statSync(out).size).toBeGreaterThanOrEqual(200e6);
  expect((peak - before) / 1e6).toBeLessThan(100);
}, 300_000);
