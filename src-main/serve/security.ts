/**
 * Everything that keeps the browser mode's UI and API to itself, in one place:
 *
 * - security headers and a strict Content-Security-Policy (helmet): scripts, styles and
 *   connections only from the app's own origin, no inline code, no plugins, and frames
 *   only of the app's Grafana proxy (when there is one) at the address the page came from;
 * - the Host header must be the address the server listens on, so a web page that points
 *   a DNS name of its own at 127.0.0.1 (DNS rebinding) cannot read or change anything;
 * - requests that change something must carry `X-Maclog-Api: 1`. A page on another site
 *   can send a form or an upload to 127.0.0.1 without asking, but a custom header makes
 *   the browser ask first (a CORS preflight), which this server never grants.
 *
 * Sessions and CSRF tokens are in sessions.ts.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

export const API_HEADER = 'x-maclog-api';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

/**
 * `frameOrigin`: the one origin the page may frame for a request with this Host header
 * (the Grafana proxy), or null for none.
 */
export async function secure(
  app: FastifyInstance,
  allowedHosts: () => string[],
  frameOrigin: (host: string | undefined) => string | null = () => null,
): Promise<void> {
  const frameSrc = (request: IncomingMessage) => frameOrigin(request.headers.host) ?? "'none'";
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CONTENT_SECURITY_POLICY, frameSrc: [frameSrc] },
    },
    crossOriginEmbedderPolicy: true,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    // Plain HTTP on this machine: HSTS would only pin a name to HTTPS that it never has.
    strictTransportSecurity: false,
  });

  app.addHook('onRequest', async (request, reply) => {
    const host = (request.headers.host ?? '').toLowerCase();
    if (!allowedHosts().includes(host)) {
      await reply.code(421).type('text/plain').send(`unexpected Host header: ${host}`);
      return reply;
    }
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (changes && request.url.startsWith('/api/') && request.headers[API_HEADER] !== '1') {
      await reply.code(403).send({
        error: {
          message: `requests that change data need the ${API_HEADER} header`,
          field: null,
        },
      });
      return reply;
    }
  });
}
