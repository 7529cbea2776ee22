/**
 * The per-UE table: sortable by any column, filtered by text (UE, cell, RNTI, rule) and
 * to malperforming UEs, virtualised so that only the rows in view are in the page.
 */
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type FilterFn,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type CSSProperties } from 'react';
import type { SubjectSummary } from '../../../src-shared/kpis.js';
import { rnti } from '../format.js';
import { legend } from '../subject-kpis.js';
import { GRID, rntiList, UE_COLUMNS } from './ue-columns.js';

interface Props {
  ues: SubjectSummary[];
  /** The UE whose charts are open: a UE is its cell and its name (srsue serves two cells). */
  selected?: SubjectSummary | null;
  onOpen: (ue: SubjectSummary) => void;
}

const ROW_HEIGHT = 32;
/** The table's tallest height (styles.css, .grid); used until it is measured. */
const BODY_HEIGHT = 400;
/** Every row, head and body, lays its cells out on the columns' widths. */
const ROW_STYLE = { gridTemplateColumns: GRID.template };
const GRID_STYLE = { '--grid-width': `${GRID.minWidth}px` } as CSSProperties;

/** The columns that stay in view when the table scrolls sideways. */
const PINNED = new Set(['ue']);

const matches: FilterFn<SubjectSummary> = (row, _column, text: string) => {
  const u = row.original;
  const words = [u.ue ?? '', u.cell ?? '', u.rule ?? '', ...u.life.rntis.map(rnti)];
  const needle = text.trim().toLowerCase();
  return words.some((w) => w.toLowerCase().includes(needle));
};

export function UeTable({ ues, selected = null, onOpen }: Props) {
  const isSelected = (u: SubjectSummary) =>
    selected !== null && u.ue === selected.ue && u.cell === selected.cell;
  const [sorting, setSorting] = useState<SortingState>([]);
  const [text, setText] = useState('');
  const [badOnly, setBadOnly] = useState(false);
  const data = useMemo(() => (badOnly ? ues.filter((u) => u.malperforming) : ues), [ues, badOnly]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table is not memo-safe; this component re-renders with it
  const table = useReactTable({
    data,
    columns: UE_COLUMNS,
    state: { sorting, globalFilter: text },
    onSortingChange: setSorting,
    onGlobalFilterChange: setText,
    globalFilterFn: matches,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 1000, height: BODY_HEIGHT },
  });
  const bad = ues.filter((u) => u.malperforming).length;

  return (
    <section className="ue-table" aria-label="UEs">
      <div className="ue-tools">
        <input
          type="search"
          placeholder="Filter by UE, cell, RNTI or rule"
          aria-label="Filter UEs"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={badOnly} onChange={(e) => setBadOnly(e.target.checked)} />
          Malperforming only ({bad})
        </label>
        <span className="count">
          {rows.length} of {ues.length} UEs
        </span>
      </div>
      {/* One box scrolls both ways, so that the head stays on top and the UE on the left. */}
      <div
        className="grid"
        role="table"
        aria-rowcount={rows.length + 1}
        ref={scroller}
        style={GRID_STYLE}
      >
        <div className="grid-head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <div className="grid-row" role="row" key={group.id} style={ROW_STYLE}>
              {group.headers.map((header) => {
                const sort = header.column.getIsSorted();
                return (
                  <div
                    key={header.id}
                    role="columnheader"
                    className={cellClass(header.column.id)}
                    aria-sort={
                      sort === 'asc' ? 'ascending' : sort === 'desc' ? 'descending' : 'none'
                    }
                  >
                    {header.column.getCanSort() ? (
                      <button type="button" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sort === 'asc' ? ' ▲' : sort === 'desc' ? ' ▼' : ''}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div
          className="grid-body"
          role="rowgroup"
          data-testid="ue-scroller"
          style={{ height: virtual.getTotalSize() }}
        >
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index];
            const u = row.original;
            const classes = [
              'grid-row',
              u.malperforming ? 'malperforming' : '',
              isSelected(u) ? 'selected' : '',
            ];
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                className={classes.join(' ')}
                style={{
                  ...ROW_STYLE,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                }}
                onClick={() => onOpen(u)}
              >
                {row.getVisibleCells().map((cell) => (
                  <div
                    role="cell"
                    className={cellClass(cell.column.id)}
                    data-column={cell.column.id}
                    key={cell.id}
                    // A long UE name or RNTI list is cut to fit: the whole shows on hover.
                    title={
                      cell.column.id === 'ue'
                        ? String(cell.getValue())
                        : cell.column.id === 'rnti'
                          ? rntiList(u)
                          : undefined
                    }
                  >
                    {cell.column.id === 'ue' ? (
                      // The row opens on a click; its UE is the button a keyboard reaches.
                      <button
                        type="button"
                        className="ue-open"
                        aria-label={`Open UE ${String(cell.getValue())}`}
                        aria-current={isSelected(u) ? 'true' : undefined}
                        onClick={(e) => {
                          e.stopPropagation();
                          onOpen(u);
                        }}
                        // Tabbing through the column heads scrolls the table to the right;
                        // a UE reached next is shown with its flag, not under the pin.
                        onFocus={(e) => {
                          const grid = e.currentTarget.closest('.grid');
                          if (grid) grid.scrollLeft = 0;
                        }}
                      >
                        {String(cell.getValue())}
                      </button>
                    ) : (
                      flexRender(cell.column.columnDef.cell, cell.getContext())
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      <Legend lines={legend(ues)} />
    </section>
  );
}

function cellClass(column: string): string {
  return PINNED.has(column) ? 'grid-cell pinned' : 'grid-cell';
}

/** What the table's marks mean, for the marks it has, in the CLI's words. */
export function Legend({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <ul className="legend">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}
