/**
 * The few panel shapes the dashboards use, on Grafana's typed builders
 * (@grafana/grafana-foundation-sdk). Every panel and every target names its datasource by
 * the provisioned uid, so a dashboard never falls back to whatever default Grafana has.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder as LokiQuery, LokiQueryType } from '@grafana/grafana-foundation-sdk/loki';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { DataqueryBuilder as PromQuery } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { PanelBuilder as BarChartPanel } from '@grafana/grafana-foundation-sdk/barchart';
import { GRAFANA_DATASOURCES } from '../../src-shared/grafana.js';
import type { KpiField, RangeFn } from './logql.js';

const LOKI = GRAFANA_DATASOURCES.loki;
const PROMETHEUS = GRAFANA_DATASOURCES.prometheus;

/** Lines per logs query: well under Loki's `max_entries_limit_per_query` of 5000. */
export const MAX_LOG_LINES = 1000;

export type PanelBuilder = cog.Builder<dashboard.Panel>;

export interface Query {
  expr: string;
  legend?: string;
}

const REF_IDS = 'ABCDEFGHIJ';

function lokiTarget(query: Query, index: number, type: LokiQueryType): LokiQuery {
  const target = new LokiQuery()
    .refId(REF_IDS[index] ?? `Q${index}`)
    .datasource(LOKI)
    .expr(query.expr)
    .queryType(type);
  if (query.legend !== undefined) target.legendFormat(query.legend);
  if (type === LokiQueryType.Stream) target.maxLines(MAX_LOG_LINES);
  return target;
}

function promTarget(query: Query, index: number, instant: boolean): PromQuery {
  const target = new PromQuery()
    .refId(REF_IDS[index] ?? `Q${index}`)
    .datasource(PROMETHEUS)
    .expr(query.expr);
  if (instant) target.instant();
  else target.range();
  if (query.legend !== undefined) target.legendFormat(query.legend);
  return target;
}

export interface Size {
  w: number;
  h: number;
}

const HALF: Size = { w: 12, h: 8 };

/** A Loki metric query over time; a 1 s floor since kpi lines are one per second. */
export function lokiTimeseries(title: string, unit: string, queries: Query[], size = HALF) {
  const panel = new TimeseriesPanel()
    .title(title)
    .datasource(LOKI)
    .unit(unit)
    .interval('1s')
    .span(size.w)
    .height(size.h);
  queries.forEach((q, i) => panel.withTarget(lokiTarget(q, i, LokiQueryType.Range)));
  return panel;
}

/** A Loki metric query evaluated once over the whole range, as bars by a label. */
export function lokiBars(title: string, xLabel: string, query: Query, size = HALF) {
  return new BarChartPanel()
    .title(title)
    .datasource(LOKI)
    .xField(xLabel)
    .span(size.w)
    .height(size.h)
    .withTarget(lokiTarget(query, 0, LokiQueryType.Instant))
    .withTransformation({
      id: 'reduce',
      options: { reducers: ['lastNotNull'], mode: 'seriesToRows' },
    });
}

export function logsPanel(title: string, expr: string, size: Size = { w: 24, h: 12 }) {
  return new LogsPanel()
    .title(title)
    .datasource(LOKI)
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .span(size.w)
    .height(size.h)
    .withTarget(lokiTarget({ expr }, 0, LokiQueryType.Stream));
}

export interface LinkColumn {
  field: string;
  title: string;
  url: string;
}

/**
 * A table of log lines, one row per line, with the listed logfmt fields as columns. Loki
 * returns the fields that `| logfmt` extracted as the line's labels, so the `labels`
 * column is spread into columns and everything else is hidden.
 */
export function lokiLineTable(title: string, expr: string, columns: string[], link?: LinkColumn) {
  const indexByName = Object.fromEntries(columns.map((c, i) => [c, i]));
  const panel = new TablePanel()
    .title(title)
    .datasource(LOKI)
    .span(24)
    .height(10)
    .withTarget(lokiTarget({ expr }, 0, LokiQueryType.Stream))
    .withTransformation({ id: 'extractFields', options: { source: 'labels', replace: true } })
    .withTransformation({ id: 'organize', options: { indexByName, includeByName: only(columns) } });
  if (link) {
    panel.overrideByName(link.field, [
      { id: 'links', value: [{ title: link.title, url: link.url }] },
    ]);
  }
  return panel;
}

function only(columns: string[]): Record<string, boolean> {
  return Object.fromEntries(columns.map((c) => [c, true]));
}

/**
 * The app's own metrics. They are stamped with wall-clock time while the dashboards show
 * the log's time, so these panels keep their own range: the last day.
 */
export function promTimeseries(title: string, unit: string, queries: Query[], size = HALF) {
  const panel = new TimeseriesPanel()
    .title(title)
    .datasource(PROMETHEUS)
    .unit(unit)
    .timeFrom('24h')
    .span(size.w)
    .height(size.h);
  queries.forEach((q, i) => panel.withTarget(promTarget(q, i, false)));
  return panel;
}

export function promStat(title: string, query: Query, size: Size = { w: 6, h: 5 }) {
  return new StatPanel()
    .title(title)
    .datasource(PROMETHEUS)
    .timeFrom('24h')
    .span(size.w)
    .height(size.h)
    .withTarget(promTarget(query, 0, true));
}

/** One series of a per-second KPI of the view's subject (a cell, a UE). */
export type KpiQuery = (fn: RangeFn, field: KpiField, legend: string) => Query;
export type RateQuery = (field: KpiField, legend: string) => Query;

/** The link panels the cell and UE views share: bitrate, MCS, BLER, HARQ and CRC. */
export function linkPanels(kpi: KpiQuery, rate: RateQuery) {
  return [
    lokiTimeseries('Bitrate', 'bps', [rate('dlBitrate', 'DL'), rate('ulBitrate', 'UL')]),
    lokiTimeseries('MCS', 'none', [kpi('avg', 'dlMcs', 'DL'), kpi('avg', 'ulMcs', 'UL')]),
    lokiTimeseries('BLER', 'percentunit', [kpi('avg', 'dlBler', 'DL'), kpi('avg', 'ulBler', 'UL')]),
    lokiTimeseries('HARQ retransmissions and CRC failures', 'short', [
      kpi('sum', 'dlRetx', 'DL retx'),
      kpi('sum', 'ulRetx', 'UL retx'),
      kpi('sum', 'crcFailures', 'CRC failures'),
    ]),
  ];
}
