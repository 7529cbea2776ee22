/**
 * Turns records, per-second KPIs and per-subject summaries into Loki entries: a stream
 * (its labels) and a logfmt line, stamped with the log's own time. Names come from
 * `src-shared/loki.ts`, the contract the dashboards query.
 */
import logfmt from 'logfmt';
import type { DerivedKpis, KpiSecond, SubjectSummary } from '../../src-shared/kpis.js';
import { deriveKpis } from '../../src-shared/kpis.js';
import {
  APP_LABEL_VALUE,
  COMMON_FIELDS,
  KPI_FIELDS,
  KPI_KIND,
  LOKI_LABELS,
  NO_CELL,
  SUMMARY_FIELDS,
  SUMMARY_KIND,
  lineFieldName,
  type LokiKind,
} from '../../src-shared/loki.js';
import type { MacRecord } from '../../src-shared/records.js';

/** What every stream of one import shares. */
export interface ImportLabels {
  format: string;
  file: string;
  importId: number;
}

export interface LokiEntry {
  /** The stream's labels, already rendered as a LogQL selector (`{app="maclog", ...}`). */
  stream: string;
  labels: Record<string, string>;
  /** Unix nanoseconds as a decimal string, as the push API wants it. */
  tsNs: string;
  line: string;
}

type Fields = Record<string, string | number | boolean>;

/** Fields of a record that are not line fields: they are labels, or the time. */
const NOT_FIELDS = new Set(['tSec', 'tNsec', 'kind', 'cell', 'line', 'ue', 'rnti', 'values']);

export function recordEntry(r: MacRecord, base: ImportLabels): LokiEntry {
  const fields: Fields = { [COMMON_FIELDS.line]: r.line };
  addSubject(fields, r.ue, r.rnti);
  for (const [key, value] of Object.entries(r)) {
    if (NOT_FIELDS.has(key) || value === null || value === undefined) continue;
    fields[lineFieldName(key)] = value as string | number | boolean;
  }
  if (r.kind === 'stats') {
    for (const [key, value] of Object.entries(r.values)) if (value !== null) fields[key] = value;
  }
  return entry(base, r.cell, r.kind, r.tSec, r.tNsec, fields);
}

/** One second of one UE (or cell, `ue` null): what the dashboards chart. */
export function kpiEntry(
  subject: { cell: string | null; ue: string | null; rnti: number | null },
  second: KpiSecond,
  base: ImportLabels,
): LokiEntry {
  const fields: Fields = { [KPI_FIELDS.scope]: subject.ue === null ? 'cell' : 'ue' };
  addSubject(fields, subject.ue, subject.rnti);
  addKpis(fields, deriveKpis(second.counters, 1));
  return entry(base, subject.cell, KPI_KIND, second.t, 0, fields);
}

/** A UE's or cell's whole-file KPIs and flag, stamped with its last activity. */
export function summaryEntry(s: SubjectSummary, base: ImportLabels): LokiEntry {
  const fields: Fields = { [SUMMARY_FIELDS.scope]: s.ue === null ? 'cell' : 'ue' };
  addSubject(fields, s.ue, s.life.rntis[0] ?? null);
  addKpis(fields, s.kpis);
  fields[SUMMARY_FIELDS.malperforming] = s.malperforming;
  if (s.rule !== null) fields[SUMMARY_FIELDS.rule] = s.rule;
  const lastNs = BigInt(s.life.lastNs);
  const sec = Number(lastNs / 1_000_000_000n);
  const nsec = Number(lastNs % 1_000_000_000n);
  return entry(base, s.cell, SUMMARY_KIND, sec, nsec, fields);
}

function addSubject(fields: Fields, ue: string | null, rnti: number | null): void {
  if (ue !== null) fields[COMMON_FIELDS.ue] = ue;
  if (rnti !== null) fields[COMMON_FIELDS.rnti] = `0x${rnti.toString(16)}`;
}

/** The KPI fields; a KPI the log gave nothing for is left out. */
function addKpis(fields: Fields, k: DerivedKpis): void {
  const put = (name: string, value: number | null) => {
    if (value !== null && Number.isFinite(value)) fields[name] = round(value);
  };
  put(KPI_FIELDS.dlBitrate, k.dlBitrateBps);
  put(KPI_FIELDS.ulBitrate, k.ulBitrateBps);
  put(KPI_FIELDS.dlMcs, k.dlMcsMean);
  put(KPI_FIELDS.ulMcs, k.ulMcsMean);
  put(KPI_FIELDS.dlBler, k.dlInitialBler);
  put(KPI_FIELDS.ulBler, k.ulInitialBler);
  put(KPI_FIELDS.dlRetx, k.dlHarqRetx);
  put(KPI_FIELDS.ulRetx, k.ulHarqRetx);
  put(KPI_FIELDS.dlRetxAtLeast, k.dlHarqRetxAtLeast ?? null);
  put(KPI_FIELDS.ulRetxAtLeast, k.ulHarqRetxAtLeast ?? null);
  put(KPI_FIELDS.crcFailures, k.dlCrcFailures + k.ulCrcFailures);
  put(KPI_FIELDS.phr, k.phrMeanDb);
  put(KPI_FIELDS.bsr, k.bsrMeanBytes);
  put(KPI_FIELDS.cqi, k.cqiMean);
  put(KPI_FIELDS.raAttempts, k.raAttempts);
  put(KPI_FIELDS.raOk, k.raOk);
  put(KPI_FIELDS.raFail, k.raFail);
}

/** Four significant decimals are plenty on a chart, and keep lines short. */
function round(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toFixed(4));
}

function entry(
  base: ImportLabels,
  cell: string | null,
  kind: LokiKind,
  sec: number,
  nsec: number,
  fields: Fields,
): LokiEntry {
  const labels = {
    [LOKI_LABELS.app]: APP_LABEL_VALUE,
    [LOKI_LABELS.format]: base.format,
    [LOKI_LABELS.file]: base.file,
    [LOKI_LABELS.import]: String(base.importId),
    [LOKI_LABELS.cell]: cell ?? NO_CELL,
    [LOKI_LABELS.kind]: kind,
  };
  return {
    stream: selectorOf(labels),
    labels,
    tsNs: toNs(sec, nsec),
    line: logfmt.stringify(fields),
  };
}

/** Labels as Loki prints a stream: `{a="1", b="x"}`, values escaped as in LogQL. */
export function selectorOf(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `{${parts.join(', ')}}`;
}

/** Whole seconds and nanoseconds as one decimal string, exact beyond a double's range. */
export function toNs(sec: number, nsec: number): string {
  return (BigInt(sec) * 1_000_000_000n + BigInt(nsec)).toString();
}
