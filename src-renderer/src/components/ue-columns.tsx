/**
 * The per-UE table's columns: what each shows, how it sorts. The UE and its flag come
 * first, as the CLI keeps them on the narrowest terminal: they stay in view on a narrow
 * window, the UE pinned while the KPIs scroll sideways.
 */
import { createColumnHelper } from '@tanstack/react-table';
import type { SubjectSummary } from '../../../src-shared/kpis.js';
import { bitRate, count, DASH, fixed, percent, rnti } from '../format.js';
import {
  bler,
  failures,
  flag,
  MARKS,
  randomAccess,
  rate,
  rules,
  type Dir,
} from '../subject-kpis.js';

const col = createColumnHelper<SubjectSummary>();

/** Sorts numbers with the missing ones (null) last, whichever the direction. */
const nullsLast = { sortUndefined: 'last' as const, sortDescFirst: true };

const DIR_NAME = { dl: 'DL', ul: 'UL' } as const;

/**
 * Throughput delivered (TBs decoded or acknowledged), as the CLI's table shows it; where the
 * log tells no decoding (an OAI gNB's DL), the rate sent, marked ^ and said so on hover.
 */
function rateColumn(dir: Dir) {
  return col.accessor((u) => rate(u, dir).bps ?? undefined, {
    id: dir,
    header: `${DIR_NAME[dir]} bit/s`,
    cell: (c) => (
      <Marked
        text={bitRate(c.getValue() ?? null)}
        mark={rate(c.row.original, dir).sent ? MARKS.sent : null}
      />
    ),
    ...nullsLast,
  });
}

/** A value with the mark that qualifies it (^, *), which says what it means on hover. */
function Marked({ text, mark }: { text: string; mark: { mark: string; text: string } | null }) {
  if (mark === null) return <>{text}</>;
  return (
    <span title={mark.text}>
      {text}
      {mark.mark}
    </span>
  );
}

/** A UE's RNTIs, in the order the log gave them. */
export function rntiList(u: SubjectSummary): string {
  return u.life.rntis.length > 0 ? u.life.rntis.map(rnti).join(', ') : DASH;
}

/** Failed decodes (DL NACKs, UL CRC failures); - where the log tells no decoding there. */
function failureColumn(dir: Dir) {
  return col.accessor((u) => failures(u, dir) ?? undefined, {
    id: `${dir}Ko`,
    header: `${DIR_NAME[dir]} KO`,
    cell: (c) => count(c.getValue() ?? null),
    ...nullsLast,
  });
}

/**
 * Initial BLER (first transmissions that failed), the figure link adaptation aims at and
 * the rules judge, as the CLI's table shows it; where the log does not tell first
 * transmissions apart, that of all transmissions, marked *.
 */
function blerColumn(dir: Dir) {
  return col.accessor((u) => bler(u, dir).ratio ?? undefined, {
    id: `${dir}Bler`,
    header: `${DIR_NAME[dir]} iBLER`,
    cell: (c) => (
      <Marked
        text={percent(c.getValue() ?? null)}
        mark={bler(c.row.original, dir).overall ? MARKS.overall : null}
      />
    ),
    ...nullsLast,
  });
}

export const UE_COLUMNS = [
  col.accessor((u) => u.ue ?? DASH, { id: 'ue', header: 'UE' }),
  // BAD with the rules that fired, ok when the rules that could judge passed, - when none
  // had enough samples (the CLI's flag). Sorted worst first: the most rules fired on top.
  col.accessor((u) => (flag(u) === '-' ? -1 : rules(u).length), {
    id: 'status',
    header: 'Flag',
    cell: (c) => <Flag u={c.row.original} />,
    sortDescFirst: true,
  }),
  col.accessor((u) => u.cell ?? DASH, { id: 'cell', header: 'Cell' }),
  // Sorted by the first RNTI as a number (0x500 before 0x4601), lowest first.
  col.accessor((u) => u.life.rntis[0] ?? undefined, {
    id: 'rnti',
    header: 'RNTI',
    cell: (c) => rntiList(c.row.original),
    sortUndefined: 'last',
    sortDescFirst: false,
  }),
  rateColumn('dl'),
  rateColumn('ul'),
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
  blerColumn('dl'),
  blerColumn('ul'),
  failureColumn('dl'),
  failureColumn('ul'),
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
  // Random access succeeded/failed, as the CLI's "RA ok/ko": a row that exists only
  // because its random access failed says so here. Sorted by the failures.
  col.accessor((u) => (randomAccess(u) === null ? undefined : u.kpis.raFail), {
    id: 'ra',
    header: 'RA ok/ko',
    cell: (c) => randomAccess(c.row.original) ?? DASH,
    ...nullsLast,
  }),
];

function Flag({ u }: { u: SubjectSummary }) {
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

/**
 * Each column's width, by its id: the rows' grid template is made of these, one per
 * column, so that a new column cannot fall onto a line of its own. The UE is wide enough
 * for a UE named by its RNTI ("rnti 0x4601"), the cell for a PCI.
 */
const COLUMN_WIDTHS: Record<string, [css: string, px: number]> = {
  ue: ['110px', 110],
  status: ['minmax(200px, 1fr)', 200],
  cell: ['48px', 48],
  rnti: ['90px', 90],
  dl: ['96px', 96],
  ul: ['96px', 96],
  dlMcs: ['64px', 64],
  ulMcs: ['64px', 64],
  dlBler: ['72px', 72],
  ulBler: ['72px', 72],
  dlKo: ['60px', 60],
  ulKo: ['60px', 60],
  phr: ['64px', 64],
  cqi: ['52px', 52],
  ra: ['64px', 64],
};

/** The width of a column without one above: a number's. */
const DEFAULT_WIDTH: [string, number] = ['64px', 64];

function columnWidth(id: string): [css: string, px: number] {
  return COLUMN_WIDTHS[id] ?? DEFAULT_WIDTH;
}

/** The rows' grid template, and the least width of the table before it scrolls sideways. */
export const GRID = {
  template: UE_COLUMNS.map((c) => columnWidth(c.id ?? '')[0]).join(' '),
  minWidth: UE_COLUMNS.reduce((sum, c) => sum + columnWidth(c.id ?? '')[1], 0),
};
