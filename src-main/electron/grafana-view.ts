/**
 * Grafana in the desktop app: a window of its own whose one WebContentsView runs in the
 * `persist:grafana` partition (its own cookies and permissions, never the app's), with
 * no preload, and may move only within the sign-in proxy's origin (security.ts).
 *
 * It reaches Grafana only through the app's auth proxy (src-main/grafana/auth-proxy.ts):
 * the partition adds the proxy secret to its requests to the proxy, and to nowhere else,
 * so the view is signed in as the machine's user and nothing else on the machine is.
 */
import { BaseWindow, WebContentsView, session as sessions } from 'electron';
import { logger } from '../log.js';
import {
  GRAFANA_PARTITION,
  grafanaPolicy,
  grafanaWebPreferences,
  secureContents,
  secureSession,
  withProxySecret,
  type GrafanaEndpoint,
} from './security.js';

const log = logger('electron-grafana');

export type { GrafanaEndpoint };

export class GrafanaViewer {
  private window: BaseWindow | null = null;
  private view: WebContentsView | null = null;
  private sessionReady = false;

  constructor(
    /** Starts the proxy on first use; later calls give the same one. */
    private readonly endpoint: () => Promise<GrafanaEndpoint>,
    private readonly devTools: boolean,
  ) {}

  /** Shows Grafana at `path` (a dashboard link), opening the window if it is closed. */
  async open(path: string): Promise<void> {
    const endpoint = await this.endpoint();
    this.prepareSession(endpoint);
    const view = this.view ?? this.create(endpoint);
    await view.webContents.loadURL(new URL(path, endpoint.url).href);
    this.window?.show();
  }

  close(): void {
    this.window?.close();
  }

  private prepareSession(endpoint: GrafanaEndpoint): void {
    if (this.sessionReady) return;
    const grafana = sessions.fromPartition(GRAFANA_PARTITION);
    secureSession(grafana, grafanaPolicy(endpoint.url));
    // Only the last listener counts, and this partition is Grafana's alone.
    grafana.webRequest.onBeforeSendHeaders({ urls: [`${endpoint.url}/*`] }, (details, done) => {
      done({ requestHeaders: withProxySecret(details.requestHeaders, details.url, endpoint) });
    });
    this.sessionReady = true;
  }

  private create(endpoint: GrafanaEndpoint): WebContentsView {
    const window = new BaseWindow({ width: 1280, height: 860, title: 'Grafana - MAC Log Studio' });
    const view = new WebContentsView({ webPreferences: grafanaWebPreferences(this.devTools) });
    secureContents(view.webContents, grafanaPolicy(endpoint.url));
    window.contentView.addChildView(view);
    const fit = () => {
      const { width, height } = window.getContentBounds();
      view.setBounds({ x: 0, y: 0, width, height });
    };
    fit();
    window.on('resize', fit);
    window.on('closed', () => {
      view.webContents.close();
      this.window = null;
      this.view = null;
    });
    view.webContents.on('did-fail-load', (_event, code, description, url) => {
      log.warn({ code, description, url }, 'Grafana page failed to load');
    });
    this.window = window;
    this.view = view;
    return view;
  }
}
