/**
 * The overview: what the app ingested (its own Prometheus metrics, on wall-clock time) and,
 * for the chosen import, the lines it wrote to Loki and the UEs flagged malperforming.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { SUMMARY_KIND } from '../../../src-shared/loki.js';
import { finish, maclogDashboard } from '../dashboard.js';
import { countLines, importStreams, label, logfmt, RANGE, summaryField } from '../logql.js';
import type { MetricNames } from '../metric-names.js';
import { lokiBars, lokiLineTable, promStat, promTimeseries } from '../panels.js';
import { importVariables } from '../variables.js';
import { UE_TABLE_COLUMNS, ueLink } from './cell.js';

const RATE_WINDOW = '$__rate_interval';

function ingestRow(m: MetricNames) {
  return [
    promStat('Files ingested', { expr: `sum(${m.filesIngested})` }),
    promStat('Jobs running', { expr: `sum(${m.jobs}{state="running"})` }),
    promStat('Unrecognised lines', { expr: `sum(${m.unrecognisedLines})` }),
    promStat('CRC failures seen', { expr: `sum(${m.crcFailures})` }),
    promTimeseries('Files by outcome', 'short', [
      {
        expr: `sum by (format, outcome) (increase(${m.filesIngested}[${RATE_WINDOW}]))`,
        legend: '{{format}} {{outcome}}',
      },
    ]),
    promTimeseries('Jobs by state', 'short', [
      { expr: `sum by (state) (${m.jobs})`, legend: '{{state}}' },
    ]),
    promTimeseries('Records by kind', 'short', [
      {
        expr: `sum by (kind) (increase(${m.records}[${RATE_WINDOW}]))`,
        legend: '{{kind}}',
      },
    ]),
    promTimeseries('Unrecognised lines by format', 'short', [
      {
        expr: `sum by (format) (increase(${m.unrecognisedLines}[${RATE_WINDOW}]))`,
        legend: '{{format}}',
      },
    ]),
    promTimeseries('Job duration (90th percentile)', 's', [
      {
        expr: `histogram_quantile(0.9, sum by (le) (rate(${m.jobDuration}_bucket[${RATE_WINDOW}])))`,
        legend: 'p90',
      },
    ]),
  ];
}

function malperformingUes(): string {
  return (
    importStreams({ kind: SUMMARY_KIND, byCell: true }) +
    logfmt([
      [summaryField('scope'), '=', 'ue'],
      [summaryField('malperforming'), '=', 'true'],
    ])
  );
}

export function overviewDashboard(metrics: MetricNames): Dashboard {
  const builder = maclogDashboard('overview', 'MAC Log Studio: overview', 'Ingests and imports')
    .variables(importVariables())
    .withRow(new RowBuilder('Ingest (the app, last 24 hours)'));
  for (const panel of ingestRow(metrics)) builder.withPanel(panel);

  builder
    .withRow(new RowBuilder('The chosen import'))
    .withPanel(
      lokiBars('Lines in Loki by kind', label('kind'), {
        expr: countLines(importStreams({ byCell: true }), [label('kind')], RANGE),
        legend: '{{kind}}',
      }),
    )
    .withPanel(lokiLineTable('Malperforming UEs', malperformingUes(), UE_TABLE_COLUMNS, ueLink()));
  return finish(builder);
}
