/** The per-UE table's columns: what each shows, how it sorts. */
import { createColumnHelper } from '@tanstack/react-table';
import type { SubjectSummary } from '../../../src-shared/kpis.js';
import { fixed, mbps, percent, rnti } from '../format.js';

const col = createColumnHelper<SubjectSummary>();

/** Sorts numbers with the missing ones (null) last, whichever the direction. */
const nullsLast = { sortUndefined: 'last' as const, sortDescFirst: true };

export const UE_COLUMNS = [
  col.accessor((u) => u.ue ?? '', { id: 'ue', header: 'UE' }),
  col.accessor((u) => u.cell ?? '', { id: 'cell', header: 'Cell' }),
  col.accessor((u) => u.life.rntis.map(rnti).join(' '), {
    id: 'rnti',
    header: 'RNTI',
    enableSorting: false,
  }),
  col.accessor((u) => u.kpis.dlBitrateBps ?? undefined, {
    id: 'dl',
    header: 'DL Mbit/s',
    cell: (c) => mbps(c.getValue() ?? null),
    ...nullsLast,
  }),
  col.accessor((u) => u.kpis.ulBitrateBps ?? undefined, {
    id: 'ul',
    header: 'UL Mbit/s',
    cell: (c) => mbps(c.getValue() ?? null),
    ...nullsLast,
  }),
  col.accessor((u) => u.kpis.dlMcsMean ?? undefined, {
    id: 'dlMcs',
    header: 'DL MCS',
    cell: (c) => fixed(c.getValue() ?? null),
    ...nullsLast,
  }),
  col.accessor((u) => u.kpis.ulMcsMean ?? undefined, {
    id: 'ulMcs',
    header: 'UL MCS',
    cell: (c) => fixed(c.getValue() ?? null),
    ...nullsLast,
  }),
  // Initial BLER (first transmissions that failed), the figure link adaptation aims at and
  // the rules judge, as the CLI's table shows it; all decodes where the log has no first.
  col.accessor((u) => u.kpis.dlInitialBler ?? u.kpis.dlBler ?? undefined, {
    id: 'dlBler',
    header: 'DL BLER',
    cell: (c) => percent(c.getValue() ?? null),
    ...nullsLast,
  }),
  col.accessor((u) => u.kpis.ulInitialBler ?? u.kpis.ulBler ?? undefined, {
    id: 'ulBler',
    header: 'UL BLER',
    cell: (c) => percent(c.getValue() ?? null),
    ...nullsLast,
  }),
  col.accessor((u) => u.kpis.dlCrcFailures + u.kpis.ulCrcFailures, {
    id: 'crc',
    header: 'CRC fails',
  }),
  col.accessor((u) => u.kpis.phrMeanDb ?? undefined, {
    id: 'phr',
    header: 'PHR dB',
    cell: (c) => fixed(c.getValue() ?? null),
    ...nullsLast,
  }),
  col.accessor((u) => u.kpis.cqiMean ?? undefined, {
    id: 'cqi',
    header: 'CQI',
    cell: (c) => fixed(c.getValue() ?? null),
    ...nullsLast,
  }),
  col.accessor((u) => u.rule ?? '', {
    id: 'status',
    header: 'Status',
    cell: (c) =>
      c.row.original.malperforming ? (
        <span className="bad" title={c.getValue()}>
          ⚠ {c.getValue()}
        </span>
      ) : (
        <span className="ok">ok</span>
      ),
  }),
];
