/** The per-UE table's columns: what each shows, how it sorts. */
import { createColumnHelper } from '@tanstack/react-table';
import type { SubjectSummary } from '../../../src-shared/kpis.js';
import { fixed, mbps, percent, rnti } from '../format.js';
import { flag, MARKS, rules } from '../subject-kpis.js';

const col = createColumnHelper<SubjectSummary>();

/** Sorts numbers with the missing ones (null) last, whichever the direction. */
const nullsLast = { sortUndefined: 'last' as const, sortDescFirst: true };

/**
 * Throughput delivered (TBs decoded or acknowledged), as the CLI's table shows it; where the
 * log tells no decoding (an OAI gNB's DL), the rate sent, marked ^ and said so on hover.
 */
function rateColumn(dir: 'dl' | 'ul', header: string) {
  const delivered = (u: SubjectSummary) =>
    dir === 'dl' ? u.kpis.dlOkBitrateBps : u.kpis.ulOkBitrateBps;
  const sent = (u: SubjectSummary) => (dir === 'dl' ? u.kpis.dlBitrateBps : u.kpis.ulBitrateBps);
  return col.accessor((u) => delivered(u) ?? sent(u) ?? undefined, {
    id: dir,
    header,
    cell: (c) =>
      delivered(c.row.original) === null && c.getValue() !== undefined ? (
        <span title="sent: the log tells no decoding, so none is known delivered">
          {mbps(c.getValue() ?? null)}^
        </span>
      ) : (
        mbps(c.getValue() ?? null)
      ),
    ...nullsLast,
  });
}

export const UE_COLUMNS = [
  col.accessor((u) => u.ue ?? '', { id: 'ue', header: 'UE' }),
  col.accessor((u) => u.cell ?? '', { id: 'cell', header: 'Cell' }),
  col.accessor((u) => u.life.rntis.map(rnti).join(' '), {
    id: 'rnti',
    header: 'RNTI',
    enableSorting: false,
  }),
  rateColumn('dl', 'DL Mbit/s'),
  rateColumn('ul', 'UL Mbit/s'),
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
  // BAD with the rules that fired, ok when the rules that could judge passed, - when none
  // had enough samples (the CLI's flag). Sorted worst first: the most rules fired on top.
  col.accessor((u) => (flag(u) === '-' ? -1 : rules(u).length), {
    id: 'status',
    header: 'Status',
    cell: (c) => <Status u={c.row.original} />,
    sortDescFirst: true,
  }),
];

function Status({ u }: { u: SubjectSummary }) {
  const f = flag(u);
  if (f === 'BAD') {
    return (
      <span className="bad" data-testid="flag" title={rules(u).join('\n')}>
        ⚠ {u.rule}
      </span>
    );
  }
  return f === 'ok' ? (
    <span className="ok" data-testid="flag">
      ok
    </span>
  ) : (
    <span className="unjudged" data-testid="flag" title={UNJUDGED}>
      -
    </span>
  );
}

const UNJUDGED = MARKS.unjudged.text.replace(/^flag: /, '');
