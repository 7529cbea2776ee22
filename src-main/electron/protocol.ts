/**
 * The app's pages are served on `app://maclog/` from the built UI (dist/renderer), not
 * from file://: a page on file:// could read any file the user can, and every file://
 * page shares one origin. Each response carries the Content-Security-Policy.
 *
 * `appResponse` is plain Node (fetch's Response), so it is tested without Electron;
 * main.ts hands it to `protocol.handle`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.js';

/** Before the app is ready: a standard, secure scheme, so ES modules and fetch work on it. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The file an app:// URL names inside `root`, or null for another host or a path that
 * leads out of it. `/` is index.html.
 */
export function appFile(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = join(root, normalize(path === '/' ? '/index.html' : path));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

export async function appResponse(url: string, root: string): Promise<Response> {
  const file = appFile(url, root);
  if (file === null) return new Response('not found', { status: 404, headers: baseHeaders() });
  // The UI routes by itself: a page path that is no file is the app.
  const served = existsSync(file) ? file : join(root, 'index.html');
  try {
    const body = await readFile(served);
    const type = TYPES[extname(served)] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...baseHeaders(), 'content-type': type } });
  } catch {
    return new Response('not found', { status: 404, headers: baseHeaders() });
  }
}

function baseHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}
