/**
 * What every MAC Log Studio dashboard shares: its fixed uid, the `maclog` tag, a menu of
 * links to the other dashboards that carries the variables and time range along, and
 * panel ids numbered in order (links such as `viewPanel` need them stable).
 */
import {
  DashboardBuilder,
  DashboardLinkBuilder,
  DashboardLinkType,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_UIDS, type DashboardName } from '../../src-shared/grafana.js';

export const DASHBOARD_TAG = 'maclog';

export function maclogDashboard(name: DashboardName, title: string, description: string) {
  return new DashboardBuilder(title)
    .uid(DASHBOARD_UIDS[name])
    .description(description)
    .tags([DASHBOARD_TAG])
    .readonly()
    .time({ from: 'now-6h', to: 'now' })
    .link(
      new DashboardLinkBuilder('MAC Log Studio')
        .type(DashboardLinkType.Dashboards)
        .tags([DASHBOARD_TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
}

/** Builds the dashboard and numbers its panels from 1, rows included. */
export function finish(builder: DashboardBuilder): Dashboard {
  const built = builder.build();
  let id = 0;
  for (const panel of built.panels ?? []) panel.id = ++id;
  return built;
}

/**
 * A link from a table cell to another dashboard; the values are Grafana interpolations
 * (`${__data.fields.ue}`), so this cannot go through `dashboardUrl`, which encodes them.
 */
export function dataLinkUrl(name: DashboardName, vars: Record<string, string>): string {
  const query = Object.entries(vars).map(([k, v]) => `var-${k}=${v}`);
  return `/d/${DASHBOARD_UIDS[name]}?${[...query, '${__url_time_range}'].join('&')}`;
}
