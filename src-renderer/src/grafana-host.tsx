/**
 * Where the Dashboards page gets Grafana from, handed down from the top. The browser mode
 * frames the sign-in proxy's origin; the desktop app's pages may frame nothing, so its main
 * process lays a Grafana view of its own over the page. None: no Dashboards page.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { DashboardsApi, GrafanaViewApi } from '../../src-shared/api.js';

export type GrafanaHost =
  { kind: 'frame'; api: DashboardsApi } | { kind: 'view'; api: DashboardsApi & GrafanaViewApi };

const GrafanaHostContext = createContext<GrafanaHost | null>(null);

export function GrafanaHostProvider(props: { host: GrafanaHost | null; children: ReactNode }) {
  return (
    <GrafanaHostContext.Provider value={props.host}>{props.children}</GrafanaHostContext.Provider>
  );
}

export function useGrafanaHost(): GrafanaHost | null {
  return useContext(GrafanaHostContext);
}
