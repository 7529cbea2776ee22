/**
 * The per-UE and per-cell tables of `maclog ingest` and `maclog show`: what the BLER and
 * failure columns say, from counters set by hand, and what is printed when there is no UE.
 */
import { describe, expect, it } from 'vitest';
import { subjectTables, ueTable } from '../../src-main/cli/render.js';
import { emptyCounters, type KpiCounters, type SubjectSummary } from '../../src-shared/kpis.js';
import { ueWith } from '../renderer/ues.js';

function ue(name: string, counters: Partial<KpiCounters>): SubjectSummary {
  return ueWith(name, 0x4601, { ...emptyCounters(), ...counters });
}

/** The cells of the row whose UE column is `name`. */
function row(table: string, name: string): string[] {
  const line = table.split('\n').find((l) => l.split('│')[2]?.trim() === name);
  return line!.split('│').map((c) => c.trim());
}

describe('the per-UE table', () => {
  // 100 UL decodes: 10 first transmissions failed of 80; 30 failures in all.
  const known = ue('1', {
    ulDecodes: 100,
    ulFails: 30,
    ulFirstDecodes: 80,
    ulFirstFails: 10,
    dlDecodes: 40,
    dlFails: 4,
  });

  it('gives the initial BLER, and the BLER of all transmissions marked where no other', () => {
    const table = ueTable([known]);
    const header = row(table, 'UE');
    const cells = row(table, '1');
    const column = (name: string) => cells[header.indexOf(name)];

    expect(column('UL iBLER')).toBe('12.5%'); // 10 of 80 first transmissions
    expect(column('DL iBLER')).toBe('10.0%*'); // 4 of 40, first ones not told apart
    expect(column('KO DL/UL')).toBe('4/30');
    expect(table).toContain('* BLER of all transmissions');
  });

  it('shows - for retransmissions the log does not tell, 0 for none told', () => {
    // A console table's UE: rates and ok/nok, and reports that tell no retransmissions.
    const console = ue('3', { dlGrants: 40, dlDecodes: 40, dlRetxUntold: 5, ulRetxUntold: 5 });
    // A MAC log's UE: every grant told a first transmission.
    const mac = ue('4', { dlGrants: 40, dlRetxTold: 40, ulGrants: 10, ulRetxTold: 10 });
    // A cell with both: what the grants told counts.
    const both = ue('5', { dlRetxTold: 40, dlRetxUntold: 5, ulRetxTold: 10, ulRetxUntold: 5 });
    const table = ueTable([console, mac, both]);
    const header = row(table, 'UE');
    const column = (name: string, column: string) => row(table, name)[header.indexOf(column)];
    expect([column('3', 'DL retx'), column('3', 'UL retx')]).toEqual(['-', '-']);
    expect([column('4', 'DL retx'), column('4', 'UL retx')]).toEqual(['0', '0']);
    expect([column('5', 'DL retx'), column('5', 'UL retx')]).toEqual(['0', '0']);
  });

  it('has no legend when every BLER is an initial one', () => {
    const table = ueTable([
      ue('2', { ulDecodes: 10, ulFails: 1, ulFirstDecodes: 10, ulFirstFails: 1 }),
    ]);
    expect(table).not.toContain('*');
  });
});

describe('the tables under a file summary', () => {
  const good = ue('1', { dlGrants: 10, dlBytes: 12_500 });
  const cell: SubjectSummary = { ...ue('x', { dlGrants: 10, dlBytes: 12_500 }), ue: null };

  it('gives each cell a row with the number of its UEs', () => {
    const text = subjectTables({ ues: [good], cells: [cell] });
    const [, cellRow] = text.split('per cell:');
    const cells = row(cellRow, '1');

    expect(cells[1]).toBe('0'); // the cell
    // 12 500 bytes in 10 s: 10 kbit/s, as for its one UE.
    expect(cells[3]).toBe('10.0kbps');
  });

  it('says when a log has no UE, and when no UE is malperforming', () => {
    expect(subjectTables({ ues: [], cells: [cell] })).toMatch(/^ {2}no UEs in this log\n/);
    expect(subjectTables({ ues: [good], cells: [] }, [])).toBe('  no malperforming UEs');
  });
});
