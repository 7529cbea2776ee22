/**
 * The Piscina worker: parses one range of a file. Each worker thread loads the format
 * catalog once and keeps it for every task it runs.
 */
import type { MessagePort } from 'node:worker_threads';
import { findFormat, loadCatalog, type Catalog } from './formats/catalog.js';
import { parseRange, type RangeOutcome, type RangeTask } from './parse-range.js';

export interface WorkerTask extends RangeTask {
  userFormatsDir: string | null;
  /** Receives `bytesDone` of this range as the worker goes. */
  progress?: MessagePort;
}

const catalogs = new Map<string, Catalog>();

function catalogFor(dir: string | null): Catalog {
  const key = dir ?? '';
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = loadCatalog(dir);
    catalogs.set(key, catalog);
  }
  return catalog;
}

/** Progress messages are throttled: a few per second per range is plenty for a bar. */
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

export default async function parseTask(task: WorkerTask): Promise<RangeOutcome> {
  const format = findFormat(catalogFor(task.userFormatsDir), task.formatId);
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
