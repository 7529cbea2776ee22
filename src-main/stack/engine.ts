/**
 * Finds a Docker-compatible engine: Docker Engine, Docker Desktop or Podman's Docker API
 * service. Candidates are tried in order and the first that answers `/_ping` wins; the
 * result says which one it was, or the error lists every place tried and why it failed.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { logger } from '../log.js';

const log = logger('stack-engine');

export interface EngineCandidate {
  /** unix:///path, npipe:////./pipe/name or tcp://host:port */
  host: string;
  /** Where the candidate came from, for messages. */
  source: string;
}

export interface Engine {
  docker: Docker;
  host: string;
  source: string;
  kind: 'docker' | 'podman';
  version: string;
  /** The engine's own OS name, e.g. "Docker Desktop" or "debian". */
  operatingSystem: string;
}

export class EngineNotFoundError extends Error {
  constructor(readonly tried: { candidate: EngineCandidate; reason: string }[]) {
    const lines = tried.map((t) => `  ${t.candidate.host} (${t.candidate.source}): ${t.reason}`);
    super(
      `no container engine answered. Start Docker or Podman (for Podman: ` +
        `\`podman system service\`), or set DOCKER_HOST. Tried:\n${lines.join('\n')}`,
    );
    this.name = 'EngineNotFoundError';
  }
}

export interface DiscoveryEnv {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  uid?: number;
}

/** The places an engine may listen on this machine, most specific first. */
export function engineCandidates(options: DiscoveryEnv = {}): EngineCandidate[] {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.home ?? homedir();
  const list: EngineCandidate[] = [];
  const add = (host: string, source: string) => {
    if (!list.some((c) => c.host === host)) list.push({ host, source });
  };

  if (env['DOCKER_HOST']) add(env['DOCKER_HOST'], 'DOCKER_HOST');
  if (platform === 'win32') {
    add('npipe:////./pipe/docker_engine', 'Docker Desktop pipe');
    add('npipe:////./pipe/podman-machine-default', 'Podman machine pipe');
    return list;
  }
  add(`unix://${join(home, '.docker/run/docker.sock')}`, 'Docker Desktop user socket');
  add('unix:///var/run/docker.sock', 'Docker socket');
  const uid = options.uid ?? process.getuid?.();
  const runtimeDir = env['XDG_RUNTIME_DIR'] ?? (uid !== undefined ? `/run/user/${uid}` : null);
  if (runtimeDir) add(`unix://${join(runtimeDir, 'podman/podman.sock')}`, 'rootless Podman');
  add('unix:///run/podman/podman.sock', 'rootful Podman');
  if (platform === 'darwin') {
    add(
      `unix://${join(home, '.local/share/containers/podman/machine/podman.sock')}`,
      'Podman machine socket',
    );
  }
  return list;
}

/** dockerode's options for an engine address. */
export function dockerOptions(host: string): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
}

/** Asks a raw path of the engine; true on a 2xx answer. */
function answers(docker: Docker, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    docker.modem.dial(
      { path, method: 'GET', statusCodes: { 200: true, 404: false }, options: {} },
      (error) => resolve(!error),
    );
  });
}

/** Long enough for a busy Podman service (it answers slowly while it creates containers). */
const PROBE_TIMEOUT_MS = 15_000;

export async function connect(
  candidate: EngineCandidate,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<Engine> {
  // A short timeout for the probe only: later calls (pulls, log streams) may idle long.
  const probe = new Docker({ ...dockerOptions(candidate.host), timeout: timeoutMs });
  await probe.ping();
  const info = (await probe.info()) as { OperatingSystem?: string };
  const podman = await answers(probe, '/libpod/_ping');
  const version = (await probe.version()).Version;
  return {
    docker: new Docker(dockerOptions(candidate.host)),
    host: candidate.host,
    source: candidate.source,
    kind: podman ? 'podman' : 'docker',
    version,
    operatingSystem: info.OperatingSystem ?? '',
  };
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such socket';
  if (e.code === 'ECONNREFUSED') return 'nothing listening';
  if (e.code === 'EACCES') return 'permission denied (is the user in the docker group?)';
  if (e.code === 'ECONNRESET' || /timeout|hang up/i.test(e.message ?? '')) {
    return `no answer within ${PROBE_TIMEOUT_MS / 1000} s`;
  }
  return e.message ?? String(error);
}

/** The engine to use: the one named (settings, --engine) or the first that answers. */
export async function findEngine(host?: string, options: DiscoveryEnv = {}): Promise<Engine> {
  const candidates = host ? [{ host, source: 'settings' }] : engineCandidates(options);
  const tried: { candidate: EngineCandidate; reason: string }[] = [];
  for (const candidate of candidates) {
    try {
      const engine = await connect(candidate);
      log.info({ host: engine.host, kind: engine.kind, version: engine.version }, 'engine found');
      return engine;
    } catch (error) {
      tried.push({ candidate, reason: reasonOf(error) });
    }
  }
  throw new EngineNotFoundError(tried);
}
