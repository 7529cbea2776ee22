/**
 * Named, structured loggers. Each module asks for its own (`logger('ingest')`), so a line
 * says where it came from. Lines go to standard error, leaving standard output to results;
 * MACLOG_LOG_LEVEL sets the level (default `warn`, so the CLI stays quiet unless
 * something is wrong).
 *
 * On a terminal a person reads them, beside the CLI's own messages and progress bars: one
 * line each, "[12:00:01] WARN: (ship) message {details}", written at once so that it comes
 * in order with the output around it. Anywhere else (a service manager, a file, a log
 * collector) they are JSON, one object per line. MACLOG_LOG_FORMAT=json or =pretty chooses.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const FORMATS = ['json', 'pretty'];

/** Written before each readable line: set while a progress bar holds the terminal's line. */
let beforeLine = '';

const root = pino(
  {
    level: setting('MACLOG_LOG_LEVEL', LEVELS, 'warn') ?? 'warn',
    base: { app: 'maclog' },
    redact: ['password', '*.password', 'secret', '*.secret', 'headers.cookie'],
  },
  destination(),
);

function destination(): DestinationStream {
  const format = setting('MACLOG_LOG_FORMAT', FORMATS, null);
  const tty = process.stderr.isTTY === true;
  if (format === 'json' || (format === null && !tty)) return pino.destination(2);

  const pretty = prettyFactory({
    colorize: tty,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app,module',
    messageFormat: '({module}) {msg}',
  });
  return { write: (line: string) => void process.stderr.write(beforeLine + pretty(line)) };
}

/** An environment setting that must be one of `allowed`; a wrong one is said and ignored. */
function setting(name: string, allowed: string[], fallback: string | null): string | null {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (allowed.includes(value)) return value;
  process.stderr.write(
    `maclog: ${name}=${value} is not one of ${allowed.join(', ')}; ignoring it\n`,
  );
  return fallback;
}

/**
 * While a progress bar is drawn on standard error, a log line first clears the bar's line;
 * the bar draws itself again below the log line at its next update.
 */
export function logAboveProgressBar(on: boolean): void {
  beforeLine = on ? '\r\x1b[2K' : '';
}

export function logger(module: string): Logger {
  return root.child({ module });
}

export type { Logger };
