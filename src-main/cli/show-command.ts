/**
 * `maclog files`, `maclog show ID`, `maclog jobs`: what the store holds.
 */
import Table from 'cli-table3';
import type { AppContext } from './context.js';
import { fileSummary, ueTable } from './render.js';

export function listFiles(ctx: AppContext, options: { json?: boolean }): number {
  const files = ctx.store.listFiles();
  if (options.json) {
    console.log(JSON.stringify(files, null, 2));
    return 0;
  }
  if (files.length === 0) {
    console.log(`No files stored yet in ${ctx.dataDir}. Try: maclog ingest FILE`);
    return 0;
  }
  const table = new Table({
    head: ['#', 'name', 'format', 'MB', 'UEs', 'malperforming', 'ingested'],
    style: { head: [], border: [] },
  });
  for (const f of files) {
    table.push([
      f.fileId,
      f.name,
      `${f.format.id} v${f.format.version}`,
      (f.size / 1e6).toFixed(1),
      f.ueCount,
      f.malperformingUeCount,
      f.ingestedAt,
    ]);
  }
  console.log(table.toString());
  return 0;
}

export function showFile(
  ctx: AppContext,
  fileId: number,
  options: { json?: boolean; bad?: boolean },
): number {
  const result = ctx.store.getFileResult(fileId);
  if (!result) {
    console.error(`maclog: no stored file #${fileId}; \`maclog files\` lists them`);
    return 1;
  }
  const ues = options.bad ? result.ues.filter((u) => u.malperforming) : result.ues;
  if (options.json) {
    console.log(JSON.stringify({ ...result, ues, series: undefined }, null, 2));
    return 0;
  }
  console.log(fileSummary(result, false));
  console.log(ueTable(ues));
  return 0;
}

export function listJobs(ctx: AppContext, options: { json?: boolean }): number {
  const jobs = ctx.store.listJobs({ limit: 50 });
  if (options.json) {
    console.log(JSON.stringify(jobs, null, 2));
    return 0;
  }
  const table = new Table({
    head: ['#', 'state', 'file', 'progress', 'started', 'error'],
    style: { head: [], border: [] },
  });
  for (const j of jobs) {
    const pct = j.bytesTotal > 0 ? `${Math.floor((j.bytesDone / j.bytesTotal) * 100)}%` : '-';
    table.push([
      j.id,
      j.reused ? `${j.state} (reused)` : j.state,
      j.path,
      pct,
      j.startedAt ?? '-',
      j.error ?? '',
    ]);
  }
  console.log(table.toString());
  return 0;
}
