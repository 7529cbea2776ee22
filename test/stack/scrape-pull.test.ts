/**
 * Against the real engine: images pulled from a local registry with progress, Prometheus
 * (Debian's, in a container) scraping the app's /metrics on 127.0.0.1, and the engine
 * going away under a running manager.
 */
import { connect as connectSocket, createServer, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StackEvent } from '../../src-shared/stack.js';
import { connect, dockerOptions } from '../../src-main/stack/engine.js';
import { ManagedStack } from '../../src-main/stack/managed.js';
import { createMetrics } from '../../src-main/metrics/metrics.js';
import { startMetricsServer } from '../../src-main/metrics/server.js';
import {
  REGISTRY,
  TEST_IMAGES,
  cleanUp,
  queryUntilFound,
  testEngine,
  testSettings,
} from './helpers.js';

const engine = await testEngine();
const prefixes: string[] = [];

afterAll(async () => {
  if (engine) for (const prefix of prefixes) await cleanUp(engine, prefix);
}, 180_000);

async function settingsFor(overrides: Record<string, unknown> = {}) {
  const settings = await testSettings(overrides);
  prefixes.push(settings.namePrefix);
  return settings;
}

describe.runIf(engine)(
  'stack on a real engine: pull, scrape, engine gone',
  { timeout: 180_000 },
  () => {
    it('pulls missing images from a registry, with progress up to 100 %', async () => {
      const images = {
        loki: `${REGISTRY}/maclog-test/${TEST_IMAGES.loki.split('/').at(-1)}`,
        prometheus: `${REGISTRY}/maclog-test/prometheus:2.42`,
        grafana: `${REGISTRY}/maclog-test/${TEST_IMAGES.grafana.split('/').at(-1)}`,
      };
      for (const image of Object.values(images)) {
        await engine!.docker
          .getImage(image)
          .remove()
          .catch(() => undefined);
      }
      const stack = new ManagedStack(await settingsFor({ images }), engine!);
      const pulls: Extract<StackEvent, { state: 'pulling' }>[] = [];
      stack.onEvent((e) => {
        if (e.state === 'pulling') pulls.push(e);
      });

      await stack.up();

      for (const service of ['loki', 'prometheus', 'grafana'] as const) {
        const mine = pulls.filter((e) => e.service === service);
        expect(mine[0]).toEqual({ service, state: 'pulling', image: images[service], percent: 0 });
        expect(mine.at(-1)).toEqual({
          service,
          state: 'pulling',
          image: images[service],
          percent: 100,
        });
        for (const e of mine)
          expect(e.percent === null || (e.percent >= 0 && e.percent <= 100)).toBe(true);
      }
    });

    it('has Prometheus scrape the app’s /metrics on 127.0.0.1', async () => {
      const settings = await settingsFor({ prometheus: { scrapeIntervalSeconds: 1 } });
      const metrics = createMetrics();
      metrics.filesIngested.inc({ format: 'srsran-gnb', outcome: 'parsed' }, 3);
      const server = await startMetricsServer(metrics.registry, { port: settings.appMetricsPort });
      try {
        await new ManagedStack(settings, engine!).up();
        const base = `http://127.0.0.1:${settings.ports.prometheus}`;
        const result = await queryUntilFound(base, 'maclog_files_ingested_total');
        expect(result.map((r) => [r.metric, r.value[1]])).toEqual([
          [
            {
              __name__: 'maclog_files_ingested_total',
              format: 'srsran-gnb',
              outcome: 'parsed',
              instance: `127.0.0.1:${settings.appMetricsPort}`,
              job: 'maclog',
            },
            '3',
          ],
        ]);
      } finally {
        await server.close();
      }
    });

    it('says the engine stopped answering when it goes away', async () => {
      // A socket in front of the engine that the test can take away, as a stopped daemon does.
      const dir = mkdtempSync(join(tmpdir(), 'maclog-engine-'));
      const path = join(dir, 'engine.sock');
      const target = dockerOptions(engine!.host).socketPath as string;
      const open = new Set<Socket>();
      const proxy = createServer((client) => {
        const upstream = connectSocket(target);
        open.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((r) => proxy.listen(path, r));
      const host = `unix://${path}`;
      const proxied = await connect({ host, source: 'test proxy' });
      const stack = new ManagedStack(await settingsFor(), proxied);
      expect((await stack.status()).map((s) => s.state)).toEqual(['missing', 'missing', 'missing']);

      for (const socket of open) socket.destroy();
      await new Promise((r) => proxy.close(r));

      await expect(stack.status()).rejects.toThrow(
        new RegExp(`^the container engine at ${host} stopped answering while listing containers`),
      );
    });
  },
);
