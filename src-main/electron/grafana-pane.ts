/**
 * Grafana in the main window: one view (a WebContentsView in the `persist:grafana`
 * partition, made by grafana-view.ts) laid over the Dashboards page's placeholder while the
 * page is shown, and taken off the window when the page is left.
 *
 * The page names a Grafana path and where its placeholder is; the origin is always the
 * sign-in proxy's, decided here. Only types of Electron's are used, so the attach and
 * detach logic is tested under Node with fake windows and views.
 */
import type { Rectangle } from 'electron';
import { ApiError, type ShowGrafanaArgs, type ViewBounds } from '../../src-shared/api.js';
import { logger } from '../log.js';
import type { GrafanaEndpoint } from './security.js';

const log = logger('electron-grafana');

/** What the pane uses of a WebContentsView. */
export interface PaneView {
  setBounds(bounds: Rectangle): void;
  webContents: { loadURL(url: string): Promise<void>; close(): void };
}

/** What the pane uses of the main window. */
export interface PaneHost<V extends PaneView> {
  contentView: { addChildView(view: V): void; removeChildView(view: V): void };
  /** The page's zoom: the page measures in CSS pixels, a view is placed in window pixels. */
  webContents: { getZoomFactor(): number };
  isDestroyed(): boolean;
}

export interface GrafanaPaneParts<V extends PaneView> {
  host: PaneHost<V>;
  /** The sign-in proxy, started on first use; later calls give the same one. */
  endpoint: () => Promise<GrafanaEndpoint>;
  /** A new view, secured for the proxy's origin (grafana-view.ts). */
  createView: (endpoint: GrafanaEndpoint) => V;
}

/**
 * The proxy's URL for a Grafana path. The schema already refuses paths that leave the
 * origin; this checks the joined URL itself, so no path the schema missed can either.
 */
export function grafanaUrl(path: string, proxyUrl: string): string {
  const proxy = new URL(proxyUrl);
  const url = new URL(path, proxy);
  if (!path.startsWith('/') || url.origin !== proxy.origin) {
    throw new ApiError('path must stay on the Grafana sign-in proxy', 'path', 400);
  }
  return url.href;
}

/** The page's CSS pixels as the window's, at the page's zoom. */
export function windowBounds(bounds: ViewBounds, zoomFactor: number): Rectangle {
  const scale = (value: number) => Math.round(value * zoomFactor);
  return {
    x: scale(bounds.x),
    y: scale(bounds.y),
    width: scale(bounds.width),
    height: scale(bounds.height),
  };
}

export class GrafanaPane<V extends PaneView> {
  private view: V | null = null;
  private attached = false;
  /** The path last loaded since the view was attached; null: load at the next show. */
  private loadedPath: string | null = null;
  /** Bumped by each hide, so a show still waiting for the proxy does not attach after it. */
  private generation = 0;

  constructor(private readonly parts: GrafanaPaneParts<V>) {}

  async show({ path, bounds }: ShowGrafanaArgs): Promise<void> {
    const generation = this.generation;
    const endpoint = await this.parts.endpoint();
    const { host } = this.parts;
    if (generation !== this.generation || host.isDestroyed()) return;

    const url = grafanaUrl(path, endpoint.url);
    const view = (this.view ??= this.parts.createView(endpoint));
    view.setBounds(windowBounds(bounds, host.webContents.getZoomFactor()));
    if (!this.attached) {
      host.contentView.addChildView(view);
      this.attached = true;
    }
    if (path !== this.loadedPath) {
      this.loadedPath = path;
      load(view, url);
    }
  }

  /**
   * Takes the view off the window but keeps it (and its renderer) for the next show, which
   * loads its path afresh, as the browser mode's frame does each time its page is shown.
   */
  hide(): void {
    this.generation += 1;
    this.loadedPath = null;
    if (!this.view || !this.attached) return;
    this.attached = false;
    if (!this.parts.host.isDestroyed()) this.parts.host.contentView.removeChildView(this.view);
  }

  /** With the main window: the view's web contents are not closed by Electron on their own. */
  close(): void {
    this.hide();
    this.view?.webContents.close();
    this.view = null;
  }
}

/**
 * Not awaited: the page's call answers once the view is in place, and Grafana's own page
 * says when it cannot load. A load that a newer one replaced rejects with ERR_ABORTED.
 */
function load(view: PaneView, url: string): void {
  view.webContents.loadURL(url).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    if (!message.includes('ERR_ABORTED')) log.warn({ url, err: message }, 'Grafana did not load');
  });
}
