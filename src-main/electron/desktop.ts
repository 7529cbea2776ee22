/**
 * What the desktop app runs in its main process, built from the settings: the same
 * AppContext as the CLI (store, parse engine, metrics, ingest service), the job queue,
 * /metrics for the stack's Prometheus, the stack manager, the shipper and the Grafana
 * sign-in proxy; and the shutdown that leaves all of it resumable.
 *
 * No Electron here: main.ts wires this to the window, tests can build it under Node.
 */
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { GrafanaInfo } from '../../src-shared/api.js';
import type { StackService, StackSettings } from '../../src-shared/stack.js';
import { openContext, type AppContext } from '../cli/context.js';
import { loadGrafanaAccess } from '../grafana/access.js';
import { bySecret, startAuthProxy, type AuthProxy } from '../grafana/auth-proxy.js';
import { grafanaHealthProblem } from '../grafana/health.js';
import { logger } from '../log.js';
import { startMetricsServer, type MetricsServer } from '../metrics/server.js';
import { JobRunner } from '../serve/job-runner.js';
import { ServeStack } from '../serve/serve-stack.js';
import { ShipRunner, shipTargetOf } from '../serve/ship-runner.js';
import { defaultDataDir } from '../store/store.js';
import type { GrafanaEndpoint } from './security.js';
import type { DesktopSettings } from './settings.js';

const log = logger('electron-desktop');

/** Where a service of the stack answers, as the app reaches it from this machine. */
export function serviceUrl(settings: StackSettings, service: StackService): string {
  if (settings.mode === 'external') {
    return (settings.external[`${service}Url`] ?? '').replace(/\/+$/, '');
  }
  return `http://127.0.0.1:${settings.ports[service]}`;
}

export class Desktop {
  readonly runner: JobRunner;
  /** The stack of the settings' mode, as the Stack page drives it (opened on first use). */
  readonly stack: ServeStack;
  /** Shipping stored files to the stack's Loki, at the settings' rate. */
  readonly ships: ShipRunner;
  private metricsServer: MetricsServer | null = null;
  private proxy: Promise<AuthProxy> | null = null;

  private constructor(
    readonly ctx: AppContext,
    readonly settings: DesktopSettings,
  ) {
    this.runner = new JobRunner(ctx.store, ctx.ingest, join(ctx.dataDir, 'uploads'));
    this.stack = new ServeStack(settings.stack, ctx.dataDir);
    this.ships = new ShipRunner({
      store: ctx.store,
      catalog: ctx.engine.catalog,
      metrics: ctx.metrics,
      target: () => shipTargetOf(null, this.stack, 'set a Loki in the settings'),
      requestsPerSecond: settings.shipping.requestsPerSecond,
      batchLines: settings.shipping.batchLines,
    });
  }

  /** Opens the store and engine, and takes up the jobs an earlier run left unfinished. */
  static async start(settings: DesktopSettings): Promise<Desktop> {
    const dataDir = settings.dataDir ?? defaultDataDir();
    mkdirSync(dataDir, { recursive: true });
    const ctx = openContext({
      dataDir,
      thresholds: JSON.stringify(settings.thresholds),
      ...(settings.formatsDir ? { formatsDir: settings.formatsDir } : {}),
    });
    const desktop = new Desktop(ctx, settings);
    desktop.runner.resume();
    void desktop.ships.resumeInterrupted().catch((err: unknown) => {
      log.warn({ err: (err as Error).message }, 'cannot resume the shipments');
    });
    await desktop.serveMetrics();
    if (settings.stackUpOnStart) desktop.stackUpInBackground();
    log.info({ dataDir }, 'desktop services started');
    return desktop;
  }

  /** The sign-in proxy in front of the stack's Grafana, started on first use. */
  async grafanaEndpoint(): Promise<GrafanaEndpoint> {
    const access = loadGrafanaAccess(this.ctx.dataDir);
    const starting = (this.proxy ??= startAuthProxy({
      upstream: serviceUrl(this.settings.stack, 'grafana'),
      access,
      identify: bySecret(access, { login: userInfo().username, role: 'Admin' }),
      port: this.settings.grafanaProxyPort,
    }));
    try {
      const proxy = await starting;
      return { url: proxy.url, proxySecret: access.proxySecret };
    } catch (err) {
      // Its port may be free by the next ask (another app held it): try again then.
      if (this.proxy === starting) this.proxy = null;
      throw err;
    }
  }

  /** What the Dashboards page shows: the sign-in proxy's origin, or in words why not. */
  async grafanaInfo(): Promise<GrafanaInfo> {
    const upstream = serviceUrl(this.settings.stack, 'grafana');
    if (!upstream) {
      return {
        available: false,
        reason: 'No Grafana is set: give stack.external.grafanaUrl in the settings.',
      };
    }
    let endpoint: GrafanaEndpoint;
    try {
      endpoint = await this.grafanaEndpoint();
    } catch (err) {
      return {
        available: false,
        reason: `The Grafana sign-in proxy cannot start: ${(err as Error).message}`,
      };
    }
    const problem = await grafanaHealthProblem(upstream);
    if (problem !== null) {
      return {
        available: false,
        reason:
          `Grafana at ${upstream} does not answer (${problem}). ` +
          'Start the stack on the Stack page, then open this page again.',
      };
    }
    return { available: true, baseUrl: endpoint.url };
  }

  /**
   * Pauses the running job (it starts again at the next launch), stops shipments where
   * their cursor stands, stops the proxy and /metrics, and stops the stack only if the
   * user chose so (a native stack's processes end with the app whatever the choice).
   */
  async shutdown(): Promise<void> {
    log.info('shutting down');
    await Promise.all([this.runner.close(), this.ships.close()]);
    await this.closeServers();
    await this.stopStackIfChosen();
    await this.ctx.close();
    log.info('shut down');
  }

  private async serveMetrics(): Promise<void> {
    const port = this.settings.stack.appMetricsPort;
    try {
      this.metricsServer = await startMetricsServer(this.ctx.metrics.registry, { port });
    } catch (err) {
      // Another maclog (watch, metrics) may hold the port: the app works without it.
      log.warn({ port, err: (err as Error).message }, '/metrics not served');
    }
  }

  private stackUpInBackground(): void {
    void this.stack.start().then(
      () => log.info('stack up'),
      (err: unknown) => log.warn({ err: (err as Error).message }, 'stack did not come up'),
    );
  }

  private async closeServers(): Promise<void> {
    const proxy = this.proxy;
    await Promise.all([
      this.metricsServer?.close(),
      proxy?.then(
        (p) => p.close(),
        () => undefined,
      ),
    ]);
  }

  /**
   * Managed containers may have been started by an earlier run (and kept running), so
   * "stop" stops them even when this run never touched the stack. Native processes are
   * this process's children and stop with it (ServeStack.close); an external stack is
   * never the app's to stop.
   */
  private async stopStackIfChosen(): Promise<void> {
    const { mode } = this.settings.stack;
    try {
      if (mode === 'managed' && this.settings.stackOnQuit === 'stop') await this.stack.stop();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'stack did not stop');
    }
    await this.stack.close();
  }
}
