/**
 * The `maclog` command line: the engine without a window, for scripts and lab servers.
 */
import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { GRAFANA_ROLES } from '../../src-shared/grafana.js';
import type { GrafanaCommandOptions } from './grafana-command.js';
import type { IngestCommandOptions } from './ingest-command.js';
import type { SimulateCommandOptions } from './simulate-command.js';
import type { WatchCommandOptions } from './watch-command.js';
import type { ShipCommandOptions } from './ship-command.js';
import type { ServeCommandOptions } from '../serve/serve-command.js';
import type { AppContext, CommonOptions } from './context.js';
import type { StoreContext, StoreOptions } from './store-context.js';
import { addStackCommands } from './stack-command-line.js';
import { isSystemError, systemErrorInWords } from './system-errors.js';
// Loaded for every command, so that a wrong MACLOG_LOG_LEVEL or MACLOG_LOG_FORMAT is said
// at once, even by a command that never logs.
import '../log.js';

// Each command's module is imported when the command runs, not before: `maclog files` has
// no use for the parser, the HTTP servers or the Docker client, and loading them all took
// seconds on a slow machine before any command could answer.

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('must be a whole number >= 1');
  }
  return n;
}

/** More worker threads than this per core take memory (about 10 MB each) and give nothing. */
const MAX_WORKERS_PER_CORE = 4;

function workerCount(value: string): number {
  const n = positiveInt(value);
  const most = availableParallelism() * MAX_WORKERS_PER_CORE;
  if (n > most) {
    throw new InvalidArgumentError(
      `at most ${most} here (${MAX_WORKERS_PER_CORE} per core): the parse uses one per core`,
    );
  }
  return n;
}

/** An http(s) URL, checked when the command line is read rather than at the first request. */
function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`not a URL: "${value}" (write it as http://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`not an http(s) URL: "${value}"`);
  }
  return value;
}

/** A TCP port, 0 to 65535 (0: any free one, where a command says so). */
function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError('must be a port number, 0 to 65535');
  }
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number > 0');
  return n;
}

/** `--data-dir`, for every command that opens the store. */
function storeOptions(cmd: Command): Command {
  return cmd.option(
    '--data-dir <dir>',
    'where the store is kept (default: $MACLOG_DATA_DIR, else a per-user data folder)',
  );
}

/** `--thresholds`, for the commands that judge UEs (when they ingest, or to show again). */
function thresholdsOption(cmd: Command): Command {
  return cmd.option(
    '--thresholds <json>',
    'malperforming thresholds, e.g. \'{"initialBlerMax":0.2,"minSamples":100}\'',
  );
}

/** `--formats-dir`, for the commands that read logs. */
function formatsDirOption(cmd: Command): Command {
  return cmd.option('--formats-dir <dir>', 'a folder of user format files (*.yaml)');
}

/** The options of the commands that parse logs on the engine's worker threads. */
function engineOptions(cmd: Command): Command {
  return thresholdsOption(
    formatsDirOption(
      storeOptions(cmd).option(
        '--workers <n>',
        'worker threads (default: one per core)',
        workerCount,
      ),
    ),
  );
}

/** Runs a command with what `open` gives, and always closes it. */
async function runWith<C extends { close(): Promise<void> }>(
  open: () => Promise<C>,
  run: (ctx: C) => Promise<number> | number,
): Promise<void> {
  const ctx = await open();
  try {
    process.exitCode = await run(ctx);
  } finally {
    await ctx.close();
  }
}

/** Runs a command with the store and engine open (worker threads and all). */
function withContext(
  options: CommonOptions,
  run: (ctx: AppContext) => Promise<number> | number,
): Promise<void> {
  return runWith(async () => (await import('./context.js')).openContext(options), run);
}

/** Runs a command with the store alone open: no worker threads. */
function withStore(
  options: StoreOptions,
  run: (ctx: StoreContext) => Promise<number> | number,
): Promise<void> {
  return runWith(async () => (await import('./store-context.js')).openStoreContext(options), run);
}

export function buildProgram(): Command {
  const program = new Command('maclog')
    .description('MAC Log Studio: per-UE and per-cell KPIs from LTE and NR MAC logs')
    .version('0.1.0')
    .showHelpAfterError()
    // Usage errors are thrown to main() rather than exiting, so that all take exit code 2.
    .exitOverride();

  engineOptions(program.command('ingest'))
    .description('parse log files (plain or .gz) and store their KPIs')
    .argument('<files...>', 'log files')
    .option('--format <id>', 'use this format instead of recognising it (see `maclog formats`)')
    .option(
      '--anchor <date>',
      'for logs whose lines have no date: the date of the first line (2024-05-14); for ' +
        'logs with no times at all (console tables), its date and time (2024-05-14T10:00:00, UTC unless a zone is given)',
    )
    .option('--period <seconds>', 'metrics period of console tables (default 1)', positiveNumber)
    .option('--force', 'parse again even if the same content is already stored')
    .option('--json', 'print the results as JSON (for scripts)')
    .option('--no-progress', 'no progress bar')
    .option('--loki <url>', 'then ship each file to this Loki (see `maclog ship`)', httpUrl)
    .action((files: string[], opts: CommonOptions & IngestCommandOptions) =>
      withContext(opts, async (ctx) => {
        const { ingestFiles } = await import('./ingest-command.js');
        return ingestFiles(ctx, files, opts);
      }),
    );

  program
    .command('formats')
    .description('list the formats the engine can read, built-in and user-defined')
    .option('--formats-dir <dir>', 'a folder of user format files (*.yaml)')
    .option('--json', 'print as JSON')
    .action(async (opts: { formatsDir?: string; json?: boolean }) => {
      const { listFormats } = await import('./formats-command.js');
      process.exitCode = listFormats(opts);
    });

  storeOptions(program.command('files'))
    .description('list the stored files')
    .option('--json', 'print as JSON')
    .action((opts: StoreOptions & { json?: boolean }) =>
      withStore(opts, async (ctx) => {
        const { listFiles } = await import('./show-command.js');
        return listFiles(ctx, opts);
      }),
    );

  thresholdsOption(storeOptions(program.command('show')))
    .description("show a stored file's summary and per-UE KPIs")
    .argument('<fileId>', 'file number from `maclog files`', positiveInt)
    .option('--json', 'print as JSON')
    .option('--bad', 'only malperforming UEs')
    .option('--format <id>', 'the reading in this format, of a file read in several')
    .action(
      (fileId: number, opts: StoreOptions & { json?: boolean; bad?: boolean; format?: string }) =>
        withStore(opts, async (ctx) => {
          const { showFile } = await import('./show-command.js');
          return showFile(ctx, fileId, opts);
        }),
    );

  storeOptions(program.command('delete'))
    .description('remove stored files and their KPIs (the log files stay where they are)')
    .argument('<fileIds...>', 'file numbers from `maclog files`', (v, all: number[] = []) => [
      ...all,
      positiveInt(v),
    ])
    .option('--json', 'print the results as JSON')
    .action((fileIds: number[], opts: StoreOptions & { json?: boolean }) =>
      withStore(opts, async (ctx) => {
        const { deleteFiles } = await import('./delete-command.js');
        return deleteFiles(ctx, fileIds, opts);
      }),
    );

  storeOptions(program.command('jobs'))
    .description('list ingest jobs and their state')
    .option('--json', 'print as JSON')
    .action((opts: StoreOptions & { json?: boolean }) =>
      withStore(opts, async (ctx) => {
        const { listJobs } = await import('./show-command.js');
        return listJobs(ctx, opts);
      }),
    );

  program
    .command('simulate')
    .description('write a realistic log in a built-in format (for demos, tests, benchmarks)')
    .addOption(
      new Option('--format <id>', 'format to write')
        .choices(['srsran-gnb', 'srslte-log', 'amarisoft', 'vendor-gnb'])
        .default('srsran-gnb'),
    )
    .requiredOption('--out <file>', 'file to write (.gz to compress)')
    .addOption(
      new Option('--level <level>', 'log level').choices(['info', 'debug']).default('info'),
    )
    .option('--ues <n>', 'number of UEs', positiveInt, 4)
    .option('--bad-ues <n>', 'UEs with poor radio conditions', (v) => Number(v), 1)
    .option('--duration <seconds>', 'simulated seconds', positiveNumber, 30)
    .option('--size <MB>', 'keep writing until the file has this many MB', positiveNumber)
    .option('--seed <n>', 'random seed (same seed, same file)', (v) => Number(v), 1)
    .action(async (opts: SimulateCommandOptions) => {
      const { simulateCommand } = await import('./simulate-command.js');
      process.exitCode = await simulateCommand(opts);
    });

  engineOptions(program.command('demo'))
    .description('simulate a gNB log and ingest it: KPIs on screen in one command')
    .action((opts: CommonOptions) =>
      withContext(opts, async (ctx) => {
        const { demoCommand } = await import('./simulate-command.js');
        return demoCommand(ctx);
      }),
    );

  storeOptions(program.command('metrics'))
    .description("serve the app's Prometheus /metrics until stopped (Ctrl-C)")
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', port, 9469)
    .action((opts: StoreOptions & { host: string; port: number }) =>
      withStore(opts, async (ctx) => {
        const { serveMetrics } = await import('./metrics-command.js');
        return serveMetrics(ctx, opts);
      }),
    );

  engineOptions(program.command('serve'))
    .description('serve the UI and its API to a browser until stopped (Ctrl-C)')
    .option(
      '--host <address>',
      'address to listen on (others than this machine: a warning)',
      '127.0.0.1',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', port, 9470)
    .option('--max-upload-mb <MB>', 'largest file an upload may be', positiveNumber)
    .option(
      '--public-host <name...>',
      'with --host 0.0.0.0: a name browsers reach this server by (besides its own)',
    )
    .option(
      '--grafana-url <url>',
      "Grafana's address, for the Dashboards page",
      httpUrl,
      'http://127.0.0.1:3000',
    )
    .option(
      '--grafana-port <port>',
      "port of Grafana's sign-in proxy, on the same address",
      port,
      9471,
    )
    .option('--no-grafana', 'no Dashboards page (no Grafana proxy)')
    .option('--loki <url>', "ship to this Loki (default: the stack's, when it runs)", httpUrl)
    .option(
      '--stack-settings <file>',
      'stack settings as JSON, the file `maclog stack up --settings` takes',
    )
    .action((opts: CommonOptions & ServeCommandOptions) =>
      withContext(opts, async (ctx) => {
        const { serveCommand } = await import('../serve/serve-command.js');
        return serveCommand(ctx, opts);
      }),
    );

  engineOptions(program.command('watch'))
    .description('ingest every log file copied into a folder, and serve /metrics, until stopped')
    .argument('<dir>', 'folder to watch')
    .option('--interval <seconds>', 'how often to look', positiveNumber, 2)
    .option('--no-metrics', 'do not serve /metrics')
    .option('--host <address>', 'address for /metrics', '127.0.0.1')
    .option('--port <port>', 'port for /metrics', port, 9469)
    .action((dir: string, opts: CommonOptions & WatchCommandOptions) =>
      withContext(opts, async (ctx) => {
        const { watchFolder } = await import('./watch-command.js');
        return watchFolder(ctx, dir, opts);
      }),
    );

  // Shipping reads each file again with its format, which may be a user's: --formats-dir.
  formatsDirOption(storeOptions(program.command('ship')))
    .description('ship stored files to Loki: records, per-second KPIs and summaries (resumable)')
    .argument('<fileIds...>', 'file numbers from `maclog files`', (v, all: number[] = []) => [
      ...all,
      positiveInt(v),
    ])
    .requiredOption('--loki <url>', "Loki's base URL, e.g. http://127.0.0.1:3100", httpUrl)
    .option('--rate <n>', 'most push requests per second', positiveNumber, 10)
    .option('--batch-lines <n>', 'most entries per push request', positiveInt, 1000)
    .option('--header <header...>', 'extra HTTP header for Loki, "Name: value"')
    .option(
      '--retries <n>',
      'retries of a request before stopping (resume later)',
      (v) => Number(v),
      8,
    )
    .option('--again', 'ship from the beginning, even if already shipped')
    .option('--json', 'print the results as JSON')
    .option('--no-progress', 'no progress bar')
    .action((fileIds: number[], opts: CommonOptions & ShipCommandOptions) =>
      withContext(opts, async (ctx) => {
        const { shipFiles } = await import('./ship-command.js');
        return shipFiles(ctx, fileIds, opts);
      }),
    );

  storeOptions(program.command('shipments'))
    .description('list shipments to Loki and how far each got')
    .option('--json', 'print as JSON')
    .action((opts: StoreOptions & { json?: boolean }) =>
      withStore(opts, async (ctx) => {
        const { listShipments } = await import('./ship-command.js');
        return listShipments(ctx, opts);
      }),
    );

  program
    .command('grafana')
    .description("sign in to the stack's Grafana from a browser, through the app's proxy")
    .option('--data-dir <dir>', 'where the app keeps its data (and sign-in secrets)')
    .option('--grafana-url <url>', "Grafana's address", httpUrl, 'http://127.0.0.1:3000')
    .option('--port <port>', 'port of the proxy on 127.0.0.1', port, 3001)
    .addOption(
      new Option('--role <role>', 'your role in Grafana').choices(GRAFANA_ROLES).default('Admin'),
    )
    .option('--file <fileId>', 'open the dashboard of this stored file', positiveInt)
    .option('--ue <ue>', "with --file: that UE's dashboard (UE id as `maclog show` lists it)")
    .action(async (opts: Omit<GrafanaCommandOptions, 'dataDir'> & { dataDir?: string }) => {
      const { runGrafanaProxy } = await import('./grafana-command.js');
      const { defaultDataDir } = await import('../store/store.js');
      process.exitCode = await runGrafanaProxy({
        ...opts,
        dataDir: opts.dataDir ?? defaultDataDir(),
      });
    });

  addStackCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `maclog files | head`: a reader that stops early is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    // Commander has printed its message (a bad argument, an unknown option) or the help.
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    // The system refused (a busy port, a missing folder): a failure, not a usage error.
    // An error that already says it in words keeps its words.
    if (isSystemError(err)) {
      console.error(`maclog: ${systemErrorInWords(err)}`);
      process.exitCode = 1;
      return;
    }
    if (err instanceof Error && isSystemError(err.cause)) {
      console.error(`maclog: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    console.error(`maclog: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  }
}
