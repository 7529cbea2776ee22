/**
 * Tables that fit the terminal they are printed on.
 *
 * A table wider than the terminal wraps every row onto two or three lines, and its columns
 * no longer line up. So when the terminal is too narrow, the columns that matter least are
 * left out, one at a time, until the table fits, and a line under it says which; then long
 * paths and errors are cut, marked with an ellipsis. Output to a pipe or a file is never
 * cut: scripts, `less -S` and saved reports get every column whole.
 */
import Table from 'cli-table3';

export interface Column {
  head: string;
  /**
   * When the column is left out on a narrow terminal: columns of a lower rank go first.
   * A column without a rank (the name of the row, its verdict) is always shown.
   */
  dropRank?: number;
  /**
   * A column of long text (a path, an error) that may be cut to fit once no column is left
   * to drop: 'start' keeps the end of the text (a path's file name), 'end' its beginning.
   */
  cut?: 'start' | 'end';
}

/** A cut column keeps at least this many characters of its text. */
const MIN_CUT_WIDTH = 12;

/** The terminal's width in columns, or null when stdout is not a terminal. */
export function terminalWidth(): number | null {
  return process.stdout.isTTY ? process.stdout.columns || null : null;
}

/** A table of one line per row, as every list of the CLI prints. */
function newTable(head: string[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    // No rule between rows: a hundred UEs should take a hundred lines, not two hundred.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

/**
 * The table of `rows` under `columns`, within `width` characters when that can be done by
 * leaving out columns that have a rank, then by cutting the text of columns that may be
 * cut; null `width` keeps every column whole.
 */
export function fittedTable(columns: Column[], rows: string[][], width: number | null): string {
  let shown = columns.map((_, i) => i);
  let text = render(columns, rows, shown);
  if (width === null) return text;

  while (widthOf(text) > width) {
    const next = leastNeeded(columns, shown);
    if (next === null) break;
    shown = shown.filter((i) => i !== next);
    text = render(columns, rows, shown);
  }
  if (widthOf(text) <= width) ({ shown, text } = giveBackRoom(columns, rows, shown, width));
  if (widthOf(text) > width) {
    text = render(columns, cutToFit(columns, rows, shown, widthOf(text) - width), shown);
  }

  const left = columns.filter((_, i) => !shown.includes(i)).map((c) => c.head);
  if (left.length === 0) return text;
  // Kept short, to fit the terminal itself; the README says how to see every column.
  return `${text}\n${wrapped(`  hidden to fit ${width} columns: ${left.join(', ')}`, width)}`;
}

/**
 * Leaving out a wide column can free more room than was missing: the columns left out
 * before it are then tried again, the most needed first, and shown where they still fit.
 */
function giveBackRoom(columns: Column[], rows: string[][], shown: number[], width: number) {
  const left = columns
    .map((_, i) => i)
    .filter((i) => !shown.includes(i))
    .sort((a, b) => (columns[b].dropRank ?? 0) - (columns[a].dropRank ?? 0));
  let text = render(columns, rows, shown);
  for (const i of left) {
    const tried = [...shown, i].sort((a, b) => a - b);
    const triedText = render(columns, rows, tried);
    if (widthOf(triedText) > width) continue;
    shown = tried;
    text = triedText;
  }
  return { shown, text };
}

/**
 * The rows with the text of the shown cut columns shortened by `excess` characters in all:
 * the longest is cut down to the next longest, then both evenly, and so on, so that a long
 * error keeps as much as the path beside it. No column is cut below its head or
 * MIN_CUT_WIDTH.
 */
function cutToFit(columns: Column[], rows: string[][], shown: number[], excess: number) {
  const lengths = new Map<number, number>();
  const floors = new Map<number, number>();
  for (const i of shown.filter((i) => columns[i].cut)) {
    lengths.set(i, Math.max(0, ...rows.map((row) => (row[i] ?? '').length)));
    floors.set(i, Math.max(MIN_CUT_WIDTH, columns[i].head.length));
  }

  for (let left = excess; left > 0;) {
    const cuttable = [...lengths].filter(([i, n]) => n > floors.get(i)!);
    if (cuttable.length === 0) break;
    const longest = Math.max(...cuttable.map(([, n]) => n));
    const atLongest = cuttable.filter(([, n]) => n === longest).map(([i]) => i);
    const next = Math.max(
      ...atLongest.map((i) => floors.get(i)!),
      ...[...lengths.values()].filter((n) => n < longest),
    );
    const step = Math.min(longest - next, Math.ceil(left / atLongest.length));
    for (const i of atLongest) lengths.set(i, longest - step);
    left -= step * atLongest.length;
  }

  return rows.map((row) =>
    row.map((cell, i) => {
      const keep = lengths.get(i);
      return keep === undefined ? cell : cutText(cell, keep, columns[i].cut!);
    }),
  );
}

/** `text` in at most `keep` characters, an ellipsis marking where it was cut. */
function cutText(text: string, keep: number, side: 'start' | 'end'): string {
  if (text.length <= keep) return text;
  return side === 'start'
    ? `…${text.slice(text.length - keep + 1)}`
    : `${text.slice(0, keep - 1)}…`;
}

/** A note broken at its commas into lines of at most `width` characters where it can be. */
function wrapped(note: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of note.split(/(?<=, )/)) {
    if (line !== '' && (line + word).trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = `    ${word}`;
    } else line += word;
  }
  return [...lines, line].join('\n');
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
