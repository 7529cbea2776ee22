/**
 * KPIs of UEs and cells known from the statistics a log prints itself (srsRAN metrics lines
 * and console tables), through the whole engine. Every expected value is counted from the
 * raw sample with the command in the comment beside it, never taken from the tool.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { ThresholdsSchema } from '../../src-main/engine/kpi/rules.js';
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

  it('takes no MCS sample from a UE that sent nothing in the period', async () => {
    const { ues, cells } = await parse('ocudu-gnb-ue-metrics.log');
    // grep -oE 'ue=[0-9]+|dl_mcs=[0-9]+|dl_nof_n?ok=[0-9]+' ocudu-gnb-ue-metrics.log | paste - - - -
    //   ue=34 dl_mcs=0 dl_nof_ok=0 dl_nof_nok=0 / ue=81 dl_mcs=13 dl_nof_ok=8 dl_nof_nok=0
    // (UL alike: ue=34 ul_mcs=0 ul_nof_ok=0 ul_nof_nok=0 / ue=81 ul_mcs=22 ul_nof_ok=3)
    const ue34 = ues.find((u) => u.ue === '34')!;
    expect(ue34.kpis.dlMcsMean).toBeNull();
    expect(ue34.kpis.ulMcsMean).toBeNull();
    expect(cells).toHaveLength(1);
    expect(cells[0].kpis.dlMcsMean).toBe(13);
    expect(cells[0].kpis.ulMcsMean).toBe(22);
  });
});

describe('srsran-gnb-console-v23.log', () => {
  it('takes MCS samples from the rows with traffic, each weighing the TBs it counts', async () => {
    const { ues } = await parse('srsran-gnb-console-v23.log');
    // Columns: pci rnti cqi mcs brate ok nok (%) | pusch mcs brate ok nok (%) bsr. A row's
    // MCS is the mean over its ok + nok TBs (1 where it counts none, but shows a rate):
    // awk 'NF==16 && $1 ~ /^[0-9]+$/ {
    //   if ($5!="0") { w=$6+$7; if (w==0) w=1; n+=w; s+=$4*w }
    //   if ($12!="0") { w=$13+$14; if (w==0) w=1; m+=w; u+=$11*w } }
    //   END {print s, n, u, m}' srsran-gnb-console-v23.log  ->  400419 14416 110684 4243
    // (28 of the 34 rows carry traffic in each direction)
    expect(ues).toHaveLength(1);
    expect(ues[0].kpis.dlMcsMean).toBeCloseTo(400419 / 14416, 9);
    expect(ues[0].kpis.ulMcsMean).toBeCloseTo(110684 / 4243, 9);
    // The MCS rule judges on the TBs, not the rows.
    expect(ues[0].counters.dlMcsN).toBe(14416);
  });
});

describe('srsenb-nsa-console.log', () => {
  const strict = new ParseEngine({
    workers: 1,
    thresholds: ThresholdsSchema.parse({ minSamples: 5 }),
  });
  afterAll(() => strict.close());

  it('counts neither the NR leg placeholders nor idle LTE zeros as samples', async () => {
    const { ues } = await strict.parse(samplePath('srsenb-nsa-console.log'));
    const nr = ues.find((u) => u.life.rntis.includes(0x4601))!;
    const lte = ues.find((u) => u.life.rntis.includes(0x46))!;
    // awk '$1=="nr" {print $13, $14, $15}' srsenb-nsa-console.log: "0 0 6.1M" .. "0 0 7.2M",
    // phr and UL mcs 0 in all 5 rows while UL carries 4.2 to 7.2 Mbit/s; DL mcs ($5) 27.
    expect(nr.kpis.ulMcsMean).toBeNull();
    expect(nr.kpis.phrMeanDb).toBeNull();
    expect(nr.kpis.dlMcsMean).toBe(27);
    expect(nr.malperforming).toBe(false);
    // awk '$1=="lte" {print $5, $6, $14, $15}' srsenb-nsa-console.log: "0 0 0 0" in all 5
    // rows: DL and UL mcs 0 with rate 0, nothing sent.
    expect(lte.kpis.dlMcsMean).toBeNull();
    expect(lte.kpis.ulMcsMean).toBeNull();
    expect(lte.malperforming).toBe(false);
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

describe('srsue-nsa-console.log: the log of one UE on an LTE and an NR cell', () => {
  it('has the cells of the rows only, and the random access of each in its cell', async () => {
    const { ues, cells } = await parse('srsue-nsa-console.log');
    // awk '$1=="lte" || $1=="nr" {print $2}' srsue-nsa-console.log | sort -u  ->  1, 500
    expect(cells.map((c) => c.cell)).toEqual(['1', '500']);
    expect(ues.map((u) => `${u.cell}/${u.ue}`)).toEqual(['1/srsue', '500/srsue']);
    // grep -c 'Random Access Transmission: seq=' -> 1 (LTE); grep -c 'preamble_index=' -> 1
    // (NR); grep -c 'Random Access Complete' -> 2, one after each; nothing says one failed.
    const ra = (s: { kpis: { raAttempts: number; raOk: number; raFail: number } }) => [
      s.kpis.raAttempts,
      s.kpis.raOk,
      s.kpis.raFail,
    ];
    expect(ues.map(ra)).toEqual([
      [1, 1, 0],
      [1, 1, 0],
    ]);
    expect(cells.map(ra)).toEqual([
      [1, 1, 0],
      [1, 1, 0],
    ]);
    // The C-RNTIs of "Random Access Complete. c-rnti=0x46" and "... c-rnti=0x4601".
    expect(ues.map((u) => u.life.rntis)).toEqual([[0x46], [0x4601]]);
  });

  it('is a UE with no random access in sight', async () => {
    const { ues, cells } = await engine.parse(
      path.resolve(import.meta.dirname, '..', 'fixtures', 'console', 'ue-neighbour.log'),
    );
    // Two rows of serving cell 1 (cc 0, pci 1), no "Random Access" line.
    expect(ues.map((u) => `${u.cell}/${u.ue}`)).toEqual(['1/srsue']);
    expect(cells.map((c) => c.cell)).toEqual(['1']);
  });
});

describe('retransmissions of logs that print their own statistics', () => {
  const retx = (s: { kpis: { dlHarqRetx: number | null; ulHarqRetx: number | null } }) => [
    s.kpis.dlHarqRetx,
    s.kpis.ulHarqRetx,
  ];

  it('are unknown, not 0, where the tables print no retransmissions', async () => {
    // grep -i -c 'retx\|harq\|rtx' on each of these gives 0: their columns are
    // cqi mcs brate ok nok (%) ... (gNB, srsENB) and mcs snr iter brate bler ... (srsUE).
    const files = [
      'srsran-gnb-console-v23.log',
      'srsran-gnb-console-handover.log',
      'srsran-gnb-console-testmode.log',
      'srsenb-nsa-console.log',
      'srsue-nsa-console.log',
    ];
    for (const file of files) {
      const { ues, cells } = await parse(file);
      expect(ues.length, file).toBeGreaterThan(0);
      for (const s of [...ues, ...cells])
        expect(retx(s), `${file} ${s.cell}/${s.ue}`).toEqual([null, null]);
    }
  });

  it('are unknown for a UE of srsRAN metrics lines, which count ok and nok only', async () => {
    // grep 'ue=81 ' ocudu-gnb-ue-metrics.log: dl_nof_ok=8 dl_nof_nok=0 ul_nof_ok=3 ..., no retx.
    const { ues } = await parse('ocudu-gnb-ue-metrics.log');
    expect(retx(ues.find((u) => u.ue === '81')!)).toEqual([null, null]);
  });

  it('are 0 where the log tells every transmission a first one', async () => {
    // grep -o 'n_rtx=[0-9]*' srslte-enb-bsr-phr-harq.log | sort | uniq -c  ->  243 n_rtx=0
    const { ues, cells } = await parse('srslte-enb-bsr-phr-harq.log');
    expect(ues.map(retx)).toEqual([[0, 0]]);
    expect(cells.map(retx)).toEqual([[0, 0]]);
  });

  it('are counted from the rounds of OAI statistics blocks, which do tell them', async () => {
    // grep 'UE 177b: dlsch_rounds' oai-gnb-nr-ra-stats.log | tail -1: 75/2/0/0, and
    // ulsch_rounds 128/17/5/2 (see oai-kpis.test.ts).
    const { ues } = await parse('oai-gnb-nr-ra-stats.log');
    expect(retx(ues.find((u) => u.life.rntis.includes(0x177b))!)).toEqual([2, 17 + 5 + 2]);
  });
});

describe('ocudu-gnb-cell-metrics.log', () => {
  it('has the one cell the log creates, whichever way a line names it', async () => {
    const { cells } = await parse('ocudu-gnb-cell-metrics.log');
    // grep -c 'Cell creation' ocudu-gnb-cell-metrics.log  ->  1 ("Cell creation idx=0 pci=1");
    // the "cell=0: Cell ..." lines give its index, the MAC/Scheduler cell lines its pci=1,
    // the PHY metrics lines no cell.
    expect(cells.map((c) => c.cell)).toEqual(['0']);
  });
});
