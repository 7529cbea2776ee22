/**
 * `maclog serve`: the UI in a browser, with its API, until Ctrl-C.
 */
import { hostname } from 'node:os';
import type { AppContext } from '../cli/context.js';
import { settingsFor } from '../stack/control.js';
import { startServer, type ServeOptions } from './server.js';

export interface ServeCommandOptions {
  host: string;
  port: number;
  maxUploadMb?: number;
  /** False with --no-grafana. */
  grafana: boolean;
  grafanaUrl: string;
  grafanaPort: number;
  publicHost?: string[];
  loki?: string;
  /** Stack settings as JSON, as `maclog stack --settings` reads them. */
  stackSettings?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function serveCommand(ctx: AppContext, opts: ServeCommandOptions): Promise<number> {
  const options: ServeOptions = { host: opts.host, port: opts.port };
  if (opts.maxUploadMb) options.maxUploadBytes = Math.round(opts.maxUploadMb * 1024 * 1024);
  if (opts.grafana) options.grafana = { url: opts.grafanaUrl, port: opts.grafanaPort };
  if (opts.publicHost) options.publicHosts = opts.publicHost;
  if (opts.loki) options.lokiUrl = opts.loki;
  // The stack `maclog stack up` last started, unless this command names another.
  const stack = settingsFor({ settings: opts.stackSettings }, ctx.dataDir);
  if (stack.remembered) console.log(`Stack settings: ${stack.remembered}`);
  options.stackSettings = stack.settings;
  const server = await startServer(ctx, options);
  console.log(`MAC Log Studio: ${server.url} (Ctrl-C to stop)`);
  const noAccount = ctx.store.accounts.countUsers() === 0;
  if (!LOOPBACK.has(opts.host)) warnOpen(opts.host, new URL(server.url).port, noAccount);
  if (noAccount) console.log('No account yet: open the page to create the admin account.');

  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  return 0;
}

/** Listening beyond this machine: where others reach it, and what that means. */
function warnOpen(host: string, port: string, noAccount: boolean): void {
  const name = WILDCARD_HOSTS.has(host) ? hostname() : host;
  console.error(`maclog serve: others reach it as http://${name}:${port}/ (or by address).`);
  console.error(
    `maclog serve: warning: listening on ${host}, not only this machine. Anyone who can ` +
      'reach it sees the sign-in page' +
      (noAccount ? ', and the first to open it may create the admin account: open it first' : '') +
      '. Traffic is plain HTTP (passwords included): put an https proxy in front of it on ' +
      'any network you do not trust.',
  );
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
