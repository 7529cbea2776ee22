/**
 * Tables that fit the terminal they are printed on.
 *
 * A table wider than the terminal wraps every row onto two or three lines, and its columns
 * no longer line up. So when the terminal is too narrow, the columns that matter least are
 * left out, one at a time, until the table fits, and a line under it says which. Output to
 * a pipe or a file is never cut: scripts, `less -S` and saved reports get every column.
 */
import Table from 'cli-table3';

export interface Column {
  head: string;
  /**
   * When the column is left out on a narrow terminal: columns of a lower rank go first.
   * A column without a rank (the name of the row, its verdict) is always shown.
   */
  dropRank?: number;
}

/** The terminal's width in columns, or null when stdout is not a terminal. */
export function terminalWidth(): number | null {
  return process.stdout.isTTY ? process.stdout.columns || null : null;
}

/** A table of one line per row, as every list of the CLI prints. */
export function newTable(head: string[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    // No rule between rows: a hundred UEs should take a hundred lines, not two hundred.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

/**
 * The table of `rows` under `columns`, within `width` characters when that can be done by
 * leaving out columns that have a rank; null `width` keeps every column.
 */
export function fittedTable(columns: Column[], rows: string[][], width: number | null): string {
  let shown = columns.map((_, i) => i);
  let text = render(columns, rows, shown);

  while (width !== null && widthOf(text) > width) {
    const next = leastNeeded(columns, shown);
    if (next === null) break;
    shown = shown.filter((i) => i !== next);
    text = render(columns, rows, shown);
  }

  const left = columns.filter((_, i) => !shown.includes(i)).map((c) => c.head);
  if (left.length === 0) return text;
  // Kept short, to fit the terminal itself; the README says how to see every column.
  return `${text}\n  hidden to fit ${width} columns: ${left.join(', ')}`;
}

function render(columns: Column[], rows: string[][], shown: number[]): string {
  const table = newTable(shown.map((i) => columns[i].head));
  for (const row of rows) table.push(shown.map((i) => row[i] ?? ''));
  return table.toString();
}

/** The widest line: the borders run the whole width, and every character takes one column. */
function widthOf(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

/** The shown column of the lowest rank, or null when only unranked columns are left. */
function leastNeeded(columns: Column[], shown: number[]): number | null {
  let best: number | null = null;
  let bestRank = Infinity;
  for (const i of shown) {
    const rank = columns[i].dropRank;
    if (rank === undefined || rank >= bestRank) continue;
    best = i;
    bestRank = rank;
  }
  return best;
}
