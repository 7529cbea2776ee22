/**
 * Every configuration file of each service, at its path inside the container, and the
 * tar archive that puts them there (through the engine, so no host folder has to be
 * shared with a Docker Desktop VM).
 */
import { createHash } from 'node:crypto';
import { pack } from 'tar-stream';
import type { StackService, StackSettings } from '../../src-shared/stack.js';
import {
  GRAFANA_CONFIG,
  GRAFANA_DASHBOARDS,
  GRAFANA_PROVISIONING,
  LOKI_CONFIG,
  PROMETHEUS_CONFIG,
  lokiConfig,
  prometheusConfig,
  type ConfigFile,
  type Layout,
} from './config.js';
import { dashboardFiles } from './dashboards.js';
import { grafanaIni, grafanaProvisioning } from './grafana-config.js';

/** What `stack/` shows in place of the per-install header name (see grafana/access.ts). */
export const REFERENCE_USER_HEADER = 'X-Maclog-User-per-install-secret';

const DASHBOARDS_NOTE = 'Dashboard files (*.json) here are provisioned into Grafana.\n';

export function containerFiles(
  settings: StackSettings,
  layout: Layout,
): Record<StackService, ConfigFile[]> {
  const provisioning = grafanaProvisioning(settings, layout).map((f) => ({
    path: `${GRAFANA_PROVISIONING}/${f.path}`,
    content: f.content,
  }));
  return {
    loki: [{ path: LOKI_CONFIG, content: lokiConfig(settings) }],
    prometheus: [{ path: PROMETHEUS_CONFIG, content: prometheusConfig(settings, layout) }],
    grafana: [
      { path: GRAFANA_CONFIG, content: grafanaIni(settings, layout) },
      ...provisioning,
      { path: `${GRAFANA_DASHBOARDS}/README.txt`, content: DASHBOARDS_NOTE },
      ...dashboardFiles(GRAFANA_DASHBOARDS),
    ],
  };
}

/** Identifies a configuration, so a container made from another one is recreated. */
export function hashFiles(files: ConfigFile[], extra: string[] = []): string {
  const hash = createHash('sha256');
  for (const part of [...files.flatMap((f) => [f.path, f.content]), ...extra]) {
    hash.update(part).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** A tar of the files with absolute paths made relative, to extract at `/`. */
export async function tarOf(files: ConfigFile[]): Promise<Buffer> {
  const archive = pack();
  for (const file of files) {
    // World-readable: Loki and Grafana run as their own users (10001, 472).
    archive.entry({ name: file.path.replace(/^\/+/, ''), mode: 0o644 }, file.content);
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The files as `stack/` keeps them for reading (and `maclog stack config` writes them):
 * the container path without its leading /etc/.
 */
export function referenceFiles(settings: StackSettings, layout: Layout): ConfigFile[] {
  const shown = settings.grafana.authProxyHeader
    ? settings
    : { ...settings, grafana: { ...settings.grafana, authProxyHeader: REFERENCE_USER_HEADER } };
  const all = containerFiles(shown, layout);
  return Object.values(all)
    .flat()
    .map((f) => ({ path: f.path.replace(/^\/etc\//, ''), content: f.content }));
}
