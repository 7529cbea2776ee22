/**
 * The browser mode's HTTP server: the built UI and its API, over one AppContext.
 */
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError, type ApiErrorBody, type ShipTarget } from '../../src-shared/api.js';
import { parseStackSettings, type StackSettings } from '../../src-shared/stack.js';
import type { AppContext } from '../cli/context.js';
import { logger } from '../log.js';
import { apiRoutes } from './api-routes.js';
import { jobEvents } from './job-events.js';
import { JobRunner } from './job-runner.js';
import { secure } from './security.js';
import { ServeStack } from './serve-stack.js';
import { shipRoutes } from './ship-routes.js';
import { ShipRunner } from './ship-runner.js';
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
  /** Loki to ship to (`--loki`); without it, the stack's Loki when it answers. */
  lokiUrl?: string;
  /** The stack the Stack page drives; the defaults (managed, found engine) otherwise. */
  stackSettings?: StackSettings;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  runner: JobRunner;
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
  const stack = new ServeStack(options.stackSettings ?? parseStackSettings({}), ctx.dataDir);
  const shipTarget = (): Promise<ShipTarget> => whereToShip(options.lokiUrl, stack);
  const ships = new ShipRunner({
    store: ctx.store,
    catalog: ctx.engine.catalog,
    metrics: ctx.metrics,
    target: shipTarget,
  });

  const app = fastify({ logger: false, forceCloseConnections: true });
  let hosts: string[] = [];
  await secure(app, () => hosts);
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    // A field per file (its lastModified) besides the options: fields and parts allow it.
    limits: { fileSize: maxUploadBytes, files: 100, fields: 110, fieldSize: 1024, parts: 210 },
  });
  app.setErrorHandler(errorHandler);
  apiRoutes(app, { store: ctx.store, engine: ctx.engine, runner, uploadsDir, maxUploadBytes });
  shipRoutes(app, ships, shipTarget);
  stackRoutes(app, stack);
  jobEvents(app, { job: runner, ship: ships, stack });
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
  hosts = allowedHosts(options.host, port);
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
  log.info({ url, uiDir, maxUploadBytes }, 'serving the UI');

  // What a stop or a crash left unfinished carries on: jobs first, then shipments.
  runner.resumeInterrupted();
  void ships.resumeInterrupted().catch((err: unknown) => {
    log.warn({ err: (err as Error).message }, 'cannot resume the shipments');
  });

  return {
    url,
    app,
    runner,
    ships,
    stack,
    async close() {
      await Promise.all([runner.close(), ships.close()]);
      await stack.close();
      await app.close();
    },
  };
}

async function whereToShip(lokiUrl: string | undefined, stack: ServeStack): Promise<ShipTarget> {
  if (lokiUrl) return { url: lokiUrl, source: 'option', reason: null };
  const { url, reason } = await stack.loki();
  return url
    ? { url, source: 'stack', reason: null }
    : {
        url: null,
        source: null,
        reason: `no Loki to ship to (${reason}): start the stack, or serve with --loki URL`,
      };
}

function allowedHosts(host: string, port: number): string[] {
  const names = [host, `[${host}]`];
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
    names.push('localhost', '127.0.0.1', '[::1]');
  }
  return names.map((name) => `${name}:${port}`.toLowerCase());
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
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 500) log.error({ err: error.message }, 'request failed');
  return reply.code(status).send(body(error.message));
}
