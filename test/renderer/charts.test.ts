/**
 * The built-in charts agree with the tables: BLER is the initial BLER where the log tells
 * first transmissions apart, else that of all transmissions, marked * with the CLI's note.
 */
import { describe, expect, it } from 'vitest';
import { emptyCounters, type KpiCounters } from '../../src-shared/kpis.js';
import { chartsFor, isolated, type ChartSpec } from '../../src-renderer/src/charts.js';
import { ueWith } from './ues.js';

const counters = (c: Partial<KpiCounters>): KpiCounters => ({ ...emptyCounters(), ...c });

function chart(specs: ChartSpec[], id: string): ChartSpec {
  const spec = specs.find((s) => s.id === id);
  if (!spec) throw new Error(`no chart ${id}`);
  return spec;
}

describe('the BLER chart', () => {
  // One second of a per-slot log: 25 DL decodes, 5 failed, of them 20 first transmissions
  // with 3 failed; UL: 10 first transmissions, 1 failed, and nothing else.
  const second = counters({
    dlDecodes: 25,
    dlFails: 5,
    dlFirstDecodes: 20,
    dlFirstFails: 3,
    ulDecodes: 10,
    ulFails: 1,
    ulFirstDecodes: 10,
    ulFirstFails: 1,
  });

  it('plots the initial BLER where the log tells first transmissions apart', () => {
    const spec = chart(chartsFor(ueWith('0', 0x4601, second)), 'bler');
    expect(spec.title).toBe('Initial BLER');
    expect(spec.note).toBeNull();
    expect(spec.lines.map((l) => [l.label, l.value(second)])).toEqual([
      ['DL', 15], // 3 of 20, not 5 of 25 (20 %)
      ['UL', 10],
    ]);
  });

  it('plots the BLER of all transmissions, marked *, where the log does not tell them apart', () => {
    // A console table's second: 1000 DL TBs, 6 nok; UL 200, 1 nok; no first transmissions.
    const table = counters({ dlDecodes: 1000, dlFails: 6, ulDecodes: 200, ulFails: 1 });
    const spec = chart(chartsFor(ueWith('rnti 0x4601', 0x4601, table)), 'bler');
    expect(spec.title).toBe('BLER');
    expect(spec.note).toBe('* BLER of all transmissions: the log does not tell first ones apart');
    expect(spec.lines.map((l) => [l.label, l.value(table)])).toEqual([
      ['DL*', 0.6],
      ['UL*', 0.5],
    ]);
  });

  it('leaves a second without decodes out, rather than plotting 0', () => {
    const spec = chart(chartsFor(ueWith('0', 0x4601, second)), 'bler');
    expect(spec.lines[0].value(counters({ dlGrants: 3 }))).toBeNull();
  });
});

describe('the bit rate chart', () => {
  it('plots the bytes delivered where the log tells decoding, as the table does', () => {
    // One second: 4 DL grants of 1000 bytes, 3 acknowledged (3000 bytes); UL 2 grants of
    // 500 bytes, both decoded.
    const second = counters({
      dlGrants: 4,
      dlBytes: 4000,
      dlDecodes: 3,
      dlOkBytes: 3000,
      ulGrants: 2,
      ulBytes: 1000,
      ulDecodes: 2,
      ulOkBytes: 1000,
    });
    const spec = chart(chartsFor(ueWith('0', 0x4601, second)), 'bitrate');
    expect(spec.title).toBe('Bit rate delivered');
    expect(spec.note).toBeNull();
    // 3000 bytes = 24 000 bits = 0.024 Mbit/s; 1000 bytes = 0.008.
    expect(spec.lines.map((l) => [l.label, l.value(second)])).toEqual([
      ['DL', 0.024],
      ['UL', 0.008],
    ]);
    expect(spec.lines[0].value(counters({}))).toBeNull();
  });

  it('plots the bytes sent, marked ^, where the log tells no decoding', () => {
    const sentOnly = counters({ dlGrants: 5, dlBytes: 5000 });
    const spec = chart(chartsFor(ueWith('0', 0x4601, sentOnly)), 'bitrate');
    expect(spec.note).toBe(
      '^ bit rate sent (retransmissions included): the log tells no decoding, so none known delivered',
    );
    expect(spec.lines[0].label).toBe('DL^');
    expect(spec.lines[0].value(sentOnly)).toBe(0.04);
  });
});

describe('the failed decodes chart', () => {
  it('has no points where the log tells no decoding, rather than 0', () => {
    const sent = counters({ dlGrants: 10, dlBytes: 1000 });
    const spec = chart(chartsFor(ueWith('0', 0x4601, sent)), 'crc');
    expect(spec.lines.map((l) => l.value(sent))).toEqual([null, null]);
    const told = counters({ dlDecodes: 10, dlFails: 2 });
    expect(spec.lines.map((l) => l.value(told))).toEqual([2, null]);
  });
});

describe('isolated values', () => {
  it('are those no line reaches: both neighbours missing, or at an end beside a missing one', () => {
    // index:   0     1     2  3     4  5     6
    const v = [5, null, 7, 8, null, 9, null];
    expect(isolated(v)).toEqual([0, 5]);
    expect(isolated([4])).toEqual([0]);
    expect(isolated([null, null])).toEqual([]);
  });
});
