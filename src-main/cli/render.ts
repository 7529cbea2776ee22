/**
 * Tables and numbers as a radio engineer reads them: bit rates with SI prefixes, BLER in
 * per cent, one row per UE, the malperforming ones marked with the rule that fired.
 */
import Table from 'cli-table3';
import type { FileResult } from '../../src-shared/ingest.js';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import { RULE_SEPARATOR } from '../engine/kpi/rules.js';

const dash = '-';

export function si(value: number | null, unit = ''): string {
  if (value === null) return dash;
  const abs = Math.abs(value);
  const [div, prefix] =
    abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  const scaled = value / div;
  return `${scaled.toFixed(scaled >= 100 || div === 1 ? 0 : 1)}${prefix}${unit}`;
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
export function ueTable(ues: SubjectSummary[]): string {
  const flagged = ues.filter((u) => u.malperforming && u.rule);
  const notes = flagged.flatMap((u) => {
    const rules = u.rule!.split(RULE_SEPARATOR);
    const name = subjectName(u);
    return rules.length === 1
      ? [`  ${name}: ${rules[0]}`]
      : [`  ${name}:`, ...rules.map((r) => `    ${r}`)];
  });
  const legend = ues.some((u) => overallOnly(u, 'dl') || overallOnly(u, 'ul'))
    ? [`  ${OVERALL_MARK} BLER of all transmissions: the log does not tell first ones apart`]
    : [];
  return [kpiTable(ues), ...legend, ...notes].join('\n');
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

function subjectName(u: SubjectSummary): string {
  return u.cell === null ? `UE ${u.ue ?? dash}` : `UE ${u.ue ?? dash} (cell ${u.cell})`;
}

const KPI_HEAD = [
  'DL rate',
  'UL rate',
  'DL MCS',
  'UL MCS',
  'DL iBLER',
  'UL iBLER',
  'DL retx',
  'UL retx',
  'KO DL/UL',
  'PHR dB',
  'CQI',
  'RA ok/fail',
];

/** The KPI columns of a UE or a cell, in KPI_HEAD's order. */
function kpiColumns(u: SubjectSummary): string[] {
  const k = u.kpis;
  return [
    si(k.dlBitrateBps, 'bps'),
    si(k.ulBitrateBps, 'bps'),
    fixed(k.dlMcsMean),
    fixed(k.ulMcsMean),
    bler(u, 'dl'),
    bler(u, 'ul'),
    k.dlHarqRetx === null ? dash : String(k.dlHarqRetx),
    k.ulHarqRetx === null ? dash : String(k.ulHarqRetx),
    `${k.dlCrcFailures}/${k.ulCrcFailures}`,
    fixed(k.phrMeanDb),
    fixed(k.cqiMean),
    k.raAttempts + k.raOk + k.raFail > 0 ? `${k.raOk}/${k.raFail}` : dash,
  ];
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

function kpiTable(ues: SubjectSummary[]): string {
  const table = newTable(['cell', 'UE', 'RNTI', ...KPI_HEAD, 'flag']);
  for (const u of ues) {
    table.push([
      u.cell ?? dash,
      u.ue ?? dash,
      rntiList(u.life.rntis),
      ...kpiColumns(u),
      u.malperforming ? 'BAD' : 'ok',
    ]);
  }
  return table.toString();
}

/**
 * One row per cell: the sum of its UEs and of what the log says of the cell alone (cell
 * metrics of a log with no UE in it, random access before any UE id), beside how many UEs
 * it served. A cell is not judged: the rules are for UEs.
 */
export function cellTable(cells: SubjectSummary[], ues: SubjectSummary[]): string {
  const table = newTable(['cell', 'UEs', ...KPI_HEAD]);
  for (const c of cells) {
    const served = ues.filter((u) => u.cell === c.cell).length;
    table.push([c.cell ?? dash, String(served), ...kpiColumns(c)]);
  }
  return table.toString();
}

/**
 * What `ingest` and `show` print under a file's summary: the UEs (or why there are none),
 * then its cells.
 */
export function subjectTables(
  result: { ues: SubjectSummary[]; cells: SubjectSummary[] },
  ues: SubjectSummary[] = result.ues,
): string {
  const parts: string[] = [];
  if (ues.length > 0) parts.push(ueTable(ues));
  else if (result.ues.length > 0) parts.push('  no malperforming UEs');
  else parts.push('  no UEs in this log');
  if (result.cells.length > 0) parts.push('  per cell:', cellTable(result.cells, result.ues));
  return parts.join('\n');
}

/** The per-file summary: what was read, how well it was understood, over what time. */
export function fileSummary(result: FileResult, reused: boolean): string {
  const { lines } = result;
  const kinds = Object.entries(result.recordsByKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const span =
    result.firstNs && result.lastNs
      ? `${nsToIso(result.firstNs)} .. ${nsToIso(result.lastNs)}`
      : 'no timed records';
  const bad = result.ues.filter((u) => u.malperforming).length;
  const out = [
    `${result.file.name}: ${result.format.name} (${result.format.id} v${result.format.version})` +
      (reused
        ? ' - already stored, not parsed again (--force parses it anew, with --anchor or --format)'
        : ''),
    `  ${lines.lines} lines: ${lines.record} with MAC records, ${lines.other} other, ` +
      `${lines.unrecognised} unrecognised`,
    `  records: ${kinds || 'none'}`,
    `  time: ${span}`,
    `  ${result.ues.length} UEs in ${result.cells.length} cell(s), ${bad} malperforming`,
  ];
  if (result.timeAnchor) out.push(`  note: ${result.timeAnchor}`);
  for (const w of result.warnings) out.push(`  warning: ${w}`);
  for (const e of result.unrecognisedExamples.slice(0, 3)) {
    out.push(`  unrecognised line ${e.line}: ${e.text.slice(0, 120)}`);
  }
  return out.join('\n');
}

export function nsToIso(ns: string): string {
  const ms = Number(BigInt(ns) / 1_000_000n);
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
