/**
 * The per-install secrets that keep Grafana to the app's own users.
 *
 * Grafana's auth proxy signs in whoever sends the user header, and checks the sender only
 * by address, which every local process shares. So the header Grafana trusts is not the
 * well-known X-WEBAUTH-USER but one whose name carries a random per-install secret: only
 * the app's proxy knows it, and a request with a forged X-WEBAUTH-USER signs nobody in.
 * The proxy in turn admits only requests that carry a second secret (the desktop window
 * adds it to its own requests), or that the browser mode's session vouches for.
 *
 * Both are kept in `grafana-access.json` in the data folder, readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const ACCESS_FILE = 'grafana-access.json';

const AccessSchema = z.object({
  /** Name of the header Grafana's auth proxy reads the user from. */
  userHeader: z.string().regex(/^X-Maclog-User-[0-9a-f]{32}$/),
  /** What a client must send in `PROXY_SECRET_HEADER` to use the proxy. */
  proxySecret: z.string().regex(/^[0-9a-f]{64}$/),
});

export type GrafanaAccess = z.infer<typeof AccessSchema>;

/** The header a client of the app's Grafana proxy sends the proxy secret in. */
export const PROXY_SECRET_HEADER = 'x-maclog-proxy-secret';

/** Headers Grafana reads a signed-in user's role, name and e-mail from. */
export const GRAFANA_IDENTITY_HEADERS = {
  role: 'X-WEBAUTH-ROLE',
  name: 'X-WEBAUTH-NAME',
  email: 'X-WEBAUTH-EMAIL',
} as const;

/** The install's secrets, made on first use. */
export function loadGrafanaAccess(dataDir: string): GrafanaAccess {
  const path = join(dataDir, ACCESS_FILE);
  if (existsSync(path)) {
    const parsed = AccessSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
    throw new Error(
      `${path} is damaged (${parsed.error.issues[0]?.message}): delete it to make new secrets`,
    );
  }
  const access: GrafanaAccess = {
    userHeader: `X-Maclog-User-${randomBytes(16).toString('hex')}`,
    proxySecret: randomBytes(32).toString('hex'),
  };
  writeFileSync(path, JSON.stringify(access, null, 2), { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return access;
}
