/**
 * Every real sample log through the whole engine (sniffing, worker threads, ranges,
 * merge): recognised as the right format, every line counted once, and the same result
 * whether the file is parsed in one range or in many.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { findFormat } from '../../src-main/engine/formats/catalog.js';
import { parseLines, splitLines } from '../../src-main/engine/run-lines.js';
import { samplePath } from '../samples.js';

/** Which format each sample was written in, from the samples' README. */
const SAMPLES: [file: string, format: string][] = [
  ['srsran-gnb-nr.log', 'srsran-gnb'],
  ['ocudu-gnb-cell-metrics.log', 'srsran-gnb'],
  ['ocudu-gnb-ue-metrics.log', 'srsran-gnb'],
  ['srsran-gnb-console-v23.log', 'srsran-gnb-console'],
  ['srsran-gnb-console-handover.log', 'srsran-gnb-console'],
  ['srsran-gnb-console-testmode.log', 'srsran-gnb-console'],
  ['srslte-enb-rach.log', 'srslte-log'],
  ['srslte-ue-rach.log', 'srslte-log'],
  ['srslte-enb-debug.log', 'srslte-log'],
  ['srslte-enb-bsr-phr-harq.log', 'srslte-log'],
  ['srsran4g-enb-21.10.log', 'srsran4g-log'],
  ['srsue-nsa-console.log', 'srs4g-console'],
  ['srsenb-nsa-console.log', 'srs4g-console'],
  ['oai-gnb-nr-2020.log', 'oai-gnb'],
  ['oai-enb-lte-2020.log', 'oai-enb'],
  ['oai-gnb-nrmac-stats.log', 'oai-nrmac-stats'],
  ['oai-gnb-nr-ra-stats.log', 'oai-gnb'],
];

/** Lines as `wc -l` counts them, plus a last line that has no newline. */
function countLines(path: string): number {
  const bytes = readFileSync(path);
  let n = 0;
  for (const b of bytes) if (b === 10) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}

function roundFloats(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : +value.toPrecision(12);
  if (Array.isArray(value)) return value.map(roundFloats);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundFloats(v)]));
  }
  return value;
}

const engine = new ParseEngine({ workers: 2, rangeBytes: 64 * 1024 });
afterAll(() => engine.close());

describe.each(SAMPLES)('%s', (file, formatId) => {
  const path = samplePath(file);

  it(`is recognised as ${formatId}`, async () => {
    expect((await engine.detect(path)).id).toBe(formatId);
  });

  it('has every line counted once, as in memory, and the same result in 1 or 8 ranges', async () => {
    const one = await engine.parse(path, { ranges: 1 });
    const eight = await engine.parse(path, { ranges: 8 });

    expect(one.format.id).toBe(formatId);
    expect(one.lines.lines).toBe(countLines(path));
    expect(one.lines.lines).toBe(one.lines.record + one.lines.other + one.lines.unrecognised);

    const inMemory = parseLines(
      findFormat(engine.catalog, formatId),
      splitLines(readFileSync(path, 'utf8')),
    );
    expect(one.lines).toEqual(inMemory.counts);
    // Nothing in a sample is another log, cut short, over-long or not UTF-8.
    expect(one.warnings).toEqual([]);

    // Sums of decimals (SINR) added in another order differ in the last bits only.
    expect(roundFloats({ ...eight, parseMs: 0 })).toEqual(roundFloats({ ...one, parseMs: 0 }));
  });
});

it('keys a cell by its index in ranges far from the line that created it', async () => {
  // The OCUDU sample creates its one cell at line 412 ("Cell creation idx=0 pci=1") and
  // names it by PCI in its metrics lines after. With 3 MB of other lines put after the
  // creation, most ranges never read that line: they must still name the cell "0".
  const lines = readFileSync(samplePath('ocudu-gnb-cell-metrics.log'), 'utf8').split('\n');
  expect(lines[411]).toContain('Cell creation idx=0 pci=1');
  const filler = Array.from(
    { length: 40_000 },
    (_, i) => `2026-05-30T12:01:16.300000 [RLC     ] [I] ue=0 DRB1 UL: rx PDU. sn=${i}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'maclog-cells-'));
  const path = join(dir, 'far-from-creation.log');
  writeFileSync(path, [...lines.slice(0, 412), ...filler, ...lines.slice(412)].join('\n'));

  for (const ranges of [1, 8]) {
    const result = await engine.parse(path, { ranges });
    expect(result.cells.map((c) => c.cell)).toEqual(['0']);
  }
});

it('refuses a file no format recognises, listing what was tried', async () => {
  const path = resolve(import.meta.dirname, '../fixtures/engine/not-a-log.txt');
  await expect(engine.parse(path)).rejects.toThrow(
    /not-a-log\.txt: no known format recognises this file\. Tried: .*srsran-gnb \(0\.00\)/,
  );
});
