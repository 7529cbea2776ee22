/**
 * Watches a folder and ingests each log file that appears in it: the lab-server way of
 * working, where logs are copied into a shared folder and KPIs appear by themselves.
 *
 * The folder is polled rather than watched with fs.watch, which misses events on network
 * and container file systems. A file is taken once its size and modification time have
 * stayed the same for one whole poll, so that a file still being copied is not read half.
 * A copy can still stall for longer than that. When a file taken earlier changes again and
 * its new content begins with what was read before, the earlier reading was of a part: it
 * is deleted once the whole file is stored. A file whose content is replaced by another
 * (a log written again under the same name) keeps both readings.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceFile } from '../../src-shared/ingest.js';
import { isGzip } from '../engine/sniff.js';
import { logger } from '../log.js';
import type { Store } from '../store/store.js';
import { startsWith } from './content-digest.js';
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
  /** The stored reading of the file's last ingest, when it succeeded. */
  stored: { fileId: number; file: SourceFile } | null;
}

export class FolderWatcher {
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly service: IngestService,
    private readonly store: Store,
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
      const seen = await this.ready(path);
      if (!seen) continue;
      const outcome = await this.service.ingest({ ...this.options.request, path });
      const earlier = seen.stored;
      seen.stored =
        outcome.fileId !== null && outcome.result
          ? { fileId: outcome.fileId, file: outcome.result.file }
          : null;
      if (earlier && seen.stored) await this.dropIfPart(path, earlier, seen.stored.fileId);
      this.options.onOutcome?.(outcome);
    }
  }

  /** Deletes the earlier reading of `path` when the file has only grown since it was read. */
  private async dropIfPart(
    path: string,
    earlier: { fileId: number; file: SourceFile },
    nowFileId: number,
  ): Promise<void> {
    if (earlier.fileId === nowFileId) return;
    const { sha256, size, contentBytes } = earlier.file;
    const grown = await startsWith(path, await isGzip(path), {
      sha256,
      bytes: contentBytes ?? size,
    }).catch(() => false);
    if (!grown) return;
    this.store.deleteFile(earlier.fileId);
    log.warn(
      { path, fileId: earlier.fileId },
      'the file grew after it was taken (a copy that stalled): its earlier, partial reading ' +
        'is deleted, the whole file is stored',
    );
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

  /** What was seen of a file unchanged since the previous poll, once; null otherwise. */
  private async ready(path: string): Promise<Seen | null> {
    let info;
    try {
      info = await stat(path);
    } catch {
      this.seen.delete(path); // removed meanwhile
      return null;
    }
    const before = this.seen.get(path);
    if (!before || before.size !== info.size || before.mtimeMs !== info.mtimeMs) {
      const stored = before?.stored ?? null;
      this.seen.set(path, {
        size: info.size,
        mtimeMs: info.mtimeMs,
        steady: 0,
        done: false,
        stored,
      });
      return null;
    }
    before.steady++;
    if (before.done || before.steady < 1) return null;
    before.done = true;
    return before;
  }
}
