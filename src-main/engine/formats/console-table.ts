/**
 * Shared reading of the metrics tables that srsRAN programs print on their console (the srsRAN
 * Project gNB, srsENB and srsUE). They all look alike:
 *
 *              -----------------DL----------------|-------------------------UL-----------
 *     rat rnti  cqi  ri  mcs  brate   ok  nok  (%) | pusch  pucch  phr  mcs  brate   ok ...
 *     lte   46   15   0    0      0    0    0   0% |   n/a    n/a    0    0      0    0 ...
 *
 * a group line (dashes with the group labels DL, UL, Signal, Neighbour), a line of column
 * names, then one row per UE or carrier per metrics period, with the two header lines
 * printed again now and then. The column set differs between versions, so nothing here knows
 * a layout: the columns come from the most recent header, and a column named twice ("mcs",
 * "brate", "ok") is told apart by the group it sits under.
 */
import { STATS_KEYS } from '../../../src-shared/records.js';
import { dropIdleMcs } from './stats-samples.js';
import type { RecordSink } from './types.js';

/** One column of a table, as its header names it. */
export interface TableColumn {
  /** The name as printed: "brate", "(%)", "dl_bs". */
  name: string;
  /** Lower-case label of the group above it ("dl", "ul", "signal"), or "" when none. */
  group: string;
}

/** The shape of a table, taken from its header lines. */
export interface TableLayout {
  columns: TableColumn[];
  /** How many whitespace-separated tokens a row has, `|` separators included. */
  tokenCount: number;
  /** Positions (in tokens) of the `|` separators; a row must have them in the same places. */
  pipeTokens: number[];
}

const SPACE = 32;
const TAB = 9;

/** Index of the first character that is not a space or tab, or -1 for a blank line. */
export function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return i;
  }
  return -1;
}

/** The whitespace-separated tokens of a line (console tables pad with spaces, also at the end). */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : SPACE;
    const blank = c === SPACE || c === TAB;
    if (!blank && start < 0) start = i;
    else if (blank && start >= 0) {
      tokens.push(line.slice(start, i));
      start = -1;
    }
  }
  return tokens;
}

const GROUP_LINE = /^\s*[-|A-Za-z]*-{5,}[-|A-Za-z]*\s*$/;
const LABEL = /[A-Za-z]+/g;
const COLUMN_NAME = /^(?:[A-Za-z][A-Za-z0-9_]*|\(%\)|\|)$/;

/** True for a group line: dashes, `|` and group labels only ("----DL----|----UL----"). */
export function isGroupLine(line: string): boolean {
  return line.includes('-----') && GROUP_LINE.test(line) && /[A-Za-z]/.test(line);
}

/**
 * True when the tokens are a line of column names: every token is a name, "(%)" or "|", and
 * one of them is "brate", which every srsRAN metrics table has.
 */
export function isHeaderTokens(tokens: readonly string[]): boolean {
  if (tokens.length < 4 || !tokens.includes('brate')) return false;
  return tokens.every((t) => COLUMN_NAME.test(t));
}

interface GroupLabel {
  label: string;
  /** Position of the label's first and middle character in the group line. */
  start: number;
  middle: number;
}

function groupLabels(groupLine: string): GroupLabel[] {
  return [...groupLine.matchAll(LABEL)].map((m) => ({
    label: m[0].toLowerCase(),
    start: m.index,
    middle: m.index + m[0].length / 2,
  }));
}

/** A token of a header line with its start (inclusive) and end (exclusive) positions. */
interface HeaderToken {
  text: string;
  start: number;
  end: number;
}

function headerTokens(line: string): HeaderToken[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * The layout of a table from its line of column names and the group line printed above it
 * (null when there was none).
 */
export function buildLayout(headerLine: string, groupLine: string | null): TableLayout {
  const tokens = headerTokens(headerLine);
  const pipes = tokens.filter((t) => t.text === '|');
  const labels = groupLine === null ? [] : groupLabels(groupLine);

  let groups: string[];
  if (labels.length === 0) groups = groupsByRepetition(tokens.map((t) => t.text));
  else if (pipes.length > 0) groups = tokens.map((t) => groupBySegment(t, pipes, labels));
  else groups = tokens.map((t) => groupByPosition(t, labels));

  const columns: TableColumn[] = [];
  const pipeTokens: number[] = [];
  tokens.forEach((t, i) => {
    if (t.text === '|') pipeTokens.push(i);
    else columns.push({ name: t.text, group: groups[i] ?? '' });
  });
  return { columns, tokenCount: tokens.length, pipeTokens };
}

/**
 * With `|` separators, each stretch between two separators is one group, named by the label
 * of the group line that lies over it; a stretch without a label (the gNB's "pci rnti" part)
 * has group "".
 */
function groupBySegment(
  token: HeaderToken,
  pipes: readonly HeaderToken[],
  labels: readonly GroupLabel[],
): string {
  let from = 0;
  let to = Infinity;
  for (const p of pipes) {
    if (p.end <= token.start) from = p.end;
    else if (p.start >= token.end && to === Infinity) to = p.start;
  }
  return labels.find((l) => l.middle >= from && l.middle < to)?.label ?? '';
}

/**
 * Without separators (srsLTE and early srsRAN 4G), a group label sits a few dashes after the
 * start of its group, so a column belongs to the last label that starts at or before the
 * column's last character; columns before the first label belong to the first group.
 */
function groupByPosition(token: HeaderToken, labels: readonly GroupLabel[]): string {
  let label = labels.at(0)?.label ?? '';
  for (const l of labels) if (l.start <= token.end - 1) label = l.label;
  return label;
}

/**
 * Without a group line (a file cut just after it): a name printed twice is DL the first time
 * and UL the second, the order every srsRAN table uses; other names get no group.
 */
function groupsByRepetition(tokens: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return tokens.map((t) => {
    if ((counts.get(t) ?? 0) < 2) return '';
    const n = seen.get(t) ?? 0;
    seen.set(t, n + 1);
    return n === 0 ? 'dl' : 'ul';
  });
}

/**
 * The values of a row in column order, or null when the row does not fit the layout (a
 * different number of tokens, or `|` separators elsewhere: a cut line or another table).
 */
export function rowValues(tokens: readonly string[], layout: TableLayout): string[] | null {
  if (tokens.length !== layout.tokenCount) return null;
  for (const p of layout.pipeTokens) if (tokens[p] !== '|') return null;
  return layout.pipeTokens.length === 0 ? [...tokens] : tokens.filter((t) => t !== '|');
}

/** Index of the first column with one of these names, in any group; -1 when none. */
export function columnIndex(layout: TableLayout, ...names: string[]): number {
  return layout.columns.findIndex((c) => names.includes(c.name));
}

const EXPONENTS: Record<string, number> = {
  p: -12,
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  K: 3,
  M: 6,
  G: 9,
  T: 12,
};

/** Exact powers of ten, 1e0 to 1e22 (every one of them is exact in a double). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * A number as the tables print it, with an optional engineering suffix: "6.9M", "214k",
 * "1.0G", "-1.4u", "260n", "-457m", "0.0". `shift` moves the decimal point (6 turns seconds
 * into microseconds). Null for "n/a", "ovl", "failed" and anything else that is not a number.
 *
 * The digits are read as an integer and scaled by one exact power of ten, so the result is
 * the double nearest to the decimal value ("1.1k" is exactly 1100, not 1100.0000000000002).
 */
export function parseScaled(text: string, shift = 0): number | null {
  let end = text.length;
  let exponent = shift;
  const suffix = EXPONENTS[text.charAt(end - 1)];
  if (suffix !== undefined) {
    exponent += suffix;
    end--;
  }

  const sign = text.charCodeAt(0);
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (let i = sign === 45 || sign === 43 ? 1 : 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else return null;
  }
  if (digits === 0) return null;

  const power = exponent - Math.max(decimals, 0);
  const scale = POW10[Math.abs(power)];
  // Beyond 15 digits the integer is no longer exact: let the number parser round it.
  if (digits > 15 || scale === undefined) return Number(`${text.slice(0, end)}e${exponent}`);
  const value = power >= 0 ? mantissa * scale : mantissa / scale;
  return sign === 45 && value !== 0 ? -value : value;
}

/** How a column's text becomes a value. */
export type Conversion =
  /** A plain or SI-scaled number. */
  | 'number'
  /** "12%" as the number 12. */
  | 'percent'
  /** "12%" as the fraction 0.12. */
  | 'fraction'
  /** Timing advance in microseconds: "0us", or seconds with a suffix ("260n", "1.2u"). */
  | 'ta-us';

export function convert(text: string, how: Conversion): number | null {
  switch (how) {
    case 'number':
      return parseScaled(text);
    case 'percent':
      return text.endsWith('%') ? parseScaled(text.slice(0, -1)) : parseScaled(text);
    case 'fraction':
      return parseScaled(text.endsWith('%') ? text.slice(0, -1) : text, -2);
    case 'ta-us':
      return text.endsWith('us') ? parseScaled(text.slice(0, -2)) : parseScaled(text, 6);
  }
}

/** Where a known column goes in `StatsRecord.values`, and how its text is read. */
export interface KnownColumn {
  group: string;
  name: string;
  key: string;
  how: Conversion;
}

/** What becomes of each column of a layout: a stats key and conversion, or nothing. */
export type ColumnRole = { key: string; how: Conversion } | null;

/**
 * Gives each column its stats key: the known column with the same group and name; failing
 * that, the only known column of that name (when the header had no groups); failing that, a
 * snake_case key of its own (`ul_foo`), read as a number. Columns named in `identity`
 * (pci, rnti, rat) get no key.
 */
export function columnRoles(
  layout: TableLayout,
  known: readonly KnownColumn[],
  identity: readonly string[],
): ColumnRole[] {
  return layout.columns.map((c) => {
    if (identity.includes(c.name)) return null;
    const sameName = known.filter((k) => k.name === c.name);
    const match =
      sameName.find((k) => k.group === c.group) ??
      (sameName.length === 1 ? sameName[0] : undefined);
    if (match !== undefined) return { key: match.key, how: match.how };
    return { key: ownKey(c), how: 'number' };
  });
}

function ownKey(c: TableColumn): string {
  const name = c.name === '(%)' ? 'pct' : c.name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return c.group === '' ? name : `${c.group}_${name}`;
}

/** The stats values of a row, by the roles of its columns. */
export function rowStats(
  values: readonly string[],
  roles: readonly ColumnRole[],
): Record<string, number | null> {
  const stats: Record<string, number | null> = {};
  for (let i = 0; i < roles.length; i++) {
    const role = roles[i];
    if (role) stats[role.key] = convert(values[i] ?? '', role.how);
  }
  return stats;
}

/**
 * Counts metrics periods in a table without timestamps. Each report prints one row per UE (or
 * carrier), so a row whose key was already printed in the current period starts the next one.
 * Lines that a printer writes only at the start of a report (its header) also start one; and a
 * report that printed no rows at all (srsUE's "--- disconnected ---") is a period of its own.
 */
export class PeriodClock {
  private index = 0;
  private readonly keys = new Set<string>();
  /** Set when the next row must start a new period. */
  private boundary = false;

  /** The index of the current period (0 before any row). */
  get current(): number {
    return this.index;
  }

  /** A line printed only at the start of a report. */
  reportStart(): void {
    if (this.keys.size > 0) this.boundary = true;
  }

  /** A whole report without rows. */
  emptyReport(): void {
    if (this.keys.size > 0 || this.boundary) this.index++;
    this.keys.clear();
    this.boundary = true;
  }

  /** The period of a row with this key. */
  row(key: string): number {
    if (this.boundary || this.keys.has(key)) {
      this.index++;
      this.keys.clear();
    }
    this.boundary = false;
    this.keys.add(key);
    return this.index;
  }
}

/** The start of period `index` as whole seconds and nanoseconds. */
export function periodTime(index: number, periodSec: number): { tSec: number; tNsec: number } {
  const t = index * periodSec;
  let tSec = Math.floor(t);
  let tNsec = Math.round((t - tSec) * 1e9);
  if (tNsec >= 1e9) {
    tSec++;
    tNsec = 0;
  }
  return { tSec, tNsec };
}

/** The `periodSec` option: a positive number of seconds, 1 when absent or invalid. */
export function periodOption(options: Readonly<Record<string, string | number | boolean>>): number {
  const raw = options['periodSec'];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** What every record of one table row shares. */
export interface RowContext {
  tSec: number;
  tNsec: number;
  line: number;
  cell: string | null;
  rnti: number | null;
  /** The UE, where the log is the UE's own (srsUE); null when the RNTI names it. */
  ue?: string | null;
}

/**
 * Pushes the records of one row: a `stats` record with all its values, and the CSI, PHR and
 * BSR records that the values hold (CQI/RI, power headroom, buffer status), so that these
 * KPIs come out of a console table as they do from a MAC log. The MCS of a direction that
 * carried nothing in the period is no sample (`dropIdleMcs`).
 */
export function pushRowRecords(
  out: RecordSink,
  row: RowContext,
  source: string,
  periodSec: number,
  values: Record<string, number | null>,
): void {
  const { tSec, tNsec, line, cell, rnti } = row;
  const ue = row.ue ?? null;
  dropIdleMcs(values);
  out.push({
    tSec,
    tNsec,
    line,
    cell,
    ue,
    rnti,
    kind: 'stats',
    scope: 'ue',
    source,
    periodSec,
    values,
  });

  const cqi = values[STATS_KEYS.cqi] ?? null;
  const ri = values[STATS_KEYS.ri] ?? null;
  if (cqi !== null || ri !== null) {
    out.push({ tSec, tNsec, line, cell, ue, rnti, kind: 'csi', cqi, ri, pmi: null });
  }

  const phDb = values[STATS_KEYS.phr] ?? null;
  if (phDb !== null) {
    out.push({ tSec, tNsec, line, cell, ue, rnti, kind: 'phr', phDb, pcmaxDbm: null });
  }

  const bytes = values[STATS_KEYS.bsr] ?? null;
  if (bytes !== null) {
    out.push({ tSec, tNsec, line, cell, ue, rnti, kind: 'bsr', type: 'other', lcg: null, bytes });
  }
}
