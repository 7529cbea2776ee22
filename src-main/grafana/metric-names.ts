/**
 * The names of the app's Prometheus metrics, read from the metrics the app registers
 * (`src-main/metrics/metrics.ts`) instead of written out again here.
 */
import type { Metric } from 'prom-client';
import { createMetrics } from '../metrics/metrics.js';

export interface MetricNames {
  records: string;
  crcFailures: string;
  unrecognisedLines: string;
  filesIngested: string;
  bytesIngested: string;
  jobDuration: string;
  jobs: string;
}

async function nameOf(metric: Metric): Promise<string> {
  return (await metric.get()).name;
}

export async function appMetricNames(): Promise<MetricNames> {
  const m = createMetrics();
  return {
    records: await nameOf(m.records),
    crcFailures: await nameOf(m.crcFailures),
    unrecognisedLines: await nameOf(m.unrecognisedLines),
    filesIngested: await nameOf(m.filesIngested),
    bytesIngested: await nameOf(m.bytesIngested),
    jobDuration: await nameOf(m.jobDuration),
    jobs: await nameOf(m.jobs),
  };
}
