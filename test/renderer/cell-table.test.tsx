// @vitest-environment happy-dom
/**
 * The per-cell table: what the CLI's `show` prints per cell, with the flag and the rule
 * that fired. The values are worked out by hand from the counters.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCounters, type SubjectSummary } from '../../src-shared/kpis.js';
import { CellTable } from '../../src-renderer/src/components/CellTable.js';
import { ueWith } from './ues.js';

afterEach(cleanup);

const RA_RULE = 'random access failed 10 of 11 times (90.9% > 50.0%)';

function cell(name: string | null, subject: SubjectSummary): SubjectSummary {
  return { ...subject, cell: name, ue: null };
}

/** The cells of a row by column header. */
function rowOf(name: string): Record<string, string> {
  const heads = screen.getAllByRole('columnheader').map((h) => h.textContent ?? '');
  const row = screen.getByRole('row', { name: `cell ${name}` });
  const cells = within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent ?? '');
  return Object.fromEntries(heads.map((h, i) => [h, cells[i]]));
}

describe('CellTable', () => {
  // The srsLTE eNB debug sample's one cell, which the log names not: 11 UEs, one random
  // access of 11 succeeded; 4 DL first transmissions, 1 failed, 104 bytes acknowledged.
  const unnamed = cell(
    null,
    ueWith(
      '-',
      0,
      {
        ...emptyCounters(),
        dlGrants: 4,
        dlDecodes: 4,
        dlFails: 1,
        dlFirstDecodes: 4,
        dlFirstFails: 1,
        dlOkBytes: 104,
        raAttempts: 11,
        raOk: 1,
        raFail: 10,
      },
      RA_RULE,
    ),
  );
  const ues = Array.from({ length: 11 }, (_, i) => ({
    ...ueWith(`rnti 0x${(0x46 + i).toString(16)}`, 0x46 + i, emptyCounters()),
    cell: null,
  }));
  // A cell the log names, with no UE and nothing told of its traffic.
  const quiet = cell('1', ueWith('-', 0, emptyCounters()));

  it('shows each cell with its UEs, KPIs, and the flag with the rule that fired', () => {
    render(<CellTable cells={[unnamed, quiet]} ues={ues} />);
    expect(rowOf('-')).toEqual({
      Cell: '-',
      UEs: '11',
      'bit/s DL / UL': '83 bit/s / -', // 104 B * 8 / 10 s = 83.2 bit/s
      'iBLER DL / UL': '25.0% / -',
      'KO DL / UL': '1 / -',
      'RA ok/ko': '1/10',
      Flag: `BAD ${RA_RULE}`,
    });
    expect(rowOf('1')).toEqual({
      Cell: '1',
      UEs: '0',
      'bit/s DL / UL': '-',
      'iBLER DL / UL': '-',
      'KO DL / UL': '-',
      'RA ok/ko': '-',
      Flag: '-',
    });
    expect(screen.getByText('- flag: too few samples for any rule to judge')).toBeTruthy();
  });
});
