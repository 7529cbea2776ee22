/**
 * `maclog watch DIR`: ingests every log file copied into DIR, and serves /metrics, until
 * stopped. For lab servers where logs arrive in a shared folder.
 */
import { FolderWatcher } from '../ingest/watch.js';
import { startMetricsServer, type MetricsServer } from '../metrics/server.js';
import type { AppContext } from './context.js';

export interface WatchCommandOptions {
  metrics: boolean;
  host: string;
  port: number;
  interval: number;
}

export async function watchFolder(
  ctx: AppContext,
  dir: string,
  options: WatchCommandOptions,
): Promise<number> {
  let server: MetricsServer | null = null;
  if (options.metrics) {
    server = await startMetricsServer(ctx.metrics.registry, options);
    console.error(`Serving Prometheus metrics at ${server.url}`);
  }

  for (const r of await ctx.ingest.resumeInterrupted()) {
    console.error(`Restarted interrupted job #${r.job.id} (${r.job.path}): ${r.error ?? 'done'}`);
  }
  const watcher = new FolderWatcher(dir, ctx.ingest, ctx.store, {
    intervalMs: options.interval * 1000,
    onOutcome: (o) => {
      const what = o.error ? `FAILED: ${o.error}` : o.reused ? 'already stored' : 'ingested';
      const ues = o.result ? `, ${o.result.ues.length} UEs` : '';
      console.log(`${new Date().toISOString()} ${o.job.path}: ${what}${ues}`);
    },
  });
  watcher.start();
  console.error(`Watching ${dir} for log files (Ctrl-C to stop)`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.stop();
  await server?.close();
  return 0;
}
