/**
 * The managed mode: Loki, Prometheus and Grafana as containers the app creates through
 * the Docker API (Docker or Podman), found again by their labels on every run.
 */
import { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import {
  STACK_SERVICES,
  imageOf,
  type ServiceStatus,
  type StackEvent,
  type StackService,
  type StackSettings,
} from '../../src-shared/stack.js';
import { logger } from '../log.js';
import { containerName, type Layout } from './config.js';
import type { Engine } from './engine.js';
import { containerFiles, hashFiles, tarOf } from './files.js';
import { portInUse } from './ports.js';
import { READY_PATHS, probeOnce, waitReady } from './probe.js';
import { hasImage, pullImage } from './pull.js';
import { LABELS, containerSpec, networkName, volumeName } from './specs.js';
import { StackError, type LogOptions, type Stack, type StackListener } from './stack.js';
import { followContainers, type ContainerGone } from './watch.js';

const log = logger('stack');

/** Engine errors that mean the engine itself went away, not that a request was wrong. */
const GONE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function layoutFor(
  settings: StackSettings,
  engine: Pick<Engine, 'operatingSystem'>,
): Layout {
  if (settings.network !== 'auto') return settings.network;
  // Docker Desktop runs containers in a VM even on Linux: its host network is not ours.
  const desktop = /docker desktop/i.test(engine.operatingSystem);
  return process.platform === 'linux' && !desktop ? 'host' : 'bridge';
}

export class ManagedStack implements Stack {
  readonly mode = 'managed' as const;
  readonly layout: Layout;
  private readonly docker: Docker;
  private readonly events = new EventEmitter();
  /** Set while up, down or remove run: their own stops and removals are not crashes. */
  private busy = 0;

  constructor(
    private settings: StackSettings,
    readonly engine: Engine,
  ) {
    this.docker = engine.docker;
    this.layout = layoutFor(settings, engine);
  }

  onEvent(listener: StackListener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: StackEvent): void {
    this.events.emit('event', event);
  }

  url(service: StackService): string {
    return `http://127.0.0.1:${this.settings.ports[service]}`;
  }

  async up(): Promise<ServiceStatus[]> {
    return this.whileBusy(() => this.bringUp());
  }

  private async whileBusy<T>(run: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await run();
    } finally {
      this.busy -= 1;
    }
  }

  /**
   * Keeps the stack watched: a container that dies or is removed behind the app's back is
   * reported as failed and, with `recover`, brought back by `up`. Returns stop().
   */
  async watch(options: { recover?: boolean } = {}): Promise<() => void> {
    const onGone = (gone: ContainerGone) => void this.onContainerGone(gone, options.recover);
    const onEnd = (error: Error | null) => {
      const reason =
        `the container engine at ${this.engine.host} stopped answering` +
        (error ? ` (${error.message})` : '');
      for (const service of STACK_SERVICES) this.emit({ service, state: 'failed', reason });
    };
    return this.call('following events', () =>
      followContainers(this.docker, this.settings.namePrefix, onGone, onEnd),
    );
  }

  private async onContainerGone(gone: ContainerGone, recover = false): Promise<void> {
    if (this.busy > 0) return;
    // Events arrive late: a container replaced by `up` a moment ago is not a crash.
    const now = await this.status().catch(() => []);
    if (now.find((s) => s.service === gone.service)?.state === 'ready') return;
    const reason =
      gone.action === 'destroy'
        ? 'its container was removed'
        : `its container exited (code ${gone.exitCode ?? 'unknown'})`;
    this.emit({ service: gone.service, state: 'failed', reason });
    if (!recover) return;
    try {
      await this.up();
    } catch (error) {
      log.warn({ err: error, service: gone.service }, 'recovery failed');
    }
  }

  private async bringUp(): Promise<ServiceStatus[]> {
    await this.call('creating the network', () => this.ensureNetwork());
    const files = containerFiles(this.settings, this.layout);
    for (const service of STACK_SERVICES) {
      try {
        await this.upService(service, hashFiles(files[service], [imageOf(this.settings, service)]));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.emit({ service, state: 'failed', reason });
        await this.removeNetworkIfUnused();
        throw error;
      }
    }
    return this.status();
  }

  /**
   * After a failed start: the network goes too if no container of the stack was made (a
   * missing image, a port taken before the first service). Containers that were made stay,
   * with the network they are on, so that `stack status` and `stack logs` show what failed.
   */
  private async removeNetworkIfUnused(): Promise<void> {
    try {
      if ((await this.list()).length > 0) return;
      await this.removeNetworks();
    } catch (error) {
      log.warn({ err: error }, 'could not remove the network after a failed start');
    }
  }

  /** New image versions: the containers are recreated on the same data volumes. */
  async upgrade(images: StackSettings['images']): Promise<ServiceStatus[]> {
    this.settings = { ...this.settings, images: { ...this.settings.images, ...images } };
    return this.up();
  }

  private async upService(service: StackService, configHash: string): Promise<void> {
    let found = await this.call('listing containers', () => this.find(service));
    if (found && found.Labels[LABELS.config] !== configHash) {
      log.info({ service, id: found.Id }, 'configuration or image changed: recreating');
      await this.call('removing an outdated container', () =>
        this.docker.getContainer(found!.Id).remove({ force: true }),
      );
      found = undefined;
    }

    const running = found?.State === 'running';
    if (!running) await this.checkPort(service);
    const id = found ? found.Id : await this.create(service, configHash);
    const container = this.docker.getContainer(id);

    this.emit({ service, state: 'starting' });
    if (!running) await this.call(`starting ${service}`, () => container.start());
    await this.waitReady(service, container);
    this.emit({ service, state: 'ready', url: this.url(service) });
  }

  private async create(service: StackService, configHash: string): Promise<string> {
    const image = imageOf(this.settings, service);
    await this.ensureImage(service, image);
    await this.call('creating a volume', () =>
      this.docker.createVolume({
        Name: volumeName(this.settings, service),
        Labels: { [LABELS.stack]: this.settings.namePrefix },
      }),
    );
    const spec = containerSpec(this.settings, service, this.layout, configHash);
    const container = await this.call(`creating the ${service} container`, () =>
      this.docker.createContainer(spec),
    );
    const files = containerFiles(this.settings, this.layout)[service];
    await this.call('copying configuration', async () =>
      container.putArchive(await tarOf(files), { path: '/' }),
    );
    log.info({ service, id: container.id, image }, 'container created');
    return container.id;
  }

  private async ensureImage(service: StackService, image: string): Promise<void> {
    if (await this.call('looking for an image', () => hasImage(this.docker, image))) return;
    this.emit({ service, state: 'pulling', image, percent: 0 });
    try {
      await pullImage(this.docker, image, (percent) =>
        this.emit({ service, state: 'pulling', image, percent }),
      );
    } catch (error) {
      this.rethrowIfGone(error, 'pulling');
      const reason = error instanceof Error ? error.message : String(error);
      throw new StackError(
        `image ${image} is not on this machine and could not be pulled: ${reason}`,
        service,
        { cause: error },
      );
    }
  }

  private async checkPort(service: StackService): Promise<void> {
    const port = this.settings.ports[service];
    if (await portInUse(port)) {
      throw new StackError(
        `port ${port} on 127.0.0.1 is already in use by another program; stop it or ` +
          `choose another port (setting ports.${service})`,
        service,
      );
    }
  }

  private async waitReady(service: StackService, container: Docker.Container): Promise<void> {
    const url = `${this.url(service)}${READY_PATHS[service]}`;
    // Stop waiting as soon as the container exits: its last lines say why.
    const check = async () => {
      const state = (await this.call('inspecting', () => container.inspect())).State;
      if (state.Running) return;
      const tail = await this.tailOf(container);
      throw new StackError(
        `exited with code ${state.ExitCode} before it was ready${tail}`,
        service,
      );
    };
    try {
      await waitReady(url, { timeoutMs: this.settings.readyTimeoutSeconds * 1000, check });
    } catch (error) {
      if (error instanceof StackError) throw error;
      throw new StackError((error as Error).message, service, { cause: error });
    }
  }

  private async tailOf(container: Docker.Container): Promise<string> {
    const raw = await container.logs({ stdout: true, stderr: true, tail: 5, follow: false });
    const text = demuxText(raw).trim();
    return text ? `; its last lines:\n${text}` : '';
  }

  async status(): Promise<ServiceStatus[]> {
    const list = await this.call('listing containers', () => this.list());
    return Promise.all(
      STACK_SERVICES.map((service) =>
        this.serviceStatus(
          service,
          list.find((c) => c.Labels[LABELS.service] === service),
        ),
      ),
    );
  }

  private async serviceStatus(
    service: StackService,
    found: Docker.ContainerInfo | undefined,
  ): Promise<ServiceStatus> {
    const url = this.url(service);
    const base = { service, url, id: found?.Id ?? null, image: found?.Image ?? null };
    if (!found) return { ...base, state: 'missing', detail: 'no container; run `maclog stack up`' };
    if (found.State !== 'running') return { ...base, state: 'stopped', detail: found.Status };
    const answer = await probeOnce(`${url}${READY_PATHS[service]}`);
    return answer === 200
      ? { ...base, state: 'ready', detail: null }
      : { ...base, state: 'starting', detail: `readiness answered ${answer}` };
  }

  async down(): Promise<void> {
    return this.whileBusy(() => this.stopAll());
  }

  private async stopAll(): Promise<void> {
    for (const found of await this.call('listing containers', () => this.list())) {
      const service = found.Labels[LABELS.service] as StackService;
      if (found.State === 'running') {
        await this.call(`stopping ${service}`, () =>
          this.docker.getContainer(found.Id).stop({ t: 10 }),
        );
      }
      this.emit({ service, state: 'stopped' });
    }
  }

  /** Removes the containers and the network; the data volumes too when asked. */
  async remove(options: { volumes?: boolean } = {}): Promise<void> {
    return this.whileBusy(() => this.removeAll(options.volumes ?? false));
  }

  private async removeAll(volumes: boolean): Promise<void> {
    for (const found of await this.call('listing containers', () => this.list())) {
      await this.call('removing a container', () =>
        this.docker.getContainer(found.Id).remove({ force: true }),
      );
    }
    await this.removeNetworks();
    if (!volumes) return;
    for (const service of STACK_SERVICES) {
      await this.call('removing a volume', () =>
        this.docker.getVolume(volumeName(this.settings, service)).remove().catch(ignore404),
      );
    }
  }

  async logs(service: StackService, options: LogOptions = {}): Promise<Readable> {
    const found = await this.call('listing containers', () => this.find(service));
    if (!found) throw new StackError('no container; run `maclog stack up`', service);
    const container = this.docker.getContainer(found.Id);
    const out = new PassThrough();
    const common = { stdout: true, stderr: true, ...(options.tail ? { tail: options.tail } : {}) };
    if (options.follow) {
      const stream = await container.logs({ ...common, follow: true });
      this.docker.modem.demuxStream(stream, out, out);
      stream.on('end', () => out.end());
      stream.on('error', (error: Error) => out.destroy(error));
    } else {
      out.end(demuxText(await container.logs({ ...common, follow: false })));
    }
    return out;
  }

  private async list(): Promise<Docker.ContainerInfo[]> {
    const label = `${LABELS.stack}=${this.settings.namePrefix}`;
    return this.docker.listContainers({ all: true, filters: { label: [label] } });
  }

  private async find(service: StackService): Promise<Docker.ContainerInfo | undefined> {
    const list = await this.list();
    const mine = list.filter((c) => c.Labels[LABELS.service] === service);
    // A container of that name but without our labels is not adopted: it is not ours.
    if (mine.length === 0) await this.refuseForeign(service);
    return mine[0];
  }

  private async refuseForeign(service: StackService): Promise<void> {
    const name = containerName(this.settings, service);
    const same = await this.docker.listContainers({ all: true, filters: { name: [name] } });
    if (same.some((c) => c.Names.includes(`/${name}`))) {
      throw new StackError(`a container named ${name} exists but was not made by the app`);
    }
  }

  private async removeNetworks(): Promise<void> {
    const name = networkName(this.settings);
    const networks = await this.call('listing networks', () =>
      this.docker.listNetworks({ filters: { name: [name] } }),
    );
    // The engine's name filter matches parts of names: keep the exact one.
    for (const n of networks.filter((n) => n.Name === name)) {
      await this.call('removing the network', () => this.docker.getNetwork(n.Id).remove());
    }
  }

  private async ensureNetwork(): Promise<void> {
    const name = networkName(this.settings);
    const found = await this.docker.listNetworks({ filters: { name: [name] } });
    if (found.some((n) => n.Name === name)) return;
    await this.docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      Labels: { [LABELS.stack]: this.settings.namePrefix },
    });
  }

  /** Runs an engine call; a connection failure becomes one clear message. */
  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.rethrowIfGone(error, what);
      throw error;
    }
  }

  private rethrowIfGone(error: unknown, what: string): void {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && GONE.has(code)) {
      throw new StackError(
        `the container engine at ${this.engine.host} stopped answering while ${what} ` +
          `(${code}). Start Docker or Podman again, then run \`maclog stack up\`.`,
        undefined,
        { cause: error },
      );
    }
  }
}

function ignore404(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 404) throw error;
}

/** The text of a non-following logs answer: 8-byte frame headers stripped when present. */
export function demuxText(raw: Buffer | string): string {
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'binary') : raw;
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buf.length && buf[at] <= 2 && buf.readUIntBE(at + 1, 3) === 0) {
    const size = buf.readUInt32BE(at + 4);
    parts.push(buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (at < buf.length) parts.push(buf.subarray(at));
  return Buffer.concat(parts).toString('utf8');
}
