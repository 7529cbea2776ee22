/**
 * What every CLI command that parses logs needs: the store in the data directory, the parse
 * engine with its worker pool, and the ingest service over both. Closed together. Commands
 * that only read or change the store open a StoreContext (store-context.ts) instead, and
 * start no worker threads.
 */
import { existsSync } from 'node:fs';
import { ParseEngine } from '../engine/engine.js';
import { IngestService } from '../ingest/service.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { openStoreContext, type StoreContext, type StoreOptions } from './store-context.js';

export interface CommonOptions extends StoreOptions {
  workers?: number;
  formatsDir?: string;
}

export interface AppContext extends StoreContext {
  engine: ParseEngine;
  metrics: Metrics;
  ingest: IngestService;
}

export function openContext(options: CommonOptions): AppContext {
  if (options.formatsDir && !existsSync(options.formatsDir)) {
    throw new Error(`--formats-dir ${options.formatsDir}: no such folder`);
  }
  const { dataDir, store, thresholds } = openStoreContext(options);
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
