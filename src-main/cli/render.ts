/**
 * Tables and numbers as a radio engineer reads them: bit rates with SI prefixes, BLER in
 * per cent, one row per UE, the malperforming ones marked with the rule that fired.
 */
import { basename } from 'node:path';
import type { FileResult } from '../../src-shared/ingest.js';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import { siScaled } from '../../src-shared/numbers.js';
import { RULE_SEPARATOR } from '../engine/kpi/rules.js';
import { fittedTable, type Column } from './fit.js';

const dash = '-';

export function si(value: number | null, unit = ''): string {
  if (value === null) return dash;
  const { text, prefix } = siScaled(value);
  return `${text}${prefix}${unit}`;
}

export function percent(value: number | null): string {
  return value === null ? dash : `${(value * 100).toFixed(1)}%`;
}

function fixed(value: number | null, digits = 1): string {
  return value === null ? dash : value.toFixed(digits);
}

function rntiList(rntis: number[]): string {
  if (rntis.length === 0) return dash;
  const shown = rntis.slice(0, 3).map((r) => `0x${r.toString(16)}`);
  return rntis.length > 3 ? `${shown.join(',')},+${rntis.length - 3}` : shown.join(',');
}

/**
 * One row per UE: what an engineer scans first to find the UE that misbehaved. The rules
 * that fired are listed under the table, one line each, so that the table stays narrow
 * enough for a terminal.
 */
export function ueTable(ues: SubjectSummary[], width: number | null = null): string {
  const columns: Column[] = [
    { head: 'cell', dropRank: 6 },
    { head: 'UE' },
    { head: 'RNTI', dropRank: 3 },
    ...KPI_COLUMNS,
    { head: 'flag' },
  ];
  const rows = ues.map((u) => [
    u.cell ?? dash,
    u.ue ?? dash,
    rntiList(u.life.rntis),
    ...kpiColumns(u),
    flag(u),
  ]);
  const table = fittedTable(columns, rows, width);
  return [table, ...legend(ues), ...ruleNotes(ues)].join('\n');
}

/**
 * BAD when a rule fired, ok when the rules that could judge passed, and - when none had
 * enough samples to judge (a UE seen for a few grants, a failed random access).
 */
function flag(u: SubjectSummary): string {
  if (u.malperforming) return 'BAD';
  return u.judged ? 'ok' : dash;
}

/** The rules that fired, under the table: one line each, named by the UE or the cell. */
function ruleNotes(subjects: SubjectSummary[]): string[] {
  return subjects
    .filter((u) => u.malperforming && u.rule)
    .flatMap((u) => {
      const rules = u.rule!.split(RULE_SEPARATOR);
      const name = subjectName(u);
      return rules.length === 1
        ? [`  ${name}: ${rules[0]}`]
        : [`  ${name}:`, ...rules.map((r) => `    ${r}`)];
    });
}

/** What the marks in the rate and BLER columns mean, for the marks the table has. */
function legend(subjects: SubjectSummary[]): string[] {
  const lines: string[] = [];
  if (subjects.some((u) => sentOnly(u, 'dl') || sentOnly(u, 'ul'))) {
    lines.push(
      `  ${SENT_MARK} bit rate sent (retransmissions included): the log tells no decoding, so none known delivered`,
    );
  }
  if (subjects.some((u) => overallOnly(u, 'dl') || overallOnly(u, 'ul'))) {
    lines.push(
      `  ${OVERALL_MARK} BLER of all transmissions: the log does not tell first ones apart`,
    );
  }
  if (subjects.some((u) => flag(u) === dash)) {
    lines.push(`  ${dash} flag: too few samples for any rule to judge`);
  }
  if (subjects.some((u) => retxBound(u, 'dl') !== null || retxBound(u, 'ul') !== null)) {
    lines.push(`  ${AT_LEAST_MARK} retx at least: the log prints failed retransmissions only`);
  }
  return lines;
}

/**
 * The rate columns give the throughput delivered (TBs decoded, or acknowledged), what an
 * engineer means by a UE's throughput. Where the log tells no decoding (an OAI gNB's DL
 * bytes), the rate sent, marked.
 */
const SENT_MARK = '^';

function sentOnly(u: SubjectSummary, dir: 'dl' | 'ul'): boolean {
  const k = u.kpis;
  const ok = dir === 'dl' ? k.dlOkBitrateBps : k.ulOkBitrateBps;
  const sent = dir === 'dl' ? k.dlBitrateBps : k.ulBitrateBps;
  return ok === null && sent !== null;
}

function rate(u: SubjectSummary, dir: 'dl' | 'ul'): string {
  const k = u.kpis;
  if (sentOnly(u, dir)) return `${si(dir === 'dl' ? k.dlBitrateBps : k.ulBitrateBps)}${SENT_MARK}`;
  return si(dir === 'dl' ? k.dlOkBitrateBps : k.ulOkBitrateBps);
}

/**
 * The BLER columns give the initial BLER (first transmissions), which link adaptation aims
 * at and the malperforming rule judges; where the log does not tell first transmissions
 * from retransmissions, the BLER of all of them, marked.
 */
const OVERALL_MARK = '*';

function overallOnly(u: SubjectSummary, dir: 'dl' | 'ul'): boolean {
  const k = u.kpis;
  const initial = dir === 'dl' ? k.dlInitialBler : k.ulInitialBler;
  const overall = dir === 'dl' ? k.dlBler : k.ulBler;
  return initial === null && overall !== null;
}

function bler(u: SubjectSummary, dir: 'dl' | 'ul'): string {
  const k = u.kpis;
  if (overallOnly(u, dir)) return `${percent(dir === 'dl' ? k.dlBler : k.ulBler)}${OVERALL_MARK}`;
  return percent(dir === 'dl' ? k.dlInitialBler : k.ulInitialBler);
}

/**
 * Retransmissions are a count, unknown (`-`), or, where the log shows only those that
 * failed, a lower bound: `≥n`.
 */
const AT_LEAST_MARK = '≥';

function retxBound(u: SubjectSummary, dir: 'dl' | 'ul'): number | null {
  // KPIs stored before the bound existed lack it: undefined, read as none.
  return (dir === 'dl' ? u.kpis.dlHarqRetxAtLeast : u.kpis.ulHarqRetxAtLeast) ?? null;
}

function retx(u: SubjectSummary, dir: 'dl' | 'ul'): string {
  if (!directionSeen(u, dir)) return dash;
  const count = dir === 'dl' ? u.kpis.dlHarqRetx : u.kpis.ulHarqRetx;
  if (count !== null) return String(count);
  const bound = retxBound(u, dir);
  return bound === null ? dash : `${AT_LEAST_MARK}${bound}`;
}

/**
 * Whether the log shows anything of a direction: grants, decodes, retransmissions. A
 * direction it never mentions (an OAI gNB log without UL lines) has its counts shown as
 * unknown, not as 0.
 */
function directionSeen(u: SubjectSummary, dir: 'dl' | 'ul'): boolean {
  const c = u.counters;
  return dir === 'dl'
    ? c.dlGrants + c.dlDecodes + c.dlFails + c.dlRetxTold + c.dlHarqRetx + c.dlFailedRetx > 0
    : c.ulGrants + c.ulDecodes + c.ulFails + c.ulRetxTold + c.ulHarqRetx + c.ulFailedRetx > 0;
}

/** Failed decodes, where the log tells decoding at all in that direction. */
function failures(u: SubjectSummary, dir: 'dl' | 'ul'): string {
  const c = u.counters;
  const told = dir === 'dl' ? c.dlDecodes + c.dlFails : c.ulDecodes + c.ulFails;
  return told > 0 ? String(dir === 'dl' ? u.kpis.dlCrcFailures : u.kpis.ulCrcFailures) : dash;
}

function subjectName(u: SubjectSummary): string {
  if (u.ue === null) return u.cell === null ? 'the cell' : `cell ${u.cell}`;
  return u.cell === null ? `UE ${u.ue}` : `UE ${u.ue} (cell ${u.cell})`;
}

/**
 * Each KPI as a DL/UL pair in one column: twelve columns rather than seventeen, so that the
 * table fits a terminal of about 130 columns. On a narrower one the columns of lowest rank
 * are left out first (see fit.ts): the rate, the BLER and the MCS tell most of how a UE did.
 */
const KPI_COLUMNS: Column[] = [
  { head: 'bit/s DL/UL', dropRank: 9 },
  { head: 'MCS DL/UL', dropRank: 7 },
  { head: 'iBLER DL/UL', dropRank: 8 },
  { head: 'retx DL/UL', dropRank: 5 },
  { head: 'KO DL/UL', dropRank: 4 },
  { head: 'PHR dB', dropRank: 2 },
  { head: 'CQI', dropRank: 0 },
  { head: 'RA ok/ko', dropRank: 1 },
];

/** The KPI columns of a UE or a cell, in KPI_COLUMNS's order. */
function kpiColumns(u: SubjectSummary): string[] {
  const k = u.kpis;
  const pair = (dl: string, ul: string) => (dl === dash && ul === dash ? dash : `${dl}/${ul}`);
  return [
    pair(rate(u, 'dl'), rate(u, 'ul')),
    pair(fixed(k.dlMcsMean), fixed(k.ulMcsMean)),
    pair(bler(u, 'dl'), bler(u, 'ul')),
    pair(retx(u, 'dl'), retx(u, 'ul')),
    pair(failures(u, 'dl'), failures(u, 'ul')),
    fixed(k.phrMeanDb),
    fixed(k.cqiMean),
    k.raAttempts + k.raOk + k.raFail > 0 ? `${k.raOk}/${k.raFail}` : dash,
  ];
}

/**
 * One row per cell: the sum of its UEs and of what the log says of the cell alone (cell
 * metrics of a log with no UE in it, random access before any UE id), beside how many UEs
 * it served. A cell is judged by the same rules as a UE: random access that fails for
 * preambles no UE claims shows only there.
 */
export function cellTable(
  cells: SubjectSummary[],
  ues: SubjectSummary[],
  width: number | null = null,
): string {
  const columns: Column[] = [
    { head: 'cell' },
    { head: 'UEs', dropRank: 3 },
    ...KPI_COLUMNS,
    { head: 'flag' },
  ];
  const rows = cells.map((c) => {
    const served = ues.filter((u) => u.cell === c.cell).length;
    return [c.cell ?? dash, String(served), ...kpiColumns(c), flag(c)];
  });
  const table = fittedTable(columns, rows, width);
  return [table, ...legend(cells), ...ruleNotes(cells)].join('\n');
}

/**
 * What `ingest` and `show` print under a file's summary: the UEs (or why there are none),
 * then its cells.
 */
export function subjectTables(
  result: { ues: SubjectSummary[]; cells: SubjectSummary[] },
  ues: SubjectSummary[] = result.ues,
  width: number | null = null,
): string {
  const parts: string[] = [];
  if (ues.length > 0) parts.push(ueTable(ues, width));
  else if (result.ues.length > 0) parts.push('  no malperforming UEs');
  else parts.push('  no UEs in this log');
  if (result.cells.length > 0) {
    parts.push('  per cell:', cellTable(result.cells, result.ues, width));
  }
  return parts.join('\n');
}

/** Said under a summary whose UEs and cells were judged again with `--thresholds`. */
export const REJUDGED_NOTE =
  'judged again with --thresholds; the stored flags keep those of its ingest';

/** Found already stored when a file was ingested: under what name, and as which file. */
export interface Reuse {
  /** The path the user gave, which may be another copy of the stored content. */
  path: string;
  fileId: number | null;
}

/**
 * The per-file summary: what was read, how well it was understood, over what time. A result
 * found already stored is named as the user gave it, with the stored name beside.
 */
export function fileSummary(result: FileResult, reuse: Reuse | null = null): string {
  const { lines } = result;
  const kinds = Object.entries(result.recordsByKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const span =
    result.firstNs && result.lastNs
      ? `${nsToIso(result.firstNs)} .. ${nsToIso(result.lastNs)}`
      : 'no timed records';
  const bad = result.ues.filter((u) => u.malperforming).length;
  const format = `${result.format.name} (${result.format.id} v${result.format.version})`;
  const out = [
    reuse
      ? `${basename(reuse.path)}: ${format} - already stored${storedAs(result, reuse)}, not parsed again`
      : `${result.file.name}: ${format}`,
    `  ${lines.lines} lines: ${lines.record} with MAC records, ${lines.other} other, ` +
      `${lines.unrecognised} unrecognised`,
    `  records: ${kinds || 'none'}`,
    `  time: ${span}`,
    `  ${result.ues.length} UEs in ${result.cells.length} cell(s), ${bad} malperforming`,
  ];
  if (result.timeAnchor) out.push(`  note: ${result.timeAnchor}`);
  for (const w of result.warnings) out.push(`  warning: ${printable(w)}`);
  for (const e of result.unrecognisedExamples.slice(0, 3)) {
    out.push(`  unrecognised line ${e.line}: ${printable(e.text.slice(0, 120))}`);
  }
  return out.join('\n');
}

function storedAs(result: FileResult, reuse: Reuse): string {
  const number = reuse.fileId === null ? '' : ` as file #${reuse.fileId}`;
  const name = result.file.name === basename(reuse.path) ? '' : ` (${result.file.name})`;
  return `${number}${name}`;
}

/**
 * A log's text made safe for a terminal: control characters (escape sequences that would
 * set the window title, clear the screen or colour what follows) shown as \xNN.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// Tab stays: it is how logs align their columns.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function nsToIso(ns: string): string {
  const ms = Number(BigInt(ns) / 1_000_000n);
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
