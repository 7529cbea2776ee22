/**
 * All dashboards, built from code, and their JSON as committed under
 * `stack/grafana/dashboards/` (formatted by Prettier with the repository's settings, so the
 * committed files pass `prettier --check` and equal the generator's output byte for byte).
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as prettier from 'prettier';
import { DASHBOARD_UIDS, type DashboardName } from '../../src-shared/grafana.js';
import { cellDashboard } from './dashboards/cell.js';
import { logsDashboard } from './dashboards/logs.js';
import { overviewDashboard } from './dashboards/overview.js';
import { raDashboard } from './dashboards/ra.js';
import { ueDashboard } from './dashboards/ue.js';
import { appMetricNames } from './metric-names.js';

/** The folder, relative to the repository root, that Grafana's file provider reads. */
export const DASHBOARDS_DIR = 'stack/grafana/dashboards';

export interface GeneratedDashboard {
  name: DashboardName;
  /** File name inside DASHBOARDS_DIR: the uid plus `.json`. */
  fileName: string;
  dashboard: Dashboard;
}

export async function buildDashboards(): Promise<GeneratedDashboard[]> {
  const metrics = await appMetricNames();
  const built: Record<DashboardName, Dashboard> = {
    overview: overviewDashboard(metrics),
    cell: cellDashboard(),
    ue: ueDashboard(),
    ra: raDashboard(),
    logs: logsDashboard(),
  };
  return (Object.keys(built) as DashboardName[]).map((name) => ({
    name,
    fileName: `${DASHBOARD_UIDS[name]}.json`,
    dashboard: built[name],
  }));
}

/** The file text of one dashboard; `filePath` lets Prettier find the repository's config. */
export async function renderDashboard(dashboard: Dashboard, filePath: string): Promise<string> {
  const options = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(JSON.stringify(dashboard), { ...options, filepath: filePath });
}
