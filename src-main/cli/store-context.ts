/**
 * What the commands that only read or change the store need (`files`, `show`, `jobs`,
 * `delete`, `shipments`): the store in the data directory and the malperforming thresholds.
 * No parse engine, so no worker threads start and no parser is loaded: these commands
 * answer at once.
 */
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from '../engine/kpi/rules.js';
import { defaultDataDir, openStore, type Store } from '../store/store.js';

export interface StoreOptions {
  dataDir?: string;
  /** JSON object of malperforming thresholds (see ThresholdsSchema). */
  thresholds?: string;
}

export interface StoreContext {
  dataDir: string;
  store: Store;
  /** The malperforming thresholds of `--thresholds`, or the defaults, checked once here. */
  thresholds: Thresholds;
  close(): Promise<void>;
}

export function openStoreContext(options: StoreOptions): StoreContext {
  const dataDir = options.dataDir ?? defaultDataDir();
  // Checked before the store is opened, so that a typo leaves no new data folder behind.
  const thresholds = options.thresholds
    ? parseThresholds(options.thresholds, '--thresholds')
    : DEFAULT_THRESHOLDS;
  const store = openStore({ dataDir });
  return {
    dataDir,
    store,
    thresholds,
    close() {
      store.close();
      return Promise.resolve();
    },
  };
}
