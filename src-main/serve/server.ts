/**
 * The browser mode's HTTP server: the built UI and its API, over one AppContext, with
 * local accounts, and Grafana's sign-in proxy beside it when a Grafana is given.
 */
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiError, type ApiErrorBody, type ShipTarget } from '../../src-shared/api.js';
import { parseStackSettings, type StackSettings } from '../../src-shared/stack.js';
import { AccountService } from '../accounts/accounts.js';
import type { AppContext } from '../cli/context.js';
import { logger } from '../log.js';
import { accountRoutes } from './account-routes.js';
import { apiRoutes } from './api-routes.js';
import {
  grafanaRoute,
  safeHostname,
  startGrafanaEmbed,
  type GrafanaEmbed,
  type GrafanaEmbedOptions,
} from './grafana-embed.js';
import { jobEvents } from './job-events.js';
import { JobRunner } from './job-runner.js';
import { secure } from './security.js';
import { ServeStack } from './serve-stack.js';
import { SESSION_COOKIE, sessions } from './sessions.js';
import { shipRoutes } from './ship-routes.js';
import { ShipRunner, shipTargetOf, shownTarget } from './ship-runner.js';
import { stackRoutes } from './stack-routes.js';

const log = logger('serve');

/** Default upload limit per file: large enough for a day of an info-level gNB log. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export interface ServeOptions {
  host: string;
  port: number;
  /** Folder with the built UI (index.html); by default dist/renderer. */
  uiDir?: string;
  maxUploadBytes?: number;
  /** Grafana to embed through the sign-in proxy; none by default. */
  grafana?: GrafanaEmbedOptions | null;
  /**
   * Host names (with no port) that browsers use to reach a server listening on every
   * address (0.0.0.0, ::), besides this machine's name and addresses.
   */
  publicHosts?: string[];
  /** Loki to ship to (`--loki`); without it, the stack's Loki when it answers. */
  lokiUrl?: string;
  /** The stack the Stack page drives; the defaults (managed, found engine) otherwise. */
  stackSettings?: StackSettings;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  runner: JobRunner;
  /** The Grafana sign-in proxy's port, when there is one. */
  grafanaProxyPort: number | null;
  ships: ShipRunner;
  stack: ServeStack;
  /** Stops shipments and the job under way (back to the queue for the next start). */
  close(): Promise<void>;
}

/** Where `npm run build` puts the UI, seen from this file built or run from source. */
export function defaultUiDir(): string {
  const built = resolve(import.meta.dirname, '../../renderer');
  if (existsSync(join(built, 'index.html'))) return built;
  return resolve(import.meta.dirname, '../../dist/renderer');
}

export async function startServer(ctx: AppContext, options: ServeOptions): Promise<RunningServer> {
  const uiDir = options.uiDir ?? defaultUiDir();
  if (!existsSync(join(uiDir, 'index.html'))) {
    throw new Error(`the UI is not built: no index.html in ${uiDir} (run \`npm run build\`)`);
  }
  const uploadsDir = join(ctx.dataDir, 'uploads');
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const runner = new JobRunner(ctx.store, ctx.ingest, uploadsDir);
  const accounts = new AccountService(ctx.store);
  let embed: GrafanaEmbed | null = null;
  const stack = new ServeStack(options.stackSettings ?? parseStackSettings({}), ctx.dataDir);
  const shipTarget = (): Promise<ShipTarget> => shipTargetOf(options.lokiUrl ?? null, stack);
  const ships = new ShipRunner({
    store: ctx.store,
    catalog: ctx.engine.catalog,
    metrics: ctx.metrics,
    target: shipTarget,
  });

  const app = fastify({ logger: false, forceCloseConnections: true });
  let hosts: string[] = [];
  await secure(
    app,
    () => hosts,
    (host) => {
      const name = safeHostname(host);
      return embed && name ? embed.originFor(name) : null;
    },
  );
  await sessions(app, ctx.store, accounts);
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    // A field per file (its lastModified) besides the options: fields and parts allow it.
    limits: { fileSize: maxUploadBytes, files: 100, fields: 110, fieldSize: 1024, parts: 210 },
  });
  app.setErrorHandler(errorHandler);
  accountRoutes(app, accounts);
  apiRoutes(app, { store: ctx.store, engine: ctx.engine, runner, uploadsDir, maxUploadBytes });
  grafanaRoute(app, options.grafana?.url ?? null, () => embed);
  shipRoutes(app, ships, () => shipTarget().then(shownTarget));
  stackRoutes(app, stack);
  jobEvents(
    app,
    { job: runner, ship: ships, stack },
    (request) => accounts.userOf(request.cookies[SESSION_COOKIE]) !== null,
  );
  await app.register(fastifyStatic, { root: uiDir, index: 'index.html', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send(body(`no such operation: ${request.method} ${request.url}`));
    }
    // The UI routes by itself: any other page is the app.
    return reply.type('text/html').sendFile('index.html');
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  hosts = allowedHosts(options.host, port, options.publicHosts ?? []);
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
  log.info({ url, uiDir, maxUploadBytes }, 'serving the UI');
  if (options.grafana) {
    const grafana = options.grafana;
    try {
      embed = await startGrafanaEmbed(grafana, options.host, ctx.dataDir, accounts, () => port);
    } catch (err) {
      // Half a server (a UI without its Dashboards) would look fine and fail later: stop.
      await app.close();
      throw new Error(
        `the Grafana sign-in proxy cannot listen on ${options.host}:${grafana.port} ` +
          `(${(err as Error).message}): another maclog serve may hold it; ` +
          'choose another port with --grafana-port, or serve with --no-grafana',
      );
    }
  }

  // What a stop or a crash left unfinished carries on: jobs first, then shipments.
  runner.resume((job) => runner.isUpload(job.path));
  void ships.resumeInterrupted().catch((err: unknown) => {
    log.warn({ err: (err as Error).message }, 'cannot resume the shipments');
  });

  return {
    url,
    app,
    runner,
    grafanaProxyPort: embed?.port ?? null,
    ships,
    stack,
    async close() {
      await Promise.all([runner.close(), ships.close()]);
      await stack.close();
      await embed?.close();
      await app.close();
    },
  };
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Host headers the server answers (anything else may be a DNS-rebinding page). Listening
 * on every address, the machine's own name and addresses count. The `publicHosts` count
 * in any case, with this port or none (or with the port given): an https proxy in front of
 * the server forwards the name its users typed, usually without a port.
 */
function allowedHosts(host: string, port: number, publicHosts: string[]): string[] {
  const names = [host, `[${host}]`];
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
    names.push('localhost', '127.0.0.1', '[::1]');
  }
  if (WILDCARD.has(host)) {
    names.push('localhost', hostname());
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address) names.push(address.family === 'IPv6' ? `[${address.address}]` : address.address);
    }
  }
  const withPort = [...names, ...publicHosts].map((name) => `${name}:${port}`);
  return [...withPort, ...publicHosts].map((name) => name.toLowerCase());
}

function body(message: string, field: string | null = null): ApiErrorBody {
  return { error: { message, field } };
}

function errorHandler(
  error: FastifyError | ApiError | Error,
  _request: unknown,
  reply: { code(n: number): { send(b: ApiErrorBody): unknown } },
): unknown {
  if (error instanceof ApiError) {
    return reply.code(error.status ?? 400).send(body(error.message, error.field));
  }
  const code = (error as FastifyError).code ?? '';
  if (code.startsWith('FST_CSRF_')) {
    const message = 'this change lacks the CSRF token of your session: reload the page';
    return reply.code(403).send(body(message, 'x-csrf-token'));
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 500) log.error({ err: error.message }, 'request failed');
  return reply.code(status).send(body(error.message));
}
