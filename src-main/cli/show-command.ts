/**
 * `maclog files`, `maclog show ID`, `maclog jobs`: what the store holds.
 */
import type { JobInfo } from '../../src-shared/ingest.js';
import { rejudge } from '../engine/kpi/rules.js';
import type { StoreContext } from './store-context.js';
import { fittedTable, terminalWidth, type Column } from './fit.js';
import { fileSummary, nsToIso, REJUDGED_NOTE, subjectTables } from './render.js';

/** The columns of `maclog files`; on a narrow terminal, when it was ingested goes first. */
const FILE_COLUMNS: Column[] = [
  { head: '#' },
  { head: 'name', cut: 'end' },
  { head: 'format', dropRank: 2 },
  { head: 'MB', dropRank: 1 },
  { head: 'UEs', dropRank: 4 },
  { head: 'bad UEs' },
  { head: 'log time', dropRank: 3 },
  { head: 'warnings' },
  { head: 'ingested (UTC)', dropRank: 0 },
];

/**
 * The columns of `maclog jobs`: its state and error matter more than when it started. A long
 * path keeps its file name, a long error its start; `--json` and a pipe have them whole.
 */
const JOB_COLUMNS: Column[] = [
  { head: '#' },
  { head: 'state' },
  { head: 'file', cut: 'start' },
  { head: 'progress', dropRank: 1 },
  { head: 'started', dropRank: 0 },
  { head: 'error', cut: 'end' },
];

export function listFiles(ctx: StoreContext, options: { json?: boolean }): number {
  const files = ctx.store.listFiles();
  if (options.json) {
    console.log(JSON.stringify(files, null, 2));
    return 0;
  }
  if (files.length === 0) {
    console.log(`No files stored yet in ${ctx.dataDir}. Try: maclog ingest FILE`);
    return 0;
  }
  const rows = files.map((f) => [
    String(f.fileId),
    f.name,
    `${f.format.id} v${f.format.version}`,
    (f.size / 1e6).toFixed(1),
    String(f.ueCount),
    String(f.malperformingUeCount),
    logTime(f.firstNs, f.lastNs),
    f.warnings.length > 0 ? String(f.warnings.length) : '',
    f.ingestedAt.slice(0, 19).replace('T', ' '),
  ]);
  console.log(fittedTable(FILE_COLUMNS, rows, terminalWidth()));
  const several = [...new Set(files.map((f) => f.fileId))].filter(
    (id) => files.filter((f) => f.fileId === id).length > 1,
  );
  for (const id of several) {
    console.log(
      `File #${id} is read in several formats: \`maclog show ${id} --format ID\` shows one.`,
    );
  }
  if (files.some((f) => f.warnings.length > 0)) {
    console.log('`maclog show N` prints the warnings of file #N.');
  }
  return 0;
}

export function showFile(
  ctx: StoreContext,
  fileId: number,
  options: { json?: boolean; bad?: boolean; thresholds?: string; format?: string },
): number {
  const result = ctx.store.getFileResult(fileId, options.format, { series: false });
  if (!result) {
    const reading = options.format ? ` read as ${options.format}` : '';
    console.error(`maclog: no stored file #${fileId}${reading}; \`maclog files\` lists them`);
    return 1;
  }
  // Other thresholds judge the stored UEs and cells again, for this showing only.
  const { thresholds } = ctx;
  const judged = options.thresholds ? rejudge(result, thresholds) : result;
  const ues = options.bad ? judged.ues.filter((u) => u.malperforming) : judged.ues;
  if (options.json) {
    console.log(JSON.stringify({ ...judged, ues, series: undefined }, null, 2));
    return 0;
  }
  console.log(fileSummary(judged));
  if (options.thresholds) console.log(`  note: ${REJUDGED_NOTE}`);
  console.log(subjectTables(judged, ues, terminalWidth()));
  return 0;
}

function jobState(job: JobInfo, orphans: Set<number>): string {
  if (orphans.has(job.id)) return 'interrupted (its process is gone; restarts at the next start)';
  return job.reused ? `${job.state} (reused)` : job.state;
}

export function listJobs(ctx: StoreContext, options: { json?: boolean }): number {
  const jobs = ctx.store.listJobs({ limit: 50 });
  const orphans = ctx.store.orphanedJobIds();
  if (options.json) {
    const marked = jobs.map((j) => ({ ...j, interrupted: orphans.has(j.id) }));
    console.log(JSON.stringify(marked, null, 2));
    return 0;
  }
  const rows = jobs.map((j) => {
    const pct = j.bytesTotal > 0 ? `${Math.floor((j.bytesDone / j.bytesTotal) * 100)}%` : '-';
    return [String(j.id), jobState(j, orphans), j.path, pct, j.startedAt ?? '-', errorOf(j)];
  });
  console.log(fittedTable(JOB_COLUMNS, rows, terminalWidth()));
  return 0;
}

/** Where the log starts, and for how long it runs. */
function logTime(firstNs: string | null, lastNs: string | null): string {
  if (firstNs === null || lastNs === null) return '-';
  const seconds = Number((BigInt(lastNs) - BigInt(firstNs)) / 1_000_000_000n);
  return `${nsToIso(firstNs).slice(0, 19)} (${duration(seconds)})`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** A job's error without the path it begins with: the file column shows that already. */
function errorOf(job: JobInfo): string {
  const error = job.error ?? '';
  return error.startsWith(`${job.path}: `) ? error.slice(job.path.length + 2) : error;
}
