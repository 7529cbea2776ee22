/**
 * Shipping stored files to Loki from the UI: the Shipper that `maclog ship` uses, started
 * in the background with its progress passed on as events. A file is shipped by one
 * shipment at a time; different files may ship side by side (Loki's rate limit, not the
 * CPU, is what bounds them).
 */
import {
  ApiError,
  type FileShipment,
  type ShipEvent,
  type ShipTarget,
} from '../../src-shared/api.js';
import type { ShipmentInfo } from '../../src-shared/ingest.js';
import type { Catalog } from '../engine/formats/catalog.js';
import { logger } from '../log.js';
import { LokiClient, lokiEndpoint } from '../loki/client.js';
import { Shipper } from '../loki/shipper.js';
import type { Metrics } from '../metrics/metrics.js';
import { isStopping, Stopping } from '../stopping.js';
import type { Store } from '../store/store.js';

const log = logger('serve-ship');

/** As `maclog ship`'s defaults: at most 10 requests a second, 1000 entries each. */
const REQUESTS_PER_SECOND = 10;
const BATCH_LINES = 1000;

export interface ShipRunnerDeps {
  store: Store;
  catalog: Catalog;
  metrics?: Metrics;
  /** Where to ship, asked anew for each shipment (the stack's Loki may come and go). */
  target: () => Promise<ShipTarget>;
  /** Loki requests a second and entries a request; `maclog ship`'s defaults otherwise. */
  requestsPerSecond?: number;
  batchLines?: number;
}

/**
 * Where shipping goes: the Loki the user named, else the stack's when it answers, else
 * nowhere, with the reason in words for the page to show.
 */
export async function shipTargetOf(
  lokiUrl: string | null,
  stack: { loki(): Promise<{ url: string | null; reason: string | null }> },
  howToName = 'serve with --loki URL',
): Promise<ShipTarget> {
  if (lokiUrl) return { url: lokiUrl, source: 'option', reason: null };
  const { url, reason } = await stack.loki();
  return url
    ? { url, source: 'stack', reason: null }
    : {
        url: null,
        source: null,
        reason: `no Loki to ship to (${reason}): start the stack, or ${howToName}`,
      };
}

/**
 * The ship target as the UI is given it: a user name and password in the Loki URL
 * (`http://user:pass@host`) are for the main process to send, never for a page to show.
 */
export function shownTarget(target: ShipTarget): ShipTarget {
  return target.url ? { ...target, url: lokiEndpoint(target.url).target } : target;
}

interface Running {
  abort: AbortController;
  done: Promise<void>;
}

export class ShipRunner {
  private readonly running = new Map<number, Running>();
  private readonly listeners = new Set<(event: ShipEvent) => void>();

  constructor(private readonly deps: ShipRunnerDeps) {}

  /** Resolves with the shipment once it has started (or as it is, when already done). */
  async ship(fileId: number, again = false): Promise<FileShipment> {
    if (this.running.has(fileId)) {
      throw new ApiError(`file ${fileId} is already being shipped`, 'fileId', 409);
    }
    if (this.deps.store.ingestOf(fileId) === null) {
      throw new ApiError(`no stored file ${fileId}`, 'fileId', 404);
    }
    const target = await this.deps.target();
    if (!target.url) throw new ApiError(`nowhere to ship to: ${target.reason}`, null, 409);
    return this.begin(fileId, target.url, again);
  }

  /** The latest shipment of each stored file. */
  list(): FileShipment[] {
    const fileOf = new Map(this.deps.store.listFiles().map((f) => [f.ingestId, f.fileId]));
    const latest = new Map<number, FileShipment>();
    for (const s of this.deps.store.shipments.list()) {
      const fileId = fileOf.get(s.ingestId);
      if (fileId !== undefined && !latest.has(fileId)) latest.set(fileId, { ...s, fileId });
    }
    return [...latest.values()];
  }

  /**
   * Resumes, from their cursors, the shipments a process that died left running, when
   * they went to where shipping goes now. Call it once at start.
   */
  async resumeInterrupted(): Promise<void> {
    const interrupted = this.deps.store.shipments.interrupted();
    if (interrupted.length === 0) return;
    const { url } = await this.deps.target();
    if (!url) return;
    // Shipments are stored under the URL without its credentials.
    const target = lokiEndpoint(url).target;
    for (const s of interrupted.filter((i) => i.target === target)) {
      const fileId = this.fileOf(s.ingestId);
      if (fileId === null) continue;
      log.warn({ fileId, target: s.target, from: s.entriesDone }, 'resuming a shipment');
      await this.ship(fileId).catch((error: unknown) => {
        log.warn({ fileId, err: (error as Error).message }, 'cannot resume the shipment');
      });
    }
  }

  onEvent(listener: (event: ShipEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every shipment, left running for the next start to resume from its cursor. */
  async close(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.abort.abort(new Stopping());
    await Promise.all(all.map((r) => r.done));
  }

  private begin(fileId: number, url: string, again: boolean): Promise<FileShipment> {
    const abort = new AbortController();
    const shipper = this.shipperFor(url);
    let latest: ShipmentInfo | null = null;

    return new Promise<FileShipment>((resolve, reject) => {
      const onProgress = (s: ShipmentInfo) => {
        if (!latest) resolve({ ...s, fileId });
        latest = s;
        this.emit({ ...s, fileId });
      };
      const done = shipper
        .ship({ fileId, again, signal: abort.signal, onProgress })
        .then((final) => {
          if (!latest) resolve({ ...final, fileId });
        })
        .catch((error: unknown) => {
          // Before it started: the caller hears why. After: the stored outcome says it.
          if (!latest) return reject(new ApiError((error as Error).message, 'fileId', 409));
          const stored = this.deps.store.shipments.get(latest.id);
          if (stored && !isStopping(abort.signal)) this.emit({ ...stored, fileId });
        })
        .finally(() => this.running.delete(fileId));
      this.running.set(fileId, { abort, done });
    });
  }

  private shipperFor(url: string): Shipper {
    const { store, catalog, metrics } = this.deps;
    const client = new LokiClient({
      url,
      requestsPerSecond: this.deps.requestsPerSecond ?? REQUESTS_PER_SECOND,
      onRetry: (reason, attempt, left) => log.info({ reason, attempt, left }, 'retrying'),
    });
    return new Shipper({
      store,
      catalog,
      client,
      batchLines: this.deps.batchLines ?? BATCH_LINES,
      ...(metrics ? { metrics } : {}),
    });
  }

  private fileOf(ingestId: number): number | null {
    return this.deps.store.listFiles().find((f) => f.ingestId === ingestId)?.fileId ?? null;
  }

  private emit(shipment: FileShipment): void {
    for (const listener of this.listeners) listener({ shipment });
  }
}
