/**
 * What every CLI command that touches data needs: the store in the data directory, the
 * parse engine with its worker pool, and the ingest service over both. Closed together.
 */
import { existsSync } from 'node:fs';
import { ParseEngine } from '../engine/engine.js';
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from '../engine/kpi/rules.js';
import { IngestService } from '../ingest/service.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { defaultDataDir, openStore, type Store } from '../store/store.js';

export interface CommonOptions {
  dataDir?: string;
  workers?: number;
  formatsDir?: string;
  /** JSON object of malperforming thresholds (see ThresholdsSchema). */
  thresholds?: string;
}

export interface AppContext {
  dataDir: string;
  store: Store;
  engine: ParseEngine;
  metrics: Metrics;
  ingest: IngestService;
  /** The malperforming thresholds of `--thresholds`, or the defaults, checked once here. */
  thresholds: Thresholds;
  close(): Promise<void>;
}

export function openContext(options: CommonOptions): AppContext {
  const dataDir = options.dataDir ?? defaultDataDir();
  if (options.formatsDir && !existsSync(options.formatsDir)) {
    throw new Error(`--formats-dir ${options.formatsDir}: no such folder`);
  }
  const thresholds = options.thresholds
    ? parseThresholds(options.thresholds, '--thresholds')
    : DEFAULT_THRESHOLDS;
  const store = openStore({ dataDir });
  const engine = new ParseEngine({
    ...(options.workers ? { workers: options.workers } : {}),
    userFormatsDir: options.formatsDir ?? null,
    thresholds,
  });
  // A bad format file is skipped, not fatal: the other formats still read their logs.
  for (const error of engine.catalog.errors) {
    console.error(`maclog: warning: format file skipped: ${error}`);
  }
  const metrics = createMetrics({ store });
  const ingest = new IngestService({ store, engine, metrics });
  return {
    dataDir,
    store,
    engine,
    metrics,
    ingest,
    thresholds,
    async close() {
      await engine.close();
      store.close();
    },
  };
}
