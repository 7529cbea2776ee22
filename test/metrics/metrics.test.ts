import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../src-shared/ingest.js';
import { createMetrics, recordOutcome, recordResult } from '../../src-main/metrics/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../src-main/metrics/server.js';
import type { StoreSource } from '../../src-main/metrics/store-gauges.js';
import { samples } from '../fixtures/metrics/exposition.js';
import { sampleFileResult } from '../fixtures/store/file-result.js';

let server: MetricsServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A store that holds nothing but these job counts. */
function storeWithJobs(jobs: () => Partial<Record<JobState, number>>): StoreSource {
  return {
    path: '/nowhere/maclog.sqlite',
    countJobsByState: jobs,
    totals: () => ({ files: 0, bytes: 0, formats: [], records: [] }),
  };
}

const durationBuckets = (counts: number[]) => {
  const bounds = ['0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '60', '120', '300', '600'];
  const lines: Record<string, number> = {};
  [...bounds, '+Inf'].forEach((le, i) => {
    lines[`maclog_job_duration_seconds_bucket{le="${le}"}`] = counts[i];
  });
  return lines;
};

describe('metrics', () => {
  it('serves the counters of what was ingested, and the process metrics', async () => {
    const metrics = createMetrics({
      store: storeWithJobs(() => ({ queued: 2, running: 1, done: 5 })),
    });
    server = await startMetricsServer(metrics.registry, { port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    recordResult(metrics, sampleFileResult(), 2.5);
    recordOutcome(metrics, 'srsran-enb', 'reused', 0.05);

    const response = await fetch(server.url);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);

    // The fixture's own numbers: records by kind as listed, decode failures of its one cell
    // (DL 7 + 9 NACKs, UL 3 CRC KO), 3 unrecognised lines, a 5 MiB file.
    const f = 'format="srsran-enb"';
    expect(samples(text, 'maclog_')).toEqual({
      [`maclog_records_total{${f},kind="grant"}`]: 200,
      [`maclog_records_total{${f},kind="decode"}`]: 200,
      [`maclog_records_total{${f},kind="bsr"}`]: 3,
      [`maclog_records_total{${f},kind="phr"}`]: 4,
      [`maclog_records_total{${f},kind="csi"}`]: 15,
      [`maclog_records_total{${f},kind="ra"}`]: 3,
      [`maclog_records_total{${f},kind="ue"}`]: 4,
      [`maclog_crc_failures_total{${f},dir="dl"}`]: 16,
      [`maclog_crc_failures_total{${f},dir="ul"}`]: 3,
      [`maclog_unrecognised_lines_total{${f}}`]: 3,
      [`maclog_files_ingested_total{${f},outcome="parsed"}`]: 1,
      [`maclog_files_ingested_total{${f},outcome="reused"}`]: 1,
      [`maclog_bytes_ingested_total{${f}}`]: 5_242_880,
      ...durationBuckets([1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]),
      maclog_job_duration_seconds_sum: 2.55,
      maclog_job_duration_seconds_count: 2,
      'maclog_jobs{state="queued"}': 2,
      'maclog_jobs{state="running"}': 1,
      'maclog_jobs{state="done"}': 5,
      'maclog_jobs{state="failed"}': 0,
      'maclog_jobs{state="cancelled"}': 0,
      // The store holds no file: the store gauges without labels show it.
      maclog_store_up: 1,
      maclog_store_files: 0,
      maclog_store_bytes: 0,
      // Nothing was shipped to Loki: a counter without labels still shows its 0.
      maclog_loki_requests_total: 0,
    });

    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
    }
  });

  it('reads job counts afresh at every scrape', async () => {
    let queued = 1;
    const metrics = createMetrics({ store: storeWithJobs(() => ({ queued })) });
    server = await startMetricsServer(metrics.registry, { port: 0 });

    const scrape = async () =>
      samples(await (await fetch(server!.url)).text(), 'maclog_jobs{state="queued"}');
    expect(await scrape()).toEqual({ 'maclog_jobs{state="queued"}': 1 });
    queued = 7;
    expect(await scrape()).toEqual({ 'maclog_jobs{state="queued"}': 7 });
  });

  it('answers 404 off /metrics and 500 when a metric cannot be collected', async () => {
    const metrics = createMetrics();
    new Gauge({
      name: 'maclog_test_broken',
      help: 'A gauge whose collect() fails',
      registers: [metrics.registry],
      collect() {
        throw new Error('the gauge is broken');
      },
    });
    server = await startMetricsServer(metrics.registry, { port: 0 });
    const base = server.url.replace(/\/metrics$/, '');

    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metricsx`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);

    const failed = await fetch(`${server.url}?x=1`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('Cannot collect metrics: the gauge is broken\n');
  });

  it('names the host and port when the port is taken', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;

    try {
      await expect(startMetricsServer(createMetrics().registry, { port })).rejects.toThrow(
        `cannot serve metrics on 127.0.0.1:${port}: the port is already in use`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
