/**
 * The browser mode's HTTP server: the built UI and its API, over one AppContext.
 */
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError, type ApiErrorBody } from '../../src-shared/api.js';
import type { AppContext } from '../cli/context.js';
import { logger } from '../log.js';
import { apiRoutes } from './api-routes.js';
import { jobEvents } from './job-events.js';
import { JobRunner } from './job-runner.js';
import { secure } from './security.js';

const log = logger('serve');

/** Default upload limit per file: large enough for a day of an info-level gNB log. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export interface ServeOptions {
  host: string;
  port: number;
  /** Folder with the built UI (index.html); by default dist/renderer. */
  uiDir?: string;
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  runner: JobRunner;
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

  const app = fastify({ logger: false, forceCloseConnections: true });
  let hosts: string[] = [];
  await secure(app, () => hosts);
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxUploadBytes, files: 100, fields: 10, fieldSize: 1024, parts: 110 },
  });
  app.setErrorHandler(errorHandler);
  apiRoutes(app, { store: ctx.store, engine: ctx.engine, runner, uploadsDir, maxUploadBytes });
  jobEvents(app, runner);
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

  return {
    url,
    app,
    runner,
    async close() {
      await runner.close();
      await app.close();
    },
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
