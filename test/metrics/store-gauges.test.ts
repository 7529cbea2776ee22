/**
 * The store gauges as a user meets them: `maclog ingest` stores files in one process, and
 * the /metrics of another process on the same data folder (`maclog metrics`) shows them.
 * Expected values are worked out apart from the store: sizes from the file system, the
 * rest from the JSON that `maclog ingest --json` printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../../src-shared/ingest.js';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { createMetrics } from '../../src-main/metrics/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../src-main/metrics/server.js';
import type { ScrapeLog, StoreSource } from '../../src-main/metrics/store-gauges.js';
import { openStore } from '../../src-main/store/store.js';
import { samples } from '../fixtures/metrics/exposition.js';
import { samplePath } from '../samples.js';

const runner = resolve(import.meta.dirname, '../fixtures/cli/run-cli.ts');

const STORE_GAUGES = [
  'maclog_store_bytes',
  'maclog_store_crc_failures',
  'maclog_store_files',
  'maclog_store_ingests',
  'maclog_store_malperforming_ues',
  'maclog_store_records',
  'maclog_store_ues',
  'maclog_store_unrecognised_lines',
  'maclog_store_up',
];

let server: MetricsServer | undefined;
let context: AppContext | undefined;

afterEach(async () => {
  await server?.close();
  await context?.close();
  server = undefined;
  context = undefined;
});

interface IngestOutcome {
  error: string | null;
  result: FileResult;
}

/** `maclog ingest --json PATHS` in a process of its own, as a user runs it. */
function ingestInAnotherProcess(dataDir: string, paths: string[]): IngestOutcome[] {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', runner, 'ingest', '--json', '--workers', '1', ...paths],
    { encoding: 'utf8', env: { ...process.env, MACLOG_DATA_DIR: dataDir }, timeout: 120_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  const outcomes = JSON.parse(run.stdout) as IngestOutcome[];
  expect(outcomes.map((o) => o.error)).toEqual(paths.map(() => null));
  return outcomes;
}

/** The maclog_store_* samples the outcomes and files should give, summed by hand. */
function expectedGauges(paths: string[], outcomes: IngestOutcome[]): Record<string, number> {
  const expected: Record<string, number> = {
    maclog_store_up: 1,
    maclog_store_files: paths.length,
    maclog_store_bytes: paths.reduce((sum, path) => sum + statSync(path).size, 0),
  };
  const add = (sample: string, n: number) => (expected[sample] = (expected[sample] ?? 0) + n);

  for (const { result } of outcomes) {
    const f = `format="${result.format.id}"`;
    add(`maclog_store_ingests{${f}}`, 1);
    for (const [kind, n] of Object.entries(result.recordsByKind)) {
      add(`maclog_store_records{${f},kind="${kind}"}`, n);
    }
    add(`maclog_store_unrecognised_lines{${f}}`, result.lines.unrecognised);
    add(`maclog_store_ues{${f}}`, result.ues.length);
    add(`maclog_store_malperforming_ues{${f}}`, result.ues.filter((u) => u.malperforming).length);
    // Every sample has cells, and a cell's counters sum its UEs'.
    expect(result.cells.length).toBeGreaterThan(0);
    for (const cell of result.cells) {
      add(`maclog_store_crc_failures{${f},dir="dl"}`, cell.counters.dlFails);
      add(`maclog_store_crc_failures{${f},dir="ul"}`, cell.counters.ulFails);
    }
  }
  return expected;
}

/** Sums of the samples of each gauge: every one must have read something. */
function totalsByGauge(found: Record<string, number>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const [sample, value] of Object.entries(found)) {
    const name = sample.replace(/\{.*/, '');
    totals[name] = (totals[name] ?? 0) + value;
  }
  return totals;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

describe('store gauges', () => {
  it("show files that another process ingested, and the next one's at the next scrape", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'maclog-store-gauges-')), 'data');
    const first = [
      'oai-gnb-nr-ra-stats.log',
      'ocudu-gnb-cell-metrics.log',
      'srslte-enb-rach.log',
      'srsran-gnb-console-handover.log',
      'srsran4g-enb-21.10.log',
    ].map(samplePath);
    const firstOutcomes = ingestInAnotherProcess(dataDir, first);

    // What `maclog metrics` opens: a context of its own on the same data folder.
    context = openContext({ dataDir, workers: 1 });
    server = await startMetricsServer(context.metrics.registry, { port: 0 });

    const text = await scrape(server.url);
    const expected = expectedGauges(first, firstOutcomes);
    expect(samples(text, 'maclog_store_')).toEqual(expected);
    // The samples were chosen so that every gauge has something to show.
    const totals = totalsByGauge(expected);
    expect(Object.keys(totals).sort()).toEqual(STORE_GAUGES);
    for (const total of Object.values(totals)) expect(total).toBeGreaterThan(0);
    expect(samples(text, 'maclog_jobs{state="done"}')).toEqual({
      'maclog_jobs{state="done"}': 5,
    });
    // This process ingested nothing: its counters say so, as Prometheus counters do.
    expect(samples(text, 'maclog_records_total')).toEqual({});
    expect(samples(text, 'maclog_bytes_ingested_total')).toEqual({});

    // The case: `maclog ingest new.log` beside a running `maclog metrics`. Its
    // format is one already stored, so its numbers add to those of the first ingests.
    const next = [samplePath('srsran-gnb-nr.log')];
    const nextOutcomes = ingestInAnotherProcess(dataDir, next);
    expect(nextOutcomes[0].result.format.id).toBe(firstOutcomes[1].result.format.id);

    const after = await scrape(server.url);
    expect(samples(after, 'maclog_store_')).toEqual(
      expectedGauges([...first, ...next], [...firstOutcomes, ...nextOutcomes]),
    );
    expect(samples(after, 'maclog_jobs{state="done"}')).toEqual({
      'maclog_jobs{state="done"}': 6,
    });
  });

  it('leave the rest of /metrics served when the store cannot be read, and say so once', async () => {
    const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'maclog-store-gauges-')) });
    const log = recordingLog();
    const metrics = createMetrics({ store, log });
    server = await startMetricsServer(metrics.registry, { port: 0 });
    store.close();

    for (let scrapeNo = 0; scrapeNo < 2; scrapeNo++) {
      const text = await scrape(server.url);
      expect(samples(text, 'maclog_store_')).toEqual({ maclog_store_up: 0 });
      expect(samples(text, 'maclog_jobs')).toEqual({});
      expect(samples(text, 'maclog_job_duration_seconds_count')).toEqual({
        maclog_job_duration_seconds_count: 0,
      });
      expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    }

    expect(log.lines).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(/^cannot read the store for \/metrics: /) as string,
        store: store.path,
        error: 'The database connection is not open',
      },
    ]);
  });

  it('say once when the store can be read again, and again when it fails again', async () => {
    let failure: string | null = 'database is locked';
    const source: StoreSource = {
      path: '/data/maclog.sqlite',
      countJobsByState: () => ({ done: 1 }),
      totals: () => {
        if (failure) throw new Error(failure);
        return { files: 1, bytes: 10, formats: [], records: [] };
      },
    };
    const log = recordingLog();
    server = await startMetricsServer(createMetrics({ store: source, log }).registry, {
      port: 0,
    });
    const storeSamples = async () => samples(await scrape(server!.url), 'maclog_store_');

    const failed = { maclog_store_up: 0 };
    const read = { maclog_store_up: 1, maclog_store_files: 1, maclog_store_bytes: 10 };
    expect(await storeSamples()).toEqual(failed);
    expect(await storeSamples()).toEqual(failed);
    failure = null;
    expect(await storeSamples()).toEqual(read);
    expect(await storeSamples()).toEqual(read);
    failure = 'disk I/O error';
    expect(await storeSamples()).toEqual(failed);

    expect(log.lines.map((line) => [line.level, line.error])).toEqual([
      ['warn', 'database is locked'],
      ['info', undefined],
      ['warn', 'disk I/O error'],
    ]);
  });
});

interface LogLine {
  level: 'warn' | 'info';
  message: string;
  store: unknown;
  error?: string;
}

/** A ScrapeLog that keeps what it was told. */
function recordingLog(): ScrapeLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const keep =
    (level: LogLine['level']) =>
    (fields: { store: unknown; err?: unknown }, message: string): void => {
      const error = fields.err instanceof Error ? fields.err.message : undefined;
      lines.push({ level, message, store: fields.store, ...(error ? { error } : {}) });
    };
  return {
    lines,
    warn: keep('warn') as ScrapeLog['warn'],
    info: keep('info') as ScrapeLog['info'],
  };
}
