/**
 * The container of each service, as dockerode's create options. Labels mark what the
 * app made, so a later run adopts it; ports are published on 127.0.0.1 only.
 */
import type Docker from 'dockerode';
import { imageOf, type StackService, type StackSettings } from '../../src-shared/stack.js';
import {
  DATA_DIRS,
  INNER_PORTS,
  LOKI_CONFIG,
  containerName,
  prometheusArgs,
  type Layout,
} from './config.js';

export const LABELS = {
  stack: 'io.maclog.stack',
  service: 'io.maclog.service',
  config: 'io.maclog.config-hash',
} as const;

export function networkName(settings: StackSettings): string {
  return `${settings.namePrefix}-net`;
}

export function volumeName(settings: StackSettings, service: StackService): string {
  return `${settings.namePrefix}-${service}-data`;
}

/** Host network on Linux: the only way to reach the app's 127.0.0.1 (FACTS.md). */
export function onHostNetwork(service: StackService, layout: Layout): boolean {
  return layout === 'host' && service !== 'loki';
}

function command(settings: StackSettings, service: StackService, layout: Layout): string[] {
  if (service === 'loki') return [`-config.file=${LOKI_CONFIG}`];
  if (service === 'prometheus') return prometheusArgs(settings, layout);
  return [];
}

export function containerSpec(
  settings: StackSettings,
  service: StackService,
  layout: Layout,
  configHash: string,
): Docker.ContainerCreateOptions {
  const inner = `${INNER_PORTS[service]}/tcp`;
  const host = onHostNetwork(service, layout);
  const hostConfig: Docker.HostConfig = {
    Binds: [`${volumeName(settings, service)}:${DATA_DIRS[service]}`],
    NetworkMode: host ? 'host' : networkName(settings),
  };
  if (!host) {
    hostConfig.PortBindings = {
      [inner]: [{ HostIp: '127.0.0.1', HostPort: String(settings.ports[service]) }],
    };
  }
  if (!host && service === 'prometheus') {
    // Docker Desktop knows host.docker.internal; elsewhere it maps to the host's gateway.
    hostConfig.ExtraHosts = ['host.docker.internal:host-gateway'];
  }
  return {
    name: containerName(settings, service),
    Image: imageOf(settings, service),
    Cmd: command(settings, service, layout),
    Labels: {
      [LABELS.stack]: settings.namePrefix,
      [LABELS.service]: service,
      [LABELS.config]: configHash,
    },
    ExposedPorts: host ? {} : { [inner]: {} },
    HostConfig: hostConfig,
  };
}
