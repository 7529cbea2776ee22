/**
 * `maclog grafana`: the sign-in proxy in front of the stack's Grafana, for a browser on
 * this machine. It prints a sign-in link with a one-run token; whoever opens it is signed
 * in to Grafana as this machine's user, with the role given. Runs until Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadGrafanaAccess } from '../grafana/access.js';
import type { GrafanaRole } from '../../src-shared/grafana.js';
import { startAuthProxy } from '../grafana/auth-proxy.js';
import { DASHBOARD_UIDS, dashboardUrl, fileDashboardTarget } from '../../src-shared/grafana.js';
import { request } from 'undici';
import { openStore } from '../store/store.js';

export interface GrafanaCommandOptions {
  dataDir: string;
  grafanaUrl: string;
  port: number;
  role: GrafanaRole;
  /** Open this stored file's dashboard (at its UE `ue`, or its overview) on its time range. */
  file?: number;
  ue?: string;
}

export async function runGrafanaProxy(options: GrafanaCommandOptions): Promise<number> {
  mkdirSync(options.dataDir, { recursive: true });
  const access = loadGrafanaAccess(options.dataDir);
  const user = { login: userInfo().username, role: options.role };
  const token = randomBytes(24).toString('hex');
  const landing = firstPage(options);
  const proxy = await startAuthProxy({
    upstream: options.grafanaUrl,
    access,
    // A browser cannot send the app's secret header: it signs in with the link instead.
    identify: () => null,
    signInToken: { token, user },
    port: options.port,
  });

  const next = encodeURIComponent(landing);
  const health = await grafanaHealth(options.grafanaUrl);
  if (health !== null) {
    console.error(
      `Grafana at ${options.grafanaUrl} does not answer yet (${health}): start it with`,
    );
    console.error('`maclog stack up`; the link below works once it does.');
  }
  console.log(
    `Grafana (${options.grafanaUrl}) through MAC Log Studio, as ${user.login} (${user.role}):`,
  );
  console.log(`  ${proxy.url}/maclog/sign-in?token=${token}&next=${next}`);
  console.log('Keep this link to yourself: it signs in whoever opens it. Ctrl-C stops.');

  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await proxy.close();
  return 0;
}

/** Null when Grafana answers its health check; otherwise why not. */
async function grafanaHealth(url: string): Promise<string | null> {
  try {
    const res = await request(new URL('/api/health', url), { headersTimeout: 3000 });
    await res.body.dump();
    return res.statusCode === 200 ? null : `HTTP ${res.statusCode}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Where the sign-in link lands: a stored file's UE dashboard (or the file's overview), on
 * the file's own time range, in kiosk mode; without --file, the overview.
 */
export function firstPage(options: GrafanaCommandOptions): string {
  if (options.file === undefined) return `/d/${DASHBOARD_UIDS.overview}`;
  const store = openStore({ dataDir: options.dataDir });
  try {
    const result = store.getFileResult(options.file, undefined, { series: false });
    const importId = store.ingestOf(options.file);
    if (!result || importId === null) throw new Error(`no stored file #${options.file}`);
    const ue = options.ue === undefined ? undefined : result.ues.find((u) => u.ue === options.ue);
    if (options.ue !== undefined && !ue) {
      const known = result.ues.map((u) => u.ue).join(', ');
      throw new Error(`file #${options.file} has no UE ${options.ue} (its UEs: ${known})`);
    }
    const file = {
      name: result.file.name,
      importId,
      firstNs: result.firstNs,
      lastNs: result.lastNs,
    };
    return dashboardUrl(fileDashboardTarget(file, ue));
  } finally {
    store.close();
  }
}
