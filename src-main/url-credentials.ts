/**
 * A user name and password written into a service URL (`https://user:token@host`, as hosted
 * Loki and Prometheus give them) are sent as basic authentication and never shown, logged
 * or stored: callers keep the URL without them for everything a user sees.
 */
export interface SplitUrl {
  /** The URL without user name and password, and without a trailing slash. */
  url: string;
  /** `Basic ...` for an Authorization header, or null when the URL carries none. */
  authorization: string | null;
}

export function splitCredentials(url: string): SplitUrl {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const authorization =
    user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null;
  return { url: u.href.replace(/\/+$/, ''), authorization };
}

/** The URL as it may be shown: without its credentials. */
export function shownUrl(url: string): string {
  return splitCredentials(url).url;
}
