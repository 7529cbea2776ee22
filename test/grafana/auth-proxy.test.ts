/**
 * Signing in to Grafana through the app's proxy, against a STAND-IN Grafana
 * (test/fixtures/grafana/standin.ts) configured from the stack's own grafana.ini.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStackSettings } from '../../src-shared/stack.js';
import {
  ACCESS_FILE,
  loadGrafanaAccess,
  PROXY_SECRET_HEADER,
} from '../../src-main/grafana/access.js';
import { grafanaIni } from '../../src-main/stack/grafana-config.js';
import {
  bySecret,
  startAuthProxy,
  type AuthProxyOptions,
} from '../../src-main/grafana/auth-proxy.js';
import { grafanaStandIn, iniSection, stackIni } from '../fixtures/grafana/standin.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A Grafana stand-in behind the proxy; by default the proxy admits the app's window. */
async function setup(admit: Partial<Pick<AuthProxyOptions, 'identify' | 'signInToken'>> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'maclog-access-'));
  const access = loadGrafanaAccess(dataDir);
  const grafana = await grafanaStandIn(stackIni(dataDir));
  closers.push(() => grafana.close());
  const proxy = await startAuthProxy({
    upstream: grafana.url,
    access,
    identify: bySecret(access, { login: 'radio-engineer', role: 'Editor', name: 'Radio Engineer' }),
    ...admit,
  });
  closers.push(() => proxy.close());
  return { access, grafana, proxy };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { headers });
  return { status: res.statusCode, body: await res.body.text() };
}

describe('the Grafana sign-in proxy', () => {
  it('signs the app’s window in with the user and role, and nothing the client claimed', async () => {
    const { access, grafana, proxy } = await setup();
    const res = await get(`${proxy.url}/api/user?x=1`, {
      [PROXY_SECRET_HEADER]: access.proxySecret,
      'X-WEBAUTH-USER': 'admin',
      'X-WEBAUTH-ROLE': 'Admin',
      [access.userHeader]: 'someone-else',
    });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ login: 'radio-engineer', role: 'Editor' });
    const got = grafana.seen[0];
    expect(got.url).toBe('/api/user?x=1');
    expect(got.headers[access.userHeader.toLowerCase()]).toBe('radio-engineer');
    expect(got.headers['x-webauth-role']).toBe('Editor');
    expect(got.headers['x-webauth-name']).toBe('Radio Engineer');
    expect(got.headers['x-webauth-user']).toBeUndefined();
    expect(got.headers[PROXY_SECRET_HEADER]).toBeUndefined();
  });

  it('passes request bodies through', async () => {
    const { access, grafana, proxy } = await setup();
    const res = await request(`${proxy.url}/api/ds/query`, {
      method: 'POST',
      headers: { [PROXY_SECRET_HEADER]: access.proxySecret, 'content-type': 'application/json' },
      body: '{"queries":[]}',
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    expect(grafana.seen[0].body).toBe('{"queries":[]}');
  });

  it('refuses a request without the secret, or with a wrong one, before it reaches Grafana', async () => {
    const { access, grafana, proxy } = await setup();
    const wrong = access.proxySecret.replace(/^./, (c) => (c === '0' ? '1' : '0'));

    expect((await get(`${proxy.url}/api/user`)).status).toBe(401);
    expect((await get(`${proxy.url}/api/user`, { [PROXY_SECRET_HEADER]: wrong })).status).toBe(401);
    expect((await get(`${proxy.url}/`, { 'X-WEBAUTH-USER': 'admin' })).status).toBe(401);
    expect(grafana.seen).toEqual([]);
  });

  it('says in words when Grafana does not answer', async () => {
    const access = loadGrafanaAccess(mkdtempSync(join(tmpdir(), 'maclog-access-')));
    const proxy = await startAuthProxy({
      upstream: 'http://127.0.0.1:1',
      access,
      identify: bySecret(access, { login: 'radio-engineer', role: 'Viewer' }),
    });
    closers.push(() => proxy.close());
    const res = await get(`${proxy.url}/`, { [PROXY_SECRET_HEADER]: access.proxySecret });
    expect(res.status).toBe(502);
    expect(res.body).toMatch(
      /^Grafana at http:\/\/127\.0\.0\.1:1 does not answer \(.*ECONNREFUSED/,
    );
    expect(res.body).toContain('maclog stack up');
  });

  it('gives Grafana nothing to sign a forged X-WEBAUTH-USER in with', async () => {
    const { grafana } = await setup();
    const direct = await get(`${grafana.url}/api/user`, {
      'X-WEBAUTH-USER': 'admin',
      'X-WEBAUTH-ROLE': 'Admin',
    });
    expect(direct.status).toBe(401);
  });

  it('turns every other way into Grafana off', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'maclog-access-'));
    const ini = stackIni(dataDir);
    expect(iniSection(ini, 'auth.proxy')).toMatchObject({
      enabled: 'true',
      header_name: loadGrafanaAccess(dataDir).userHeader,
      headers: 'Name:X-WEBAUTH-NAME Email:X-WEBAUTH-EMAIL Role:X-WEBAUTH-ROLE',
      enable_login_token: 'false',
      sync_ttl: '0',
    });
    // Framed by the browser mode's page; the proxy says which page may (frame-ancestors).
    expect(iniSection(ini, 'security')).toEqual({ allow_embedding: 'true' });
    expect(iniSection(ini, 'auth')).toEqual({ disable_login_form: 'true' });
    expect(iniSection(ini, 'auth.basic')).toEqual({ enabled: 'false' });
    expect(iniSection(ini, 'auth.anonymous')).toEqual({ enabled: 'false' });
    expect(iniSection(ini, 'users')).toEqual({ allow_sign_up: 'false' });
  });

  it('never falls back to the well-known X-WEBAUTH-USER', () => {
    expect(() => grafanaIni(parseStackSettings({}), 'host')).toThrow(/no auth proxy header/);
  });
});

describe('signing a plain browser in with a link', () => {
  const withLink = () =>
    setup({
      identify: () => null,
      signInToken: { token: 'a'.repeat(48), user: { login: 'lab-user', role: 'Viewer' } },
    });

  it('gives an HTTP-only session cookie for the right token, then signs the browser in', async () => {
    const { grafana, proxy } = await withLink();
    const link = `${proxy.url}/maclog/sign-in?token=${'a'.repeat(48)}&next=%2Fd%2Fmaclog-ue`;
    const res = await request(link);
    await res.body.text();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/d/maclog-ue');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^maclog_grafana_session=[0-9a-f]{64};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const session = cookie.split(';')[0];
    const me = await get(`${proxy.url}/api/user`, { cookie: `${session}; grafana_session=abc` });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toEqual({ login: 'lab-user', role: 'Viewer' });
    // Grafana gets its own cookies, never the proxy's session.
    expect(grafana.seen.at(-1)!.headers.cookie).toBe('grafana_session=abc');
  });

  it('refuses a wrong token and never redirects off the proxy', async () => {
    const { proxy } = await withLink();
    const wrong = await request(`${proxy.url}/maclog/sign-in?token=${'b'.repeat(48)}`);
    await wrong.body.text();
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const away = await request(
      `${proxy.url}/maclog/sign-in?token=${'a'.repeat(48)}&next=//evil.example/`,
    );
    await away.body.text();
    expect(away.headers.location).toBe('/');
    expect(
      (await get(`${proxy.url}/api/user`, { cookie: 'maclog_grafana_session=forged' })).status,
    ).toBe(401);
  });
});

describe('the per-install secrets', () => {
  it('are made once, kept readable by the owner only, and read back the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maclog-access-'));
    const first = loadGrafanaAccess(dir);
    expect(statSync(join(dir, ACCESS_FILE)).mode & 0o777).toBe(0o600);
    expect(loadGrafanaAccess(dir)).toEqual(first);
    const other = loadGrafanaAccess(mkdtempSync(join(tmpdir(), 'maclog-access-')));
    expect(other.proxySecret).not.toBe(first.proxySecret);
    expect(other.userHeader).not.toBe(first.userHeader);
  });

  it('name the file when it is damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maclog-access-'));
    writeFileSync(join(dir, ACCESS_FILE), '{"userHeader":"X-WEBAUTH-USER","proxySecret":"x"}');
    expect(() => loadGrafanaAccess(dir)).toThrow(join(dir, ACCESS_FILE));
  });
});
