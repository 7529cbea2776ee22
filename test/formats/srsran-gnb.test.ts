/**
 * Tests of the srsRAN Project gNB file log parser. Expected values come from the log text
 * itself, counted with simple regular expressions here, or from lines read by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import type {
  DecodeRecord,
  GrantRecord,
  MacRecord,
  StatsRecord,
} from '../../src-shared/records.js';
import { srsranGnbFormat } from '../../src-main/engine/formats/srsran-gnb.js';
import { LineKind } from '../../src-main/engine/formats/types.js';
import { parseLines, splitLines } from '../../src-main/engine/run-lines.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = (name: string) => path.resolve(repoRoot, '..', 'shared', 'samples', name);
const fixture = (name: string) => path.resolve(repoRoot, 'test', 'fixtures', 'srsran-gnb', name);
const readLines = (file: string) => splitLines(fs.readFileSync(file, 'utf8'));

/** Time and line of a record, from the line's ISO timestamp (read as UTC). */
function at(iso: string, line: number) {
  const [whole, fraction] = iso.split('.') as [string, string];
  return {
    tSec: Date.parse(`${whole}Z`) / 1000,
    tNsec: Number(fraction.padEnd(9, '0')),
    line,
  };
}

const RNTI_4601 = 0x4601;

function ofKind<K extends MacRecord['kind']>(records: MacRecord[], kind: K) {
  return records.filter((r): r is Extract<MacRecord, { kind: K }> => r.kind === kind);
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('srsran-gnb: the srsRAN gNB info-level sample', () => {
  const lines = readLines(sample('srsran-gnb-nr.log'));
  const { records, counts, unrecognised } = parseLines(srsranGnbFormat, lines);
  const grants = ofKind(records, 'grant');
  const decodes = ofKind(records, 'decode');

  it('classifies every line, JSON dumps and the SSB block included', () => {
    expect(counts.lines).toBe(9004);
    expect(unrecognised).toEqual([]);
    expect(counts.record + counts.other).toBe(9004);
  });

  it('gives one UL decode per PUSCH line, ok and failed per rnti', () => {
    const expected: Record<string, number> = {};
    for (const line of lines) {
      const m = / PUSCH: rnti=0x([0-9a-f]+) .* crc=(OK|KO) /.exec(line);
      if (m)
        expected[`${parseInt(m[1], 16)}:${m[2]}`] =
          (expected[`${parseInt(m[1], 16)}:${m[2]}`] ?? 0) + 1;
    }
    const ul = decodes.filter((d) => d.dir === 'ul');
    expect(countBy(ul, (d) => `${d.rnti}:${d.ok ? 'OK' : 'KO'}`)).toEqual(expected);
    expect(expected[`${RNTI_4601}:KO`]).toBe(55);
  });

  it('gives one DL grant per scheduler DL entry, with the same TBS sum per UE', () => {
    const expectedCount: Record<string, number> = {};
    const expectedBytes: Record<string, number> = {};
    for (const line of lines) {
      for (const m of line.matchAll(
        /DL: ue=(\d+) c-rnti=\S+ rb=\S+ h_id=\d+ ss_id=\d+ k1=\d+ rv=\d+ tbs=(\d+)/g,
      )) {
        expectedCount[m[1]] = (expectedCount[m[1]] ?? 0) + 1;
        expectedBytes[m[1]] = (expectedBytes[m[1]] ?? 0) + Number(m[2]);
      }
    }
    const dl = grants.filter((g) => g.dir === 'dl');
    expect(countBy(dl, (g) => g.ue ?? 'none')).toEqual(expectedCount);
    const bytes: Record<string, number> = {};
    for (const g of dl) bytes[g.ue!] = (bytes[g.ue!] ?? 0) + g.tbs!;
    expect(bytes).toEqual(expectedBytes);
  });

  it('gives one UL grant per scheduler UL entry, Msg3 ones flagged and without UE', () => {
    const entries = lines.flatMap((l) => [
      ...l.matchAll(/UL: ue=(\d+) rnti=0x[0-9a-f]+ .*?tbs=(\d+)/g),
    ]);
    const ul = grants.filter((g) => g.dir === 'ul');
    expect(ul.length).toBe(entries.length);
    expect(ul.reduce((sum, g) => sum + g.tbs!, 0)).toBe(
      entries.reduce((sum, m) => sum + Number(m[2]), 0),
    );
    const msg3Entries = entries.filter((m) => m[1] === '1024').length;
    expect(msg3Entries).toBe(2);
    expect(ul.filter((g) => g.msg3 && g.ue === null).length).toBe(msg3Entries);
  });

  it('counts the retransmissions the scheduler made before each HARQ discard', () => {
    // The log's own words: "Maximum number of reTxs 4 exceeded", i.e. 4 retransmissions
    // of each discarded TB, and every failed PUSCH belongs to one of those TBs.
    const ulDiscards = lines.filter((l) => /UL HARQ .*Maximum number of reTxs 4/.test(l)).length;
    const dlDiscards = lines.filter((l) => /DL HARQ .*Maximum number of reTxs 4/.test(l)).length;
    expect([ulDiscards, dlDiscards]).toEqual([11, 3]);

    const retxGrants = (dir: string) =>
      grants.filter((g) => g.dir === dir && g.retx !== null && g.retx > 0).length;
    expect(retxGrants('ul')).toBe(4 * ulDiscards);
    expect(retxGrants('dl')).toBe(4 * dlDiscards);

    const harq = ofKind(records, 'harq');
    expect(countBy(harq, (h) => `${h.dir}:${h.event}:${h.retx}`)).toEqual({
      'ul:discard:4': ulDiscards,
      'dl:discard:4': dlDiscards,
    });
    const failedFirst = decodes.filter((d) => d.dir === 'ul' && !d.ok && d.retx === 0).length;
    expect(failedFirst).toBe(ulDiscards);
  });

  it('turns every HARQ-ACK bit 1 into a DL ACK and gives each DL TB one outcome', () => {
    let ackBits = 0;
    for (const line of lines) {
      const m = / PU[CS]CH: .* ack=([012]+) /.exec(line);
      if (m) ackBits += [...m[1]].filter((b) => b === '1').length;
    }
    const dl = decodes.filter((d) => d.dir === 'dl');
    expect(dl.filter((d) => d.ok).length).toBe(ackBits);
    // Every DL grant of this log got a HARQ-ACK or a DTX, so outcomes and grants match.
    expect(dl.length).toBe(grants.filter((g) => g.dir === 'dl').length);
    expect(dl.every((d) => d.harqId !== null && d.tbs !== null)).toBe(true);
  });

  it('reads BSR and PHR control elements, one record each', () => {
    const text = lines.join('\n');
    const bsrCount = (text.match(/(SBSR|LBSR): /g) ?? []).length;
    const phrCount = (text.match(/SE_PHR: ph=/g) ?? []).length;
    expect(ofKind(records, 'bsr').length).toBe(bsrCount);
    expect(ofKind(records, 'phr').length).toBe(phrCount);
  });

  it('follows both random accesses from preamble to Msg4 ACK', () => {
    const ra = ofKind(records, 'ra');
    expect(countBy(ra, (r) => `${r.step}:${r.outcome}`)).toEqual({
      'preamble:null': 2,
      'rar:null': 2,
      'msg3:null': 2,
      'contention-resolution:null': 2,
      'msg4:ok': 2,
    });
    const ue = ofKind(records, 'ue');
    expect(countBy(ue, (u) => `${u.event}:${u.ue}`)).toEqual({ 'created:0': 2, 'removed:0': 2 });
  });

  it('reads a DL grant whole', () => {
    const line = 269;
    expect(lines[line - 1]).toContain('DL: ue=0 c-rnti=0x4601 rb=[0..40) h_id=0 ss_id=1 k1=4');
    const expected: GrantRecord = {
      ...at('2023-11-06T20:04:31.426993', line),
      cell: '0',
      ue: '0',
      rnti: RNTI_4601,
      kind: 'grant',
      dir: 'dl',
      harqId: 0,
      rv: 0,
      retx: 0,
      mcs: null,
      prbStart: 0,
      prbCount: 40,
      tbs: 325,
      k: 4,
      msg3: false,
    };
    expect(grants.find((g) => g.line === line)).toEqual(expected);
  });

  it('reads UL grants whole: a Msg3, a first transmission, a 4th retransmission', () => {
    expect(grants.find((g) => g.line === 250)).toEqual({
      ...at('2023-11-06T20:04:31.413022', 250),
      cell: '0',
      ue: null,
      rnti: RNTI_4601,
      kind: 'grant',
      dir: 'ul',
      harqId: 0,
      rv: 0,
      retx: 0,
      mcs: null,
      prbStart: 3,
      prbCount: 3,
      tbs: 11,
      k: null,
      msg3: true,
    });
    expect(grants.find((g) => g.line === 279)).toMatchObject({
      ...at('2023-11-06T20:04:31.459053', 279),
      ue: '0',
      harqId: 0,
      retx: 0,
      prbStart: 3,
      prbCount: 36,
      tbs: 512,
      k: 4,
      msg3: false,
    });
    // Lines 771 to 816: five grants of h_id=0 with tbs=560, each after a crc=KO.
    expect(lines[815]).toContain('UL: ue=0 rnti=0x4601 h_id=0 ss_id=2 rb=[3..10) rv=0 tbs=560');
    expect(grants.find((g) => g.line === 816)).toMatchObject({ retx: 4, tbs: 560, rv: 0 });
  });

  it('reads a failed PUSCH whole', () => {
    const line = 789;
    expect(lines[line - 1]).toContain('tbs=560 crc=KO iter=6.0 sinr=11.9dB');
    const expected: DecodeRecord = {
      ...at('2023-11-06T20:04:33.123119', line),
      cell: '0',
      ue: '0',
      rnti: RNTI_4601,
      kind: 'decode',
      dir: 'ul',
      ok: false,
      harqId: 0,
      retx: 0,
      rv: 0,
      tbs: 560,
      mcs: null,
      sinrDb: 11.9,
    };
    expect(decodes.find((d) => d.line === line)).toEqual(expected);
  });

  it('reads a short BSR and a PHR whole, a long BSR summed over its groups', () => {
    // SBSR bs=0 is index 0 (0 bytes); ph=[7..8)dB keeps its lower bound.
    const base = { ...at('2023-11-06T20:04:31.464176', 282), cell: null, ue: '0', rnti: RNTI_4601 };
    const onLine = records.filter((r) => r.line === 282);
    expect(onLine).toEqual([
      { ...base, kind: 'bsr', type: 'short', lcg: 0, bytes: 0 },
      { ...base, kind: 'phr', phDb: 7, pcmaxDbm: 20 },
    ]);
    // "LBSR: lcg=0 bs=0 lcg=1 bs=22": 8-bit index 22 is "<= 40" bytes (TS 38.321 Table 6.1.3.1-2).
    expect(lines[8533]).toContain('LBSR: lcg=0 bs=0 lcg=1 bs=22 ,');
    expect(ofKind(records, 'bsr').find((r) => r.line === 8534)).toMatchObject({
      type: 'long',
      lcg: null,
      bytes: 40,
    });
  });

  it('reads a DL HARQ discard whole', () => {
    const line = 8899;
    expect(ofKind(records, 'harq').find((h) => h.line === line)).toEqual({
      ...at('2023-11-06T20:04:47.255106', line),
      cell: '0',
      ue: '0',
      rnti: 0x4602,
      kind: 'harq',
      dir: 'dl',
      event: 'discard',
      harqId: 0,
      retx: 4,
      tbs: 14,
    });
  });

  it('reads the CQI of 4-bit CSI reports and skips undecoded ones', () => {
    const decoded = lines.filter((l) => / csi1=[01]{4} /.test(l)).length;
    const cqi = ofKind(records, 'csi');
    expect(cqi.length).toBe(decoded);
    expect(countBy(cqi, (c) => String(c.cqi))).toEqual({ '5': decoded });
  });

  it('counts each PRACH as an attempt of the UE whose Msg3 follows it', () => {
    // Each PHY `PRACH:` line is followed by that UE's Msg3 (a UL PDU with a CCCH subPDU,
    // or its C-RNTI) before the next one: every attempt is the UE's, none the cell's alone.
    const prachLines = lines.filter((l) => / PRACH: /.test(l)).length;
    const msg3Rntis = lines
      .map((l) => /UL rnti=(0x[0-9a-f]+) subPDUs: \[CCCH/.exec(l)?.[1])
      .filter((r) => r !== undefined)
      .map((r) => parseInt(r, 16));
    expect(msg3Rntis).toHaveLength(prachLines);
    const preambles = ofKind(records, 'ra').filter((r) => r.step === 'preamble');
    expect(preambles.map((r) => r.rnti)).toEqual(msg3Rntis);
  });

  it('sniffs the log as its own and isRecordStart accepts timestamped lines only', () => {
    expect(srsranGnbFormat.sniff(lines.slice(0, 200))).toBeGreaterThanOrEqual(0.9);
    expect(srsranGnbFormat.isRecordStart!(lines[0])).toBe(true);
    expect(srsranGnbFormat.isRecordStart!(lines[55])).toBe(false); // JSON of SIB1
  });
});

describe('srsran-gnb: other formats', () => {
  it('is not sure of srsRAN 4G (7-wide tags) nor of OAI logs', () => {
    const enb4g = readLines(sample('srsran4g-enb-21.10.log')).slice(0, 200);
    const oai = readLines(sample('oai-gnb-nr-2020.log')).slice(0, 200);
    expect(srsranGnbFormat.sniff(enb4g)).toBeLessThan(0.5);
    expect(srsranGnbFormat.sniff(oai)).toBe(0);
  });
});

describe('srsran-gnb: METRICS lines', () => {
  it('reads a scheduler UE metrics line whole, units converted', () => {
    const lines = readLines(sample('ocudu-gnb-ue-metrics.log'));
    const { records, unrecognised } = parseLines(srsranGnbFormat, lines);
    expect(unrecognised).toEqual([]);
    const expected: StatsRecord = {
      ...at('2026-06-29T14:10:11.345650', 5),
      cell: '1',
      ue: '81',
      rnti: 0x4666,
      kind: 'stats',
      scope: 'ue',
      source: 'srsran-metrics',
      // The line prints no period: the gNB's default report period of 1 s.
      periodSec: 1,
      values: {
        cqi: 15,
        ri: 1,
        dl_mcs: 13,
        dl_brate_bps: 8780,
        dl_ok: 8,
        dl_nok: 0,
        dl_nok_pct: 0,
        dl_bs_bytes: 0,
        dl_nof_prbs: 72,
        dl_olla: 0,
        pusch_snr_db: 49.3,
        pusch_rsrp_db: -11,
        ul_ri: 1,
        ul_mcs: 22,
        ul_brate_bps: 12900,
        ul_ok: 3,
        ul_nok: 0,
        ul_nok_pct: 0,
        ul_nof_prbs: 36,
        bsr_bytes: 0,
        sr_count: 3,
        f0f1_invalid_harqs: 0,
        f2f3f4_invalid_harqs: 0,
        f2f3f4_invalid_csis: 3,
        pusch_invalid_harqs: 0,
        pusch_invalid_csis: 0,
        ul_olla: 0,
        ta_us: -0.008,
        srs_ta_us: null,
        phr_db: 38,
        max_pdsch_distance_us: 80000,
        max_pusch_distance_us: 40000,
        avg_ul_ce_delay_us: 2330,
        max_ul_ce_delay_us: 2500,
        avg_crc_delay_us: 2170,
        max_crc_delay_us: 2500,
        avg_pusch_harq_delay_us: null,
        max_pusch_harq_delay_us: null,
        avg_pucch_harq_delay_us: 2000,
        max_pucch_harq_delay_us: 2000,
        avg_sr_to_pusch_delay_us: 5000,
        max_sr_to_pusch_delay_us: 5000,
        max_dl_lcid0_flush_delay_us: 4500,
        max_dl_lcid1_flush_delay_us: 1500,
      },
    };
    expect(records.find((r) => r.line === 5)).toEqual(expected);

    // "cqi=n/a", "ta= 0s" (a space after '='), "last_phr=n/a".
    const first = ofKind(records, 'stats').find((r) => r.ue === '34')!;
    expect(first.values).toMatchObject({ cqi: null, ri: null, ta_us: 0, phr_db: null });
    // The header-only slot decision line of this file decides nothing.
    expect(parseLines(srsranGnbFormat, lines).counts.other).toBe(2);
  });

  it('gives lines that print no period the periodSec option, or 1 s', () => {
    const lines = readLines(sample('ocudu-gnb-ue-metrics.log'));
    const periods = (options = {}) =>
      ofKind(parseLines(srsranGnbFormat, lines, options).records, 'stats').map((r) => r.periodSec);
    // Lines 2 (MAC cell, nof_slots=201 slot_duration=500usec), 3 and 5 (Scheduler UE).
    expect(periods()).toEqual([201 * 500e-6, 1, 1]);
    expect(periods({ periodSec: 2 })).toEqual([201 * 500e-6, 2, 2]);
  });

  it('takes the period of a MAC cell line from nof_slots x slot_duration', () => {
    const lines = readLines(sample('ocudu-gnb-ue-metrics.log'));
    const mac = ofKind(parseLines(srsranGnbFormat, lines).records, 'stats').find(
      (r) => r.line === 2,
    );
    expect(mac).toMatchObject({ scope: 'cell', cell: '1', ue: null, periodSec: 201 * 500e-6 });
    expect(mac!.values).toMatchObject({
      wall_clock_latency_avg_us: 7,
      wall_clock_latency_max_us: 88,
    });
    expect(Object.keys(mac!.values).some((k) => k.includes('slot_') && k.endsWith('slot'))).toBe(
      false,
    );
  });

  it('reads the cell metrics file: YAML config, PHY tables, and a pager artefact', () => {
    const lines = readLines(sample('ocudu-gnb-cell-metrics.log'));
    const { records, unrecognised } = parseLines(srsranGnbFormat, lines);
    const metricsLines = lines.filter((l) => / \[METRICS \] .*metrics: /.test(l)).length;
    expect(metricsLines).toBe(30);
    expect(ofKind(records, 'stats').length).toBe(metricsLines);
    expect(unrecognised).toEqual([{ line: 1877, text: '(END)' }]);

    const sched = ofKind(records, 'stats').find((r) => r.line === 469)!;
    expect(sched.values).toMatchObject({
      dl_brate_bps: 0, // "total_dl_brate= 0.0bps"
      ul_brate_bps: 0,
      nof_prbs: 273,
      pdschs_per_slot: 0,
      mean_latency_us: 1,
      avg_prach_delay_us: null,
    });
    // One cell, named by its index: "cell=0: Cell ..." lines, and line 412's "Cell creation
    // idx=0 pci=1" tells that the "pci=1" of the metrics lines is that cell.
    expect(countBy(ofKind(records, 'cell'), (c) => `${c.event}:${c.cell}`)).toEqual({
      'state:0': 2,
      'started:0': 1,
      'configured:0': 1,
      'stopped:0': 1,
    });
    // grep -c 'METRICS.*pci=1' = 20 (MAC and Scheduler cell); grep -c '\] PHY metrics' = 10.
    expect(countBy(ofKind(records, 'stats'), (r) => String(r.cell))).toEqual({ '0': 20, null: 10 });
  });
});

describe('srsran-gnb: one name per cell', () => {
  it('names a cell by the index its creation gave, in lines that name it by pci', () => {
    const created = readLines(sample('ocudu-gnb-cell-metrics.log'))[411]; // Cell creation
    // A grant of srsran-gnb-nr.log as newer gNBs print it, naming the cell by its PCI.
    const grant = readLines(sample('srsran-gnb-nr.log'))[268].replace('cell=0', 'pci=1');
    const { records } = parseLines(srsranGnbFormat, [created, grant]);
    expect(created).toContain('Cell creation idx=0 pci=1');
    expect(records.map((r) => `${r.kind}:${r.cell}`)).toEqual(['cell:0', 'grant:0']);
    // Without the creation nothing tells the index: the PCI names the cell.
    expect(parseLines(srsranGnbFormat, [grant]).records.map((r) => r.cell)).toEqual(['1']);
  });
});

describe('srsran-gnb: debug-level slot decisions and events (fixture)', () => {
  const lines = readLines(fixture('debug-block.log'));
  const { records, counts, unrecognised } = parseLines(srsranGnbFormat, lines);
  const ue0 = { ue: '0', rnti: RNTI_4601 };

  it('classifies the "- " lines of each block', () => {
    expect(unrecognised).toEqual([]);
    expect(counts).toEqual({ lines: 57, record: 43, other: 14, unrecognised: 0 });
  });

  it('gives grants the header time and line, nrtx as retx, and UL MCS from the DCI', () => {
    const grants = ofKind(records, 'grant');
    const common = { kind: 'grant', cell: '1', k: 4, msg3: false, ...ue0 };
    expect(grants).toEqual([
      {
        ...at('2026-06-29T14:10:20.413022', 9),
        cell: '1',
        ue: null,
        rnti: RNTI_4601,
        kind: 'grant',
        dir: 'ul',
        harqId: 0,
        rv: 0,
        retx: 0,
        mcs: null,
        prbStart: 3,
        prbCount: 3,
        tbs: 11,
        k: null,
        msg3: true,
      },
      {
        ...at('2026-06-29T14:10:20.426993', 18),
        ...common,
        dir: 'dl',
        harqId: 0,
        rv: 0,
        retx: 0,
        mcs: 0,
        prbStart: 0,
        prbCount: 40,
        tbs: 325,
      },
      {
        ...at('2026-06-29T14:10:20.459053', 30),
        ...common,
        dir: 'ul',
        harqId: 0,
        rv: 0,
        retx: 0,
        mcs: 9,
        prbStart: 3,
        prbCount: 36,
        tbs: 512,
      },
      {
        ...at('2026-06-29T14:10:20.469053', 40),
        ...common,
        dir: 'ul',
        harqId: 0,
        rv: 0,
        retx: 1,
        mcs: 9,
        prbStart: 3,
        prbCount: 36,
        tbs: 512,
      },
      {
        ...at('2026-06-29T14:10:20.475093', 46),
        ...common,
        dir: 'dl',
        harqId: 1,
        rv: 0,
        retx: 0,
        mcs: 2,
        prbStart: 0,
        prbCount: 2,
        tbs: 28,
      },
      {
        ...at('2026-06-29T14:10:20.485093', 50),
        ...common,
        dir: 'dl',
        harqId: 1,
        rv: 2,
        retx: 1,
        mcs: 2,
        prbStart: 0,
        prbCount: 2,
        tbs: 28,
      },
    ]);
  });

  it('reports each decode once though the PHY and the scheduler both log it', () => {
    const decodes = ofKind(records, 'decode');
    const byLineOrder = decodes
      .map((d) => [d.line, d.dir, d.ok, d.harqId, d.retx, d.tbs, d.mcs])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(byLineOrder).toEqual([
      [11, 'ul', true, 0, 0, 11, null], // Msg3 (its CRC event on line 16 is dropped)
      [25, 'dl', true, 0, 0, 325, 0], // Msg4 ACK (the HARQ-ACK event on line 27 is dropped)
      [32, 'ul', false, 0, 0, 512, 9],
      [42, 'ul', true, 0, 1, 512, 9],
      [49, 'dl', false, 1, 0, 28, 2], // NACK, final when h_id=1 is scheduled again
      [52, 'dl', true, 1, 1, 28, 2],
    ]);
    expect(decodes.length).toBe(6);
    const byLine = Object.fromEntries(decodes.map((d) => [d.line, d]));
    expect(byLine[32]).toEqual({
      ...at('2026-06-29T14:10:20.464150', 32),
      cell: '1',
      ...ue0,
      kind: 'decode',
      dir: 'ul',
      ok: false,
      harqId: 0,
      retx: 0,
      rv: 0,
      tbs: 512,
      mcs: 9,
      sinrDb: -1.2,
    });
    expect(byLine[49]).toMatchObject({ dir: 'dl', ok: false, harqId: 1, retx: 0, tbs: 28 });
    expect(byLine[52]).toMatchObject({ dir: 'dl', ok: true, harqId: 1, retx: 1, rv: 2 });
    expect(byLine[11]).toMatchObject({ dir: 'ul', ok: true, ue: null, tbs: 11, sinrDb: 15.2 });
    expect(byLine[25]).toMatchObject({ dir: 'dl', ok: true, ...ue0, harqId: 0, tbs: 325 });
    expect(byLine[42]).toMatchObject({ dir: 'ul', ok: true, retx: 1, sinrDb: 3.1 });
  });

  it('follows the random access once, PHY and scheduler PRACH merged', () => {
    const ra = ofKind(records, 'ra');
    expect(ra.map((r) => [r.line, r.step, r.outcome, r.rnti, r.preamble, r.ta])).toEqual([
      // The RAR of line 6 answers preamble 1 with a TC-RNTI: the attempt is that UE's.
      [2, 'preamble', null, RNTI_4601, 1, 7.81],
      [6, 'rar', null, RNTI_4601, 1, 4],
      [12, 'msg3', null, RNTI_4601, null, null],
      [23, 'contention-resolution', null, RNTI_4601, null, null],
      [25, 'msg4', 'ok', RNTI_4601, null, null],
    ]);
  });

  it('creates and removes the UE once each, and reads the CSI event', () => {
    const ue = ofKind(records, 'ue');
    expect(ue.map((u) => [u.line, u.event, u.ue, u.rnti])).toEqual([
      [14, 'created', '0', RNTI_4601], // the DU manager's line 17 says it again
      [56, 'removed', '0', RNTI_4601],
    ]);
    const csi = ofKind(records, 'csi');
    expect(csi.map((c) => [c.line, c.cqi, c.ri])).toEqual([
      [33, 5, 1],
      [52, 6, null], // csi1=0110 on a PUCCH format 2
    ]);
  });
});

describe('srsran-gnb: other versions and configurations', () => {
  const t = (ms: number) => `2026-06-29T14:10:20.${String(ms).padStart(6, '0')}`;

  it('leaves a preamble without a Msg3 to the cell, and gives a UE one attempt', () => {
    const prach = (ms: number, idx: number) =>
      `${t(ms)} [UL-PHY0 ] [I] [   517.1] PRACH:  rssi=-0.1dB ` +
      `detected_preambles=[{idx=${idx} ta=7.81us power=+3.9dB snr=3.9dB}] t=142.4us`;
    const msg3 = (ms: number, rnti: string) =>
      `${t(ms)} [MAC     ] [I] [   518.8] UL rnti=${rnti} subPDUs: [CCCH48: len=6, PAD: len=3]`;
    const lines = [
      prach(100000, 5), // no Msg3 within the window: a failed attempt, the cell's
      prach(400000, 1),
      msg3(412000, '0x4601'), // the Msg3 of preamble 1
      msg3(422000, '0x4601'), // the same UE's Msg3 again (a retransmission): no attempt
    ];
    const { records, unrecognised } = parseLines(srsranGnbFormat, lines);
    expect(unrecognised).toEqual([]);
    const preambles = ofKind(records, 'ra').filter((r) => r.step === 'preamble');
    expect(preambles.map((r) => [r.line, r.preamble, r.rnti])).toEqual([
      [1, 5, null],
      [2, 1, RNTI_4601],
    ]);
  });

  it('reads the newer info format (pci=, cw[0]:, newtx=)', () => {
    const lines = [
      `${t(100000)} [SCHED   ] [I] [    99.1] Slot decisions pci=1 t=4us (0 PDSCHs, 1 PUSCH, ` +
        '0 PUCCHs): UL: ue=2 rnti=0x4602 h_id=5 ss_id=2 rb=[3..20) newtx=true rv=0 tbs=300 k2=4',
      `${t(105000)} [UL-PHY1 ] [I] [    99.1] PUSCH: rnti=0x4602 h_id=5 prb=[3, 20) ` +
        'symb=[0, 14) mod=QPSK rv=0 tbs=300 crc=KO iter=6.0 sinr=-3.0dB t=90.0us',
      `${t(110000)} [SCHED   ] [I] [   100.1] Slot decisions pci=1 t=9us (1 PDSCH, 1 PUSCH, ` +
        '0 PUCCHs): DL: ue=2 c-rnti=0x4602 h_id=3 ss_id=2 rb=[0..10) k1=4 cw[0]: newtx=true ' +
        'rv=0 tbs=1000 ri=1 dl_bo=5000, UL: ue=2 rnti=0x4602 h_id=5 ss_id=2 rb=[3..20) ' +
        'newtx=false rv=0 tbs=300 k2=4',
      `${t(115000)} [UL-PHY1 ] [I] [   100.1] PUSCH: rnti=0x4602 h_id=5 prb=[3, 20) ` +
        'symb=[0, 14) mod=QPSK rv=0 tbs=300 crc=OK iter=2.0 sinr=4.0dB t=90.0us',
      `${t(115500)} [UL-PHY1 ] [I] [   100.5] PUCCH: rnti=0x4602 format=1 prb1=0 prb2=na ` +
        'symb=[0, 14) cs=0 occ=0 ack=1 t=20.0us',
    ];
    const { records, unrecognised } = parseLines(srsranGnbFormat, lines);
    expect(unrecognised).toEqual([]);
    const summary = records.map((r) =>
      r.kind === 'grant' || r.kind === 'decode'
        ? [r.line, r.kind, r.dir, r.cell, r.ue, r.harqId, r.retx, r.tbs]
        : [r.line, r.kind],
    );
    expect(summary).toEqual([
      [1, 'grant', 'ul', '1', '2', 5, 0, 300],
      [2, 'decode', 'ul', '1', '2', 5, 0, 300],
      [3, 'grant', 'dl', '1', '2', 3, 0, 1000],
      [3, 'grant', 'ul', '1', '2', 5, 1, 300],
      [4, 'decode', 'ul', '1', '2', 5, 1, 300],
      [5, 'decode', 'dl', '1', '2', 3, 0, 1000],
    ]);
  });

  it('matches a HARQ-ACK across a frame boundary at 30 kHz (20 slots per frame)', () => {
    const lines = [
      `${t(100000)} [SCHED   ] [I] [   200.18] Slot decisions cell=0 t=9us (1 PDSCH, 0 PUSCHs): ` +
        'DL: ue=0 c-rnti=0x4601 rb=[0..10) h_id=2 ss_id=2 k1=4 rv=0 tbs=500',
      `${t(102000)} [UL-PHY1 ] [I] [   201.2] PUCCH: rnti=0x4601 format=1 prb1=0 prb2=na ` +
        'symb=[0, 14) cs=0 occ=0 ack=0 t=20.0us',
    ];
    const decodes = ofKind(parseLines(srsranGnbFormat, lines).records, 'decode');
    expect(decodes.map((d) => [d.line, d.ok, d.harqId, d.tbs])).toEqual([[2, false, 2, 500]]);
  });

  it('uses PDSCH lines for DL outcomes without a scheduler log, and as grants on request', () => {
    const lines = [
      `${t(100000)} [DL-PHY1 ] [I] [   300.1] PDSCH: rnti=0x4601 h_id=4 k1=4 prb=[0, 40) ` +
        'symb=[2, 14) mod=QPSK rv=0 tbs=325 t=55.2us',
      `${t(105000)} [UL-PHY1 ] [I] [   300.5] PUCCH: rnti=0x4601 format=1 prb1=0 prb2=na ` +
        'symb=[0, 14) cs=0 occ=0 ack=1 t=20.0us',
    ];
    const plain = parseLines(srsranGnbFormat, lines).records;
    expect(plain.map((r) => [r.line, r.kind])).toEqual([[2, 'decode']]);
    expect(plain[0]).toMatchObject({ dir: 'dl', ok: true, harqId: 4, retx: 0, tbs: 325 });

    const withGrants = parseLines(srsranGnbFormat, lines, { pdschGrants: true }).records;
    expect(withGrants.map((r) => [r.line, r.kind])).toEqual([
      [1, 'grant'],
      [2, 'decode'],
    ]);
    expect(withGrants[0]).toMatchObject({ dir: 'dl', prbStart: 0, prbCount: 40, tbs: 325 });
  });

  it('counts a DTX on one PUCCH as no failure when the other PUCCH of the slot has the ACK', () => {
    const grant =
      `${t(100000)} [SCHED   ] [I] [   400.1] Slot decisions cell=0 t=9us (1 PDSCH, 0 PUSCHs): ` +
      'DL: ue=0 c-rnti=0x4601 rb=[0..10) h_id=1 ss_id=2 k1=4 rv=0 tbs=200';
    const pucch = (ack: number, prb: number) =>
      `${t(104000)} [UL-PHY1 ] [I] [   400.5] PUCCH: rnti=0x4601 format=1 prb1=${prb} ` +
      `prb2=na symb=[0, 14) cs=0 occ=0 ack=${ack} t=20.0us`;
    for (const order of [
      [pucch(2, 51), pucch(1, 0)],
      [pucch(1, 0), pucch(2, 51)],
    ]) {
      const decodes = ofKind(parseLines(srsranGnbFormat, [grant, ...order]).records, 'decode');
      expect(decodes.map((d) => [d.ok, d.harqId])).toEqual([[true, 1]]);
    }
    // DTX on both: a failed decode once the input ends.
    const lost = parseLines(srsranGnbFormat, [grant, pucch(2, 51), pucch(2, 0)]).records;
    expect(ofKind(lost, 'decode').map((d) => [d.line, d.ok, d.harqId])).toEqual([[2, false, 1]]);
  });
});

describe('srsran-gnb: bad input', () => {
  const good = [
    '2023-11-06T20:04:31.459053 [SCHED   ] [I] [   522.9] Slot decisions cell=0 t=4us (0 ' +
      'PDSCHs, 1 PUSCH): UL: ue=0 rnti=0x4601 h_id=0 ss_id=2 rb=[3..39) rv=0 tbs=512 k2=4',
    '2023-11-06T20:04:31.464150 [UL-PHY2 ] [I] [   522.9] PUSCH: rnti=0x4601 h_id=0 prb=[3, ' +
      '39) symb=[0, 14) mod=QPSK rv=0 tbs=512 crc=OK iter=1.0 sinr=3.1dB t=152.5us',
  ];

  it('reads CRLF line endings and ANSI colour codes like plain lines', () => {
    const plain = parseLines(srsranGnbFormat, good).records;
    expect(plain.length).toBe(2);
    const crlf = parseLines(srsranGnbFormat, splitLines(good.join('\r\n') + '\r\n')).records;
    expect(crlf).toEqual(plain);
    const coloured = good.map((l) => l.replace('[SCHED   ]', '\x1b[1;32m[SCHED   ]\x1b[0m'));
    expect(parseLines(srsranGnbFormat, coloured).records).toEqual(plain);
  });

  it('keeps PHY lines out of time order at their own time', () => {
    const lines = [
      '2023-11-06T20:04:31.481014 [UL-PHY2 ] [I] [   524.6] PUCCH: rnti=0x4601 format=2 ' +
        'prb=[50, 51) prb2=na symb=[10, 12) csi1=0111 t=28.6us',
      '2023-11-06T20:04:31.474041 [UL-PHY1 ] [I] [   523.9] PUCCH: rnti=0x4601 format=2 ' +
        'prb=[50, 51) prb2=na symb=[10, 12) csi1=0101 t=42.5us',
    ];
    const csi = ofKind(parseLines(srsranGnbFormat, lines).records, 'csi');
    expect(csi.map((c) => [c.line, c.tSec, c.tNsec, c.cqi])).toEqual([
      [1, 1699301071, 481014000, 7],
      [2, 1699301071, 474041000, 5],
    ]);
  });

  it('marks truncated record lines and garbage Unrecognised, without records', () => {
    const lines = [
      ...good,
      '2023-11-06T20:04:31.474150 [UL-PHY1 ] [I] [   523.9] PUSCH: rnti=0x4601 h_id=0 prb=[3, ' +
        '39) symb=[0, 14) mod=QPSK rv=0 tb',
      '2023-11-06T20:04:31.475000 [SCHED   ] [I] [   524.5] Slot decisions cell=0 t=16us (1 ' +
        'PDSCH, 0 PUSCHs): DL: ue=0 c-rnti=0x4601 rb=[0..2) h_',
      'random garbage that is no log line',
      '(END)',
      '2023-11-06T20:0',
    ];
    const { records, counts, unrecognised } = parseLines(srsranGnbFormat, lines);
    expect(records.length).toBe(2);
    expect(counts).toEqual({ lines: 7, record: 2, other: 0, unrecognised: 5 });
    expect(unrecognised.map((u) => u.line)).toEqual([3, 4, 5, 6, 7]);
  });

  it('reads n/a, nan and a truncated metrics line without inventing values', () => {
    const lines = [
      '2026-06-29T14:10:11.345400 [METRICS ] Scheduler UE ue=3 pci=1 rnti=0x4601 metrics: ' +
        'cqi=n/a dl_brate=nan ul_brate=1.5Mbps pusch_snr_db=n/a ta=1.2us ul_nof_o',
    ];
    const [stats] = ofKind(parseLines(srsranGnbFormat, lines).records, 'stats');
    expect(stats.values).toEqual({
      cqi: null,
      dl_brate_bps: null,
      ul_brate_bps: 1_500_000,
      pusch_snr_db: null,
      ta_us: 1.2,
    });
  });

  it('gives a line kind to every line of a log without records', () => {
    const lines = ['2023-11-06T20:04:25.872601 [GNB     ] [I] Built in Release mode'];
    expect(parseLines(srsranGnbFormat, lines).counts.other).toBe(1);
    const parser = srsranGnbFormat.create({ fileName: 'x', options: {} });
    expect(parser.parse('{ "not": "after a message" }', 1, { push: () => undefined })).toBe(
      LineKind.Unrecognised,
    );
  });
});
