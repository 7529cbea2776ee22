/**
 * Watches a folder and ingests each log file that appears in it: the lab-server way of
 * working, where logs are copied into a shared folder and KPIs appear by themselves.
 *
 * The folder is polled rather than watched with fs.watch, which misses events on network
 * and container file systems. A file is taken once its size and modification time have
 * stayed the same for one whole poll, so that a file still being copied is not read half.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '../log.js';
import type { IngestOutcome, IngestRequest, IngestService } from './service.js';

const log = logger('watch');

export interface WatchOptions {
  intervalMs?: number;
  /** Options for every ingest (format, anchor...). */
  request?: Omit<IngestRequest, 'path'>;
  onOutcome?: (outcome: IngestOutcome) => void;
}

interface Seen {
  size: number;
  mtimeMs: number;
  /** Polls in a row that found the file unchanged. */
  steady: number;
  done: boolean;
}

export class FolderWatcher {
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly service: IngestService,
    private readonly options: WatchOptions = {},
  ) {}

  start(): void {
    log.info({ dir: this.dir }, 'watching folder for logs');
    const tick = () => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    };
    tick();
    this.timer = setInterval(tick, this.options.intervalMs ?? 2000);
  }

  /** Stops polling and waits for the ingest under way, if any, to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  /** One look at the folder; ingests the files that are ready. Exposed for tests. */
  async poll(): Promise<void> {
    for (const path of await this.files()) {
      const ready = await this.isReady(path);
      if (!ready) continue;
      const outcome = await this.service.ingest({ ...this.options.request, path });
      this.options.onOutcome?.(outcome);
    }
  }

  private async files(): Promise<string[]> {
    try {
      const entries = await readdir(this.dir, { withFileTypes: true });
      return entries
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => join(this.dir, e.name))
        .sort();
    } catch (err) {
      log.warn({ dir: this.dir, err: (err as Error).message }, 'cannot read the watched folder');
      return [];
    }
  }

  /** True once, for a file unchanged since the previous poll. */
  private async isReady(path: string): Promise<boolean> {
    let info;
    try {
      info = await stat(path);
    } catch {
      this.seen.delete(path); // removed meanwhile
      return false;
    }
    const before = this.seen.get(path);
    if (!before || before.size !== info.size || before.mtimeMs !== info.mtimeMs) {
      this.seen.set(path, { size: info.size, mtimeMs: info.mtimeMs, steady: 0, done: false });
      return false;
    }
    before.steady++;
    if (before.done || before.steady < 1) return false;
    before.done = true;
    return true;
  }
}
