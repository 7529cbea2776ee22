/**
 * The Piscina worker: parses one range of a file, with the format the main thread chose.
 *
 * A coded format is imported with this module. A format written as a definition file comes
 * with its text in the task and is compiled here once per text: the thread then parses with
 * exactly the definition that the main thread sniffed the file with and stored the version
 * of, even if the file on disk changes meanwhile. The YAML parser and the schema that this
 * needs are imported on first use, which spares every thread about 150 ms of start-up.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { CODED_FORMATS } from './formats/coded.js';
import type { FormatDefinition } from './formats/types.js';
import { parseRange, type RangeOutcome, type RangeTask } from './parse-range.js';
import { WORKER_LOADED } from './worker-loaded.js';

// Everything this module imports is loaded: the engine may stop this thread from now on.
parentPort?.postMessage({ [WORKER_LOADED]: true });

export interface WorkerTask extends RangeTask {
  /** The definition of a format loaded from a file; null for a coded format. */
  definition: { file: string; text: string } | null;
  /** Receives `bytesDone` of this range as the worker goes. */
  progress?: MessagePort;
}

/** Definitions compiled by this thread, by their text. */
const compiled = new Map<string, FormatDefinition>();

async function formatOf(task: WorkerTask): Promise<FormatDefinition> {
  const { definition } = task;
  if (definition === null) {
    const coded = CODED_FORMATS.find((f) => f.id === task.formatId);
    if (!coded) throw new Error(`unknown format "${task.formatId}"`);
    return coded;
  }

  let format = compiled.get(definition.text);
  if (!format) {
    const { loadFormatText } = await importLoader();
    const loaded = loadFormatText(definition.text, definition.file);
    // The main thread loaded this very text without an error: this cannot fail but by a bug.
    if (!loaded.format) throw new Error(`${definition.file}: ${loaded.errors[0]?.text}`);
    format = loaded.format;
    compiled.set(definition.text, format);
  }
  return format;
}

/**
 * The definition loader, imported on first need. Built, a plain dynamic import. Run from
 * source (tests), this thread loads its TypeScript through tsx's require hook, which a
 * dynamic import bypasses, so tsx's own loader is asked for the module.
 */
async function importLoader(): Promise<LoaderModule> {
  if (!import.meta.url.endsWith('.ts')) return import('./formats/declarative/load.js');
  const { tsImport } = await import('tsx/esm/api');
  return tsImport('./formats/declarative/load.ts', import.meta.url) as Promise<LoaderModule>;
}

type LoaderModule = typeof import('./formats/declarative/load.js');

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
