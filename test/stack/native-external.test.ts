/**
 * The native mode with Debian's real Prometheus as a child process (and stand-in `loki`
 * and `grafana` executables on a PATH of the test's own), and the external mode, which
 * only probes services someone else runs.
 */
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NativeStack } from '../../src-main/stack/native.js';
import { ExternalStack } from '../../src-main/stack/external.js';
import { onPath } from '../../src-main/stack/native.js';
import { createMetrics } from '../../src-main/metrics/metrics.js';
import { startMetricsServer } from '../../src-main/metrics/server.js';
import type { ServiceStatus, StackEvent } from '../../src-shared/stack.js';
import { queryUntilFound, testSettings } from './helpers.js';

const standin = resolve(import.meta.dirname, '../fixtures/stack/native-standin.mjs');
const prometheus = onPath('prometheus', '/usr/bin:/usr/local/bin');

/** A folder for PATH with Debian's prometheus and the stand-ins (those asked for). */
function binDir(services: ('loki' | 'grafana')[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'maclog-bin-'));
  if (prometheus) symlinkSync(prometheus, join(dir, 'prometheus'));
  for (const service of services) {
    const file = join(dir, service);
    writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${standin}" ${service} "$@"\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const states = (list: ServiceStatus[]) => list.map((s) => s.state);

if (!prometheus) {
  const message = 'NO PROMETHEUS BINARY: the native-mode test needs Debian’s `prometheus`.';
  if (process.env['CI'] === 'true') throw new Error(message);
  console.error(`\n${'!'.repeat(80)}\n${message}\n${'!'.repeat(80)}\n`);
}

describe.runIf(prometheus)('native mode', () => {
  it('runs Prometheus from the PATH, which scrapes the app’s /metrics, then stops it', async () => {
    const settings = await testSettings({
      mode: 'native',
      prometheus: { scrapeIntervalSeconds: 1 },
    });
    const metrics = createMetrics();
    metrics.bytesIngested.inc({ format: 'amarisoft' }, 4096);
    const server = await startMetricsServer(metrics.registry, { port: settings.appMetricsPort });
    const dir = mkdtempSync(join(tmpdir(), 'maclog-native-'));
    const stack = new NativeStack(settings, dir, binDir(['loki', 'grafana']));
    try {
      expect(states(await stack.up())).toEqual(['ready', 'ready', 'ready']);
      const base = `http://127.0.0.1:${settings.ports.prometheus}`;
      const result = await queryUntilFound(base, 'maclog_bytes_ingested_total');
      expect(result.map((r) => [r.metric['format'], r.metric['job'], r.value[1]])).toEqual([
        ['amarisoft', 'maclog', '4096'],
      ]);
      let text = '';
      for await (const chunk of await stack.logs('prometheus')) text += String(chunk);
      expect(text).toContain('Server is ready to receive web requests.');
    } finally {
      await stack.down();
      await server.close();
    }
    expect(states(await stack.status())).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('names the executable missing from the PATH', async () => {
    const settings = await testSettings({ mode: 'native' });
    const dir = mkdtempSync(join(tmpdir(), 'maclog-native-'));
    const stack = new NativeStack(settings, dir, binDir(['loki']));
    try {
      await expect(stack.up()).rejects.toThrow('grafana: no `grafana` executable on the PATH');
    } finally {
      await stack.down();
    }
  });
});

describe('external mode', () => {
  it('probes the URLs it was given and starts nothing', async () => {
    const settings = await testSettings({ mode: 'native' });
    const dir = mkdtempSync(join(tmpdir(), 'maclog-native-'));
    // Services "someone else runs": here the stand-ins, started by a native stack.
    const others = new NativeStack(settings, dir, binDir(['loki', 'grafana']));
    const url = (port: number) => `http://127.0.0.1:${port}/`;
    const external = new ExternalStack(
      await testSettings({
        mode: 'external',
        external: {
          lokiUrl: url(settings.ports.loki),
          prometheusUrl: url(settings.ports.prometheus),
          grafanaUrl: url(settings.ports.grafana),
        },
        readyTimeoutSeconds: 2,
      }),
    );
    expect(states(await external.status())).toEqual(['failed', 'failed', 'failed']);
    await expect(external.up()).rejects.toThrow(
      /^loki: not ready after 2 s .*\(external; is it running\?\)$/,
    );
    try {
      await others.up();
      expect(states(await external.up())).toEqual(['ready', 'ready', 'ready']);
    } finally {
      await others.down();
    }
  });

  it('signs in with a password in the URLs, and shows the URLs without it', async () => {
    // Hosted Loki and Prometheus hand out URLs as https://user:token@host.
    const expected = `Basic ${Buffer.from('lab:s3cret').toString('base64')}`;
    const guarded = createServer((req, res) => {
      res.statusCode = req.headers.authorization === expected ? 200 : 401;
      res.end();
    });
    await new Promise<void>((done) => guarded.listen(0, '127.0.0.1', done));
    const plain = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
    const withPassword = (password: string) => plain.replace('//', `//lab:${password}@`);
    const external = async (password: string) =>
      new ExternalStack(
        await testSettings({
          mode: 'external',
          external: {
            lokiUrl: withPassword(password),
            prometheusUrl: withPassword(password),
            grafanaUrl: withPassword(password),
          },
          readyTimeoutSeconds: 1,
        }),
      );

    try {
      const right = await external('s3cret');
      const events: StackEvent[] = [];
      right.onEvent((e) => events.push(e));
      expect(states(await right.up())).toEqual(['ready', 'ready', 'ready']);
      const status = await right.status();
      expect(status.map((s) => s.url)).toEqual([plain, plain, plain]);
      expect(JSON.stringify([events, status])).not.toContain('s3cret');

      const wrong = await external('guess');
      expect(states(await wrong.status())).toEqual(['failed', 'failed', 'failed']);
      const refused = await wrong.up().catch((error: Error) => error.message);
      expect(refused).toContain(`${plain}/ready: 401`);
      expect(refused).not.toContain('guess');
    } finally {
      guarded.close();
    }
  });
});
