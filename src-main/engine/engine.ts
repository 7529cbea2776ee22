/**
 * The parse engine: sniffs a file's format, cuts it into ranges at record boundaries,
 * parses the ranges on a pool of worker threads (one per core by default) and merges them
 * into one FileResult. It knows nothing of the store; `IngestService` puts the two together.
 */
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { FileResult } from '../../src-shared/ingest.js';
import { findFormat, loadCatalog, type Catalog } from './formats/catalog.js';
import type { FormatDefinition } from './formats/types.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './kpi/rules.js';
import { mergeOutcomes } from './merge.js';
import { equalRanges, planRanges } from './plan.js';
import type { RangeOutcome } from './parse-range.js';
import { isGzip, readHeadLines, sniffFile, type SniffResult } from './sniff.js';
import type { WorkerTask } from './worker.js';
import { isWorkerLoaded } from './worker-loaded.js';

export interface EngineOptions {
  /** Worker threads; defaults to the number of cores. */
  workers?: number;
  /** Folder of user format files, or null. */
  userFormatsDir?: string | null;
  thresholds?: Thresholds;
  /** Unrecognised lines kept per file as examples. */
  maxExamples?: number;
  /** Size of the ranges a file is cut into; smaller ranges spread work more evenly. */
  rangeBytes?: number;
}

export interface ParseOptions {
  /** A format id to use instead of sniffing. */
  formatId?: string | null;
  /** Unix seconds that anchor logs without dates (time-of-day and elapsed clocks). */
  anchorSec?: number | null;
  /** Format options, such as `periodSec` for console tables. */
  formatOptions?: Record<string, string | number | boolean>;
  /** Number of ranges to cut the file into, overriding the size rule (tests use it). */
  ranges?: number;
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export type ParsedFile = Omit<FileResult, 'file'> & { file: Omit<FileResult['file'], 'sha256'> };

const DEFAULT_RANGE_BYTES = 64 * 1024 * 1024;
/**
 * A worker's young generation. A parser makes strings by the million that die young, and
 * V8's default lets that garbage fill some 50 MB per worker before collecting it. At 12 MB
 * the process peaks 50 MB lower with two workers (1 GB bench: 220 MB against 270) and parses
 * as fast: what survives a scavenge is small, so more of them cost little.
 */
const WORKER_YOUNG_GENERATION_MB = 12;
/**
 * Log read before and after each range, uncounted, so that parser state (HARQ processes,
 * the UE behind an RNTI) and records spread over several lines come out as if the file
 * were read in one piece: far more than any HARQ round trip spans, and about 3 % extra
 * reading for a 64 MB range.
 */
const CONTEXT_BYTES = 1024 * 1024;

export class ParseEngine {
  readonly catalog: Catalog;
  private readonly pool: Piscina;
  /** Resolves once every thread has loaded its modules (see worker-loaded.ts). */
  private readonly loaded: Promise<void>;
  private readonly options: Required<EngineOptions>;

  constructor(options: EngineOptions = {}) {
    this.options = {
      workers: options.workers ?? availableParallelism(),
      userFormatsDir: options.userFormatsDir ?? null,
      thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
      maxExamples: options.maxExamples ?? 20,
      rangeBytes: options.rangeBytes ?? DEFAULT_RANGE_BYTES,
    };
    this.catalog = loadCatalog(this.options.userFormatsDir);
    this.pool = new Piscina({
      ...workerEntry(),
      minThreads: this.options.workers,
      maxThreads: this.options.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.loaded = allLoaded(this.pool, this.options.workers);
  }

  get workers(): number {
    return this.options.workers;
  }

  /** The format of a file: the one asked for, or the most confident sniffer's. */
  async detect(path: string, formatId?: string | null): Promise<FormatDefinition> {
    if (formatId) return findFormat(this.catalog, formatId);
    return (await this.sniff(path)).format;
  }

  /** How sure each format is that the file is of it; throws when none is sure enough. */
  async sniff(path: string): Promise<SniffResult> {
    return sniffFile(path, this.catalog.formats, await isGzip(path));
  }

  async parse(path: string, options: ParseOptions = {}): Promise<ParsedFile> {
    const started = performance.now();
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${path}: not a regular file`);
    const gzip = info.size >= 2 && (await isGzip(path));
    const format = options.formatId
      ? findFormat(this.catalog, options.formatId)
      : (await sniffFile(path, this.catalog.formats, gzip)).format;
    const head =
      format.optionsFromHead || (format.dateFromHead && options.anchorSec == null)
        ? await readHeadLines(path, gzip, Number.POSITIVE_INFINITY)
        : [];
    const headerSec =
      format.dateFromHead && options.anchorSec == null ? format.dateFromHead(head) : null;
    const formatOptions = { ...format.optionsFromHead?.(head), ...options.formatOptions };

    const tasks = this.planTasks(path, info.size, gzip, format, { ...options, formatOptions });
    const outcomes = await this.runTasks(tasks, info.size, options);
    const merged = mergeOutcomes({
      outcomes,
      formatId: format.id,
      clock: format.clock,
      anchor: {
        userSec: options.anchorSec ?? null,
        headerSec,
        fileMtimeSec: Math.floor(info.mtimeMs / 1000),
      },
      thresholds: this.options.thresholds,
      maxExamples: this.options.maxExamples,
    });

    return {
      ...merged,
      file: { path, name: basename(path), size: info.size, mtimeMs: info.mtimeMs },
      format: { id: format.id, name: format.name, version: format.version },
      parseMs: Math.round(performance.now() - started),
    };
  }

  async close(): Promise<void> {
    // A thread that never loads (a broken install) must not hold the close up for ever.
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((done) => {
      timer = setTimeout(done, LOAD_WAIT_MS);
    });
    await Promise.race([this.loaded, giveUp]);
    clearTimeout(timer);
    await this.pool.destroy();
  }

  private planTasks(
    path: string,
    size: number,
    gzip: boolean,
    format: FormatDefinition,
    options: ParseOptions,
  ): WorkerTask[] {
    const splittable = !gzip && format.clock !== 'elapsed' && format.isRecordStart !== undefined;
    const ranges = !splittable
      ? equalRanges(size, 1)
      : options.ranges
        ? equalRanges(size, options.ranges)
        : planRanges(size, {
            maxBytes: this.options.rangeBytes,
            minBytes: Math.ceil(this.options.rangeBytes / 8),
            workers: this.options.workers,
          });

    return ranges.map(([start, end], index) => ({
      path,
      gzip,
      start,
      end,
      whole: ranges.length === 1,
      index,
      formatId: format.id,
      options: options.formatOptions ?? {},
      maxExamples: this.options.maxExamples,
      definition: format.definition ?? null,
      contextBytes: CONTEXT_BYTES,
    }));
  }

  /**
   * Runs the ranges in the order planned, as many at a time as there are workers: each
   * lane takes the next range when its last one is done. Handing Piscina every range at
   * once would let its queue choose the order (seen: every second range first), and the
   * plan puts the small ranges last so that the workers finish together.
   */
  private async runTasks(
    tasks: WorkerTask[],
    size: number,
    options: ParseOptions,
  ): Promise<RangeOutcome[]> {
    const done = new Array<number>(tasks.length).fill(0);
    const report = () => options.onProgress?.(Math.min(size, sum(done)), size);
    const outcomes = new Array<RangeOutcome>(tasks.length);
    let next = 0;
    let failed = false;

    const lane = async () => {
      while (next < tasks.length && !failed) {
        const i = next++;
        try {
          outcomes[i] = await this.runRange(tasks[i], options.signal, (bytes) => {
            done[i] = bytes;
            report();
          });
        } catch (err) {
          failed = true; // the other lanes finish their range and take no more
          throw err;
        }
      }
    };
    const lanes = Math.max(1, Math.min(this.options.workers, tasks.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    return outcomes;
  }

  private runRange(
    task: WorkerTask,
    signal: AbortSignal | undefined,
    onBytes: (bytes: number) => void,
  ): Promise<RangeOutcome> {
    const channel = new MessageChannel();
    channel.port1.on('message', onBytes);
    channel.port1.unref();
    const run = this.pool.run(
      { ...task, progress: channel.port2 },
      { transferList: [channel.port2], ...(signal ? { signal } : {}) },
    ) as Promise<RangeOutcome>;
    return run.finally(() => channel.port1.close());
  }
}

/** How long `close` waits for threads still loading before it stops them anyway. */
const LOAD_WAIT_MS = 10_000;

function allLoaded(pool: Piscina, threads: number): Promise<void> {
  return new Promise((done) => {
    let loaded = 0;
    const onMessage = (message: unknown) => {
      if (!isWorkerLoaded(message) || ++loaded < threads) return;
      pool.off('message', onMessage);
      done();
    };
    pool.on('message', onMessage);
  });
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/**
 * Where the worker's code is. Built, it is worker.js beside this file; run from source
 * (tests, `tsx`), it is worker.ts, which the thread loads through tsx's loader.
 */
function workerEntry(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href;
  // From source (tests), tsx loads the worker; named by its path, since a bare 'tsx' is
  // looked for from the working folder, which may be any.
  return fromSource
    ? { filename, execArgv: ['--import', import.meta.resolve('tsx')] }
    : { filename: unpacked(filename) };
}

/**
 * In the packaged desktop app this file is inside app.asar, which a worker thread cannot
 * load modules from; electron-builder.yml unpacks the worker and what it imports to
 * app.asar.unpacked beside it, and the worker is started from there.
 */
export function unpacked(url: string): string {
  return url.replace(/\.asar([\\/])/, '.asar.unpacked$1');
}
