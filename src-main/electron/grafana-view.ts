/**
 * The Grafana view of the main window (grafana-pane.ts places it): a WebContentsView in
 * the `persist:grafana` partition (its own cookies and permissions, never the app's), with
 * no preload, that may move only within the sign-in proxy's origin (security.ts).
 *
 * It reaches Grafana only through the app's auth proxy (src-main/grafana/auth-proxy.ts):
 * the partition adds the proxy secret to its requests to the proxy, and to nowhere else,
 * so the view is signed in as the machine's user and nothing else on the machine is.
 */
import { WebContentsView, session as sessions } from 'electron';
import {
  GRAFANA_PARTITION,
  grafanaPolicy,
  grafanaWebPreferences,
  secureContents,
  secureSession,
  withProxySecret,
  type GrafanaEndpoint,
} from './security.js';

export type { GrafanaEndpoint };

/** Makes Grafana's views; the partition is secured with the first one. */
export function grafanaViewFactory(
  devTools: boolean,
): (endpoint: GrafanaEndpoint) => WebContentsView {
  let sessionReady = false;
  return (endpoint) => {
    if (!sessionReady) {
      secureGrafanaSession(endpoint);
      sessionReady = true;
    }
    const view = new WebContentsView({ webPreferences: grafanaWebPreferences(devTools) });
    secureContents(view.webContents, grafanaPolicy(endpoint.url));
    return view;
  };
}

function secureGrafanaSession(endpoint: GrafanaEndpoint): void {
  const grafana = sessions.fromPartition(GRAFANA_PARTITION);
  secureSession(grafana, grafanaPolicy(endpoint.url));
  // Only the last listener counts, and this partition is Grafana's alone.
  grafana.webRequest.onBeforeSendHeaders({ urls: [`${endpoint.url}/*`] }, (details, done) => {
    done({ requestHeaders: withProxySecret(details.requestHeaders, details.url, endpoint) });
  });
}
