/**
 * The app's own Prometheus metrics: what this process ingested and how its jobs went
 * (counters, per process as Prometheus counters are), what the store holds whichever
 * process stored it (gauges read at each scrape, `store-gauges.ts`), plus the default Node
 * process metrics (CPU, memory, event loop lag, GC).
 *
 * Each call to createMetrics() makes a separate Registry, so tests and several stores in
 * one process do not share counters.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { JOB_STATES, type FileResult } from '../../src-shared/ingest.js';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import type { RecordKind } from '../../src-shared/records.js';
import {
  createStoreGauges,
  ScrapeReading,
  type ScrapeLog,
  type StoreGauges,
  type StoreSource,
} from './store-gauges.js';

/** Job durations from 0.1 s to 10 min. */
export const JOB_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** How a file ingest ended: parsed and stored, already stored (reused), or failed. */
export type IngestOutcome = 'parsed' | 'reused' | 'failed';

export interface Metrics {
  registry: Registry;
  records: Counter<'format' | 'kind'>;
  crcFailures: Counter<'format' | 'dir'>;
  unrecognisedLines: Counter<'format'>;
  filesIngested: Counter<'format' | 'outcome'>;
  bytesIngested: Counter<'format'>;
  jobDuration: Histogram;
  jobs: Gauge<'state'>;
  lokiEntries: Counter<'outcome'>;
  lokiRejected: Counter<'reason'>;
  lokiRequests: Counter;
  /** What the store holds, read at each scrape; no samples without a store. */
  store: StoreGauges;
}

export interface MetricsOptions {
  /** Read at every scrape for maclog_jobs{state} and the maclog_store_* gauges. */
  store?: StoreSource;
  /** Where a failed reading of the store is told (the `metrics` logger by default). */
  log?: ScrapeLog;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const reading = new ScrapeReading(options.store, options.log);

  return {
    registry,
    records: new Counter({
      name: 'maclog_records_total',
      help: 'Records produced by parsing in this process, by log format and record kind',
      labelNames: ['format', 'kind'] as const,
      registers,
    }),
    crcFailures: new Counter({
      name: 'maclog_crc_failures_total',
      help:
        'Decoding failures (UL CRC KO, DL HARQ NACK) in logs this process ingested, ' +
        'by direction',
      labelNames: ['format', 'dir'] as const,
      registers,
    }),
    unrecognisedLines: new Counter({
      name: 'maclog_unrecognised_lines_total',
      help: 'Lines that did not fit the log format, in files this process parsed',
      labelNames: ['format'] as const,
      registers,
    }),
    filesIngested: new Counter({
      name: 'maclog_files_ingested_total',
      help: 'Files ingested by this process, by format and outcome (parsed, reused, failed)',
      labelNames: ['format', 'outcome'] as const,
      registers,
    }),
    bytesIngested: new Counter({
      name: 'maclog_bytes_ingested_total',
      help: 'Bytes of log files this process parsed',
      labelNames: ['format'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'maclog_job_duration_seconds',
      help: 'Wall time of the ingest jobs this process ran',
      buckets: JOB_DURATION_BUCKETS,
      registers,
    }),
    jobs: new Gauge({
      name: 'maclog_jobs',
      help: "Ingest jobs by state, read from the store at each scrape (every process's jobs)",
      labelNames: ['state'] as const,
      registers,
      collect() {
        this.reset();
        const counts = reading.get()?.jobs;
        if (!counts) return;
        for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
      },
    }),
    lokiEntries: new Counter({
      name: 'maclog_loki_entries_total',
      help: 'Entries shipped to Loki, by outcome (accepted, rejected)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    lokiRejected: new Counter({
      name: 'maclog_loki_rejected_total',
      help: 'Entries Loki refused, by the reason it gave',
      labelNames: ['reason'] as const,
      registers,
    }),
    lokiRequests: new Counter({
      name: 'maclog_loki_requests_total',
      help: 'Push requests made to Loki, retries included',
      registers,
    }),
    store: createStoreGauges(registry, reading),
  };
}

/**
 * Failed decodes of the whole file. Cell summaries cover every UE of their cell, so they
 * are summed when there are any; a log without cells falls back to the UEs.
 */
function decodeFailures(result: FileResult): { dl: number; ul: number } {
  const subjects: SubjectSummary[] = result.cells.length > 0 ? result.cells : result.ues;
  let dl = 0;
  let ul = 0;
  for (const subject of subjects) {
    dl += subject.counters.dlFails;
    ul += subject.counters.ulFails;
  }
  return { dl, ul };
}

/** Counts one parsed and stored file. */
export function recordResult(metrics: Metrics, result: FileResult, durationSec: number): void {
  const format = result.format.id;

  for (const [kind, count] of Object.entries(result.recordsByKind) as [RecordKind, number][]) {
    metrics.records.inc({ format, kind }, count);
  }

  const failures = decodeFailures(result);
  metrics.crcFailures.inc({ format, dir: 'dl' }, failures.dl);
  metrics.crcFailures.inc({ format, dir: 'ul' }, failures.ul);

  metrics.unrecognisedLines.inc({ format }, result.lines.unrecognised);
  metrics.filesIngested.inc({ format, outcome: 'parsed' });
  metrics.bytesIngested.inc({ format }, result.file.size);
  metrics.jobDuration.observe(durationSec);
}

/**
 * Counts a job that ended without a parse: its content was already stored ('reused'), or
 * it failed ('failed'; format 'unknown' when it failed before one was chosen).
 */
export function recordOutcome(
  metrics: Metrics,
  format: string,
  outcome: Exclude<IngestOutcome, 'parsed'>,
  durationSec: number,
): void {
  metrics.filesIngested.inc({ format, outcome });
  metrics.jobDuration.observe(durationSec);
}
