/**
 * LogQL pieces the dashboards are made of, built from the Loki line contract
 * (`src-shared/loki.ts`) so that a renamed label or field changes every query with it.
 *
 * Queries stay inside Loki's limits: metric queries always aggregate `by` bounded labels
 * (cell, kind, outcome), since `| logfmt` turns every field of a line into a label and an
 * unaggregated series per line would pass `max_query_series` at once.
 */
import { DASHBOARD_VARIABLES } from '../../src-shared/grafana.js';
import {
  APP_LABEL_VALUE,
  COMMON_FIELDS,
  KPI_FIELDS,
  KPI_KIND,
  LOKI_LABELS,
  SUMMARY_FIELDS,
  lineFieldName,
  type LokiKind,
} from '../../src-shared/loki.js';
import type { MacRecord, RecordKind } from '../../src-shared/records.js';

export type LokiLabel = keyof typeof LOKI_LABELS;
export type KpiField = keyof typeof KPI_FIELDS;
export type SummaryField = keyof typeof SUMMARY_FIELDS;
type MatchOp = '=' | '!=' | '=~' | '!~';

/** A Grafana template variable reference, `$name`. */
export function variable(name: keyof typeof DASHBOARD_VARIABLES): string {
  return `$${DASHBOARD_VARIABLES[name]}`;
}

/** A variable reference with a Grafana format, `${name:format}` (e.g. `regex` escapes it). */
export function formattedVariable(name: keyof typeof DASHBOARD_VARIABLES, format: string): string {
  return `\${${DASHBOARD_VARIABLES[name]}:${format}}`;
}

/** The interval Grafana picks for the panel's width, and the same in ms for arithmetic. */
export const INTERVAL = '$__interval';
export const INTERVAL_MS = '$__interval_ms';
export const RANGE = '$__range';

/**
 * A record field as it is named in a line. Typed against the record model, so a field that
 * the kind does not have fails to compile. Time and cell are not line fields.
 */
export function recordField<K extends RecordKind>(
  _kind: K,
  field: Exclude<keyof Extract<MacRecord, { kind: K }>, 'kind' | 'tSec' | 'tNsec' | 'cell'> &
    string,
): string {
  return lineFieldName(field);
}

export function kpiField(field: KpiField): string {
  return KPI_FIELDS[field];
}

export function summaryField(field: SummaryField): string {
  return SUMMARY_FIELDS[field];
}

export const UE_FIELD = COMMON_FIELDS.ue;

export function label(name: LokiLabel): string {
  return LOKI_LABELS[name];
}

function matcher(name: LokiLabel, op: MatchOp, value: string): string {
  return `${LOKI_LABELS[name]}${op}"${value}"`;
}

export interface StreamOptions {
  /** One kind, or a list matched as a regular expression. */
  kind?: LokiKind | readonly LokiKind[];
  /** Leave these kinds out (a `!~` matcher). */
  notKinds?: readonly LokiKind[];
  /** Match the `cell` variable (multi-valued, `All` is `.+`). */
  byCell?: boolean;
  /** A raw matcher on the kind label, e.g. the `kind` variable. */
  kindRegex?: string;
}

/** The streams of the selected import: `{app="maclog", import="$import", ...}`. */
export function importStreams(options: StreamOptions = {}): string {
  const matchers = [
    matcher('app', '=', APP_LABEL_VALUE),
    matcher('import', '=', variable('import')),
  ];
  if (options.byCell) matchers.push(matcher('cell', '=~', variable('cell')));
  const { kind } = options;
  if (typeof kind === 'string') matchers.push(matcher('kind', '=', kind));
  else if (kind) matchers.push(matcher('kind', '=~', kind.join('|')));
  if (options.notKinds) matchers.push(matcher('kind', '!~', options.notKinds.join('|')));
  if (options.kindRegex) matchers.push(matcher('kind', '=~', options.kindRegex));
  return `{${matchers.join(', ')}}`;
}

/** Every stream the app wrote, for variables that list what exists. */
export function appStreams(extra: [LokiLabel, string][] = []): string {
  const matchers = [matcher('app', '=', APP_LABEL_VALUE)];
  for (const [name, value] of extra) matchers.push(matcher(name, '=~', value));
  return `{${matchers.join(', ')}}`;
}

type Filter = [field: string, op: MatchOp, value: string];

/**
 * `| logfmt` and label filters `field="value"`, one stage each. With `extract`, only the
 * filtered and the listed fields are extracted (`| logfmt a, b`): a metric query then keeps
 * one series per value of those fields instead of one per line (the line number is a field).
 */
export function logfmt(filters: Filter[] = [], extract?: readonly string[]): string {
  const fields = extract && [...new Set([...filters.map(([f]) => f), ...extract])];
  const parser = fields ? ` | logfmt ${fields.join(', ')}` : ' | logfmt';
  return parser + filters.map(([field, op, value]) => ` | ${field}${op}"${value}"`).join('');
}

export type Subject = 'ue' | 'cell';

/** The kpi lines of the chosen UE (`$ue`) or of the chosen cells, extracting `fields`. */
export function kpiLines(subject: Subject, fields: readonly string[]): string {
  const filters: Filter[] = [[kpiField('scope'), '=', subject]];
  if (subject === 'ue') filters.push([kpiField('ue'), '=', variable('ue')]);
  return importStreams({ kind: KPI_KIND, byCell: true }) + logfmt(filters, fields);
}

export type RangeFn = 'avg' | 'sum' | 'max' | 'min';

/**
 * `<fn>_over_time(<lines> | <field>!="" | unwrap <field> | __error__="" [$__interval])`.
 * Lines that lack the field are dropped before unwrap (an unknown value is left out of the
 * line), and the error filter drops values that are not numbers instead of failing.
 */
export function unwrapRange(fn: RangeFn, lines: string, field: string, range = INTERVAL): string {
  const pipeline = `${lines} | ${field}!="" | unwrap ${field} | __error__=""`;
  return `${fn}_over_time(${pipeline} [${range}])`;
}

/** `<agg> by (<labels>) (<inner>)`, or without `by` when no label is given. */
export function aggregate(agg: RangeFn | 'count', by: readonly string[], inner: string): string {
  const grouping = by.length === 0 ? '' : ` by (${by.join(', ')})`;
  return `${agg}${grouping} (${inner})`;
}

/**
 * A per-second rate from kpi lines that carry one value per second: the sum over the
 * interval divided by the interval's length, so that idle seconds (no line) count as zero.
 */
export function perSecondRate(lines: string, field: string, by: readonly string[]): string {
  return `${aggregate('sum', by, unwrapRange('sum', lines, field))} / (${INTERVAL_MS} / 1000)`;
}

/** Lines per interval, by bounded labels. */
export function countLines(lines: string, by: readonly string[], range = INTERVAL): string {
  return aggregate('sum', by, `count_over_time(${lines} [${range}])`);
}
