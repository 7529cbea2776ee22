/**
 * Tables on a narrow terminal: the columns that matter least are left out, one by one, until
 * the table fits, and a line says which; with no terminal (a pipe) every column is kept.
 */
import { describe, expect, it } from 'vitest';
import { fittedTable, type Column } from '../../src-main/cli/fit.js';
import { ueTable } from '../../src-main/cli/render.js';
import { emptyCounters } from '../../src-shared/kpis.js';
import { ueWith } from '../renderer/ues.js';

/** The column heads of a rendered table: the cells of its first text line. */
function heads(table: string): string[] {
  const line = table.split('\n')[1];
  return line
    .split('│')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** The table's own lines: from its top border to its bottom border. */
function tableLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.slice(0, lines.findIndex((l) => l.startsWith('└')) + 1);
}

// Each column 10 characters wide with its padding and border: a row of n columns takes
// 1 + 11 n characters (a border, then 8 characters + 2 padding + 1 border per column).
const columns: Column[] = [
  { head: 'name' },
  { head: 'second', dropRank: 2 },
  { head: 'first', dropRank: 0 },
  { head: 'third', dropRank: 5 },
  { head: 'verdict' },
];
const rows = [['abcdefgh', '12345678', '12345678', '12345678', 'verdict!']];

describe('a table on a narrow terminal', () => {
  it('keeps every column when there is no terminal to fit', () => {
    const text = fittedTable(columns, rows, null);
    expect(heads(text)).toEqual(['name', 'second', 'first', 'third', 'verdict']);
    expect(text).not.toContain('hidden');
  });

  it('keeps every column when they fit', () => {
    expect(heads(fittedTable(columns, rows, 56))).toHaveLength(5);
  });

  it('leaves out the lowest ranks first, and says which', () => {
    // 5 columns take 56 characters, 4 take 45, 3 take 34.
    const four = fittedTable(columns, rows, 55);
    expect(heads(four)).toEqual(['name', 'second', 'third', 'verdict']);
    expect(four).toContain('hidden to fit 55 columns: first');

    const three = fittedTable(columns, rows, 44);
    expect(heads(three)).toEqual(['name', 'third', 'verdict']);
    expect(three).toContain('hidden to fit 44 columns: second, first');
    for (const line of tableLines(three)) expect(line.length).toBeLessThanOrEqual(44);
  });

  it('shows again a column left out early when leaving out a wider one made room for it', () => {
    // A column takes its text, 2 of padding and a border: 'small' 11, 'wide' 21, the others
    // 11, plus the first border. All: 55. Without 'small' (rank 0, left out first): 44, still
    // over 40, so 'wide' goes too: 23. Then 'small' fits again: 34.
    const cols: Column[] = [
      { head: 'name' },
      { head: 'small', dropRank: 0 },
      { head: 'wide', dropRank: 1 },
      { head: 'verdict' },
    ];
    const text = fittedTable(cols, [['abcdefgh', '12345678', 'x'.repeat(18), 'verdict!']], 40);
    expect(heads(text)).toEqual(['name', 'small', 'verdict']);
    expect(text).toContain('hidden to fit 40 columns: wide');
    for (const line of tableLines(text)) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('never leaves out a column without a rank, even when the table still does not fit', () => {
    const text = fittedTable(columns, rows, 10);
    expect(heads(text)).toEqual(['name', 'verdict']);
    // The note itself is broken at its commas to fit as far as it can.
    expect(text.replace(/\n +/g, ' ')).toContain('hidden to fit 10 columns: second, first, third');
  });
});

describe('the per-UE table on an 80-column terminal', () => {
  const ue = ueWith('17', 0x4601, {
    ...emptyCounters(),
    dlGrants: 1000,
    dlDecodes: 1000,
    dlFails: 120,
    dlFirstDecodes: 900,
    dlFirstFails: 110,
    ulGrants: 800,
  });

  it('fits, and keeps the UE, its rate, BLER and MCS and its flag', () => {
    const text = ueTable([ue], 80);
    for (const line of tableLines(text)) expect(line.length).toBeLessThanOrEqual(80);
    const shown = heads(text);
    for (const head of ['UE', 'bit/s DL/UL', 'iBLER DL/UL', 'MCS DL/UL', 'flag']) {
      expect(shown).toContain(head);
    }
    expect(text).toContain('hidden to fit 80 columns: ');
  });

  it('has every column in a pipe', () => {
    expect(heads(ueTable([ue]))).toEqual([
      'cell',
      'UE',
      'RNTI',
      'bit/s DL/UL',
      'MCS DL/UL',
      'iBLER DL/UL',
      'retx DL/UL',
      'KO DL/UL',
      'PHR dB',
      'CQI',
      'RA ok/ko',
      'flag',
    ]);
  });
});

describe('a table of long paths and errors on a narrow terminal', () => {
  const jobColumns: Column[] = [
    { head: '#' },
    { head: 'file', cut: 'start' },
    { head: 'started', dropRank: 0 },
    { head: 'error', cut: 'end' },
  ];
  const path = '/srv/captures/site-17/gnb-2024-05-14.log';
  const error = 'no known format recognises this file. Tried: srsran-gnb (0.00), oai-gnb (0.00)';
  const jobRows = [['1', path, '2024-05-14 10:00', error]];

  it('leaves out the ranked columns, then cuts the long texts to one length, marked …', () => {
    const text = fittedTable(jobColumns, jobRows, 80);
    for (const line of tableLines(text)) expect(line.length).toBeLessThanOrEqual(80);
    expect(heads(text)).toEqual(['#', 'file', 'error']);
    // Whole, the path (40 characters) and the error (78) make the table 129 wide: 49 too
    // many. The error is cut to the path's 40, then both by 5 (the odd one rounded up).
    expect(text).toContain(`│ …${path.slice(-33)} │ ${error.slice(0, 33)}… │`);
  });

  it("keeps a path's end, its file name, and an error's start", () => {
    const text = fittedTable(jobColumns, jobRows, 40);
    for (const line of tableLines(text)) expect(line.length).toBeLessThanOrEqual(40);
    expect(text).toMatch(/│ …[\w-]*05-14\.log │ no known f[\w ]*… │/);
  });

  it('cuts nothing in a pipe', () => {
    const text = fittedTable(jobColumns, jobRows, null);
    expect(text).toContain(path);
    expect(text).toContain(error);
  });
});
