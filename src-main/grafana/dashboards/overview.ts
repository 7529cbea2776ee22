/**
 * The overview: what the store holds and what the app has been doing (its own Prometheus
 * metrics, on wall-clock time) and, for the chosen import, the lines it wrote to Loki and the
 * UEs flagged malperforming.
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

/**
 * A store gauge summed over its labels. Each process that serves /metrics over the same
 * store (`maclog serve`, `maclog watch`) reports the same totals: the copies are one.
 */
function stored(metric: string, by = ''): string {
  const one = `max without (instance, job) (${metric})`;
  return by ? `sum by (${by}) (${one})` : `sum(${one})`;
}

/** What the store holds, whichever process ingested it: the CLI's ingests count too. */
function storeRow(m: MetricNames) {
  return [
    promStat('Files stored', { expr: stored(m.storeFiles) }),
    promStat('UEs flagged malperforming', { expr: stored(m.storeMalperformingUes) }),
    promStat('CRC failures stored', { expr: stored(m.storeCrcFailures) }),
    promStat('Unrecognised lines stored', { expr: stored(m.storeUnrecognisedLines) }),
    promTimeseries('Records stored, by kind', 'short', [
      { expr: stored(m.storeRecords, 'kind'), legend: '{{kind}}' },
    ]),
    promTimeseries('UEs stored, by format', 'short', [
      { expr: stored(m.storeUes, 'format'), legend: '{{format}}' },
    ]),
  ];
}

/** What the process that Prometheus scrapes did: its own counters, on wall-clock time. */
function activityRow(m: MetricNames) {
  return [
    promStat('Jobs running', { expr: stored(`${m.jobs}{state="running"}`) }),
    promTimeseries('Files by outcome', 'short', [
      {
        expr: `sum by (format, outcome) (increase(${m.filesIngested}[${RATE_WINDOW}]))`,
        legend: '{{format}} {{outcome}}',
      },
    ]),
    promTimeseries('Jobs by state', 'short', [
      { expr: stored(m.jobs, 'state'), legend: '{{state}}' },
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
    .withRow(new RowBuilder('What the store holds'));
  for (const panel of storeRow(metrics)) builder.withPanel(panel);
  builder.withRow(new RowBuilder('Ingest activity of the app (last 24 hours)'));
  for (const panel of activityRow(metrics)) builder.withPanel(panel);

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
