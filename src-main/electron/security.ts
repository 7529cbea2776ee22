/**
 * Every restriction on the desktop app's web contents, in one place (Electron's security
 * checklist): the windows' webPreferences, the Content-Security-Policy of the app's pages,
 * which URLs a page may navigate to, new windows, `<webview>`, and permission requests.
 *
 * The app's own pages come from `app://maclog/` (protocol.ts), never from a web server or
 * file://, and may go nowhere else. Grafana's view may move only within the sign-in
 * proxy's origin. Nothing may open a window, attach a webview or get a permission, except
 * the few permissions a policy names.
 *
 * Only types come from Electron here, so the decisions are tested under plain Node.
 */
import type { Event, Session, WebContents, WebPreferences } from 'electron';
import { PROXY_SECRET_HEADER } from '../grafana/access.js';
import { logger } from '../log.js';

const log = logger('electron-security');

export const APP_SCHEME = 'app';
export const APP_HOST = 'maclog';
/** The app's pages: scheme and host (a custom scheme has no WHATWG origin of its own). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The partition Grafana's view runs in: its own cookies, cache and permissions. */
export const GRAFANA_PARTITION = 'persist:grafana';

/**
 * The app's pages load only their own scripts, styles and images; no inline code (Vite
 * inlines nothing, see vite.config.ts), no eval, no plugins, no frames, no forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** What every window of the app runs with; only the preload differs between them. */
function lockedDown(): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // A file dropped outside the drop handler would otherwise replace the app with it.
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/** The main window: the app's UI with the preload that bridges to the main process. */
export function appWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return { ...lockedDown(), preload, devTools };
}

/** Grafana's view: no preload at all (Grafana needs nothing of the app), its own partition. */
export function grafanaWebPreferences(devTools: boolean): WebPreferences {
  return { ...lockedDown(), partition: GRAFANA_PARTITION, devTools };
}

/** Where a web contents may be and what it may ask for. */
export interface ContentsPolicy {
  /** What the log calls it. */
  name: string;
  /** `scheme://host[:port]` of the places it may navigate to. */
  origins: readonly string[];
  /** Permissions granted when asked from one of `origins`; everything else is refused. */
  permissions: ReadonlySet<string>;
}

export function appPolicy(): ContentsPolicy {
  return { name: 'app', origins: [APP_ORIGIN], permissions: new Set() };
}

/** Grafana may copy a share link to the clipboard; nothing else. */
export function grafanaPolicy(proxyUrl: string): ContentsPolicy {
  return {
    name: 'grafana',
    origins: [originOf(proxyUrl) ?? 'invalid:'],
    permissions: new Set(['clipboard-sanitized-write']),
  };
}

/**
 * `scheme://host[:port]` of a URL, or null when it is none. Node's URL gives custom
 * schemes the origin "null", so it is built from the parts.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

export function isAllowedNavigation(url: string, policy: ContentsPolicy): boolean {
  const origin = originOf(url);
  return origin !== null && policy.origins.includes(origin);
}

export function isAllowedPermission(
  permission: string,
  requestingUrl: string,
  policy: ContentsPolicy,
): boolean {
  return policy.permissions.has(permission) && isAllowedNavigation(requestingUrl, policy);
}

/**
 * Refuses navigation and redirects away from the policy's origins, every new window, and
 * every `<webview>`. Called for each web contents the app creates.
 */
export function secureContents(contents: WebContents, policy: ContentsPolicy): void {
  const guard = (event: Event, url: string) => {
    if (isAllowedNavigation(url, policy)) return;
    event.preventDefault();
    log.warn({ contents: policy.name, url }, 'navigation refused');
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn({ contents: policy.name }, 'webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn({ contents: policy.name, url }, 'new window refused');
    return { action: 'deny' };
  });
}

export interface GrafanaEndpoint {
  /** The sign-in proxy's base URL (http://127.0.0.1:<port>). */
  url: string;
  proxySecret: string;
}

/**
 * Grafana's request headers with the proxy secret added when the request goes to the
 * sign-in proxy; unchanged for any other address, which must never learn the secret.
 */
export function withProxySecret(
  headers: Record<string, string>,
  requestUrl: string,
  endpoint: GrafanaEndpoint,
): Record<string, string> {
  if (originOf(requestUrl) !== originOf(endpoint.url)) return headers;
  return { ...headers, [PROXY_SECRET_HEADER]: endpoint.proxySecret };
}

/** Permission requests and checks in the session, decided by the policy. */
export function secureSession(session: Session, policy: ContentsPolicy): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isAllowedPermission(permission, details.requestingUrl, policy);
    if (!granted) log.warn({ contents: policy.name, permission }, 'permission refused');
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isAllowedPermission(permission, requestingOrigin, policy),
  );
}

/**
 * For every web contents, the app's or not (devtools, a view made by a library): no new
 * windows, no `<webview>`. Contents the app makes get their full policy from secureContents.
 */
export function refuseWindowsAndWebviews(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
