/**
 * The managed stack against a real engine (Podman's Docker API service in CI): first
 * start, adopting after a restart, recovery, and the failures a user must understand.
 * Loki and Grafana are stand-ins (test/fixtures/stack/standin.sh); Prometheus is real.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServiceStatus, StackEvent, StackSettings } from '../../src-shared/stack.js';
import { ManagedStack } from '../../src-main/stack/managed.js';
import type { Engine } from '../../src-main/stack/engine.js';
import { LABELS, networkName } from '../../src-main/stack/specs.js';
import { tarOf } from '../../src-main/stack/files.js';
import { cleanUp, filesIn, testEngine, testSettings } from './helpers.js';

const engine = await testEngine();
const prefixes: string[] = [];

afterAll(async () => {
  if (engine) for (const prefix of prefixes) await cleanUp(engine, prefix);
}, 180_000);

async function newStack(overrides: Record<string, unknown> = {}) {
  const settings = await testSettings(overrides);
  prefixes.push(settings.namePrefix);
  return { settings, stack: new ManagedStack(settings, engine!) };
}

function recorded(stack: ManagedStack): StackEvent[] {
  const events: StackEvent[] = [];
  stack.onEvent((e) => events.push(e));
  return events;
}

const states = (list: ServiceStatus[]) => list.map((s) => [s.service, s.state]);
const ALL_READY = [
  ['loki', 'ready'],
  ['prometheus', 'ready'],
  ['grafana', 'ready'],
];

async function ours(e: Engine, settings: StackSettings) {
  const filters = { label: [`${LABELS.stack}=${settings.namePrefix}`] };
  return e.docker.listContainers({ all: true, filters });
}

describe.runIf(engine)('managed stack on a real engine', { timeout: 180_000 }, () => {
  it('starts the three services, each answering its readiness endpoint', async () => {
    const { stack, settings } = await newStack();
    const events = recorded(stack);

    expect(states(await stack.up())).toEqual(ALL_READY);

    const sequence = events.map((e) => `${e.service}:${e.state}`);
    expect(sequence).toEqual([
      'loki:starting',
      'loki:ready',
      'prometheus:starting',
      'prometheus:ready',
      'grafana:starting',
      'grafana:ready',
    ]);
    const answer = await fetch(`http://127.0.0.1:${settings.ports.loki}/ready`);
    expect(answer.status).toBe(200);
  });

  it('adopts the containers of an earlier run instead of creating new ones', async () => {
    const { stack, settings } = await newStack();
    await stack.up();
    const before = (await ours(engine!, settings)).map((c) => c.Id).sort();

    const again = new ManagedStack(settings, engine!);
    expect(states(await again.up())).toEqual(ALL_READY);

    const after = (await ours(engine!, settings)).map((c) => c.Id).sort();
    expect(after).toEqual(before);
    expect(after).toHaveLength(3);
  });

  it('stops and starts again the same containers, keeping their volumes', async () => {
    const { stack, settings } = await newStack();
    await stack.up();
    const ids = (await ours(engine!, settings)).map((c) => c.Id).sort();

    await stack.down();
    expect((await stack.status()).map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped']);

    await stack.up();
    expect((await ours(engine!, settings)).map((c) => c.Id).sort()).toEqual(ids);
  });

  it('recreates a container removed behind its back, and restarts a killed one', async () => {
    const { stack, settings } = await newStack();
    await stack.up();
    const [grafana] = (await ours(engine!, settings)).filter(
      (c) => c.Labels[LABELS.service] === 'grafana',
    );
    await engine!.docker.getContainer(grafana.Id).remove({ force: true });
    const prometheus = (await ours(engine!, settings)).find(
      (c) => c.Labels[LABELS.service] === 'prometheus',
    )!;
    await engine!.docker.getContainer(prometheus.Id).kill();

    const seen = await stack.status();
    expect(states(seen)).toEqual([
      ['loki', 'ready'],
      ['prometheus', 'stopped'],
      ['grafana', 'missing'],
    ]);

    expect(states(await stack.up())).toEqual(ALL_READY);
    const after = await ours(engine!, settings);
    expect(after).toHaveLength(3);
    expect(after.map((c) => c.Id)).toContain(prometheus.Id);
    expect(after.map((c) => c.Id)).not.toContain(grafana.Id);
  });

  it('refuses a port already taken by another program, naming the port and setting', async () => {
    const { stack, settings } = await newStack();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(settings.ports.grafana, '127.0.0.1', r));
    const events = recorded(stack);
    try {
      await expect(stack.up()).rejects.toThrow(
        `grafana: port ${settings.ports.grafana} on 127.0.0.1 is already in use by another ` +
          'program; stop it or choose another port (setting ports.grafana)',
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(events.at(-1)).toMatchObject({ service: 'grafana', state: 'failed' });
  });

  it('reports a missing image with its name, and leaves nothing behind', async () => {
    const image = 'localhost/maclog-test/no-such-image:0';
    const { stack, settings } = await newStack({
      images: { loki: image, prometheus: image, grafana: image },
    });
    await expect(stack.up()).rejects.toThrow(
      `loki: image ${image} is not on this machine and could not be pulled`,
    );
    expect(await ours(engine!, settings)).toEqual([]);
    const networks = await engine!.docker.listNetworks();
    expect(networks.map((n) => n.Name)).not.toContain(networkName(settings));
  });

  it('recreates containers for new image versions and keeps the data volume', async () => {
    const { stack, settings } = await newStack();
    await stack.up();
    const old = (await ours(engine!, settings)).find((c) => c.Labels[LABELS.service] === 'loki')!;
    // A file in Loki's data volume must still be there in the new container.
    const marker = await tarOf([{ path: '/loki/marker.txt', content: 'kept' }]);
    await engine!.docker.getContainer(old.Id).putArchive(marker, { path: '/' });
    // Another tag of the same stand-in stands for "a new Loki version".
    const newTag = `localhost/maclog-test/loki-standin:upgrade-${settings.namePrefix}`;
    await engine!.docker.getImage(settings.images.loki!).tag({
      repo: newTag.split(':')[0],
      tag: newTag.split(':')[1],
    });
    try {
      expect(states(await stack.upgrade({ loki: newTag }))).toEqual(ALL_READY);
      const loki = (await ours(engine!, settings)).find(
        (c) => c.Labels[LABELS.service] === 'loki',
      )!;
      expect(loki.Id).not.toBe(old.Id);
      expect(loki.Image).toBe(newTag);
      const archive = await engine!.docker
        .getContainer(loki.Id)
        .getArchive({ path: '/loki/marker.txt' });
      expect(await filesIn(archive)).toEqual({ 'marker.txt': 'kept' });
    } finally {
      await stack.remove();
      await engine!.docker.getImage(newTag).remove();
    }
  });

  it('watches: a crash or a removal is reported and recovered without being asked', async () => {
    const { stack, settings } = await newStack();
    await stack.up();
    const events = recorded(stack);
    const stop = await stack.watch({ recover: true });
    const readyAgain = (service: string) =>
      new Promise<void>((resolve) =>
        stack.onEvent((e) => {
          if (e.service === service && e.state === 'ready') resolve();
        }),
      );
    try {
      const loki = (await ours(engine!, settings)).find(
        (c) => c.Labels[LABELS.service] === 'loki',
      )!;
      const lokiBack = readyAgain('loki');
      await engine!.docker.getContainer(loki.Id).remove({ force: true });
      await lokiBack;

      const failed = events.find((e) => e.service === 'loki' && e.state === 'failed');
      expect(failed).toMatchObject({ service: 'loki', state: 'failed' });
      expect(failed && 'reason' in failed ? failed.reason : '').toMatch(
        /^its container (was removed|exited \(code \d+\))$/,
      );
      expect(states(await stack.status())).toEqual(ALL_READY);
      expect(await ours(engine!, settings)).toHaveLength(3);
    } finally {
      stop();
    }
  });
});
