/**
 * Who sends a request to `maclog serve`, and whether a change really comes from the app's
 * own page:
 *
 * - the session is a random token in an HTTP-only, SameSite=Strict cookie (Secure when
 *   served over https); the store keeps only its hash. Every /api/ request except the
 *   sign-in ones needs a live session; `request.user` is its user;
 * - every change needs the CSRF token of its session (@fastify/csrf-protection, tied to
 *   the session's token hash, so a token of one session is worth nothing in another),
 *   which the page reads from GET /api/session and sends in `x-csrf-token`. SameSite and
 *   the X-Maclog-Api header (security.ts) already stop other sites; the token also stops
 *   a page of a sibling origin on the same host (the Grafana proxy's, say), which counts
 *   as the same site.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserInfo } from '../../src-shared/api.js';
import { hashToken, type AccountService, type SignedIn } from '../accounts/accounts.js';
import type { Store } from '../store/store.js';

/** Every cookie of the app starts with `maclog_`: the Grafana proxy drops them all. */
export const SESSION_COOKIE = 'maclog_session';
export const CSRF_COOKIE = 'maclog_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The /api/ routes a browser reaches before signing in. */
const OPEN_ROUTES = new Set(['GET /api/session', 'POST /api/session', 'POST /api/users/first']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null (only on the open routes). */
    user: UserInfo | null;
  }
}

export async function sessions(
  app: FastifyInstance,
  store: Store,
  accounts: AccountService,
): Promise<void> {
  await app.register(fastifyCookie, { secret: store.accounts.secret('cookie') });
  await app.register(fastifyCsrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true },
    getToken: (request) => request.headers[CSRF_HEADER] as string | undefined,
    getUserInfo: (request) => sessionKey(request),
    csrfOpts: { hmacKey: store.accounts.secret('csrf') },
  });
  // Applied only where a route asks for it (the sign-in routes).
  await app.register(fastifyRateLimit, { global: false });
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    request.user = accounts.userOf(request.cookies[SESSION_COOKIE]);
    const route = `${request.method} ${request.url.split('?')[0]}`;
    if (request.user === null && !OPEN_ROUTES.has(route)) {
      await reply.code(401).send({
        error: { message: 'not signed in (or the session ended): sign in again', field: null },
      });
      return reply;
    }
  });

  app.addHook('onRequest', (request, reply, done) => {
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (changes && request.url.startsWith('/api/')) app.csrfProtection(request, reply, done);
    else done();
  });
}

/** What a CSRF token is tied to: the session's token hash, or nothing yet. */
function sessionKey(request: FastifyRequest): string {
  const token = request.cookies[SESSION_COOKIE];
  return token ? hashToken(token) : 'signed-out';
}

/** A CSRF token for the session `token` names (the one being set, or the request's). */
export function csrfTokenFor(reply: FastifyReply, token: string | undefined): string {
  const secure = reply.request.protocol === 'https';
  return reply.generateCsrf({ userInfo: token ? hashToken(token) : 'signed-out', secure });
}

export function setSessionCookie(reply: FastifyReply, signedIn: SignedIn): void {
  reply.setCookie(SESSION_COOKIE, signedIn.token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: reply.request.protocol === 'https',
    expires: new Date(signedIn.expiresMs),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
