/**
 * The native mode: `loki`, `prometheus` and `grafana` binaries from the PATH, run as child
 * processes with the same generated configuration, under a folder of the app's data.
 * They live as long as the process that started them (the CLI's `up` waits for Ctrl-C).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import {
  STACK_SERVICES,
  type ServiceStatus,
  type StackEvent,
  type StackService,
  type StackSettings,
} from '../../src-shared/stack.js';
import { logger } from '../log.js';
import { lokiConfig, prometheusArgs, prometheusConfig } from './config.js';
import { dashboardFiles } from './dashboards.js';
import { grafanaIni, grafanaProvisioning } from './grafana-config.js';
import { portInUse } from './ports.js';
import { READY_PATHS, probeOnce, waitReady } from './probe.js';
import { StackError, type LogOptions, type Stack, type StackListener } from './stack.js';

const log = logger('stack-native');
const KEPT_LINES = 1000;

/** The executable `name` on the PATH, or null. */
export function onPath(name: string, path = process.env['PATH'] ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

interface Running {
  child: ChildProcess;
  lines: string[];
  out: PassThrough;
  exited: string | null;
}

export class NativeStack implements Stack {
  readonly mode = 'native' as const;
  private readonly events = new EventEmitter();
  private readonly running = new Map<StackService, Running>();

  /** `dir`: where configuration and data go (one folder per service). */
  constructor(
    private readonly settings: StackSettings,
    private readonly dir: string,
    private readonly path = process.env['PATH'] ?? '',
  ) {}

  onEvent(listener: StackListener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: StackEvent): void {
    this.events.emit('event', event);
  }

  private url(service: StackService): string {
    return `http://127.0.0.1:${this.settings.ports[service]}`;
  }

  async up(): Promise<ServiceStatus[]> {
    for (const service of STACK_SERVICES) {
      if (this.running.get(service)?.exited === null) continue;
      try {
        await this.start(service);
      } catch (error) {
        this.emit({ service, state: 'failed', reason: (error as Error).message });
        throw error;
      }
    }
    return this.status();
  }

  private async start(service: StackService): Promise<void> {
    const binary = onPath(service, this.path);
    if (!binary) throw new StackError(`no \`${service}\` executable on the PATH`, service);
    const port = this.settings.ports[service];
    if (await portInUse(port)) {
      throw new StackError(`port ${port} on 127.0.0.1 is already in use`, service);
    }

    this.emit({ service, state: 'starting' });
    const child = spawn(binary, this.argsOf(service), {
      cwd: this.serviceDir(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run = this.track(service, child);
    const check = () =>
      run.exited ? Promise.reject(new Error(`${run.exited}${lastLines(run)}`)) : Promise.resolve();
    try {
      const timeoutMs = this.settings.readyTimeoutSeconds * 1000;
      await waitReady(`${this.url(service)}${READY_PATHS[service]}`, { timeoutMs, check });
    } catch (error) {
      child.kill();
      throw new StackError((error as Error).message, service, { cause: error });
    }
    this.emit({ service, state: 'ready', url: this.url(service) });
  }

  private track(service: StackService, child: ChildProcess): Running {
    const run: Running = { child, lines: [], out: new PassThrough(), exited: null };
    const keep = (chunk: Buffer) => {
      run.out.write(chunk);
      run.lines.push(...chunk.toString().split('\n').filter(Boolean));
      run.lines.splice(0, Math.max(0, run.lines.length - KEPT_LINES));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => (run.exited = error.message));
    child.on('exit', (code, signal) => {
      run.exited = `exited with ${signal ?? `code ${code}`}`;
      log.info({ service, code, signal }, 'process ended');
    });
    this.running.set(service, run);
    return run;
  }

  private serviceDir(service: StackService): string {
    const dir = join(this.dir, service);
    mkdirSync(join(dir, 'data'), { recursive: true });
    return dir;
  }

  /** Writes the service's files under its folder and returns its command line. */
  private argsOf(service: StackService): string[] {
    const dir = this.serviceDir(service);
    const data = join(dir, 'data');
    const write = (name: string, content: string) => {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    if (service === 'loki') {
      // Natively Loki listens on its configured port directly: no publishing in between.
      const config = lokiConfig(this.settings, data).replace(
        /http_listen_port: \d+/,
        `http_listen_port: ${this.settings.ports.loki}`,
      );
      return [`-config.file=${write('loki.yaml', config)}`];
    }
    if (service === 'prometheus') {
      const config = write('prometheus.yml', prometheusConfig(this.settings, 'host'));
      return prometheusArgs(this.settings, 'host', { config, data });
    }
    return this.grafanaArgs(dir, data, write);
  }

  private grafanaArgs(dir: string, data: string, write: (n: string, c: string) => string) {
    const provisioning = join(dir, 'provisioning');
    const dashboards = join(dir, 'dashboards');
    mkdirSync(dashboards, { recursive: true });
    for (const file of grafanaProvisioning(this.settings, 'host', dashboards)) {
      write(join('provisioning', file.path), file.content);
    }
    for (const file of dashboardFiles('dashboards')) write(file.path, file.content);
    const ini = grafanaIni(this.settings, 'host', { data, provisioning, dashboards });
    const home = this.settings.grafana.homePath;
    return [
      'server',
      `--config=${write('grafana.ini', ini)}`,
      ...(home ? [`--homepath=${home}`] : []),
    ];
  }

  async status(): Promise<ServiceStatus[]> {
    return Promise.all(STACK_SERVICES.map((service) => this.serviceStatus(service)));
  }

  private async serviceStatus(service: StackService): Promise<ServiceStatus> {
    const run = this.running.get(service);
    const base = { service, url: this.url(service), image: null };
    if (!run) return { ...base, id: null, state: 'missing', detail: 'not started' };
    const id = String(run.child.pid ?? '');
    if (run.exited) return { ...base, id, state: 'stopped', detail: run.exited };
    const answer = await probeOnce(`${this.url(service)}${READY_PATHS[service]}`);
    return answer === 200
      ? { ...base, id, state: 'ready', detail: null }
      : { ...base, id, state: 'starting', detail: `readiness answered ${answer}` };
  }

  async down(): Promise<void> {
    for (const [service, run] of this.running) {
      if (!run.exited) {
        const ended = new Promise((resolve) => run.child.once('exit', resolve));
        run.child.kill('SIGTERM');
        await ended;
      }
      run.out.end();
      this.emit({ service, state: 'stopped' });
    }
  }

  logs(service: StackService, options: LogOptions = {}): Promise<Readable> {
    const run = this.running.get(service);
    if (!run) return Promise.reject(new StackError('not started', service));
    const lines = options.tail ? run.lines.slice(-options.tail) : run.lines;
    const out = new PassThrough();
    out.write(lines.map((l) => `${l}\n`).join(''));
    if (options.follow) run.out.pipe(out);
    else out.end();
    return Promise.resolve(out);
  }
}

function lastLines(run: Running): string {
  const tail = run.lines.slice(-5).join('\n');
  return tail ? `; its last lines:\n${tail}` : '';
}
