import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convert, parseScaled } from '../../src-main/engine/formats/console-table.js';
import { srsranGnbConsoleFormat } from '../../src-main/engine/formats/srsran-gnb-console.js';
import { LineKind } from '../../src-main/engine/formats/types.js';
import { parseLines, splitLines } from '../../src-main/engine/run-lines.js';
import type { MacRecord, StatsRecord } from '../../src-shared/records.js';

const format = srsranGnbConsoleFormat;
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

/** A table row: spaces, the pci, the rnti (hex, maybe 0x), then a value or `|`. */
const ROW = /^\s+\d+ (0x)?[0-9a-f]+ /;

const SAMPLES = [
  'srsran-gnb-console-v23.log',
  'srsran-gnb-console-handover.log',
  'srsran-gnb-console-testmode.log',
];

describe('srsran-gnb-console on the samples', () => {
  for (const name of SAMPLES) {
    it(`${name}: one stats record per table row, nothing unrecognised`, () => {
      const lines = sample(name);
      const rows = lines.filter((l) => ROW.test(l)).length;
      const { records, counts, unrecognised } = parseLines(format, lines);

      expect(rows).toBeGreaterThan(0);
      expect(stats(records)).toHaveLength(rows);
      expect(counts.record).toBe(rows);
      expect(unrecognised).toEqual([]);
    });
  }

  it('reads a v23 row (no ri, dl_bs, rsrp, ta or phr columns)', () => {
    // "   1 4601   15   15   4.3k    7    0   0% |  21.3   23    17k    4    0   0%    0.0"
    const { records } = parseLines(format, sample('srsran-gnb-console-v23.log'));
    const base = { tSec: 0, tNsec: 0, line: 3, cell: '1', ue: null, rnti: 0x4601 };
    expect(ofLine(records, 3)).toEqual([
      {
        ...base,
        kind: 'stats',
        scope: 'ue',
        source: 'srsran-console',
        periodSec: 1,
        values: {
          cqi: 15,
          dl_mcs: 15,
          dl_brate_bps: 4300,
          dl_ok: 7,
          dl_nok: 0,
          dl_nok_pct: 0,
          pusch_snr_db: 21.3,
          ul_mcs: 23,
          ul_brate_bps: 17_000,
          ul_ok: 4,
          ul_nok: 0,
          ul_nok_pct: 0,
          bsr_bytes: 0,
        },
      },
      { ...base, kind: 'csi', cqi: 15, ri: null, pmi: null },
      { ...base, kind: 'bsr', type: 'other', lcg: null, bytes: 0 },
    ]);
  });

  it('reads a v23 row with mega rates and a kilo BSR after the third header', () => {
    // "   1 4601   15   27   598k  456    6   1% |  17.4   25    17M  596    4   0%   150k"
    const { records } = parseLines(format, sample('srsran-gnb-console-v23.log'));
    const [row] = stats(ofLine(records, 25));
    expect(row?.tSec).toBe(18);
    expect(row?.values).toEqual({
      cqi: 15,
      dl_mcs: 27,
      dl_brate_bps: 598_000,
      dl_ok: 456,
      dl_nok: 6,
      dl_nok_pct: 1,
      pusch_snr_db: 17.4,
      ul_mcs: 25,
      ul_brate_bps: 17_000_000,
      ul_ok: 596,
      ul_nok: 4,
      ul_nok_pct: 0,
      bsr_bytes: 150_000,
    });
  });

  it('reads a row of the handover sample with dl_bs, rsrp, ta and phr', () => {
    // "   2 5601 |  15   1   28   2.5M  185    0   0%   1.5k |  30.6 -37.4   28   214k   50
    //     0   0%      0   0us   27"
    const { records } = parseLines(format, sample('srsran-gnb-console-handover.log'));
    const base = { tSec: 8, tNsec: 0, line: 18, cell: '2', ue: null, rnti: 0x5601 };
    expect(ofLine(records, 18)).toEqual([
      {
        ...base,
        kind: 'stats',
        scope: 'ue',
        source: 'srsran-console',
        periodSec: 1,
        values: {
          cqi: 15,
          ri: 1,
          dl_mcs: 28,
          dl_brate_bps: 2_500_000,
          dl_ok: 185,
          dl_nok: 0,
          dl_nok_pct: 0,
          dl_bs_bytes: 1500,
          pusch_snr_db: 30.6,
          rsrp_dbm: -37.4,
          ul_mcs: 28,
          ul_brate_bps: 214_000,
          ul_ok: 50,
          ul_nok: 0,
          ul_nok_pct: 0,
          bsr_bytes: 0,
          ta_us: 0,
          phr_db: 27,
        },
      },
      { ...base, kind: 'csi', cqi: 15, ri: 1, pmi: null },
      { ...base, kind: 'phr', phDb: 27, pcmaxDbm: null },
      { ...base, kind: 'bsr', type: 'other', lcg: null, bytes: 0 },
    ]);
  });

  it('reads the test-mode rows: rnti 0x44, 1.0G, ri 1.0, phr n/a', () => {
    // "   1 0x44 |  15 1.0   28   1.0G 1539    0   0%    10M |  99.9 -99.9   28    75M  400
    //     0   0%  81.5M      0  n/a"
    const { records } = parseLines(format, sample('srsran-gnb-console-testmode.log'));
    const base = { tSec: 0, tNsec: 0, line: 3, cell: '1', ue: null, rnti: 0x44 };
    expect(ofLine(records, 3)).toEqual([
      {
        ...base,
        kind: 'stats',
        scope: 'ue',
        source: 'srsran-console',
        periodSec: 1,
        values: {
          cqi: 15,
          ri: 1,
          dl_mcs: 28,
          dl_brate_bps: 1e9,
          dl_ok: 1539,
          dl_nok: 0,
          dl_nok_pct: 0,
          dl_bs_bytes: 10_000_000,
          pusch_snr_db: 99.9,
          rsrp_dbm: -99.9,
          ul_mcs: 28,
          ul_brate_bps: 75_000_000,
          ul_ok: 400,
          ul_nok: 0,
          ul_nok_pct: 0,
          bsr_bytes: 81_500_000,
          ta_us: 0,
          phr_db: null,
        },
      },
      { ...base, kind: 'csi', cqi: 15, ri: 1, pmi: null },
      // No phr record: the gNB had no power headroom report.
      { ...base, kind: 'bsr', type: 'other', lcg: null, bytes: 81_500_000 },
    ]);
  });

  it('gives each row of a single-UE table its own period, also across headers', () => {
    const lines = sample('srsran-gnb-console-v23.log');
    const rows = lines.flatMap((l, i) => (ROW.test(l) ? [i + 1] : []));
    const { records } = parseLines(format, lines);
    const times = stats(records).map((r) => [r.line, r.tSec]);
    expect(times).toEqual(rows.map((line, period) => [line, period]));
  });

  it('cannot follow a UE through a handover: a new pci and rnti joins the last period', () => {
    // Each row of this sample is its own second; the first row after each change of pci
    // and rnti shares the period of the row before it, as the rnti is new in that period.
    const { records } = parseLines(format, sample('srsran-gnb-console-handover.log'));
    const times = stats(records).map((r) => `${r.cell}/${r.rnti?.toString(16)}@${r.tSec}`);
    expect(times).toEqual([
      '1/4601@0',
      '1/4601@1',
      '2/5601@1',
      '2/5601@2',
      '2/5601@3',
      '2/5601@4',
      '2/5601@5',
      '2/5601@6',
      '2/5601@7',
      '2/5601@8',
      '2/5601@9',
      '1/4602@9',
      '1/4602@10',
      '1/4602@11',
      '1/4602@12',
      '1/4602@13',
      '1/4602@14',
      '2/5603@14',
      '2/5603@15',
      '2/5603@16',
      '2/5603@17',
      '2/5603@18',
      '2/5603@19',
      '1/4604@19',
      '1/4604@20',
      '1/4604@21',
    ]);
  });

  it('classifies the operator command and its reply as Other', () => {
    const lines = sample('srsran-gnb-console-handover.log');
    const parser = format.create({ fileName: 't', options: {} });
    const sink = { push: () => undefined };
    const kinds = lines.map((l, i) => (l === '' ? null : parser.parse(l, i + 1, sink)));
    expect(lines[5]).toBe('tx_gain 0 10');
    expect(kinds[5]).toBe(LineKind.Other);
    expect(lines[6]).toBe('Tx gain set to 10.0 dB for port 0.');
    expect(kinds[6]).toBe(LineKind.Other);
  });
});

describe('srsran-gnb-console on other layouts and bad input', () => {
  it('reads the latest layout: UL ri, ta in engineering seconds, ovl and n/a as null', () => {
    const { records, unrecognised } = parseLines(format, fixture('gnb-latest.log'));
    expect(unrecognised).toEqual([]);

    // "   1 4602 |  15 1.5   21    10k   13    3  18%      3 |  65.5   ovl 1.0   26    28k
    //    14    0   0%     53   260n  n/a"
    const base = { tSec: 0, tNsec: 0, line: 13, cell: '1', ue: null, rnti: 0x4602 };
    expect(ofLine(records, 13)).toEqual([
      {
        ...base,
        kind: 'stats',
        scope: 'ue',
        source: 'srsran-console',
        periodSec: 1,
        values: {
          cqi: 15,
          ri: 1.5,
          dl_mcs: 21,
          dl_brate_bps: 10_000,
          dl_ok: 13,
          dl_nok: 3,
          dl_nok_pct: 18,
          dl_bs_bytes: 3,
          pusch_snr_db: 65.5,
          rsrp_dbm: null,
          ul_ri: 1,
          ul_mcs: 26,
          ul_brate_bps: 28_000,
          ul_ok: 14,
          ul_nok: 0,
          ul_nok_pct: 0,
          bsr_bytes: 53,
          ta_us: 0.26,
          phr_db: null,
        },
      },
      { ...base, kind: 'csi', cqi: 15, ri: 1.5, pmi: null },
      { ...base, kind: 'bsr', type: 'other', lcg: null, bytes: 53 },
    ]);

    // "   1 4601 | n/a n/a    0      0 ... |   n/a   n/a   1    0 ... 0    n/a  n/a": no CSI.
    const [idle] = stats(ofLine(records, 14));
    expect(idle?.values).toMatchObject({ cqi: null, ri: null, pusch_snr_db: null, ta_us: null });
    expect(ofLine(records, 14).map((r) => r.kind)).toEqual(['stats', 'bsr']);

    expect(stats(ofLine(records, 15))[0]?.values.ta_us).toBe(-0.056);
    expect(stats(ofLine(records, 24))[0]?.values.ta_us).toBe(1.2);
  });

  it('takes banners, help, typed commands and their replies as Other', () => {
    const lines = fixture('gnb-latest.log');
    const { counts } = parseLines(format, lines);
    const rows = lines.filter((l) => ROW.test(l)).length;
    expect(counts).toEqual({
      lines: lines.length,
      record: rows,
      other: lines.length - rows,
      unrecognised: 0,
    });
  });

  it('ignores headers for periods once two cells report (they print one after the other)', () => {
    const { records } = parseLines(format, fixture('gnb-two-cells.log'));
    const times = stats(records).map((r) => `${r.cell}@${r.tSec}`);
    expect(times).toEqual(['1@0', '2@0', '1@1', '2@1', '1@2', '2@2']);
  });

  it('starts a period at a header while one cell reports, also for a new rnti', () => {
    const { records } = parseLines(format, fixture('gnb-rnti-change.log'));
    const times = stats(records).map((r) => `${r.rnti?.toString(16)}@${r.tSec}`);
    // 4603 replaces 4602 without a header between them: it joins 4602's period.
    expect(times).toEqual(['4601@0', '4601@1', '4602@2', '4602@3', '4603@3']);
  });

  it('tells DL from UL by order when the group line above the header is cut off', () => {
    const lines = sample('srsran-gnb-console-v23.log');
    const whole = stats(parseLines(format, lines).records);
    const cut = stats(parseLines(format, lines.slice(1)).records);
    expect(cut.map((r) => r.values)).toEqual(whole.map((r) => r.values));
    expect(cut[0]?.values).toMatchObject({ dl_mcs: 15, ul_mcs: 23, ul_brate_bps: 17_000 });
  });

  it('spaces periods by the periodSec option', () => {
    const { records } = parseLines(format, sample('srsran-gnb-console-v23.log'), {
      periodSec: 0.5,
    });
    const times = stats(records)
      .slice(0, 4)
      .map((r) => [r.tSec, r.tNsec, r.periodSec]);
    expect(times).toEqual([
      [0, 0, 0.5],
      [0, 500_000_000, 0.5],
      [1, 0, 0.5],
      [1, 500_000_000, 0.5],
    ]);
  });

  it('marks garbage, rows before any header and a cut last row as Unrecognised', () => {
    const v23 = sample('srsran-gnb-console-v23.log');
    const lines = [
      lineAt(v23, 2), // a row before any header: its columns are unknown
      lineAt(v23, 0),
      lineAt(v23, 1),
      lineAt(v23, 2),
      'Segmentation fault (core dumped)',
      '%%%% garbage %%%%',
      lineAt(v23, 3).slice(0, 30), // cut in the middle
    ];
    const { records, unrecognised } = parseLines(format, lines);
    expect(stats(records).map((r) => r.line)).toEqual([4]);
    expect(unrecognised.map((u) => u.line)).toEqual([1, 5, 6, 7]);
  });

  it('reads rows with CRLF endings and colour codes like plain ones', () => {
    const v23 = sample('srsran-gnb-console-v23.log').slice(0, 5);
    const plain = parseLines(format, v23).records;
    const crlf = splitLines(v23.join('\r\n') + '\r\n');
    const coloured = v23.map((l) => `\x1b[0;32m${l}\x1b[0m`);
    expect(parseLines(format, crlf).records).toEqual(plain);
    expect(parseLines(format, coloured).records).toEqual(plain);
  });
});

describe('srsran-gnb-console and other tables', () => {
  it('does not read the srsENB table (no pci before rnti): its lines are Unrecognised', () => {
    const lines = sample('srsenb-nsa-console.log');
    const { records, counts } = parseLines(format, lines);
    expect(records).toEqual([]);
    // Only the group line is taken for a table's own: every row and the header are not.
    expect(counts.unrecognised).toBe(lines.length - 1);
  });
});

describe('srsran-gnb-console sniff', () => {
  it('is sure with a header early in the file', () => {
    for (const name of SAMPLES) expect(format.sniff(sample(name))).toBeGreaterThanOrEqual(0.9);
  });

  it('is unsure of rows without a header', () => {
    const rows = sample('srsran-gnb-console-v23.log').filter((l) => ROW.test(l));
    const score = format.sniff(rows);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(0.5);
  });

  it('does not claim the srsENB or srsUE console', () => {
    expect(format.sniff(sample('srsenb-nsa-console.log'))).toBe(0);
    expect(format.sniff(sample('srsue-nsa-console.log'))).toBe(0);
  });
});

describe('console table values', () => {
  it('reads SI suffixes exactly', () => {
    expect(parseScaled('6.9M')).toBe(6_900_000);
    expect(parseScaled('1.1k')).toBe(1100);
    expect(parseScaled('1.0G')).toBe(1_000_000_000);
    expect(parseScaled('6.14M')).toBe(6_140_000);
    expect(parseScaled('-1.4u')).toBe(-0.0000014);
    expect(parseScaled('-457m')).toBe(-0.457);
    expect(parseScaled('0.0')).toBe(0);
    expect(parseScaled('-40.4')).toBe(-40.4);
  });

  it('gives null for n/a, ovl and other words', () => {
    for (const text of ['n/a', 'ovl', 'failed', 'nan', '-inf', '', 'M', '1.2.3k']) {
      expect(parseScaled(text)).toBeNull();
    }
  });

  it('converts percentages and timing advance', () => {
    expect(convert('18%', 'percent')).toBe(18);
    expect(convert('2%', 'fraction')).toBe(0.02);
    expect(convert('0us', 'ta-us')).toBe(0);
    expect(convert('260n', 'ta-us')).toBe(0.26);
    expect(convert('1.2u', 'ta-us')).toBe(1.2);
    expect(convert('n/a', 'ta-us')).toBeNull();
  });
});
