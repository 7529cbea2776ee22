/**
 * `maclog ship FILE_ID...`: ships stored files to Loki (records, per-second KPIs and
 * summaries), with a progress bar, resuming each where it stopped; `maclog shipments`
 * lists them.
 */
import { Presets, SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { LokiClient, PushError } from '../loki/client.js';
import { Shipper } from '../loki/shipper.js';
import { logAboveProgressBar } from '../log.js';
import type { ShipmentInfo } from '../store/store.js';
import type { AppContext } from './context.js';
import type { StoreContext } from './store-context.js';

export interface ShipCommandOptions {
  loki: string;
  rate: number;
  batchLines: number;
  again?: boolean;
  json?: boolean;
  progress?: boolean;
  /** Extra HTTP header for Loki, "Name: value" (e.g. X-Scope-OrgID: team). */
  header?: string[];
  /** Retries of one request before the shipment stops (it resumes on the next run). */
  retries?: number;
}

/** Returns the exit code: 0 when every file was shipped. */
export async function shipFiles(
  ctx: AppContext,
  fileIds: number[],
  options: ShipCommandOptions,
): Promise<number> {
  const results = await shipAll(ctx, fileIds, options);
  if (options.json) console.log(JSON.stringify(results, null, 2));
  else results.forEach(printResult);
  return results.every((r) => r.error === null) ? 0 : 1;
}

/** Ships the files one after the other; Ctrl-C stops after the shipment under way. */
export async function shipAll(
  ctx: AppContext,
  fileIds: number[],
  options: ShipCommandOptions,
): Promise<ShipResult[]> {
  const client: LokiClient = new LokiClient({
    url: options.loki,
    requestsPerSecond: options.rate,
    headers: parseHeaders(options.header ?? []),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    onRetry: (err, attempt, left) => {
      // The target, not the URL given: it carries no password (see lokiEndpoint).
      if (!options.json) {
        console.error(
          `Loki at ${client.target}: ${err} (attempt ${attempt}, ${left} retries left)`,
        );
      }
    },
  });
  const shipper = new Shipper({
    store: ctx.store,
    catalog: ctx.engine.catalog,
    client,
    batchLines: options.batchLines,
    metrics: ctx.metrics,
  });
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);

  const results: ShipResult[] = [];
  for (const fileId of fileIds) {
    if (interrupt.signal.aborted) break;
    results.push(await shipOne(shipper, fileId, options, interrupt.signal));
  }
  process.removeListener('SIGINT', onSigint);
  return results;
}

async function shipOne(
  shipper: Shipper,
  fileId: number,
  options: ShipCommandOptions,
  signal: AbortSignal,
): Promise<ShipResult> {
  const showProgress = options.progress !== false && !options.json && process.stderr.isTTY;
  const bar = showProgress
    ? new SingleBar(
        { format: `file #${fileId} to Loki [{bar}] {percentage}% | {value}/{total} entries` },
        Presets.shades_classic,
      )
    : null;
  let started = false;
  try {
    const shipment = await shipper.ship({
      fileId,
      again: options.again === true,
      signal,
      onProgress: (s) => {
        if (bar && !started) {
          bar.start(s.entriesTotal, s.entriesDone);
          logAboveProgressBar(true);
        }
        started = true;
        bar?.update(s.entriesDone);
      },
    });
    return { fileId, shipment, shippedNow: started, error: null, resumable: false };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    // A Loki that did not answer: the cursor is kept, and the next run resumes there.
    return {
      fileId,
      shipment: null,
      shippedNow: started,
      error,
      resumable: err instanceof PushError,
    };
  } finally {
    logAboveProgressBar(false);
    if (started) bar?.stop();
  }
}

export interface ShipResult {
  fileId: number;
  shipment: ShipmentInfo | null;
  /** False when the file had been shipped before and nothing was sent. */
  shippedNow: boolean;
  error: string | null;
  resumable: boolean;
}

export function printResult({
  fileId,
  shipment: s,
  shippedNow,
  error,
  resumable,
}: ShipResult): void {
  if (error !== null || s === null) {
    console.error(`file #${fileId}: not shipped: ${error}`);
    if (resumable) console.error('  run the same command again to resume where it stopped');
    return;
  }
  if (!shippedNow) {
    console.log(`file #${fileId}: already shipped to ${s.target} (--again ships it again)`);
    return;
  }
  console.log(
    `file #${fileId}: ${s.state}, ${s.accepted} entries kept by Loki, ${s.rejected} refused ` +
      `(${s.requests} requests to ${s.target})`,
  );
  for (const [reason, n] of Object.entries(s.rejectedByReason)) {
    console.log(`  refused: ${n} × ${reason}`);
  }
}

/** `maclog shipments`: every shipment with its cursor. */
export function listShipments(ctx: StoreContext, options: { json?: boolean }): number {
  const shipments = ctx.store.shipments.list();
  const orphans = new Set(ctx.store.shipments.interrupted().map((s) => s.id));
  if (options.json) {
    const marked = shipments.map((s) => ({ ...s, interrupted: orphans.has(s.id) }));
    console.log(JSON.stringify(marked, null, 2));
    return 0;
  }
  if (shipments.length === 0) {
    console.log('Nothing shipped yet: `maclog ship FILE_ID --loki URL`.');
    return 0;
  }
  const table = new Table({
    head: ['file', 'import', 'Loki', 'state', 'done', 'kept', 'refused', 'requests', 'error'],
    style: { head: [], border: [] },
  });
  // Users name files by their number (`maclog ship 2`); a shipment is of one import of one.
  const fileOf = new Map(ctx.store.listFiles().map((f) => [f.ingestId, f]));
  for (const s of shipments) {
    const file = fileOf.get(s.ingestId);
    table.push([
      file ? `#${file.fileId} ${file.name}` : '(deleted)',
      s.ingestId,
      s.target,
      orphans.has(s.id) ? 'interrupted' : s.state,
      `${s.entriesDone}/${s.entriesTotal}`,
      s.accepted,
      s.rejected,
      s.requests,
      s.error ?? '',
    ]);
  }
  console.log(table.toString());
  if (orphans.size > 0) {
    console.log('interrupted: the process shipping it is gone; `maclog ship FILE` resumes it');
  }
  return 0;
}

function parseHeaders(list: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of list) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new Error(`--header "${h}": write it as "Name: value"`);
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  return headers;
}
