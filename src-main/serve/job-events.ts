/**
 * Live progress for the browser, as server-sent events on GET /api/events: `job` (ingest
 * progress), `ship` (shipments to Loki) and `stack` (pulls, service state changes).
 *
 * Why SSE rather than polling: progress already arrives as events from IngestService
 * (about four a second per running job); SSE passes each one on as it happens, costs
 * nothing while no job runs, and needs no store reads per browser. The browser's
 * EventSource reconnects by itself, and the page reloads the job list when it does, so
 * an event missed while disconnected costs nothing. It runs over plain HTTP, so the
 * same-origin CSP (`connect-src 'self'`) covers it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';

/** Anything that calls a listener with events; each one is an SSE event type. */
export interface EventFeed {
  onEvent(listener: (event: unknown) => void): () => void;
}

/**
 * The event types and where they come from, e.g. `{ job: runner }`. `signedIn` is asked
 * before each event: a stream whose session has ended (signed out, expired, user disabled)
 * is closed rather than left telling a stranger about jobs.
 */
export function jobEvents(
  app: FastifyInstance,
  sources: Record<string, EventFeed>,
  signedIn: (request: FastifyRequest) => boolean,
): void {
  const open = new Set<ServerResponse>();

  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    raw.write('retry: 2000\n\n');
    open.add(raw);

    const stopAll = () => {
      for (const stop of stops) stop();
      open.delete(raw);
    };
    const stops = Object.entries(sources).map(([type, source]) =>
      source.onEvent((event) => {
        if (!signedIn(request)) {
          stopAll();
          raw.end();
          return;
        }
        raw.write(`event: ${type}\ndata: ${JSON.stringify(event)}\n\n`);
      }),
    );
    request.raw.on('close', stopAll);
  });

  // Event streams never end by themselves: end them, or closing the server would wait.
  app.addHook('preClose', (done) => {
    for (const raw of open) raw.end();
    open.clear();
    done();
  });
}
