/**
 * KPIs of UEs and cells known from the statistics a log prints itself (srsRAN metrics lines
 * and console tables), through the whole engine. Every expected value is counted from the
 * raw sample with the command in the comment beside it, never taken from the tool.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 1 });
afterAll(() => engine.close());

const parse = (file: string) => engine.parse(samplePath(file));

describe('ocudu-gnb-ue-metrics.log', () => {
  it('reads the rates and decodes of a UE line that prints no period', async () => {
    const { ues } = await parse('ocudu-gnb-ue-metrics.log');
    const ue81 = ues.find((u) => u.ue === '81')!;
    // grep 'ue=81 ' ocudu-gnb-ue-metrics.log | grep -oE ' (dl|ul)_(brate|nof_ok|nof_nok)=[^ ]+'
    //   dl_brate=8.78kbps dl_nof_ok=8 dl_nof_nok=0 ul_brate=12.9kbps ul_nof_ok=3 ul_nof_nok=0
    expect(ue81.kpis.dlBitrateBps).toBeCloseTo(8780, 6);
    expect(ue81.kpis.ulBitrateBps).toBeCloseTo(12900, 6);
    expect(ue81.counters.dlDecodes).toBe(8);
    expect(ue81.counters.ulDecodes).toBe(3);
    expect(ue81.kpis.dlBler).toBe(0);
  });
});

describe('srsue-nsa-console.log', () => {
  it('gives a bit rate from a table that prints rates but no ok/nok counts', async () => {
    const { ues } = await parse('srsue-nsa-console.log');
    const nr = ues.find((u) => u.life.rntis.includes(0x4601))!;
    // awk '$1=="nr"{n++; sub("M","",$10); sub("M","",$16); d+=$10; u+=$16}
    //   END{print n, d, u}' srsue-nsa-console.log  ->  5 rows, 32.0 and 30.1 Mbit,
    // one row per 1 s period: 6.4 and 6.02 Mbit/s.
    expect(nr.kpis.dlBytes).toBeCloseTo(32.0e6 / 8, 3);
    expect(nr.kpis.ulBytes).toBeCloseTo(30.1e6 / 8, 3);
    expect(nr.kpis.dlBitrateBps).toBeCloseTo(6.4e6, 3);
    expect(nr.kpis.ulBitrateBps).toBeCloseTo(6.02e6, 3);
  });
});
