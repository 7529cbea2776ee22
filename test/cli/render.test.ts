/**
 * The per-UE and per-cell tables of `maclog ingest` and `maclog show`: what the BLER and
 * failure columns say, from counters set by hand, and what is printed when there is no UE.
 */
import { describe, expect, it } from 'vitest';
import { printable, subjectTables, ueTable } from '../../src-main/cli/render.js';
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

    // DL 4 of 40, first ones not told apart; UL 10 of 80 first transmissions.
    expect(column('iBLER DL/UL')).toBe('10.0%*/12.5%');
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
    expect(column('3', 'retx DL/UL')).toBe('-');
    expect(column('4', 'retx DL/UL')).toBe('0/0');
    expect(column('5', 'retx DL/UL')).toBe('0/0');
  });

  it('gives the bit rate delivered, and the rate sent, marked, where no decoding is told', () => {
    // 10 s of log. DL: 100 000 bytes granted, 75 000 of them in TBs decoded. UL: 50 000
    // bytes granted and no decode at all (as an OAI gNB logs its DL).
    const sent = ue('6', {
      dlGrants: 100,
      dlBytes: 100_000,
      dlDecodes: 100,
      dlOkBytes: 75_000,
      ulGrants: 50,
      ulBytes: 50_000,
    });
    const table = ueTable([sent]);
    const header = row(table, 'UE');
    // 75 000 B * 8 / 10 s = 60 kbit/s delivered; 50 000 B * 8 / 10 s = 40 kbit/s sent.
    expect(row(table, '6')[header.indexOf('bit/s DL/UL')]).toBe('60.0k/40.0k^');
    expect(table).toContain('^ bit rate sent');
  });

  it('flags BAD when a rule fires, ok when rules judged, - when none had enough samples', () => {
    // minSamples is 50: 60 first UL decodes are judged, 10 are not.
    const bad = ue('7', { ulDecodes: 60, ulFails: 30, ulFirstDecodes: 60, ulFirstFails: 30 });
    const good = ue('8', { ulDecodes: 60, ulFails: 3, ulFirstDecodes: 60, ulFirstFails: 3 });
    const few = ue('9', { ulDecodes: 10, ulFails: 5, ulFirstDecodes: 10, ulFirstFails: 5 });
    bad.malperforming = true;
    bad.rule = 'UL initial BLER 50.0% > 15.0% (60 first transmissions)';
    const table = ueTable([bad, good, few]);
    const header = row(table, 'UE');
    const flag = (name: string) => row(table, name)[header.indexOf('flag')];
    expect([flag('7'), flag('8'), flag('9')]).toEqual(['BAD', 'ok', '-']);
    expect(table).toContain('UE 7 (cell 0): UL initial BLER 50.0% > 15.0%');
  });

  it('shows ≥n for retransmissions known only by their failure, with a legend', () => {
    // An OAI eNB's UE: 12 UL failures, 5 of them retransmissions; no decoded TB is printed.
    const enb = ue('6', { ulFails: 12, ulFailedRetx: 5, ulDiscards: 1 });
    const table = ueTable([enb]);
    const header = row(table, 'UE');
    const cells = row(table, '6');
    // Its log says nothing of DL: unknown, not 0.
    expect(cells[header.indexOf('retx DL/UL')]).toBe('-/≥5');
    expect(cells[header.indexOf('KO DL/UL')]).toBe('-/12');
    expect(table).toContain('≥ retx at least');
    expect(ueTable([ue('7', { ulGrants: 10, ulRetxTold: 10 })])).not.toContain('≥');
  });

  it('shows - for the counts of a direction the log never mentions, 0 where it tells none', () => {
    // DL grants and no decode at all (an OAI gNB log: no ACK/NACK); no UL line.
    const sentOnly = ue('8', { dlGrants: 100, dlBytes: 10_000, dlRetxGrants: 40, dlRetxTold: 100 });
    // DL grants all decoded: no failure, counted as 0.
    const decoded = ue('9', { dlGrants: 10, dlDecodes: 10, dlFirstDecodes: 10, dlRetxTold: 10 });
    const table = ueTable([sentOnly, decoded]);
    const header = row(table, 'UE');
    const column = (name: string, column: string) => row(table, name)[header.indexOf(column)];
    expect([column('8', 'retx DL/UL'), column('8', 'KO DL/UL')]).toEqual(['40/-', '-']);
    expect([column('9', 'retx DL/UL'), column('9', 'KO DL/UL')]).toEqual(['0/-', '0/-']);
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
    // 12 500 bytes sent in 10 s: 10 kbit/s, as for its one UE; no decode told, so marked.
    expect(cells[3]).toBe('10.0k^/-');
  });

  it('says when a log has no UE, and when no UE is malperforming', () => {
    expect(subjectTables({ ues: [], cells: [cell] })).toMatch(/^ {2}no UEs in this log\n/);
    expect(subjectTables({ ues: [good], cells: [] }, [])).toBe('  no malperforming UEs');
  });
});

describe('log text on a terminal', () => {
  it('shows control characters as \\xNN: a log line cannot set the title or clear the screen', () => {
    // OSC 0 (set the window title), then clear the screen and turn red.
    const line = 'garbage \x1b]0;TITLE\x07\x1b[2J\x1b[31m weird\tcolumn';
    expect(printable(line)).toBe('garbage \\x1b]0;TITLE\\x07\\x1b[2J\\x1b[31m weird\tcolumn');
  });
});
