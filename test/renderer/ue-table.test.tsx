// @vitest-environment happy-dom
/**
 * The per-UE table: sorting, filtering, the malperforming rule, and that it renders only
 * the rows in view.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UeTable } from '../../src-renderer/src/components/UeTable.js';
import { emptyCounters } from '../../src-shared/kpis.js';
import { ue, ueWith } from './ues.js';

afterEach(cleanup);

// happy-dom lays nothing out: every box measures 0, and a virtualised list in a box of
// height 0 shows no rows. Give boxes the size the stylesheet gives the table body.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(360);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
});
afterAll(() => vi.restoreAllMocks());

const RULE = 'UL residual BLER 2.0% > 1.0% (543 new TBs)';
const UES = [ue('0', 0x4601, 1_000, RULE), ue('1', 0x4602, 30_000), ue('2', 0x4603, 5_000)];

/** The UE ids of the body's rows, top to bottom. */
function shownUes(): string[] {
  const body = screen.getByTestId('ue-scroller');
  return within(body)
    .getAllByRole('row')
    .map((row) => within(row).getAllByRole('cell')[0].textContent ?? '');
}

/** A row's text by column id. */
function cellsOf(row: HTMLElement): Record<string, string> {
  const entries = within(row)
    .getAllByRole('cell')
    .map((c): [string, string] => [c.dataset.column ?? '', c.textContent ?? '']);
  return Object.fromEntries(entries);
}

describe('UeTable', () => {
  it('marks the malperforming UE with the rule that fired', () => {
    render(<UeTable ues={UES} onOpen={() => {}} />);
    const rows = within(screen.getByTestId('ue-scroller')).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveProperty('className', expect.stringContaining('malperforming'));
    expect(within(rows[0]).getByText(`⚠ ${RULE}`)).toBeTruthy();
    expect(within(rows[0]).getByText('0x4601')).toBeTruthy();
    // 10 DL grants, 10 MCS samples: fewer than the 50 any rule needs.
    expect(within(rows[1]).getByTestId('flag').textContent).toBe('-');
  });

  it('sorts by a column, highest first, then lowest first', async () => {
    const user = userEvent.setup();
    render(<UeTable ues={UES} onOpen={() => {}} />);
    // 10 grants over 10 s: bytes * 8 / 10 bit/s, so UE 1 > UE 2 > UE 0.
    await user.click(screen.getByRole('button', { name: 'DL bit/s' }));
    expect(shownUes()).toEqual(['1', '2', '0']);
    expect(screen.getByRole('columnheader', { name: /DL bit\/s/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    await user.click(screen.getByRole('button', { name: /DL bit\/s/ }));
    expect(shownUes()).toEqual(['0', '2', '1']);
  });

  it('filters by RNTI text and to malperforming UEs', async () => {
    const user = userEvent.setup();
    render(<UeTable ues={UES} onOpen={() => {}} />);
    await user.type(screen.getByRole('searchbox', { name: 'Filter UEs' }), '0x4603');
    expect(shownUes()).toEqual(['2']);
    expect(screen.getByText('1 of 3 UEs')).toBeTruthy();

    await user.clear(screen.getByRole('searchbox', { name: 'Filter UEs' }));
    await user.click(screen.getByRole('checkbox', { name: /Malperforming only \(1\)/ }));
    expect(shownUes()).toEqual(['0']);
  });

  it('opens the UE that is clicked', async () => {
    const user = userEvent.setup();
    const onOpen = vi.fn();
    render(<UeTable ues={UES} onOpen={onOpen} />);
    await user.click(screen.getByText('0x4602'));
    expect(onOpen).toHaveBeenCalledWith(UES[1]);
  });

  it('puts only the rows in view into the page, of 10,000 UEs', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ue(String(i), 0x4601 + i, i));
    render(<UeTable ues={many} onOpen={() => {}} />);
    expect(screen.getByText('10000 of 10000 UEs')).toBeTruthy();
    const rows = within(screen.getByTestId('ue-scroller')).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
  });

  it('flags - (not ok) a UE that no rule had enough samples to judge, and says why', () => {
    // The demo's rnti 0x4601: a random access that failed before the UE got an id, with
    // five UL decodes, all failed. 5 < 50 decodes and 1 < 2 finished attempts: no rule judges.
    const failedRa = ueWith('rnti 0x4601', 0x4601, {
      ...emptyCounters(),
      ulGrants: 5,
      ulDecodes: 5,
      ulFails: 5,
      ulFirstDecodes: 1,
      ulFirstFails: 1,
      raAttempts: 1,
      raFail: 1,
    });
    // 50 DL MCS samples: the MCS rule judges (mean 20 >= 5) and passes.
    const judgedOk = ueWith('1', 0x4602, {
      ...emptyCounters(),
      dlGrants: 50,
      dlBytes: 5_000,
      dlMcsSum: 1_000,
      dlMcsN: 50,
    });
    // 49 samples: one short of the rule's 50.
    const shortOfOne = ueWith('2', 0x4603, { ...judgedOk.counters, dlMcsSum: 980, dlMcsN: 49 });
    render(<UeTable ues={[failedRa, judgedOk, shortOfOne]} onOpen={() => {}} />);

    const rows = within(screen.getByTestId('ue-scroller')).getAllByRole('row');
    const status = (row: HTMLElement) => within(row).getByTestId('flag');
    expect(status(rows[0]).textContent).toBe('-');
    expect(status(rows[0]).getAttribute('title')).toBe('too few samples for any rule to judge');
    expect(status(rows[1]).textContent).toBe('ok');
    expect(status(rows[2]).textContent).toBe('-');
    expect(screen.getByText('- flag: too few samples for any rule to judge')).toBeTruthy();
  });

  it('says nothing of unjudged UEs under a table where every UE was judged', () => {
    render(<UeTable ues={[ue('0', 0x4601, 1_000, RULE)]} onOpen={() => {}} />);
    expect(screen.queryByText(/too few samples/)).toBeNull();
  });

  it('shows - for what the log tells nothing of, rates in the unit that fits, RNTIs as the CLI', () => {
    // A console table's UE (srsUE): rates and MCS but no decoding, no cell, RNTI 0x46.
    const srsue = ueWith('srsue', 0x46, {
      ...emptyCounters(),
      dlBytes: 1_500_000,
      dlDecodes: 0,
      dlMcsSum: 270,
      dlMcsN: 10,
    });
    srsue.cell = null;
    // Ten DL TBs decoded, 250 bytes of them, two failed; one UL TB of 10 bytes decoded.
    const slow = ueWith('1', 0x4601, {
      ...emptyCounters(),
      dlGrants: 12,
      dlBytes: 300,
      dlDecodes: 10,
      dlFails: 2,
      dlOkBytes: 250,
      ulGrants: 1,
      ulBytes: 10,
      ulDecodes: 1,
      ulOkBytes: 10,
    });
    render(<UeTable ues={[srsue, slow]} onOpen={() => {}} />);
    const rows = within(screen.getByTestId('ue-scroller')).getAllByRole('row');
    // 1.5 MB over 10 s = 1.2 Mbit/s, sent: no decoding told.
    expect(cellsOf(rows[0])).toMatchObject({
      cell: '-',
      rnti: '0x46',
      dl: '1.2 Mbit/s^',
      ul: '-',
      dlKo: '-',
      ulKo: '-',
    });
    // 250 B * 8 / 10 s = 200 bit/s; 10 B * 8 / 10 s = 8 bit/s (a decimal below 10).
    expect(cellsOf(rows[1])).toMatchObject({
      cell: '0',
      rnti: '0x4601',
      dl: '200 bit/s',
      ul: '8.0 bit/s',
      dlKo: '2',
      ulKo: '0',
    });
  });

  it('shows the initial BLER, and marks * the BLER of all transmissions where that is all', () => {
    // 20 first DL transmissions, 3 failed (15 %); 25 decodes in all, 5 failed (20 %).
    const perSlot = ueWith('0', 0x4601, {
      ...emptyCounters(),
      dlDecodes: 25,
      dlFails: 5,
      dlFirstDecodes: 20,
      dlFirstFails: 3,
    });
    // A console table: 1000 DL TBs, 6 nok; no first transmissions told.
    const table = ueWith('rnti 0x4602', 0x4602, {
      ...emptyCounters(),
      dlDecodes: 1000,
      dlFails: 6,
    });
    render(<UeTable ues={[perSlot, table]} onOpen={() => {}} />);
    const rows = within(screen.getByTestId('ue-scroller')).getAllByRole('row');
    expect(screen.getByRole('columnheader', { name: /DL iBLER/ })).toBeTruthy();
    expect(cellsOf(rows[0]).dlBler).toBe('15.0%');
    expect(cellsOf(rows[1]).dlBler).toBe('0.6%*');
    expect(cellsOf(rows[1]).ulBler).toBe('-');
    expect(
      screen.getByText('* BLER of all transmissions: the log does not tell first ones apart'),
    ).toBeTruthy();
  });

  it('puts the flag next to the UE, ahead of the KPIs, so a narrow window shows both', () => {
    render(<UeTable ues={UES} onOpen={() => {}} />);
    const heads = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(heads.slice(0, 4)).toEqual(['UE', 'Flag', 'Cell', 'RNTI']);
    // The UE stays in view when the table scrolls sideways.
    const ueCells = screen.getAllByRole('cell').filter((c) => c.dataset.column === 'ue');
    expect(ueCells.every((c) => c.classList.contains('pinned'))).toBe(true);
  });

  it('opens a UE from the keyboard: Tab to its UE, then Enter', async () => {
    const user = userEvent.setup();
    const onOpen = vi.fn();
    render(<UeTable ues={UES} onOpen={onOpen} />);
    screen.getByRole('button', { name: 'Open UE 0' }).focus();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open UE 1' }));
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen).toHaveBeenCalledWith(UES[1]);
  });

  it('marks only the opened UE, not another of the same name in another cell', () => {
    // A srsUE NSA console: the one UE `srsue` on the LTE cell 1 and the NR cell 500.
    const lte = { ...ue('srsue', 0x46, 1_000), cell: '1' };
    const nr = { ...ue('srsue', 0x4601, 9_000), cell: '500' };
    render(<UeTable ues={[lte, nr]} selected={nr} onOpen={() => {}} />);
    const current = screen
      .getAllByRole('button', { name: 'Open UE srsue' })
      .map((b) => b.getAttribute('aria-current'));
    expect(current.sort()).toEqual(['true', null].sort());
    const selectedRows = screen.getAllByRole('row').filter((r) => r.classList.contains('selected'));
    expect(selectedRows.map((r) => cellsOf(r).cell)).toEqual(['500']);
  });

  it('lays every row out on one width per column, so that no cell wraps to a line below', () => {
    render(<UeTable ues={UES} onOpen={() => {}} />);
    for (const row of screen.getAllByRole('row')) {
      const widths = row.style.gridTemplateColumns.match(/minmax\([^)]*\)|\S+/g) ?? [];
      const cells = row.querySelectorAll('[role="cell"], [role="columnheader"]');
      expect(widths).toHaveLength(cells.length);
    }
    // UE 110 + flag at least 200 + 13 more columns: the least width before scrolling.
    expect(screen.getByRole('table').style.getPropertyValue('--grid-width')).toBe('1212px');
  });

  it("shows each UE's random access as ok/ko, and - where the log tells none", () => {
    // The demo's row that exists only because its random access failed: 1 attempt, failed.
    const failed = ueWith('rnti 0x4601', 0x4601, { ...emptyCounters(), raAttempts: 1, raFail: 1 });
    render(<UeTable ues={[failed, UES[1]]} onOpen={() => {}} />);
    const rows = within(screen.getByTestId('ue-scroller')).getAllByRole('row');
    expect(rows.map((r) => cellsOf(r).ra)).toEqual(['0/1', '-']);
  });

  it('sorts by RNTI as a number, lowest first', async () => {
    const user = userEvent.setup();
    // As text, 0x500 would sort after 0x4602; as numbers it is the lowest.
    const ues = [ue('a', 0x4602, 1), ue('b', 0x500, 1), ue('c', 0x4601, 1)];
    render(<UeTable ues={ues} onOpen={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'RNTI' }));
    expect(shownUes()).toEqual(['b', 'c', 'a']);
    await user.click(screen.getByRole('button', { name: /RNTI/ }));
    expect(shownUes()).toEqual(['a', 'c', 'b']);
  });
});
