/**
 * The per-UE KPIs of the srsLTE and srsRAN 4G sample logs, through the whole engine (merge
 * included). Expected values are counted from the raw text with the greps written next to
 * them, never taken from the tool's output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 1 });
afterAll(() => engine.close());

const text = (name: string) => readFileSync(samplePath(name), 'utf8');
const ueOf = (ues: SubjectSummary[], rnti: number) => ues.find((u) => u.life.rntis.includes(rnti));

describe('CQI', () => {
  it('takes an srsRAN 4G UE its CQI from the DL adaptive link lines', async () => {
    // grep -o 'DL adaptive link: rnti=0x[0-9a-f]*, cqi=[0-9]*' srsran4g-enb-21.10.log
    //   -> five lines, one per UE (0x46 to 0x4a), each cqi=5
    const cqi = [
      ...text('srsran4g-enb-21.10.log').matchAll(/DL adaptive link: rnti=0x(\w+), cqi=(\d+)/g),
    ];
    expect(cqi.map((m) => [parseInt(m[1], 16), Number(m[2])])).toEqual([
      [0x46, 5],
      [0x47, 5],
      [0x48, 5],
      [0x49, 5],
      [0x4a, 5],
    ]);

    const { ues } = await engine.parse(samplePath('srsran4g-enb-21.10.log'));
    expect(ues.length).toBe(5);
    for (const rnti of [0x46, 0x47, 0x48, 0x49, 0x4a]) {
      const ue = ueOf(ues, rnti)!;
      expect([ue.counters.cqiN, ue.kpis.cqiMean]).toEqual([1, 5]);
    }
  });

  it('counts the reports, not the adaptive link, of a UE whose PHY logs its CQI', async () => {
    const line = (ms: number, tag: string, text: string) =>
      `2023-04-21T15:49:25.${String(ms).padStart(6, '0')} [${tag.padEnd(7)}] [I] [  352] ${text}`;
    // The scheduler logs its adaptive link on HARQ feedback: the UE has decodes too.
    const pusch = 'PUSCH: cc=0, rnti=0x46, rb=(2,4), nof_re=432, tbs=7, mod=2, rv=0, crc=OK';
    const lines = [12, 14, 13].flatMap((cqi, i) => [
      line(i * 10 + 2, 'PHY1', pusch),
      line(i * 10, 'PHY0', `PUCCH: cc=0; rnti=0x46, f=2, n_pucch=0, snr=9.0 dB, cqi=${cqi}`),
      line(
        i * 10 + 1,
        'MAC',
        'SCHED: DL adaptive link: rnti=0x46, cqi=5, last_mcs=1, cqi_offset=0.0',
      ),
    ]);
    const path = join(mkdtempSync(join(tmpdir(), 'srs4g-cqi-')), 'enb.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const { ues } = await engine.parse(path);
    const ue = ueOf(ues, 0x46)!;
    expect([ue.counters.cqiN, ue.counters.cqiSum]).toEqual([3, 39]);
  });

  it('keeps the CQI of srsLTE logs from the PUCCH reports', async () => {
    // grep -o 'PUCCH: rnti=0x46, .*cqi=[0-9]*' srslte-enb-debug.log | sed 's/.*cqi=//' |
    //   awk '{s+=$1; n++} END {print n, s}'                  -> 139 1350
    const debug = await engine.parse(samplePath('srslte-enb-debug.log'));
    expect([ueOf(debug.ues, 0x46)!.counters.cqiN, ueOf(debug.ues, 0x46)!.counters.cqiSum]).toEqual([
      139, 1350,
    ]);
    // the same over srslte-enb-bsr-phr-harq.log              -> 1104 16434
    const harq = await engine.parse(samplePath('srslte-enb-bsr-phr-harq.log'));
    expect([ueOf(harq.ues, 0x46)!.counters.cqiN, ueOf(harq.ues, 0x46)!.counters.cqiSum]).toEqual([
      1104, 16434,
    ]);
  });
});

describe('UL MCS', () => {
  it('takes the UL MCS of srsLTE from the UL DCIs, one per grant', async () => {
    // grep -o 'PDCCH: f=0, .*mcs=[0-9]*' srslte-enb-debug.log | sed 's/.*mcs=//' |
    //   awk '{s+=$1; n++} END {print n, s}'                  -> 10 8 (mean 0.8)
    // grep -c 'SCHED: UL \(tx\|retx\) rnti=0x46' srslte-enb-debug.log   -> 10 grants for them
    const { ues } = await engine.parse(samplePath('srslte-enb-debug.log'));
    const ue = ueOf(ues, 0x46)!;
    expect([ue.counters.ulMcsN, ue.counters.ulMcsSum, ue.kpis.ulMcsMean]).toEqual([10, 8, 0.8]);
    // Msg3 tx + 10 UL grants: the DCIs added none.
    expect(ue.counters.ulGrants).toBe(11);
  });
});

describe('a srsUE log', () => {
  it('shows the UE writing it as a UE, with one RA attempt per procedure', async () => {
    // grep -c 'RA: *INIT: *Starting PRACH' srslte-ue-rach.log                   -> 29
    // grep -c 'Maximum number of transmissions reached' srslte-ue-rach.log      -> 28
    // grep -c 'RA: *PDCCH: *seq=' srslte-ue-rach.log                            -> 283 (retries)
    // grep -c 'Random Access Complete' srslte-ue-rach.log                       -> 0
    // grep -c 'Detected Radio-Link Failure' srslte-ue-rach.log                  -> 28
    const result = await engine.parse(samplePath('srslte-ue-rach.log'));
    expect(result.ues.map((u) => u.ue)).toEqual(['srsue']);
    const [ue] = result.ues;
    expect([ue.kpis.raAttempts, ue.kpis.raOk, ue.kpis.raFail]).toEqual([29, 0, 28]);
    expect(ue.raFailCauses).toEqual({ 'no rar': 28 });
    expect(ue.life.ulFailures).toBe(28);
    expect(result.cells.map((c) => c.kpis.raAttempts)).toEqual([29]);
  });
});

describe('delivered and granted bytes', () => {
  it('never delivers more than was granted for the same TBs', async () => {
    // srsLTE 2017: 193 PUSCHs, each answering one grant, all crc=OK, 126439 bytes as
    // decoded (grep -o 'PUSCH: rnti=.*tbs=[0-9]*' | awk sums them), where the scheduler
    // lines say 86551. The decoded size is the one that was sent (see harq.ts).
    const { ues } = await engine.parse(samplePath('srslte-enb-bsr-phr-harq.log'));
    const ue = ueOf(ues, 0x46)!;
    expect([ue.counters.ulBytes, ue.counters.ulOkBytes, ue.counters.ulGrants]).toEqual([
      126439, 126439, 193,
    ]);
  });

  it.each([
    'srslte-enb-rach.log',
    'srslte-enb-debug.log',
    'srslte-enb-bsr-phr-harq.log',
    'srsran4g-enb-21.10.log',
  ])('%s delivers no more than it granted, per UE and direction', async (name) => {
    const { ues } = await engine.parse(samplePath(name));
    for (const u of ues) {
      expect(u.counters.ulOkBytes).toBeLessThanOrEqual(u.counters.ulBytes);
      expect(u.counters.dlOkBytes).toBeLessThanOrEqual(u.counters.dlBytes);
    }
  });
});
