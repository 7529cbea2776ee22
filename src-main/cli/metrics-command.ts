/**
 * `maclog metrics`: serves /metrics for Prometheus to scrape, until stopped. It parses
 * nothing itself: what the store holds (the `maclog_store_*` gauges) and this process's own
 * metrics, so it needs the store alone.
 */
import { createMetrics } from '../metrics/metrics.js';
import { startMetricsServer } from '../metrics/server.js';
import type { StoreContext } from './store-context.js';

export async function serveMetrics(
  ctx: StoreContext,
  options: { host: string; port: number },
): Promise<number> {
  const metrics = createMetrics({ store: ctx.store });
  const server = await startMetricsServer(metrics.registry, options);
  console.error(`Serving Prometheus metrics at ${server.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
