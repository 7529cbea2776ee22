/**
 * The chosen cells over the log's time, from their per-second kpi lines, one series per
 * cell; the UEs seen in them (from summary lines, each linked to the UE view) and the
 * cells' own events.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { SUMMARY_KIND } from '../../../src-shared/loki.js';
import { dataLinkUrl, finish, maclogDashboard } from '../dashboard.js';
import {
  aggregate,
  importStreams,
  kpiField,
  kpiLines,
  label,
  logfmt,
  perSecondRate,
  summaryField,
  unwrapRange,
  variable,
  type KpiField,
  type RangeFn,
} from '../logql.js';
import { linkPanels, logsPanel, lokiLineTable, lokiTimeseries, type Query } from '../panels.js';
import { importVariables } from '../variables.js';

const BY_CELL = [label('cell')];

function cellKpi(fn: RangeFn, field: KpiField, what: string): Query {
  const expr = aggregate(
    fn,
    BY_CELL,
    unwrapRange(fn, kpiLines('cell', [kpiField(field)]), kpiField(field)),
  );
  return { expr, legend: `${what} cell {{${label('cell')}}}` };
}

function cellRate(field: KpiField, what: string): Query {
  const expr = perSecondRate(kpiLines('cell', [kpiField(field)]), kpiField(field), BY_CELL);
  return { expr, legend: `${what} cell {{${label('cell')}}}` };
}

/** Summary columns of a UE, in the order shown. */
export const UE_TABLE_COLUMNS = [
  label('cell'),
  summaryField('ue'),
  summaryField('rnti'),
  summaryField('dlBitrate'),
  summaryField('ulBitrate'),
  summaryField('dlBler'),
  summaryField('ulBler'),
  summaryField('crcFailures'),
  summaryField('malperforming'),
  summaryField('rule'),
];

/** A link from the UE column to the UE view at that UE, keeping import and time. */
export function ueLink() {
  const url = dataLinkUrl('ue', {
    import: variable('import'),
    cell: '${__data.fields.cell}',
    ue: '${__data.fields.ue}',
  });
  return { field: summaryField('ue'), title: 'Open the UE', url };
}

function ueSummaries(): string {
  const filters: [string, '=', string][] = [[summaryField('scope'), '=', 'ue']];
  return importStreams({ kind: SUMMARY_KIND, byCell: true }) + logfmt(filters);
}

export function cellDashboard(): Dashboard {
  const top = maclogDashboard('cell', 'MAC Log Studio: cell', 'Cells over the log time')
    .variables(importVariables())
    .withRow(new RowBuilder('Cell KPIs'));
  const builder = linkPanels(cellKpi, cellRate)
    .reduce((b, panel) => b.withPanel(panel), top)
    .withPanel(
      lokiTimeseries('Random access', 'short', [
        cellKpi('sum', 'raAttempts', 'attempts'),
        cellKpi('sum', 'raFail', 'failed'),
      ]),
    )
    .withPanel(lokiTimeseries('CQI', 'none', [cellKpi('avg', 'cqi', 'CQI')]))
    .withRow(new RowBuilder('UEs'))
    .withPanel(lokiLineTable('UEs in the cells', ueSummaries(), UE_TABLE_COLUMNS, ueLink()))
    .withPanel(
      logsPanel('Cell events', importStreams({ kind: 'cell', byCell: true }), { w: 24, h: 8 }),
    );
  return finish(builder);
}
