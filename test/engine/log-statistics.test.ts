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
