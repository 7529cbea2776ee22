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
  /** What the store holds, whichever process ingested it (see metrics/store-gauges.ts). */
  storeFiles: string;
  storeRecords: string;
  storeCrcFailures: string;
  storeUnrecognisedLines: string;
  storeUes: string;
  storeMalperformingUes: string;
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
    storeFiles: await nameOf(m.store.files),
    storeRecords: await nameOf(m.store.records),
    storeCrcFailures: await nameOf(m.store.crcFailures),
    storeUnrecognisedLines: await nameOf(m.store.unrecognisedLines),
    storeUes: await nameOf(m.store.ues),
    storeMalperformingUes: await nameOf(m.store.malperformingUes),
  };
}
