/**
 * `maclog grafana`: the sign-in proxy in front of the stack's Grafana, for a browser on
 * this machine. It prints a sign-in link with a one-run token; whoever opens it is signed
 * in to Grafana as this machine's user, with the role given. Runs until Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadGrafanaAccess } from '../grafana/access.js';
import { startAuthProxy, type GrafanaRole } from '../grafana/auth-proxy.js';
import { DASHBOARD_UIDS } from '../../src-shared/grafana.js';

export interface GrafanaCommandOptions {
  dataDir: string;
  grafanaUrl: string;
  port: number;
  role: GrafanaRole;
}

export async function runGrafanaProxy(options: GrafanaCommandOptions): Promise<number> {
  mkdirSync(options.dataDir, { recursive: true });
  const access = loadGrafanaAccess(options.dataDir);
  const user = { login: userInfo().username, role: options.role };
  const token = randomBytes(24).toString('hex');
  const proxy = await startAuthProxy({
    upstream: options.grafanaUrl,
    access,
    // A browser cannot send the app's secret header: it signs in with the link instead.
    identify: () => null,
    signInToken: { token, user },
    port: options.port,
  });

  const next = encodeURIComponent(`/d/${DASHBOARD_UIDS.overview}`);
  console.log(
    `Grafana (${options.grafanaUrl}) through MAC Log Studio, as ${user.login} (${user.role}):`,
  );
  console.log(`  ${proxy.url}/maclog/sign-in?token=${token}&next=${next}`);
  console.log('Keep this link to yourself: it signs in whoever opens it. Ctrl-C stops.');

  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await proxy.close();
  return 0;
}
