/**
 * Grafana's grafana.ini and provisioning files: the Loki and Prometheus datasources under
 * fixed uids (dashboards refer to them), sign-in through the auth proxy, no anonymous
 * access, and a folder of dashboard files (issue 4 adds the dashboards).
 */
import { stringify } from 'yaml';
import { GRAFANA_IDENTITY_HEADERS } from '../grafana/access.js';
import type { StackSettings } from '../../src-shared/stack.js';
import {
  DATA_DIRS,
  DATASOURCE_UIDS,
  GRAFANA_DASHBOARDS,
  GRAFANA_PROVISIONING,
  INNER_PORTS,
  peersOf,
  type ConfigFile,
  type Layout,
} from './config.js';

export interface GrafanaPaths {
  data: string;
  provisioning: string;
  dashboards: string;
}

const CONTAINER_PATHS: GrafanaPaths = {
  data: DATA_DIRS.grafana,
  provisioning: GRAFANA_PROVISIONING,
  dashboards: GRAFANA_DASHBOARDS,
};

function ini(sections: Record<string, Record<string, string | number | boolean>>): string {
  const parts = Object.entries(sections).map(([name, values]) => {
    const lines = Object.entries(values).map(([key, value]) => `${key} = ${String(value)}`);
    return [`[${name}]`, ...lines].join('\n');
  });
  return `${parts.join('\n\n')}\n`;
}

export function grafanaIni(
  settings: StackSettings,
  layout: Layout,
  paths: GrafanaPaths = CONTAINER_PATHS,
): string {
  // On the host network Grafana binds 127.0.0.1 itself; in a bridge the port is published.
  const server =
    layout === 'host'
      ? { http_addr: '127.0.0.1', http_port: settings.ports.grafana }
      : { http_addr: '0.0.0.0', http_port: INNER_PORTS.grafana };
  return ini({
    paths: { data: paths.data, provisioning: paths.provisioning },
    server,
    analytics: { reporting_enabled: false, check_for_updates: false },
    'auth.anonymous': { enabled: false },
    'auth.basic': { enabled: false },
    users: { allow_sign_up: false },
    // The app's proxy (grafana/auth-proxy.ts) signs users in. Anyone reaching the port can
    // send a header, so the one trusted is named with the per-install secret.
    'auth.proxy': {
      enabled: true,
      header_name: userHeaderOf(settings),
      header_property: 'username',
      auto_sign_up: true,
      // The role comes with every request; 0 makes a change of it apply at once rather
      // than after Grafana's cache of the user expires (15 minutes by default).
      sync_ttl: 0,
      headers: [
        `Name:${GRAFANA_IDENTITY_HEADERS.name}`,
        `Email:${GRAFANA_IDENTITY_HEADERS.email}`,
        `Role:${GRAFANA_IDENTITY_HEADERS.role}`,
      ].join(' '),
      enable_login_token: false,
    },
    auth: { disable_login_form: true },
    // `maclog serve` shows Grafana in a frame. Without this Grafana forbids every frame
    // (X-Frame-Options: deny); the proxy then allows only the app's own page to frame it
    // (frame-ancestors), and Grafana is reached through the proxy only.
    security: { allow_embedding: true },
  });
}

function userHeaderOf(settings: StackSettings): string {
  const header = settings.grafana.authProxyHeader;
  // Never fall back to the well-known X-WEBAUTH-USER: any local program could send it.
  if (!header)
    throw new Error('no auth proxy header: createStack() sets it from grafana-access.json');
  return header;
}

function datasources(settings: StackSettings, layout: Layout): string {
  const peers = peersOf(settings, layout);
  return stringify({
    apiVersion: 1,
    datasources: [
      {
        name: 'Loki',
        type: 'loki',
        uid: DATASOURCE_UIDS.loki,
        access: 'proxy',
        url: peers.lokiUrl,
        jsonData: { maxLines: settings.loki.maxEntriesPerQuery },
        editable: false,
      },
      {
        name: 'Prometheus',
        type: 'prometheus',
        uid: DATASOURCE_UIDS.prometheus,
        access: 'proxy',
        url: peers.prometheusUrl,
        isDefault: true,
        jsonData: { timeInterval: `${settings.prometheus.scrapeIntervalSeconds}s` },
        editable: false,
      },
    ],
  });
}

function dashboardProvider(dashboards: string): string {
  return stringify({
    apiVersion: 1,
    providers: [
      {
        name: 'MAC Log Studio',
        folder: 'MAC Log Studio',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        options: { path: dashboards, foldersFromFilesStructure: false },
      },
    ],
  });
}

/** Provisioning files, with paths relative to the provisioning folder. */
export function grafanaProvisioning(
  settings: StackSettings,
  layout: Layout,
  dashboards = GRAFANA_DASHBOARDS,
): ConfigFile[] {
  return [
    { path: 'datasources/maclog.yaml', content: datasources(settings, layout) },
    { path: 'dashboards/maclog.yaml', content: dashboardProvider(dashboards) },
  ];
}
