/**
 * Grafana in the browser mode's Dashboards page: the app's sign-in proxy (grafana/auth-proxy.ts)
 * on a port of its own, next to the UI's, signing each request in as the UI's signed-in user
 * with their role.
 *
 * Why a port of its own rather than a path of the UI's origin: Grafana's pages run scripts
 * of their own, inline ones included, which the UI's strict CSP forbids; on another origin
 * they cannot read the UI's API either. Cookies, though, belong to the host and not to the
 * port, so the browser sends the UI's session cookie to the proxy too, and that is how the
 * proxy knows who it is (SameSite=Strict lets it through: another port is the same site).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, type GrafanaInfo, type Role } from '../../src-shared/api.js';
import type { AccountService } from '../accounts/accounts.js';
import { loadGrafanaAccess } from '../grafana/access.js';
import { grafanaHealthProblem } from '../grafana/health.js';
import type { GrafanaRole } from '../../src-shared/grafana.js';
import { startAuthProxy, type AuthProxy } from '../grafana/auth-proxy.js';
import { logger } from '../log.js';
import { SESSION_COOKIE } from './sessions.js';

const log = logger('serve-grafana');

export const GRAFANA_ROLE_OF: Readonly<Record<Role, GrafanaRole>> = {
  admin: 'Admin',
  editor: 'Editor',
  viewer: 'Viewer',
};

export interface GrafanaEmbedOptions {
  /** Grafana's URL, as this machine reaches it. */
  url: string;
  /** The proxy's port (0: any free one), on the UI's own address. */
  port: number;
}

export interface GrafanaEmbed {
  /** The proxy's port. */
  port: number;
  /** The proxy's origin for a browser that reached the UI under `hostname`. */
  originFor(hostname: string): string;
  close(): Promise<void>;
}

/** A Host header's name part, if it is a plain name or address (no CSP can be smuggled in). */
export function safeHostname(host: string | undefined): string | null {
  const name = (host ?? '').replace(/:\d+$/, '');
  return /^[A-Za-z0-9.-]+$/.test(name) || /^\[[0-9A-Fa-f:.]+\]$/.test(name) ? name : null;
}

export async function startGrafanaEmbed(
  options: GrafanaEmbedOptions,
  host: string,
  dataDir: string,
  accounts: AccountService,
  uiPort: () => number,
): Promise<GrafanaEmbed> {
  let proxyPort = options.port;
  const originFor = (hostname: string) => `http://${hostname}:${proxyPort}`;
  const proxy: AuthProxy = await startAuthProxy({
    upstream: options.url,
    access: loadGrafanaAccess(dataDir),
    identify: (request: FastifyRequest) => {
      const user = accounts.userOf(request.cookies?.[SESSION_COOKIE]);
      return user ? { login: user.name, role: GRAFANA_ROLE_OF[user.role], name: user.name } : null;
    },
    embeddedBy: (request) => {
      const hostname = safeHostname(request.headers.host);
      return hostname ? `http://${hostname}:${uiPort()}` : null;
    },
    host,
    port: options.port,
  });
  proxyPort = Number(new URL(proxy.url).port);
  log.info({ grafana: options.url, port: proxyPort }, 'Grafana proxy for the UI');
  return { port: proxyPort, originFor, close: () => proxy.close() };
}

/** GET /api/grafana: where the page frames Grafana from, or in words why it cannot. */
export function grafanaRoute(
  app: FastifyInstance,
  grafanaUrl: string | null,
  embedded: () => GrafanaEmbed | null,
): void {
  app.get('/api/grafana', async (request): Promise<GrafanaInfo> => {
    const embed = embedded();
    if (grafanaUrl === null || embed === null) {
      return {
        available: false,
        reason: 'No Grafana is set up for this server: start `maclog serve` with --grafana-url.',
      };
    }
    const problem = await grafanaHealthProblem(grafanaUrl);
    if (problem !== null) {
      return {
        available: false,
        reason:
          `Grafana at ${grafanaUrl} does not answer (${problem}). ` +
          'Start the stack with `maclog stack up`, then open this page again.',
      };
    }
    const hostname = safeHostname(request.headers.host);
    if (hostname === null) throw new ApiError('the Host header is no host name', null, 400);
    return { available: true, baseUrl: embed.originFor(hostname) };
  });
}
