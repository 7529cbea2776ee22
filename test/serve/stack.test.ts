/**
 * The Stack page's operations over HTTP: without an engine (a dead socket), and, when
 * scripts/ci-stack-setup.sh has set one up, start, logs and stop against the real engine
 * with the test images (Loki and Grafana are stand-ins there, see test/stack/helpers.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, ShipTarget, StackStatus } from '../../src-shared/api.js';
import { parseStackSettings, type StackEvent } from '../../src-shared/stack.js';
import { cleanUp, testEngine, testSettings } from '../stack/helpers.js';
import { changeWithoutApiHeader, close, listen, testServer, type TestServer } from './helpers.js';

const servers: TestServer[] = [];
const prefixes: string[] = [];
const engine = await testEngine();

afterAll(async () => {
  for (const t of servers) await close(t);
  if (engine) for (const prefix of prefixes) await cleanUp(engine, prefix);
}, 180_000);

async function serverWith(settings: Parameters<typeof testServer>[0]) {
  const t = await testServer(settings);
  servers.push(t);
  return t;
}

/** A change as the admin's page makes it (start and stop are the admin's). */
const post = (t: TestServer, path: string, body?: object) => t.admin.change('POST', path, body);
const get = (t: TestServer, path: string) => t.admin.request('GET', path);

describe('the stack API without an engine', () => {
  const dead = join(mkdtempSync(join(tmpdir(), 'maclog-no-engine-')), 'docker.sock');

  it('says the engine was not found, with the socket tried and why', async () => {
    const t = await serverWith({
      stackSettings: parseStackSettings({ engineHost: `unix://${dead}` }),
    });
    const status = (await (await get(t, '/api/stack')).json()) as StackStatus;
    expect(status).toMatchObject({
      mode: 'managed',
      busy: null,
      services: [],
      engine: {
        found: false,
        tried: [{ host: `unix://${dead}`, source: 'settings', reason: 'no such socket' }],
      },
    });
    expect(status.error).toMatch(/^no container engine answered/);

    // Nowhere to ship, and the button can say why.
    const target = (await (await get(t, '/api/ship-target')).json()) as ShipTarget;
    expect(target).toEqual({
      url: null,
      source: null,
      reason:
        'no Loki to ship to (no container engine found): start the stack, or serve with --loki URL',
    });

    const start = await post(t, '/api/stack/start');
    expect(start.status).toBe(502);
    expect(((await start.json()) as ApiErrorBody).error.message).toMatch(
      /^no container engine answered.*\n.*no such socket/s,
    );
  });

  it('needs the API header to start or stop, and names a wrong field', async () => {
    const t = servers[0];
    // Signed in as the admin, with the CSRF token: only the header is missing.
    for (const [path, body] of [
      ['/api/stack/start', undefined],
      ['/api/stack/stop', { remove: true }],
    ] as const) {
      const refused = await changeWithoutApiHeader(t.admin, 'POST', path, body);
      expect([path, refused.status]).toEqual([path, 403]);
      expect(((await refused.json()) as ApiErrorBody).error.message).toBe(
        'requests that change data need the x-maclog-api header',
      );
    }

    const remove = await post(t, '/api/stack/stop', { remove: 'all' });
    expect(((await remove.json()) as ApiErrorBody).error).toEqual({
      message: 'remove must be true or false',
      field: 'remove',
    });
    const service = await get(t, '/api/stack/logs/mysql');
    expect(service.status).toBe(400);
    expect(((await service.json()) as ApiErrorBody).error).toEqual({
      message: 'service must be loki, prometheus or grafana',
      field: 'service',
    });
    const tail = await get(t, '/api/stack/logs/loki?tail=0');
    expect(((await tail.json()) as ApiErrorBody).error.field).toBe('tail');
  });
});

describe.runIf(engine)('the stack API on a real engine', { timeout: 180_000 }, () => {
  it('starts the stack with events, reads a log, offers its Loki for shipping, stops and removes', async () => {
    const settings = await testSettings();
    prefixes.push(settings.namePrefix);
    const t = await serverWith({ stackSettings: settings });
    const events = await listen(t);

    const before = (await (await get(t, '/api/stack')).json()) as StackStatus;
    expect(before.engine).toMatchObject({ found: true, kind: 'podman' });
    expect(before.services.map((s) => s.state)).toEqual(['missing', 'missing', 'missing']);

    const started = await post(t, '/api/stack/start');
    expect(started.status).toBe(200);
    const up = (await started.json()) as StackStatus;
    expect(up.services.map((s) => [s.service, s.state, s.url])).toEqual([
      ['loki', 'ready', `http://127.0.0.1:${settings.ports.loki}`],
      ['prometheus', 'ready', `http://127.0.0.1:${settings.ports.prometheus}`],
      ['grafana', 'ready', `http://127.0.0.1:${settings.ports.grafana}`],
    ]);
    const seen = events.events
      .filter((e) => e.type === 'stack')
      .map((e) => `${(e.data as StackEvent).service}:${(e.data as StackEvent).state}`);
    expect(seen).toEqual([
      'loki:starting',
      'loki:ready',
      'prometheus:starting',
      'prometheus:ready',
      'grafana:starting',
      'grafana:ready',
    ]);

    const target = (await (await get(t, '/api/ship-target')).json()) as ShipTarget;
    expect(target).toEqual({ url: up.services[0].url, source: 'stack', reason: null });

    const logs = await get(t, '/api/stack/logs/prometheus?tail=5');
    const { text } = (await logs.json()) as { text: string };
    expect(text.trim().split('\n').length).toBeLessThanOrEqual(5);
    expect(text).toMatch(/prometheus|Server is ready/i);

    const stopped = (await (await post(t, '/api/stack/stop', {})).json()) as StackStatus;
    expect(stopped.services.map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped']);
    const removed = (await (await post(t, '/api/stack/stop', { remove: true })).json()) as {
      services: { state: string }[];
    };
    expect(removed.services.map((s) => s.state)).toEqual(['missing', 'missing', 'missing']);
    await events.close();
  });
});
