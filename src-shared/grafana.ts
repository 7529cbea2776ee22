/**
 * What the app, the Grafana provisioning in `stack/` and the generated dashboards agree on:
 * the datasource uids, the dashboard uids and their template variables, and the link that
 * opens a dashboard at one import, cell and UE.
 *
 * The uids are fixed so that provisioned dashboards find their datasources and the app's
 * links keep working after Grafana's database is thrown away.
 */

/** Grafana's organisation roles, exactly as Grafana spells them. */
export const GRAFANA_ROLES = ['Viewer', 'Editor', 'Admin'] as const;
export type GrafanaRole = (typeof GRAFANA_ROLES)[number];

/** The two provisioned datasources. Every dashboard panel names one of these by uid. */
export const GRAFANA_DATASOURCES = {
  loki: { type: 'loki', uid: 'maclog-loki' },
  prometheus: { type: 'prometheus', uid: 'maclog-prometheus' },
} as const;

export type GrafanaDatasource = (typeof GRAFANA_DATASOURCES)[keyof typeof GRAFANA_DATASOURCES];

export const DASHBOARD_UIDS = {
  overview: 'maclog-overview',
  cell: 'maclog-cell',
  ue: 'maclog-ue',
  ra: 'maclog-ra',
  logs: 'maclog-logs',
} as const;

export type DashboardName = keyof typeof DASHBOARD_UIDS;

/** Template variable names shared by the dashboards; a link sets them as `var-<name>`. */
export const DASHBOARD_VARIABLES = {
  file: 'file',
  import: 'import',
  cell: 'cell',
  ue: 'ue',
  kind: 'kind',
  search: 'search',
} as const;

/** Where a link opens a dashboard. Fields left out keep the dashboard's own default. */
export interface DashboardLinkTarget {
  dashboard: DashboardName;
  /** The import (ingest) id, the `import` stream label. */
  importId?: string | number;
  /** The file name, the `file` stream label. */
  file?: string;
  cell?: string;
  ue?: string;
  /** Time range in Unix milliseconds: the log's own time. Both or neither. */
  fromMs?: number;
  toMs?: number;
  /** Kiosk mode hides Grafana's menus; on unless set to false. */
  kiosk?: boolean;
}

function checkTimeRange(fromMs: number | undefined, toMs: number | undefined): void {
  if ((fromMs === undefined) !== (toMs === undefined)) {
    throw new Error('dashboard link: fromMs and toMs must be given together');
  }
  if (fromMs === undefined || toMs === undefined) return;
  for (const [name, value] of [
    ['fromMs', fromMs],
    ['toMs', toMs],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`dashboard link: ${name} must be a whole number of ms >= 0, got ${value}`);
    }
  }
  if (fromMs >= toMs)
    throw new Error(`dashboard link: fromMs ${fromMs} is not before toMs ${toMs}`);
}

/**
 * The path (after `baseUrl`, e.g. the app's Grafana proxy) that opens a dashboard with its
 * variables set. Kiosk is the bare `kiosk` parameter, so it is appended by hand rather than
 * through URLSearchParams, which would write `kiosk=`.
 */
export function dashboardUrl(target: DashboardLinkTarget, baseUrl = ''): string {
  checkTimeRange(target.fromMs, target.toMs);
  const params: [string, string][] = [];
  const variable = (name: string, value: string | number | undefined): void => {
    if (value !== undefined) params.push([`var-${name}`, String(value)]);
  };
  variable(DASHBOARD_VARIABLES.file, target.file);
  variable(DASHBOARD_VARIABLES.import, target.importId);
  variable(DASHBOARD_VARIABLES.cell, target.cell);
  variable(DASHBOARD_VARIABLES.ue, target.ue);
  if (target.fromMs !== undefined && target.toMs !== undefined) {
    params.push(['from', String(target.fromMs)], ['to', String(target.toMs)]);
  }

  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  if (target.kiosk !== false) query.push('kiosk');
  const path = `${baseUrl.replace(/\/+$/, '')}/d/${DASHBOARD_UIDS[target.dashboard]}`;
  return query.length === 0 ? path : `${path}?${query.join('&')}`;
}

/** The log's own span in ms, a second wider on each side so the edges show. */
export function logTimeRange(
  firstNs: string | null,
  lastNs: string | null,
): { fromMs: number; toMs: number } | Record<string, never> {
  if (firstNs === null || lastNs === null) return {};
  const fromMs = Number(BigInt(firstNs) / 1_000_000n) - 1000;
  const toMs = Number(BigInt(lastNs) / 1_000_000n) + 1000;
  return { fromMs, toMs };
}

/**
 * Where "open in Grafana" goes for a stored file: its UE's dashboard when a UE is given,
 * else its overview, on the file's import and the log's own time range.
 */
export function fileDashboardTarget(
  file: { name: string; importId: number | null; firstNs: string | null; lastNs: string | null },
  ue?: { ue: string | null; cell: string | null },
): DashboardLinkTarget {
  return {
    dashboard: ue?.ue ? 'ue' : 'overview',
    ...(file.importId !== null ? { importId: file.importId } : {}),
    file: file.name,
    ...(ue?.ue ? { ue: ue.ue, ...(ue.cell !== null ? { cell: ue.cell } : {}) } : {}),
    ...logTimeRange(file.firstNs, file.lastNs),
  };
}
