/**
 * The Dashboards page's Grafana: `maclog serve` starts the sign-in proxy beside the UI, and
 * a signed-in user of the UI reaches Grafana as themselves with their role, against the
 * Grafana stand-in configured from the stack's own grafana.ini.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrafanaInfo, UserInfo } from '../../src-shared/api.js';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src-main/serve/server.js';
import { loadGrafanaAccess } from '../../src-main/grafana/access.js';
import { grafanaStandIn, stackIni, type GrafanaStandIn } from '../fixtures/grafana/standin.js';
import { TestBrowser } from '../fixtures/serve/browser.js';

const PASSWORD = 'correct horse battery';
const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** A server over a new data folder, its admin signed in. */
async function serve(grafana: (dataDir: string) => Promise<ServeOptions['grafana']>) {
  const root = mkdtempSync(join(tmpdir(), 'maclog-serve-grafana-'));
  const dataDir = join(root, 'data');
  const uiDir = join(root, 'ui');
  mkdirSync(uiDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>stand-in UI</title>');
  const options = await grafana(dataDir);
  const ctx: AppContext = openContext({ dataDir, workers: 1 });
  const server: RunningServer = await startServer(ctx, {
    host: '127.0.0.1',
    port: 0,
    uiDir,
    grafana: options ?? null,
  });
  closers.push(async () => {
    await server.close();
    await ctx.close();
  });
  const admin = new TestBrowser(server.url);
  expect((await admin.createFirstAdmin('admin', PASSWORD)).status).toBe(200);
  return { server, admin, dataDir };
}

async function userWith(admin: TestBrowser, url: string, name: string, role: UserInfo['role']) {
  await admin.change('POST', '/api/users', { name, password: PASSWORD, role });
  const browser = new TestBrowser(url);
  expect((await browser.signIn(name, PASSWORD)).status).toBe(200);
  return browser;
}

async function grafanaInfo(browser: TestBrowser): Promise<GrafanaInfo> {
  return (await (await browser.request('GET', '/api/grafana')).json()) as GrafanaInfo;
}

describe('Grafana through the browser mode', () => {
  let grafana: GrafanaStandIn;
  let server: RunningServer;
  let admin: TestBrowser;
  let proxyUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    ({ server, admin, dataDir } = await serve(async (dir) => {
      grafana = await grafanaStandIn(stackIni(dir));
      closers.push(() => grafana.close());
      return { url: grafana.url, port: 0 };
    }));
    proxyUrl = `http://127.0.0.1:${server.grafanaProxyPort}`;
  });

  /** What Grafana makes of a request through the proxy with the browser's cookies. */
  async function throughProxy(browser: TestBrowser, headers: Record<string, string> = {}) {
    const res = await request(`${proxyUrl}/api/user`, {
      headers: { cookie: `${browser.cookieHeader()}; grafana_session=abc`, ...headers },
    });
    const body = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body };
  }

  it('tells the page where to frame Grafana from, and lets it frame only that', async () => {
    expect(await grafanaInfo(admin)).toEqual({ available: true, baseUrl: proxyUrl });
    const page = await fetch(server.url);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp.split(';')).toContain(`frame-src ${proxyUrl}`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('signs each user in as themselves with their role, whatever the client claims', async () => {
    const viewer = await userWith(admin, server.url, 'vic', 'viewer');
    const editor = await userWith(admin, server.url, 'erin', 'editor');
    const forged = { 'X-WEBAUTH-USER': 'admin', 'X-WEBAUTH-ROLE': 'Admin' };
    const userHeader = loadGrafanaAccess(dataDir).userHeader.toLowerCase();

    for (const [browser, login, role] of [
      [viewer, 'vic', 'Viewer'],
      [editor, 'erin', 'Editor'],
      [admin, 'admin', 'Admin'],
    ] as const) {
      const res = await throughProxy(browser, forged);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ login, role });
      const got = grafana.seen.at(-1)!;
      expect(got.headers[userHeader]).toBe(login);
      expect(got.headers['x-webauth-role']).toBe(role);
      expect(got.headers['x-webauth-user']).toBeUndefined();
      // The app's session and CSRF cookies stay with the app; Grafana's own get through.
      expect(got.headers.cookie).toBe('grafana_session=abc');
      expect(res.headers['content-security-policy']).toBe(
        `frame-ancestors ${server.url.replace(/\/$/, '')}`,
      );
      expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    }
  });

  it('follows a change of role at once, and refuses a signed-out browser', async () => {
    const browser = await userWith(admin, server.url, 'rita', 'viewer');
    const rita = (await browser.session()).user!;
    await admin.change('PATCH', `/api/users/${rita.id}`, { role: 'editor' });
    expect(JSON.parse((await throughProxy(browser)).body)).toEqual({
      login: 'rita',
      role: 'Editor',
    });

    const before = grafana.seen.length;
    await browser.change('DELETE', '/api/session');
    const stranger = new TestBrowser(server.url);
    stranger.cookies.set('maclog_session', 'forged');
    expect((await throughProxy(browser)).status).toBe(401);
    expect((await throughProxy(stranger, { 'X-WEBAUTH-USER': 'admin' })).status).toBe(401);
    expect(grafana.seen.length).toBe(before);
  });
});

describe('the Dashboards page without Grafana', () => {
  it('says that none is set up, and allows no frame', async () => {
    const { server, admin } = await serve(() => Promise.resolve(null));
    expect(await grafanaInfo(admin)).toEqual({
      available: false,
      reason: 'No Grafana is set up for this server: start `maclog serve` with --grafana-url.',
    });
    const csp = (await fetch(server.url)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-src 'none'");
  });

  it('says in words that Grafana does not answer', async () => {
    const { admin } = await serve(() => Promise.resolve({ url: 'http://127.0.0.1:1', port: 0 }));
    expect(await grafanaInfo(admin)).toEqual({
      available: false,
      reason:
        'Grafana at http://127.0.0.1:1 does not answer (ECONNREFUSED). ' +
        'Start the stack with `maclog stack up`, then open this page again.',
    });
  });
});
