import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { srs4gConsoleFormat as format } from '../../src-main/engine/formats/srs4g-console.js';
import { parseLines, splitLines } from '../../src-main/engine/run-lines.js';
import type { MacRecord, StatsRecord } from '../../src-shared/records.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sample(name: string): string[] {
  return splitLines(readFileSync(path.resolve(repoRoot, '..', 'shared', 'samples', name), 'utf8'));
}

/** Line `i` (0-based) of `lines`. */
function lineAt(lines: readonly string[], i: number): string {
  return lines[i] ?? '';
}

function fixture(name: string): string[] {
  const file = path.resolve(repoRoot, 'test', 'fixtures', 'console', name);
  return splitLines(readFileSync(file, 'utf8'));
}

function stats(records: MacRecord[]): StatsRecord[] {
  return records.filter((r): r is StatsRecord => r.kind === 'stats');
}

function ofLine(records: MacRecord[], line: number): MacRecord[] {
  return records.filter((r) => r.line === line);
}

/** An eNB row: rat, then the rnti in hex. */
const ENB_ROW = /^\s*(lte|nr)\s+[0-9a-f]+\s+/;
/** A UE row: rat, then the pci. */
const UE_ROW = /^\s*(lte|nr)\s+\d+\s+/;

describe('srs4g-console on the srsENB NSA sample', () => {
  const lines = sample('srsenb-nsa-console.log');

  it('makes one stats record per row, nothing unrecognised', () => {
    const rows = lines.filter((l) => ENB_ROW.test(l)).length;
    const { records, unrecognised } = parseLines(format, lines);
    expect(rows).toBe(10);
    expect(stats(records)).toHaveLength(rows);
    expect(unrecognised).toEqual([]);
  });

  it('reads an NR row: hex rnti, 6.9M, cqi n/a, pusch and pucch n/a', () => {
    // " nr 4601  n/a   0   27   6.9M  124    0   0% |   n/a    n/a    0    0   6.1M   95 ..."
    const { records } = parseLines(format, lines);
    const base = { tSec: 0, tNsec: 0, line: 4, cell: 'nr', ue: null, rnti: 0x4601 };
    expect(ofLine(records, 4)).toEqual([
      {
        ...base,
        kind: 'stats',
        scope: 'ue',
        source: 'srsenb-console',
        periodSec: 1,
        values: {
          cqi: null,
          ri: 0,
          dl_mcs: 27,
          dl_brate_bps: 6_900_000,
          dl_ok: 124,
          dl_nok: 0,
          dl_nok_pct: 0,
          pusch_snr_db: null,
          pucch_snr_db: null,
          // Printed 0: placeholders of the NR leg, which measures neither (UL at 6.1M).
          phr_db: null,
          ul_mcs: null,
          ul_brate_bps: 6_100_000,
          ul_ok: 95,
          ul_nok: 0,
          ul_nok_pct: 0,
          bsr_bytes: 0,
        },
      },
      { ...base, kind: 'csi', cqi: null, ri: 0, pmi: null },
      { ...base, kind: 'bsr', type: 'other', lcg: null, bytes: 0 },
    ]);
  });

  it('reads no MCS for a direction of an LTE row that sent nothing', () => {
    // "lte   46   15   0    0      0    0    0   0% |   n/a    n/a    0    0      0    0 ..."
    const { records } = parseLines(format, lines);
    expect(ofLine(records, 3)[0]).toMatchObject({
      cell: 'lte',
      rnti: 0x46,
      values: { dl_mcs: null, dl_brate_bps: 0, dl_ok: 0, ul_mcs: null, ul_brate_bps: 0, ul_ok: 0 },
    });
  });

  it('puts the lte rows and the nr rows in two cells named by their RAT (no pci column)', () => {
    // grep -c '^lte ' and grep -c '^ nr ' on the sample: 5 and 5.
    const { records } = parseLines(format, lines);
    const cells = stats(records).map((r) => `${r.cell}/${r.rnti?.toString(16)}`);
    expect(cells.filter((c) => c === 'lte/46')).toHaveLength(5);
    expect(cells.filter((c) => c === 'nr/4601')).toHaveLength(5);
    expect(cells).toHaveLength(10);
  });

  it('puts each lte/nr pair in one period', () => {
    const { records } = parseLines(format, lines);
    const times = stats(records).map((r) => `${r.rnti?.toString(16)}@${r.tSec}`);
    expect(times).toEqual([
      '46@0',
      '4601@0',
      '46@1',
      '4601@1',
      '46@2',
      '4601@2',
      '46@3',
      '4601@3',
      '46@4',
      '4601@4',
    ]);
  });
});

describe('srs4g-console on the srsUE NSA sample', () => {
  const lines = sample('srsue-nsa-console.log');

  it('makes one stats record per row and knows every other line', () => {
    const rows = lines.filter((l) => UE_ROW.test(l)).length;
    const { records, unrecognised } = parseLines(format, lines);
    expect(rows).toBe(10);
    expect(stats(records)).toHaveLength(rows);
    expect(unrecognised).toEqual([]);
  });

  it("turns the random-access messages into ra records of the UE, in its RAT's cell", () => {
    const { records } = parseLines(format, lines);
    // grep -n 'Random Access\|^lte\|^ nr' srsue-nsa-console.log: the LTE procedure (seq=,
    // lines 19 and 21) and the NR one (preamble_index=, lines 25 and 26) come before the
    // first rows, "lte 1 ..." (line 29) and " nr 500 ..." (line 30): cells 1 and 500.
    const base = { tSec: 0, tNsec: 0, ue: 'srsue', cause: null };
    const lte = { ...base, cell: '1' };
    const nr = { ...base, cell: '500' };
    expect(records.filter((r) => r.kind === 'ra')).toEqual([
      // Random Access Transmission: seq=33, tti=981, ra-rnti=0x2
      {
        ...lte,
        line: 19,
        kind: 'ra',
        rnti: null,
        step: 'preamble',
        outcome: null,
        preamble: 33,
        ta: null,
      },
      // Random Access Complete.     c-rnti=0x46, ta=0
      {
        ...lte,
        line: 21,
        kind: 'ra',
        rnti: 0x46,
        step: 'complete',
        outcome: 'ok',
        preamble: null,
        ta: 0,
      },
      // Random Access Transmission: prach_occasion=0, preamble_index=0, ra-rnti=0xf, tti=1611
      {
        ...nr,
        line: 25,
        kind: 'ra',
        rnti: null,
        step: 'preamble',
        outcome: null,
        preamble: 0,
        ta: null,
      },
      // Random Access Complete.     c-rnti=0x4601, ta=0
      {
        ...nr,
        line: 26,
        kind: 'ra',
        rnti: 0x4601,
        step: 'complete',
        outcome: 'ok',
        preamble: null,
        ta: 0,
      },
    ]);
  });

  it('names the UE writing the log in every record, rows and messages alike', () => {
    const { records } = parseLines(format, lines);
    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((r) => r.ue !== 'srsue')).toEqual([]);
    // Without any random access in sight, the rows are still the UE's.
    const neighbour = parseLines(format, fixture('ue-neighbour.log')).records;
    expect(neighbour.map((r) => r.ue)).toEqual(neighbour.map(() => 'srsue'));
  });

  it('gives a random access without a row after it the last cell known on its RAT', () => {
    // Lines 1-26: "Found Cell: ... PCI=1" (LTE, line 15), both procedures, no table.
    const { records } = parseLines(format, lines.slice(0, 26));
    const ra = records.filter((r) => r.kind === 'ra').map((r) => `${r.line}:${r.cell}`);
    expect(ra).toEqual(['19:1', '21:1', '25:null', '26:null']);
  });

  it('puts a random access in the cell of the next row on its RAT (a new cell)', () => {
    const header = lines.slice(26, 28);
    const lteRow = lineAt(lines, 28); // "lte    1   -11 ..."
    const { records } = parseLines(format, [
      ...header,
      lteRow,
      'Random Access Transmission: seq=12, tti=5001, ra-rnti=0x3',
      'Random Access Complete.     c-rnti=0x47, ta=1',
      lteRow.replace('lte    1', 'lte    2'),
    ]);
    const ra = records.filter((r) => r.kind === 'ra').map((r) => `${r.line}:${r.cell}`);
    expect(ra).toEqual(['4:2', '5:2']);
    expect(stats(records).map((r) => `${r.cell}/${r.rnti}`)).toEqual(['1/null', '2/71']);
  });

  it('reads an NR carrier row with the C-RNTI of the NR random access', () => {
    // " nr  500     1    0   23u |  27   70   1.0   8.5M    0%    0.0 |  28    36k   8.3M    0%"
    const { records } = parseLines(format, lines);
    const base = { tSec: 0, tNsec: 0, line: 30, cell: '500', ue: 'srsue', rnti: 0x4601 };
    expect(ofLine(records, 30)).toEqual([
      {
        ...base,
        kind: 'stats',
        scope: 'ue',
        source: 'srsue-console',
        periodSec: 1,
        values: {
          rsrp_dbm: 1,
          pathloss_db: 0,
          cfo_hz: 0.000023,
          dl_mcs: 27,
          dl_snr_db: 70,
          dl_fec_iters: 1,
          dl_brate_bps: 8_500_000,
          dl_bler: 0,
          ta_us: 0,
          ul_mcs: 28,
          bsr_bytes: 36_000,
          ul_brate_bps: 8_300_000,
          ul_bler: 0,
        },
      },
      { ...base, kind: 'bsr', type: 'other', lcg: null, bytes: 36_000 },
    ]);
  });

  it('gives LTE rows the LTE C-RNTI and counts lte/nr pairs as periods', () => {
    const { records } = parseLines(format, lines);
    const rows = stats(records).map((r) => `${r.cell}/${r.rnti?.toString(16)}@${r.tSec}`);
    expect(rows).toEqual([
      '1/46@0',
      '500/4601@0',
      '1/46@1',
      '500/4601@1',
      '1/46@2',
      '500/4601@2',
      '1/46@3',
      '500/4601@3',
      '1/46@4',
      '500/4601@4',
    ]);
    expect(stats(records)[0]?.values.cfo_hz).toBe(-0.0000014);
  });
});

describe('srs4g-console on older layouts', () => {
  it('reads the srsLTE eNB table without `|`, grouping columns by the labels above', () => {
    const { records, unrecognised } = parseLines(format, fixture('enb-srslte-2020.log'));
    expect(unrecognised).toEqual([]);
    // "  46  15   0  27   49M  998    2   0% 29.7 23.0  23   23M 1000    0   0%  130k"
    expect(stats(ofLine(records, 19))).toEqual([
      {
        tSec: 0,
        tNsec: 0,
        line: 19,
        cell: null,
        ue: null,
        rnti: 0x46,
        kind: 'stats',
        scope: 'ue',
        source: 'srsenb-console',
        periodSec: 1,
        values: {
          cqi: 15,
          ri: 0,
          dl_mcs: 27,
          dl_brate_bps: 49_000_000,
          dl_ok: 998,
          dl_nok: 2,
          dl_nok_pct: 0,
          pusch_snr_db: 29.7,
          phr_db: 23,
          ul_mcs: 23,
          ul_brate_bps: 23_000_000,
          ul_ok: 1000,
          ul_nok: 0,
          ul_nok_pct: 0,
          bsr_bytes: 130_000,
        },
      },
    ]);
  });

  it('turns RACH, connect and disconnect messages into records', () => {
    const { records } = parseLines(format, fixture('enb-srslte-2020.log'));
    const events = records.filter((r) => r.kind === 'ra' || r.kind === 'ue');
    const base = { tNsec: 0, ue: null, cell: null };
    expect(events).toEqual([
      // RACH:  tti=341, preamble=12, offset=0, temp_crnti=0x46
      {
        ...base,
        tSec: 0,
        line: 12,
        kind: 'ra',
        rnti: 0x46,
        step: 'preamble',
        outcome: null,
        cause: null,
        preamble: 12,
        ta: 0,
      },
      {
        ...base,
        tSec: 0,
        line: 13,
        kind: 'ue',
        rnti: 0x46,
        event: 'connected',
        detail: 'User 0x46 connected',
        oldRnti: null,
      },
      {
        ...base,
        tSec: 1,
        line: 22,
        kind: 'ue',
        rnti: 0x46,
        event: 'removed',
        detail: 'Disconnecting rnti=0x46.',
        oldRnti: null,
      },
      {
        ...base,
        tSec: 1,
        line: 23,
        kind: 'ra',
        rnti: 0x47,
        step: 'preamble',
        outcome: null,
        cause: null,
        preamble: 47,
        ta: 25,
      },
      {
        ...base,
        tSec: 1,
        line: 24,
        kind: 'ue',
        rnti: 0x47,
        event: 'connected',
        detail: 'User 0x47 connected',
        oldRnti: null,
      },
    ]);
  });

  it('starts a period at the eNB RF status line, which opens a report', () => {
    const { records } = parseLines(format, fixture('enb-srslte-2020.log'));
    const times = stats(records).map((r) => `${r.rnti?.toString(16)}@${r.tSec}`);
    // Without it, 0x47 (a new rnti) would join the period of 0x46's last row.
    expect(times).toEqual(['46@0', '46@1', '47@2']);
  });

  it('reads the RACH line of srsRAN 4G with cc and pci', () => {
    const line = 'RACH:  tti=9661, cc=0, pci=1, preamble=47, offset=25, temp_crnti=0x48';
    const { records } = parseLines(format, [line]);
    expect(records).toEqual([
      {
        tSec: 0,
        tNsec: 0,
        line: 1,
        ue: null,
        cell: '1',
        kind: 'ra',
        rnti: 0x48,
        step: 'preamble',
        outcome: null,
        cause: null,
        preamble: 47,
        ta: 25,
      },
    ]);
  });

  it('reads the 2021 srsUE table with `cc`, kilo CFO, BLER as a fraction', () => {
    const { records, unrecognised } = parseLines(format, fixture('ue-srslte-2021.log'));
    expect(unrecognised).toEqual([]);
    // " 0   1   -89    89  -1.3k    26    29   0.6    11M     2%    0.5   20    0.0   1.1M     1%"
    expect(stats(ofLine(records, 13))[0]).toEqual({
      tSec: 1,
      tNsec: 0,
      line: 13,
      cell: '1',
      ue: 'srsue',
      rnti: 0x46,
      kind: 'stats',
      scope: 'ue',
      source: 'srsue-console',
      periodSec: 1,
      values: {
        rsrp_dbm: -89,
        pathloss_db: 89,
        cfo_hz: -1300,
        dl_mcs: 26,
        dl_snr_db: 29,
        dl_fec_iters: 0.6,
        dl_brate_bps: 11_000_000,
        dl_bler: 0.02,
        ta_us: 0.5,
        ul_mcs: 20,
        bsr_bytes: 0,
        ul_brate_bps: 1_100_000,
        ul_bler: 0.01,
      },
    });
  });

  it('counts each "--- disconnected ---" as a period without rows', () => {
    const { records } = parseLines(format, fixture('ue-srslte-2021.log'));
    expect(stats(records).map((r) => r.tSec)).toEqual([0, 1, 4]);
  });

  it('reads the Neighbour group apart from the serving cell', () => {
    const { records, unrecognised } = parseLines(format, fixture('ue-neighbour.log'));
    expect(unrecognised).toEqual([]);
    const [first, second] = stats(records);
    expect(first?.cell).toBe('1');
    expect(first?.values).toMatchObject({
      rsrp_dbm: -75,
      neighbour_pci: 2,
      neighbour_rsrp_dbm: -90,
      cfo_hz: -0.000011,
      dl_bler: 0.01,
      bsr_bytes: 48_000,
    });
    expect(second?.values).toMatchObject({
      neighbour_pci: null,
      neighbour_rsrp_dbm: null,
      dl_snr_db: null,
      cfo_hz: 4.15e-7,
    });
  });
});

describe('srs4g-console bad input', () => {
  it('does not read the srsRAN Project gNB table ("pci rnti" first)', () => {
    const lines = sample('srsran-gnb-console-v23.log');
    const { records, counts } = parseLines(format, lines);
    expect(records).toEqual([]);
    const groupLines = lines.filter((l) => l.includes('--DL--')).length;
    expect(counts.unrecognised).toBe(lines.length - groupLines);
  });

  it('marks garbage, rows before a header and a cut row as Unrecognised', () => {
    const enb = sample('srsenb-nsa-console.log');
    const lines = [
      lineAt(enb, 2), // a row before any header
      lineAt(enb, 0),
      lineAt(enb, 1),
      lineAt(enb, 2),
      'Unknown console junk: 42',
      lineAt(enb, 3).slice(0, 25), // cut
    ];
    const { records, unrecognised } = parseLines(format, lines);
    expect(stats(records).map((r) => r.line)).toEqual([4]);
    expect(unrecognised.map((u) => u.line)).toEqual([1, 5, 6]);
  });

  it('reads coloured and CRLF lines like plain ones', () => {
    const enb = sample('srsenb-nsa-console.log');
    const plain = parseLines(format, enb).records;
    expect(parseLines(format, splitLines(enb.join('\r\n'))).records).toEqual(plain);
    const coloured = enb.map((l) => `\x1b[1m${l}\x1b[0m`);
    expect(parseLines(format, coloured).records).toEqual(plain);
  });
});

describe('srs4g-console sniff', () => {
  it('is sure with a table header', () => {
    expect(format.sniff(sample('srsenb-nsa-console.log'))).toBeGreaterThanOrEqual(0.9);
    expect(format.sniff(sample('srsue-nsa-console.log'))).toBeGreaterThanOrEqual(0.9);
    expect(format.sniff(fixture('enb-srslte-2020.log'))).toBeGreaterThanOrEqual(0.9);
  });

  it('is fairly sure from console messages alone', () => {
    const messages = sample('srsue-nsa-console.log').slice(0, 26);
    expect(format.sniff(messages)).toBe(0.6);
  });

  it('is unsure of rows without a header, and does not take the gNB table', () => {
    const rows = sample('srsenb-nsa-console.log').filter((l) => ENB_ROW.test(l));
    expect(format.sniff(rows)).toBeLessThan(0.5);
    expect(format.sniff(sample('srsran-gnb-console-handover.log'))).toBeLessThan(0.5);
  });
});
