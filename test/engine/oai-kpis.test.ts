/**
 * KPIs of the OpenAirInterface samples through the whole engine (parse, merge, derive,
 * flag). Every expected value is counted from the raw log with grep or awk (the command
 * is in the comment) or with a regex here, never taken from the tool's output.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { ThresholdsSchema } from '../../src-main/engine/kpi/rules.js';
import { samplePath } from '../samples.js';

// A low minSamples, so that a rule fires on these short logs if its KPI lets it.
const engine = new ParseEngine({
  workers: 1,
  thresholds: ThresholdsSchema.parse({ minSamples: 5 }),
});
afterAll(() => engine.close());

/** The lines of a sample without colour codes. */
function plainLines(name: string): string[] {
  return readFileSync(samplePath(name), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''));
}

function only<T>(list: T[]): T {
  expect(list).toHaveLength(1);
  return list[0];
}

describe('oai-enb-lte-2020.log: a log that prints UL failures only', () => {
  const lines = plainLines('oai-enb-lte-2020.log');
  const parsed = engine.parse(samplePath('oai-enb-lte-2020.log'));
  const ue = async (): Promise<SubjectSummary> => only((await parsed).ues);

  it('reports no UL BLER, initial or residual, and flags nothing on it', async () => {
    const { kpis, malperforming, rule } = await ue();
    // grep -c 'ULSCH in error' gives 64 failures; no line tells a decoded TB.
    expect(kpis.ulBler).toBeNull();
    expect(kpis.ulInitialBler).toBeNull();
    expect(kpis.ulResidualBler).toBeNull();
    expect(kpis.ulOkBitrateBps).toBeNull();
    expect(malperforming).toBe(false);
    expect(rule).toBeNull();
    const cell = only((await parsed).cells);
    expect([cell.kpis.ulBler, cell.kpis.ulInitialBler]).toEqual([null, null]);
  });

  it('still counts the CRC failures and the TBs given up', async () => {
    const { kpis, counters } = await ue();
    // grep -c 'ULSCH in error in round' = 64; grep -c 'ULSCH in error in round 3,' = 13
    expect(kpis.ulCrcFailures).toBe(count(lines, /ULSCH in error in round \d/));
    expect(kpis.ulCrcFailures).toBe(64);
    expect(counters.ulDiscards).toBe(count(lines, /ULSCH in error in round 3,/));
    expect(counters.ulDiscards).toBe(13);
  });

  it("takes the SNR from the eNB's PUSCH SNR, not from failed TBs' ul_cqi", async () => {
    // grep -o 'PUSCH SNR [-0-9.]*' | awk '{s+=$3; n++} END {print n, s/n}' gives 10 15.2
    const snrs = lines.flatMap((l) => {
      const m = / PUSCH SNR (-?[\d.]+)/.exec(l);
      return m ? [Number(m[1])] : [];
    });
    expect(snrs).toHaveLength(10);
    const { kpis, counters } = await ue();
    expect(counters.sinrN).toBe(10);
    expect(kpis.sinrMeanDb).toBeCloseTo(snrs.reduce((a, b) => a + b, 0) / snrs.length, 9);
    expect(kpis.sinrMeanDb).toBeCloseTo(15.2, 9);
  });
});

function count(lines: string[], pattern: RegExp): number {
  return lines.filter((l) => pattern.test(l)).length;
}
