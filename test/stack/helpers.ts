/**
 * What the stack tests share: the real engine (Podman's Docker API service in CI, set up
 * by scripts/ci-stack-setup.sh), settings with a name prefix and free ports of their own,
 * and the clean-up of everything a test created.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { extract } from 'tar-stream';
import { parseStackSettings, type StackSettings } from '../../src-shared/stack.js';
import { findEngine, type Engine } from '../../src-main/stack/engine.js';
import { LABELS } from '../../src-main/stack/specs.js';
import { withSignIn } from '../../src-main/stack/index.js';

const prefix = process.env['MACLOG_TEST_IMAGE_PREFIX'] ?? 'localhost/maclog-test';
const standinTag = process.env['MACLOG_TEST_STANDIN_TAG'] ?? 'latest';
export const REGISTRY = process.env['MACLOG_TEST_REGISTRY'] ?? '127.0.0.1:5000';

/** Test images built on the machine; Loki and Grafana are STAND-INS (see the setup script). */
export const TEST_IMAGES = {
  prometheus: `${prefix}/prometheus:2.42`,
  loki: `${prefix}/loki-standin:${standinTag}`,
  grafana: `${prefix}/grafana-standin:${standinTag}`,
};

/** The engine, or null (after saying so loudly) outside CI; in CI its absence fails. */
export async function testEngine(): Promise<Engine | null> {
  try {
    return await findEngine();
  } catch (error) {
    const message = `NO CONTAINER ENGINE: the stack tests against a real engine do not run.\n${
      (error as Error).message
    }\nRun \`eval "$(scripts/ci-stack-setup.sh)"\` (as root on Debian 12) to set one up.`;
    if (process.env['CI'] === 'true') throw new Error(message, { cause: error });
    console.error(`\n${'!'.repeat(80)}\n${message}\n${'!'.repeat(80)}\n`);
    return null;
  }
}

/** `n` distinct free ports: all held open at once, so none is handed out twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  await Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Settings of a stack no other test (or user) shares. */
export async function testSettings(
  overrides: Record<string, unknown> = {},
): Promise<StackSettings> {
  const [loki, prometheus, grafana, app] = (await freePorts(4)) as [number, number, number, number];
  const settings = parseStackSettings({
    namePrefix: `mlt-${randomBytes(4).toString('hex')}`,
    images: TEST_IMAGES,
    ports: { loki, prometheus, grafana },
    appMetricsPort: app,
    readyTimeoutSeconds: 60,
    ...overrides,
  });
  // As createStack() does: Grafana trusts the header named by a per-install secret.
  return withSignIn(settings, mkdtempSync(join(tmpdir(), 'maclog-stack-data-')));
}

/** Removes every container, volume and network labelled with the test's prefix. */
export async function cleanUp(engine: Engine, namePrefix: string): Promise<void> {
  const docker = engine.docker;
  const filters = { label: [`${LABELS.stack}=${namePrefix}`] };
  for (const c of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
  const { Volumes } = await docker.listVolumes({ filters });
  for (const v of Volumes ?? []) await docker.getVolume(v.Name).remove();
}

/** The files of a tar stream (e.g. getArchive's answer), name to text. */
export async function filesIn(archive: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const reader = extract();
  archive.pipe(reader);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === 'file') files[entry.header.name] = Buffer.concat(chunks).toString();
  }
  return files;
}

/** Asks Prometheus's API until the query has a result (or the test's timeout hits). */
export async function queryUntilFound(base: string, query: string) {
  for (;;) {
    const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.data.result.length > 0) return body.data.result;
    await new Promise((r) => setTimeout(r, 500));
  }
}
