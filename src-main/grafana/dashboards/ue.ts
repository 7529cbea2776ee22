/**
 * One UE over the log's time, from its per-second kpi lines: bitrate, MCS, BLER, HARQ
 * retransmissions, CRC failures, PHR, BSR, CQI; its state changes and raw lines below.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { KPI_KIND, SUMMARY_KIND } from '../../../src-shared/loki.js';
import { finish, maclogDashboard } from '../dashboard.js';
import {
  aggregate,
  importStreams,
  kpiField,
  kpiLines,
  logfmt,
  perSecondRate,
  UE_FIELD,
  unwrapRange,
  variable,
  type KpiField,
  type RangeFn,
} from '../logql.js';
import { linkPanels, logsPanel, lokiTimeseries, type Query } from '../panels.js';
import { importVariables, ueVariable } from '../variables.js';

/** One series of a per-second KPI for the chosen UE, aggregated over its streams. */
function ueKpi(fn: RangeFn, field: KpiField, legend: string): Query {
  return {
    expr: aggregate(fn, [], unwrapRange(fn, kpiLines('ue', [kpiField(field)]), kpiField(field))),
    legend,
  };
}

function ueRate(field: KpiField, legend: string): Query {
  return { expr: perSecondRate(kpiLines('ue', [kpiField(field)]), kpiField(field), []), legend };
}

/** Record lines of the UE: everything but the app's own summaries. */
function ueRecordLines(kinds?: 'ue'): string {
  const streams = kinds
    ? importStreams({ kind: kinds, byCell: true })
    : importStreams({ notKinds: [KPI_KIND, SUMMARY_KIND], byCell: true });
  return streams + logfmt([[UE_FIELD, '=', variable('ue')]]);
}

export function ueDashboard(): Dashboard {
  const top = maclogDashboard('ue', 'MAC Log Studio: UE', 'One UE over the log time')
    .variables([...importVariables(), ueVariable()])
    .withRow(new RowBuilder('Throughput and link'));
  const builder = linkPanels(ueKpi, ueRate)
    .reduce((b, panel) => b.withPanel(panel), top)
    .withRow(new RowBuilder('Reports'))
    .withPanel(lokiTimeseries('Power headroom', 'dB', [ueKpi('avg', 'phr', 'PHR')], { w: 8, h: 8 }))
    .withPanel(
      lokiTimeseries('Buffer status', 'bytes', [ueKpi('max', 'bsr', 'BSR')], { w: 8, h: 8 }),
    )
    .withPanel(lokiTimeseries('CQI', 'none', [ueKpi('avg', 'cqi', 'CQI')], { w: 8, h: 8 }))
    .withRow(new RowBuilder('Log lines'))
    .withPanel(logsPanel('State changes', ueRecordLines('ue'), { w: 24, h: 6 }))
    .withPanel(logsPanel('Log lines of the UE', ueRecordLines()));
  return finish(builder);
}
