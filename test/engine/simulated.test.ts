/**
 * The whole engine against a simulated gNB log whose ground truth is known: per-UE KPIs
 * equal what the simulator wrote, in one range or many, and the log's own metrics lines
 * agree with the KPIs counted from its per-slot lines.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiCounters } from '../../src-shared/kpis.js';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { simulate, type SimulationTruth } from '../../src-main/simulate/index.js';
import { srsranGnbFormat } from '../../src-main/engine/formats/srsran-gnb.js';
import { parseLines, splitLines } from '../../src-main/engine/run-lines.js';
import { readFileSync } from 'node:fs';

const engine = new ParseEngine({ workers: 2, rangeBytes: 256 * 1024 });
afterAll(() => engine.close());

let path: string;
let truth: SimulationTruth;

beforeAll(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'maclog-sim-')), 'gnb-debug.log');
  truth = await simulate({
    format: 'srsran-gnb',
    level: 'debug',
    out: path,
    ues: 6,
    badUes: 2,
    durationSec: 8,
    seed: 11,
  });
});

/** The truth of each UE id (summed over its RNTIs), as engine counters name them. */
function truthByUe(): Map<string, Partial<KpiCounters>> {
  const byUe = new Map<string, Partial<KpiCounters>>();
  for (const t of truth.ues) {
    if (t.ue === null) continue;
    const c = byUe.get(t.ue) ?? {};
    const add = (name: keyof KpiCounters, n: number) => (c[name] = (c[name] ?? 0) + n);
    add('dlGrants', t.dl.grants);
    add('dlRetxGrants', t.dl.retxGrants);
    add('dlBytes', t.dl.bytes);
    add('dlNewBytes', t.dl.newBytes);
    add('dlDecodes', t.dl.decodes);
    add('dlFails', t.dl.fails);
    add('dlFirstDecodes', t.dl.firstDecodes);
    add('dlFirstFails', t.dl.firstFails);
    add('dlDiscards', t.dl.discards);
    add('ulGrants', t.ul.grants);
    add('ulRetxGrants', t.ul.retxGrants);
    add('ulBytes', t.ul.bytes);
    add('ulNewBytes', t.ul.newBytes);
    add('ulDecodes', t.ul.decodes);
    add('ulFails', t.ul.fails);
    add('ulFirstDecodes', t.ul.firstDecodes);
    add('ulFirstFails', t.ul.firstFails);
    add('ulDiscards', t.ul.discards);
    add('phrN', t.phrReports);
    byUe.set(t.ue, c);
  }
  return byUe;
}

function pick(c: KpiCounters, like: Partial<KpiCounters>): Partial<KpiCounters> {
  return Object.fromEntries(Object.keys(like).map((k) => [k, c[k as keyof KpiCounters]]));
}

describe('a simulated srsRAN gNB debug log', () => {
  it.each([1, 7])('gives each UE the counts the simulator wrote (%i ranges)', async (ranges) => {
    const result = await engine.parse(path, { ranges });
    const expected = truthByUe();

    expect(result.lines.unrecognised).toBe(0);
    expect(result.lines.lines).toBe(truth.linesWritten);
    expect(result.ues.map((u) => u.ue).sort()).toEqual([...expected.keys()].sort());
    for (const ue of result.ues) {
      const want = expected.get(ue.ue!)!;
      expect({ ue: ue.ue, ...pick(ue.counters, want) }).toEqual({ ue: ue.ue, ...want });
    }
  });

  it('has the cells the simulator wrote, no more: PRACH lines name no cell, yet count in it', async () => {
    const result = await engine.parse(path, { ranges: 3 });
    const cells = result.cells.map((c) => ({ cell: c.cell, ra: c.counters.raAttempts }));
    const expected = truth.cells.map((c) => ({ cell: c.cell, ra: c.raAttempts }));
    expect(cells).toEqual(expected);
  });

  it('flags exactly the UEs simulated with poor radio', async () => {
    const result = await engine.parse(path);
    const bad = new Set(truth.ues.filter((t) => t.bad && t.ue !== null).map((t) => t.ue));
    expect(
      result.ues
        .filter((u) => u.malperforming)
        .map((u) => u.ue)
        .sort(),
    ).toEqual([...bad].sort());
  });

  it("agrees with the gNB's own metrics lines, up to the period after the last one", async () => {
    const result = await engine.parse(path, { ranges: 5 });

    // The log's own summary: dl/ul_nof_ok and _nok of every `Scheduler UE` metrics line.
    const parsed = parseLines(srsranGnbFormat, splitLines(readFileSync(path, 'utf8')));
    const logSays = new Map<string, { dl: number; dlNok: number; ul: number; ulNok: number }>();
    for (const r of parsed.records) {
      if (r.kind !== 'stats' || r.scope !== 'ue' || r.ue === null) continue;
      const s = logSays.get(r.ue) ?? { dl: 0, dlNok: 0, ul: 0, ulNok: 0 };
      s.dl += (r.values['dl_ok'] ?? 0) + (r.values['dl_nok'] ?? 0);
      s.dlNok += r.values['dl_nok'] ?? 0;
      s.ul += (r.values['ul_ok'] ?? 0) + (r.values['ul_nok'] ?? 0);
      s.ulNok += r.values['ul_nok'] ?? 0;
      logSays.set(r.ue, s);
    }

    expect(logSays.size).toBe(result.ues.length);
    for (const ue of result.ues) {
      const says = logSays.get(ue.ue!)!;
      const c = ue.counters;
      // Outcomes after the last metrics line are in no metrics period: a few slots' worth.
      const slack = (n: number) => Math.max(10, n * 0.01);
      expect(Math.abs(c.dlDecodes - says.dl)).toBeLessThanOrEqual(slack(c.dlDecodes));
      expect(Math.abs(c.dlFails - says.dlNok)).toBeLessThanOrEqual(slack(c.dlFails));
      expect(Math.abs(c.ulDecodes - says.ul)).toBeLessThanOrEqual(slack(c.ulDecodes));
      expect(Math.abs(c.ulFails - says.ulNok)).toBeLessThanOrEqual(slack(c.ulFails));
      expect(c.dlDecodes).toBeGreaterThanOrEqual(says.dl);
    }
  });
});
