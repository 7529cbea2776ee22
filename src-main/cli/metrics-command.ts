/**
 * `maclog metrics`: serves /metrics for Prometheus to scrape, until stopped.
 */
import { startMetricsServer } from '../metrics/server.js';
import type { AppContext } from './context.js';

export async function serveMetrics(
  ctx: AppContext,
  options: { host: string; port: number },
): Promise<number> {
  const server = await startMetricsServer(ctx.metrics.registry, options);
  console.error(`Serving Prometheus metrics at ${server.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
