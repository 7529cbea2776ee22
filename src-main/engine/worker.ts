/**
 * The Piscina worker: parses one range of a file. Each worker thread loads the formats it
 * is asked for once and keeps them for every task it runs.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Catalog } from './formats/catalog.js';
import { CODED_FORMATS } from './formats/coded.js';
import type { FormatDefinition } from './formats/types.js';
import { parseRange, type RangeOutcome, type RangeTask } from './parse-range.js';

export interface WorkerTask extends RangeTask {
  userFormatsDir: string | null;
  /** Receives `bytesDone` of this range as the worker goes. */
  progress?: MessagePort;
}

const catalogs = new Map<string, Catalog>();

/**
 * The format of a task. A built-in coded format is at hand at once; the full catalog (the
 * YAML-defined and user formats) is imported only for the first task that needs it, which
 * spares every thread about 150 ms of start-up on the common case.
 */
async function formatOf(task: WorkerTask): Promise<FormatDefinition> {
  // A user format cannot take a built-in id, so a coded id is always the built-in format.
  const coded = CODED_FORMATS.find((f) => f.id === task.formatId);
  if (coded) return coded;

  const { findFormat, loadCatalog } = await importCatalog();
  const key = task.userFormatsDir ?? '';
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = loadCatalog(task.userFormatsDir);
    catalogs.set(key, catalog);
  }
  return findFormat(catalog, task.formatId);
}

/**
 * The catalog module, imported on first need. Built, a plain dynamic import. Run from
 * source (tests), this thread loads its TypeScript through tsx's require hook, which a
 * dynamic import bypasses, so tsx's own loader is asked for the module.
 */
async function importCatalog(): Promise<CatalogModule> {
  if (!import.meta.url.endsWith('.ts')) return import('./formats/catalog.js');
  const { tsImport } = await import('tsx/esm/api');
  return tsImport('./formats/catalog.ts', import.meta.url) as Promise<CatalogModule>;
}

type CatalogModule = typeof import('./formats/catalog.js');

/** Progress messages are throttled: a few per second per range is plenty for a bar. */
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

export default async function parseTask(task: WorkerTask): Promise<RangeOutcome> {
  const format = await formatOf(task);
  let reported = 0;
  const onProgress = (done: number) => {
    if (task.progress && done - reported >= PROGRESS_EVERY_BYTES) {
      reported = done;
      task.progress.postMessage(done);
    }
  };
  try {
    const outcome = await parseRange(task, format, onProgress);
    task.progress?.postMessage(task.end - task.start);
    return outcome;
  } finally {
    task.progress?.close();
  }
}
