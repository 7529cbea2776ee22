/**
 * A tiny HTTP server for Prometheus to scrape: GET /metrics, 404 for anything else.
 *
 * It listens on 127.0.0.1 unless the caller passes another host on purpose: the metrics
 * name the files a user ingests, which is nobody else's business.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServerOptions {
  /** Address to listen on; 127.0.0.1 (this machine only) unless given. */
  host?: string;
  /** 0 picks a free port (see the returned url). */
  port: number;
}

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464/metrics */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(
  registry: Registry,
  options: MetricsServerOptions,
): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((request, response) => {
    void answer(registry, request, response);
  });

  await listen(server, host, options.port);
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${hostInUrl(host)}:${port}/metrics`,
    close: () => closeServer(server),
  };
}

async function answer(
  registry: Registry,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' || pathname !== '/metrics') {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Not found: the metrics are at GET /metrics\n');
    return;
  }

  try {
    const body = await registry.metrics();
    response.writeHead(200, { 'Content-Type': registry.contentType });
    response.end(body);
  } catch (error) {
    // A collect callback failed (the store's gauges catch their own failures, so this is
    // a bug): say so instead of hanging.
    response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    const reason = error instanceof Error ? error.message : String(error);
    response.end(`Cannot collect metrics: ${reason}\n`);
  }
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? 'the port is already in use'
          : error.code === 'EACCES'
            ? 'permission denied'
            : error.message;
      reject(
        new Error(`cannot serve metrics on ${hostInUrl(host)}:${port}: ${reason}`, {
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Scrapers keep connections alive; without this close() would wait for them.
    server.closeAllConnections();
  });
}

/** IPv6 addresses go in brackets in a URL. */
function hostInUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
