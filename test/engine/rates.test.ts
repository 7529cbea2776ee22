/**
 * What a bit rate is a mean over: a UE's life from its first record to its last, not the
 * whole seconds its records fall in; the log's own statistics, over the periods they cover.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 1 });
afterAll(() => engine.close());

/** Two decoded PUSCH TBs of 512 bytes, as the srsRAN gNB logs them, at the times given. */
function twoPuschLog(first: string, second: string): string {
  // Each in a slot of its own: two lines of one slot would be one TB reported twice.
  const pusch = (time: string, slot: string) =>
    `2023-11-06T${time} [UL-PHY1 ] [I] [ ${slot}] PUSCH: rnti=0x4601 h_id=0 prb=[3, 39) ` +
    'symb=[0, 14) mod=QPSK rv=0 tbs=512 crc=OK iter=1.0 sinr=15.2dB t=127.8us';
  const path = join(mkdtempSync(join(tmpdir(), 'maclog-rates-')), 'gnb.log');
  writeFileSync(path, `${pusch(first, '  518.3')}\n${pusch(second, '  519.3')}\n`);
  return path;
}

describe('a bit rate from per-slot records', () => {
  it("is over the UE's life, first record to last", async () => {
    // 20:04:31.418170 to 20:04:33.168170: 1.75 s, though the records touch 3 clock seconds.
    const log = twoPuschLog('20:04:31.418170', '20:04:33.168170');
    const { ues } = await engine.parse(log, { formatId: 'srsran-gnb' });
    expect(ues).toHaveLength(1);
    // 2 TBs * 512 bytes * 8 bits / 1.75 s.
    expect(ues[0].kpis.ulOkBitrateBps).toBeCloseTo((2 * 512 * 8) / 1.75, 6);
  });

  it('is over one second at least: a life of a few slots has no time of its own', async () => {
    const log = twoPuschLog('20:04:31.418170', '20:04:31.419170');
    const { ues } = await engine.parse(log, { formatId: 'srsran-gnb' });
    expect(ues[0].kpis.ulOkBitrateBps).toBeCloseTo(2 * 512 * 8, 6);
  });
});

describe('a bit rate from the log statistics', () => {
  it('is the same for a cell as for its only UE (srsRAN console table, 11 rows of 1.0G)', async () => {
    // Every row of the test-mode table prints DL brate 1.0G and UL 75M or 76M: a mean over
    // the rows (one a second) is what both the UE and its cell sent.
    const log = samplePath('srsran-gnb-console-testmode.log');
    const rows = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => /^\s+1 0x44 \|/.test(l));
    const { ues, cells } = await engine.parse(log);

    expect(rows).toHaveLength(11);
    expect(ues).toHaveLength(1);
    expect(cells).toHaveLength(1);
    expect(ues[0].kpis.dlBitrateBps).toBeCloseTo(1e9, 0);
    expect(cells[0].kpis.dlBitrateBps).toBeCloseTo(1e9, 0);
    expect(cells[0].kpis.ulBitrateBps).toBeCloseTo(ues[0].kpis.ulBitrateBps!, 0);
  });
});
