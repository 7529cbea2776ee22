/**
 * The app's sign-in proxy in front of Grafana, on 127.0.0.1. It admits a request only
 * when `identify` names its user (the desktop window proves itself with the per-install
 * proxy secret; the browser mode with its session), removes every identity header the
 * client sent, and passes the request on with the user, role, name and e-mail in the
 * headers Grafana's auth proxy trusts (see access.ts).
 */
import fastifyHttpProxy from '@fastify/http-proxy';
import fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import { logger } from '../log.js';
import type { GrafanaRole } from '../../src-shared/grafana.js';
import { GRAFANA_IDENTITY_HEADERS, PROXY_SECRET_HEADER, type GrafanaAccess } from './access.js';

const log = logger('grafana-proxy');

export interface GrafanaUser {
  login: string;
  role: GrafanaRole;
  name?: string;
  email?: string;
}

export interface AuthProxyOptions {
  /** Grafana's URL, as the proxy reaches it. */
  upstream: string;
  access: GrafanaAccess;
  /** Who sends this request, or null to refuse it. */
  identify: (request: FastifyRequest) => GrafanaUser | null;
  /**
   * For a plain browser, which cannot send the proxy secret: opening
   * `/maclog/sign-in?token=<token>` signs it in as `user` with an HTTP-only session cookie.
   * The token is shown only to the user who started the proxy.
   */
  signInToken?: { token: string; user: GrafanaUser };
  /**
   * The origin of the page that embeds Grafana in a frame (the browser mode's UI), as seen
   * by this request; only that page may frame it. Without it, framing is left to Grafana.
   */
  embeddedBy?: (request: FastifyRequest) => string | null;
  host?: string;
  port?: number;
}

export interface AuthProxy {
  url: string;
  close(): Promise<void>;
}

/** Starts the proxy; `identify` decides who gets in. */
export async function startAuthProxy(options: AuthProxyOptions): Promise<AuthProxy> {
  const app = buildAuthProxy(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log.info({ host, port, upstream: options.upstream }, 'Grafana sign-in proxy listening');
  return { url: `http://${host}:${port}`, close: () => app.close() };
}

export function buildAuthProxy(options: AuthProxyOptions): FastifyInstance {
  const app = fastify({ logger: false });
  const users = new WeakMap<object, GrafanaUser>();
  const sessions = new Map<string, GrafanaUser>();
  void app.register(fastifyCookie);
  if (options.signInToken) addSignIn(app, options.signInToken, sessions);

  app.addHook('onRequest', async (request, reply) => {
    if (options.signInToken && request.url.startsWith(SIGN_IN_PATH)) return;
    const session = request.cookies?.[SESSION_COOKIE];
    const user = options.identify(request) ?? (session ? (sessions.get(session) ?? null) : null);
    if (user === null) {
      await reply
        .code(401)
        .type('text/plain')
        .send('Grafana is reached through MAC Log Studio: open it from the app.');
      return reply;
    }
    users.set(request, user);
  });

  if (options.embeddedBy) allowFramingBy(app, options.embeddedBy);

  void app.register(fastifyHttpProxy, {
    upstream: options.upstream,
    replyOptions: {
      rewriteRequestHeaders: (request, headers) =>
        signedIn(headers as IncomingHttpHeaders, users.get(request)!, options.access),
      // Grafana not answering is said in words, not as the proxy library's JSON.
      onError: (reply, { error }) => {
        void reply
          .code(502)
          .type('text/plain')
          .send(
            `Grafana at ${options.upstream} does not answer (${error.message}). ` +
              'Start it with `maclog stack up`, then reload this page.',
          );
      },
    },
  });
  return app;
}

/**
 * Lets one origin, and no other, show the proxied pages in a frame. That page is
 * cross-origin isolated (its Cross-Origin-Embedder-Policy is require-corp), so a frame in it
 * must opt in to the same policy and allow being loaded cross-origin: Chromium refuses
 * `same-site` between two ports of 127.0.0.1 (corp-not-same-site, seen in the e2e test).
 * `cross-origin` gives another site nothing: its requests carry no SameSite=Strict session
 * cookie, so the proxy answers them 401.
 */
function allowFramingBy(
  app: FastifyInstance,
  embeddedBy: (request: FastifyRequest) => string | null,
): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const parent = embeddedBy(request);
    if (parent === null) return payload;
    const own = `frame-ancestors ${parent}`;
    const theirs = reply.getHeader('content-security-policy');
    // Two policies both apply: Grafana's own (if it sends one) and this one.
    reply.header('content-security-policy', theirs ? [String(theirs), own] : own);
    reply.header('cross-origin-embedder-policy', 'require-corp');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return payload;
  });
}

const SIGN_IN_PATH = '/maclog/sign-in';
const SESSION_COOKIE = 'maclog_grafana_session';

/** `/maclog/sign-in?token=...&next=/d/...`: a session cookie for the token's user. */
function addSignIn(
  app: FastifyInstance,
  signIn: { token: string; user: GrafanaUser },
  sessions: Map<string, GrafanaUser>,
): void {
  app.get<{ Querystring: { token?: string; next?: string } }>(SIGN_IN_PATH, async (req, reply) => {
    if (!sameSecret(req.query.token, signIn.token)) {
      return reply.code(401).type('text/plain').send('This sign-in link is not valid.');
    }
    const session = randomBytes(32).toString('hex');
    sessions.set(session, signIn.user);
    // Only a path on this proxy: never send the browser elsewhere (open redirect).
    const next = req.query.next;
    const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
    return reply
      .setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'strict', path: '/' })
      .redirect(target, 303);
  });
}

/** Compared in constant time: the answer must not tell how much of a guess was right. */
function sameSecret(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The client's headers without any identity it claimed, plus the identity we vouch for. */
export function signedIn(
  headers: IncomingHttpHeaders,
  user: GrafanaUser,
  access: GrafanaAccess,
): IncomingHttpHeaders {
  const forbidden = new Set(
    [access.userHeader, PROXY_SECRET_HEADER, ...Object.values(GRAFANA_IDENTITY_HEADERS)].map((h) =>
      h.toLowerCase(),
    ),
  );
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (forbidden.has(lower) || lower.startsWith('x-webauth-') || lower.startsWith('x-maclog-')) {
      continue;
    }
    // The app's cookies (this proxy's session, the browser mode's session and CSRF secret)
    // are no business of Grafana's: they all start with `maclog_`.
    if (lower === 'cookie' && typeof value === 'string') {
      const rest = value
        .split(/;\s*/)
        .filter((c) => !c.startsWith('maclog_'))
        .join('; ');
      if (rest) out[name] = rest;
      continue;
    }
    out[name] = value;
  }
  out[access.userHeader] = user.login;
  out[GRAFANA_IDENTITY_HEADERS.role] = user.role;
  if (user.name) out[GRAFANA_IDENTITY_HEADERS.name] = user.name;
  if (user.email) out[GRAFANA_IDENTITY_HEADERS.email] = user.email;
  return out;
}

/**
 * The desktop app's `identify`: a request carrying the proxy secret is the app's own
 * window, signed in as the machine's user with `role`.
 */
export function bySecret(access: GrafanaAccess, user: GrafanaUser) {
  return (request: FastifyRequest): GrafanaUser | null =>
    sameSecret(request.headers[PROXY_SECRET_HEADER], access.proxySecret) ? user : null;
}
