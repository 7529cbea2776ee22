/**
 * Ships one stored import to Loki: every record of the file (read again, see
 * engine/record-stream.ts), then the per-second KPIs of each UE and cell, then one summary
 * per UE and cell, in batches bounded by lines and bytes.
 *
 * Delivery is resumable and sends nothing twice: entries are made in the same order every
 * time, and the shipment's cursor (how many of them Loki has answered for) moves forward
 * in the store only after Loki answered. A restart, a Loki outage or kill -9 resumes at the
 * cursor. The one batch that can be in flight when the process dies is sent again, and
 * Loki keeps an entry once when stream, timestamp and line are the same.
 */
import { stat } from 'node:fs/promises';
import type { FileResult } from '../../src-shared/ingest.js';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import { findFormat, type Catalog } from '../engine/formats/catalog.js';
import { isGzip } from '../engine/sniff.js';
import { streamRecords } from '../engine/record-stream.js';
import { logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import { isStopping } from '../stopping.js';
import type { ShipmentInfo, Store } from '../store/store.js';
import { LokiClient, TooLargeError, type PushResult } from './client.js';
import { kpiEntry, recordEntry, summaryEntry, type ImportLabels, type LokiEntry } from './lines.js';

const log = logger('shipper');

export interface ShipperOptions {
  store: Store;
  catalog: Catalog;
  /** Its `target` (Loki's URL without credentials) is the shipment's key in the store. */
  client: LokiClient;
  /** Most entries and bytes (of lines) per push request. */
  batchLines?: number;
  batchBytes?: number;
  metrics?: Metrics;
}

export interface ShipRequest {
  fileId: number;
  /** Ship again from the beginning, even when done. */
  again?: boolean;
  signal?: AbortSignal;
  onProgress?: (shipment: ShipmentInfo) => void;
}

/** Seconds read from the store per page. */
const SECONDS_PAGE = 5000;

export class Shipper {
  private readonly batchLines: number;
  private readonly batchBytes: number;

  constructor(private readonly options: ShipperOptions) {
    this.batchLines = options.batchLines ?? 1000;
    this.batchBytes = options.batchBytes ?? 1024 * 1024;
  }

  async ship(request: ShipRequest): Promise<ShipmentInfo> {
    const { store } = this.options;
    const target = this.options.client.target;
    const { result, ingestId } = this.storedImport(request.fileId);
    await checkUnchanged(result);

    const total = entriesOf(result, store.shipments.countSeconds(ingestId));
    let shipment = store.shipments.start(ingestId, target, total, request.again === true);
    if (shipment.state === 'done') return shipment;
    log.info({ ingestId, target, from: shipment.entriesDone, total }, 'shipping');
    // Said at once, so a progress bar shows from the start (and a resumed one where it is).
    request.onProgress?.(shipment);

    const run = new ShipRun(this, shipment, request);
    try {
      await this.produce(result, ingestId, run, request.signal);
      await run.flush();
      shipment = store.shipments.finish(shipment.id, 'done', null);
    } catch (err) {
      if (isStopping(request.signal)) {
        store.shipments.release(shipment.id);
        log.info({ ingestId, target }, 'left for the next start: the process is stopping');
        throw err;
      }
      const cancelled = request.signal?.aborted === true;
      const message = err instanceof Error ? err.message : String(err);
      shipment = store.shipments.finish(
        shipment.id,
        cancelled ? 'cancelled' : 'failed',
        cancelled ? null : message,
      );
      log.info({ ingestId, target, cancelled, err: message }, 'shipping stopped');
      throw err;
    }
    request.onProgress?.(shipment);
    return shipment;
  }

  /** Sends one batch, in halves when Loki finds it too large. */
  async send(entries: LokiEntry[], signal?: AbortSignal): Promise<PushResult> {
    try {
      return await this.options.client.push(entries, signal);
    } catch (err) {
      if (!(err instanceof TooLargeError)) throw err;
      if (entries.length === 1) {
        return {
          accepted: 0,
          rejected: { byReason: { 'request too large': 1 }, total: 1 },
          attempts: 1,
        };
      }
      const half = Math.ceil(entries.length / 2);
      const a = await this.send(entries.slice(0, half), signal);
      const b = await this.send(entries.slice(half), signal);
      return combine(a, b);
    }
  }

  get limits(): { lines: number; bytes: number } {
    return { lines: this.batchLines, bytes: this.batchBytes };
  }

  get store(): Store {
    return this.options.store;
  }

  get metrics(): Metrics | undefined {
    return this.options.metrics;
  }

  private storedImport(fileId: number): { result: FileResult; ingestId: number } {
    const { store, catalog } = this.options;
    // The seconds are paged from the store while shipping, not held in memory.
    const result = store.getFileResult(fileId, undefined, { series: false });
    const ingestId = store.ingestOf(fileId);
    if (!result || ingestId === null) throw new Error(`no stored file #${fileId}`);
    if (result.timeBaseSec === null) {
      throw new Error(
        `file #${fileId} was stored by an older MAC Log Studio: ingest it again with --force to ship it`,
      );
    }
    const format = findFormat(catalog, result.format.id);
    if (format.version !== result.format.version) {
      throw new Error(
        `file #${fileId} was parsed by ${format.id} ${result.format.version}, now ${format.version}: ` +
          'ingest it again first, so that what is shipped matches what is stored',
      );
    }
    return { result, ingestId };
  }

  /** Makes every entry of the import, in the fixed order, into the run. */
  private async produce(
    result: FileResult,
    ingestId: number,
    run: ShipRun,
    signal?: AbortSignal,
  ): Promise<void> {
    const labels: ImportLabels = {
      format: result.format.id,
      file: result.file.name,
      importId: ingestId,
    };
    const format = findFormat(this.options.catalog, result.format.id);

    await streamRecords({
      path: result.file.path,
      gzip: await isGzip(result.file.path),
      format,
      timeBaseSec: result.timeBaseSec ?? 0,
      onRecords: async (records) => {
        for (const r of records) run.add(() => recordEntry(r, labels));
        await run.sendFull();
      },
      ...(signal ? { signal } : {}),
    });

    const rntiOf = new Map(result.ues.map((u) => [`${u.cell}|${u.ue}`, u.life.rntis[0] ?? null]));
    let page = this.store.shipments.secondsPage(ingestId, null, SECONDS_PAGE);
    for (;;) {
      for (const s of page.seconds) {
        const rnti = s.ue === null ? null : (rntiOf.get(`${s.cell}|${s.ue}`) ?? null);
        run.add(() => kpiEntry({ cell: s.cell, ue: s.ue, rnti }, s, labels));
      }
      await run.sendFull();
      if (page.next === null) break;
      page = this.store.shipments.secondsPage(ingestId, page.next, SECONDS_PAGE);
    }

    for (const s of [...result.ues, ...result.cells].sort(byLastActivity)) {
      run.add(() => summaryEntry(s, labels));
    }
  }
}

/**
 * One shipment under way: counts entry positions, skips those before the cursor, fills
 * batches, and moves the cursor past each batch Loki answered.
 */
class ShipRun {
  private position = 0;
  private readonly skip: number;
  private batch: LokiEntry[] = [];
  private batchBytes = 0;
  private full: LokiEntry[][] = [];

  constructor(
    private readonly shipper: Shipper,
    private shipment: ShipmentInfo,
    private readonly request: ShipRequest,
  ) {
    this.skip = shipment.entriesDone;
  }

  /** The next entry; made only when it is past the cursor. */
  add(make: () => LokiEntry): void {
    if (this.position++ < this.skip) return;
    const entry = make();
    const size = entry.line.length + 40;
    const { lines, bytes } = this.shipper.limits;
    if (this.batch.length > 0 && (this.batch.length >= lines || this.batchBytes + size > bytes)) {
      this.full.push(this.batch);
      this.batch = [];
      this.batchBytes = 0;
    }
    this.batch.push(entry);
    this.batchBytes += size;
  }

  /** Sends the batches that are full. */
  async sendFull(): Promise<void> {
    while (this.full.length > 0) await this.sendOne(this.full.shift()!);
  }

  /** Sends everything left. */
  async flush(): Promise<void> {
    await this.sendFull();
    if (this.batch.length > 0) await this.sendOne(this.batch);
    this.batch = [];
  }

  private async sendOne(entries: LokiEntry[]): Promise<void> {
    this.request.signal?.throwIfAborted();
    const answer = await this.shipper.send(entries, this.request.signal);
    this.shipment = this.shipper.store.shipments.advance(this.shipment.id, {
      entries: entries.length,
      accepted: answer.accepted,
      rejectedByReason: answer.rejected.byReason,
      requests: answer.attempts,
    });
    this.count(answer);
    this.request.onProgress?.(this.shipment);
  }

  private count(answer: PushResult): void {
    const metrics = this.shipper.metrics;
    if (!metrics) return;
    metrics.lokiRequests.inc(answer.attempts);
    metrics.lokiEntries.inc({ outcome: 'accepted' }, answer.accepted);
    metrics.lokiEntries.inc({ outcome: 'rejected' }, answer.rejected.total);
    for (const [reason, n] of Object.entries(answer.rejected.byReason)) {
      metrics.lokiRejected.inc({ reason }, n);
    }
  }
}

/** How many entries an import makes: its records, its seconds, its summaries. */
function entriesOf(result: FileResult, seconds: number): number {
  const records = Object.values(result.recordsByKind).reduce((a, b) => a + (b ?? 0), 0);
  return records + seconds + result.ues.length + result.cells.length;
}

/** The file must be the one that was imported: the records are read from it again. */
async function checkUnchanged(result: FileResult): Promise<void> {
  const { path, size } = result.file;
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: the file is gone; its records cannot be shipped`);
  if (info.size !== size) {
    throw new Error(
      `${path}: the file changed since it was imported (${size} -> ${info.size} bytes)`,
    );
  }
}

function combine(a: PushResult, b: PushResult): PushResult {
  const byReason = { ...a.rejected.byReason };
  for (const [k, n] of Object.entries(b.rejected.byReason)) byReason[k] = (byReason[k] ?? 0) + n;
  return {
    accepted: a.accepted + b.accepted,
    rejected: { byReason, total: a.rejected.total + b.rejected.total },
    attempts: a.attempts + b.attempts,
  };
}

/** Summaries go out in time order too: one stream holds them all. */
function byLastActivity(a: SubjectSummary, b: SubjectSummary): number {
  const x = BigInt(a.life.lastNs);
  const y = BigInt(b.life.lastNs);
  return x < y ? -1 : x > y ? 1 : 0;
}
