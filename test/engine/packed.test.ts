/**
 * Per-second counters packed in rows for the trip from a worker to the main thread: what
 * goes in comes out, empty lists send nothing, and adding a packed row adds as the objects'
 * own merge does (sums add, the lowest PHR and the highest BSR are kept).
 */
import { describe, expect, it } from 'vitest';
import { emptyCounters, type KpiCounters } from '../../src-shared/kpis.js';
import { addPackedRow, packCounters, unpackCounters } from '../../src-main/engine/kpi/packed.js';

function counters(values: Partial<KpiCounters>): KpiCounters {
  return { ...emptyCounters(), ...values };
}

describe('packed per-second counters', () => {
  it('gives back each second as it was packed', () => {
    const list = [
      counters({ dlGrants: 3, dlBytes: 4_000_000_000, sinrSum: -12.25, phrMin: -7 }),
      counters({ ulGrants: 1, bsrMax: 900, bsrN: 1, bsrSum: 900 }),
      emptyCounters(),
    ];

    const rows = packCounters(list);

    expect(rows).not.toBeNull();
    expect([0, 1, 2].map((row) => unpackCounters(rows, row))).toEqual(list);
  });

  it('sends nothing when every second is empty, and that reads back as empty seconds', () => {
    const rows = packCounters([emptyCounters(), emptyCounters()]);

    expect(rows).toBeNull();
    expect(unpackCounters(rows, 1)).toEqual(emptyCounters());
  });

  it('a second with only a negative PHR is not empty', () => {
    expect(packCounters([counters({ phrMin: -3 })])).not.toBeNull();
  });

  it('adds a row into counters: sums add, PHR keeps its lowest, BSR its highest', () => {
    const into = counters({ dlGrants: 2, dlBytes: 100, phrMin: 5, phrN: 1, bsrMax: 10 });
    const rows = packCounters([
      counters({ dlGrants: 1, dlBytes: 50, phrMin: -2, phrN: 1, bsrMax: 4, sinrSum: 0.5 }),
    ]);

    addPackedRow(into, rows!, 0);

    expect(into).toEqual(
      counters({ dlGrants: 3, dlBytes: 150, phrMin: -2, phrN: 2, bsrMax: 10, sinrSum: 0.5 }),
    );
  });
});
