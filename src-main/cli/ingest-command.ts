/**
 * `maclog ingest FILE...`: ingest files one after the other (each on every core), show a
 * progress bar on a terminal, then a summary per file and a table per UE.
 */
import { SingleBar, Presets } from 'cli-progress';
import { DateTime } from 'luxon';
import { basename, resolve } from 'node:path';
import { findFormat } from '../engine/formats/catalog.js';
import { DEFAULT_THRESHOLDS, rejudge, type Thresholds } from '../engine/kpi/rules.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { fileProblem, type IngestOutcome, type IngestRequest } from '../ingest/service.js';
import { logAboveProgressBar } from '../log.js';
import type { AppContext } from './context.js';
import { terminalWidth } from './fit.js';
import { fileSummary, REJUDGED_NOTE, subjectTables } from './render.js';
import { printResult, shipAll, type ShipResult } from './ship-command.js';

export interface IngestCommandOptions {
  format?: string;
  /** Malperforming thresholds as JSON, already checked by the context (see context.ts). */
  thresholds?: string;
  anchor?: string;
  period?: number;
  force?: boolean;
  json?: boolean;
  progress?: boolean;
  /** Ship each ingested file to this Loki afterwards (see ship-command.ts). */
  loki?: string;
}

/**
 * Returns the process exit code: 0 when every file was ingested, 1 otherwise, 130 when
 * Ctrl-C stopped it.
 */
export async function ingestFiles(
  ctx: AppContext,
  files: string[],
  options: IngestCommandOptions,
): Promise<number> {
  const showProgress = options.progress !== false && !options.json && process.stderr.isTTY;
  const anchorSec = options.anchor ? parseAnchor(options.anchor) : null;
  // A format name that does not exist is a usage error, found before any file is read.
  if (options.format) findFormat(ctx.engine.catalog, options.format);
  const { thresholds } = ctx;
  const shown: ShownOutcome[] = [];

  // Jobs a killed process left are done first, and shown as the others (not in the JSON,
  // which answers for the files given, one entry each).
  const resumed = await ctx.ingest.resumeInterrupted();
  for (const r of resumed) {
    if (options.json) continue;
    console.error(`Restarted interrupted job #${r.job.id} (${r.job.path}):`);
    printOutcome(withNotes(r, r.job.path, {}, DEFAULT_THRESHOLDS));
  }

  // Ctrl-C cancels the running job (its partial work is never stored) and skips the rest.
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);

  for (const path of files) {
    if (interrupt.signal.aborted) break;
    // A path that is no file to read (a typo, a folder) is refused here: no job is made
    // that would stand in the job list as failed for ever.
    const problem = await fileProblem(path);
    if (problem) {
      shown.push(refused(path, problem));
      continue;
    }
    const request: IngestRequest = {
      path,
      signal: interrupt.signal,
      formatId: options.format ?? null,
      anchorSec,
      force: options.force ?? false,
      ...(options.period ? { formatOptions: { periodSec: options.period } } : {}),
    };
    const outcome = await ingestOne(ctx, request, showProgress);
    shown.push(withNotes(outcome, path, options, thresholds));
  }
  process.removeListener('SIGINT', onSigint);

  const ingested = shown.every((o) => o.error === null);
  const shipped =
    options.loki && !interrupt.signal.aborted ? await shipIngested(ctx, shown, options) : [];

  if (options.json) {
    const results = shown.map(toJson);
    console.log(JSON.stringify(options.loki ? { files: results, shipped } : results, null, 2));
  } else {
    for (const o of shown) printOutcome(o);
    shipped.forEach(printResult);
  }
  // 128 + SIGINT, as a shell reports a command stopped by Ctrl-C.
  if (interrupt.signal.aborted) return 130;
  return ingested && shipped.every((s) => s.error === null) ? 0 : 1;
}

/** `--loki`: the files just ingested (or found stored) go on to Loki. */
function shipIngested(
  ctx: AppContext,
  outcomes: { fileId: number | null }[],
  options: IngestCommandOptions,
): Promise<ShipResult[]> {
  const fileIds = [...new Set(outcomes.flatMap((o) => (o.fileId === null ? [] : [o.fileId])))];
  return shipAll(ctx, fileIds, {
    loki: options.loki!,
    rate: 10,
    batchLines: 1000,
    ...(options.json ? { json: true } : {}),
    ...(options.progress === false ? { progress: false } : {}),
  });
}

async function ingestOne(
  ctx: AppContext,
  request: IngestRequest,
  showProgress: boolean,
): Promise<IngestOutcome> {
  if (!showProgress) return ctx.ingest.ingest(request);

  const bar = new SingleBar(
    {
      format: `${basename(request.path)} [{bar}] {percentage}% | {done} of {size} MB | {speed} MB/s`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(1, 0, { done: '0', size: '?', speed: '0' });
  logAboveProgressBar(true);
  try {
    return await ctx.ingest.ingest(request, (_job, done, total) => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar.setTotal(Math.max(1, total));
      bar.update(done, {
        done: (done / 1e6).toFixed(0),
        size: (total / 1e6).toFixed(0),
        speed: (done / 1e6 / seconds).toFixed(0),
      });
    });
  } finally {
    logAboveProgressBar(false);
    bar.stop();
  }
}

/**
 * An outcome as shown: with what a result found already stored did not take from the
 * options; without a job for a path refused before any (no such file).
 */
interface ShownOutcome extends Omit<IngestOutcome, 'job'> {
  job: JobInfo | null;
  path: string;
  notes: string[];
}

/**
 * Notes of what this command's options did not change. An --anchor on a log with dates
 * changes nothing. Content already stored is shown as stored, whatever this command asked:
 * the options that would have changed it are named, and other thresholds judge its UEs
 * again for the showing.
 */
function withNotes(
  o: IngestOutcome,
  path: string,
  options: IngestCommandOptions,
  thresholds: Thresholds,
): ShownOutcome {
  if (!o.result) return { ...o, path, notes: [] };
  // Said to the command that gave it, not stored: the content is no different for it.
  const dated = options.anchor !== undefined && o.result.timeAnchor === null;
  const notes = dated ? ['--anchor changes nothing here: the lines carry their own dates'] : [];
  if (!o.reused) return { ...o, path, notes };

  const again = '--force reads the file again';
  if (options.anchor && !dated) {
    notes.push(`--anchor not applied to the stored reading (${again} with it)`);
  }
  if (options.period) notes.push(`--period not applied to the stored reading (${again} with it)`);
  if (o.result.timeAnchor !== null && resolve(o.result.file.path) !== resolve(path)) {
    notes.push(
      `its times were dated when ${o.result.file.path} was ingested, from that file ` +
        `(${again}, dating them from this one)`,
    );
  }
  let result = o.result;
  if (options.thresholds) {
    result = rejudge(result, thresholds);
    notes.push(REJUDGED_NOTE);
  }
  if (notes.length === 0) notes.push(`${again} (for another --anchor or --format)`);
  return { ...o, result, path, notes };
}

function refused(path: string, error: string): ShownOutcome {
  return { path, job: null, result: null, fileId: null, reused: false, error, notes: [] };
}

function printOutcome(o: ShownOutcome): void {
  if (o.error !== null || !o.result) {
    // Most messages already name the file; say it once.
    if (o.job?.state === 'cancelled') {
      console.error(`CANCELLED ${o.path}: nothing of it is stored`);
      return;
    }
    const error = o.error ?? 'unknown error';
    console.error(`FAILED ${error.startsWith(o.path) ? error : `${o.path}: ${error}`}`);
    return;
  }
  console.log(fileSummary(o.result, o.reused ? { path: o.path, fileId: o.fileId } : null));
  for (const note of o.notes) console.log(`  note: ${note}`);
  console.log(subjectTables(o.result, o.result.ues, terminalWidth()));
  console.log(`  stored as file #${o.fileId} (job #${o.job?.id ?? '-'})\n`);
}

function toJson(o: ShownOutcome) {
  return {
    job: o.job,
    fileId: o.fileId,
    reused: o.reused,
    ...(o.notes.length > 0 ? { notes: o.notes } : {}),
    error: o.error,
    result: o.result && { ...o.result, series: undefined },
  };
}

/** `--anchor` takes an ISO 8601 date or date-time, read as UTC when it has no zone. */
export function parseAnchor(text: string): number {
  const date = DateTime.fromISO(text, { zone: 'utc' });
  if (!date.isValid) {
    // Luxon's explanation speaks of its own internals ("13 (of type number)"): say it plainly.
    const why =
      date.invalidReason === 'unit out of range'
        ? 'a month, day, hour or minute out of range'
        : 'not an ISO 8601 date';
    throw new Error(
      `--anchor: "${text}" is not a date (${why}); use e.g. 2024-05-14 or 2024-05-14T10:00:00`,
    );
  }
  return Math.floor(date.toSeconds());
}
