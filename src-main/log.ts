/**
 * Named, structured loggers. Each module asks for its own (`logger('ingest')`), so a line
 * says where it came from. Lines go to standard error, leaving standard output to results;
 * MACLOG_LOG_LEVEL sets the level (default `warn`, so the CLI stays quiet unless
 * something is wrong).
 *
 * On a terminal a person reads them, beside `maclog serve`'s own messages: one line each,
 * "12:00:01 WARN (ship): message" with the details after it. Anywhere else (a service
 * manager, a file, a log collector) they are JSON, one object per line.
 * MACLOG_LOG_FORMAT=json or =pretty chooses either way.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

const root = pino(
  {
    level: process.env['MACLOG_LOG_LEVEL'] ?? 'warn',
    base: { app: 'maclog' },
    redact: ['password', '*.password', 'secret', '*.secret', 'headers.cookie'],
  },
  destination(),
);

function destination(): DestinationStream {
  const format = process.env['MACLOG_LOG_FORMAT'];
  const forPeople = format === 'pretty' || (format !== 'json' && process.stderr.isTTY === true);
  if (!forPeople) return pino.destination(2);
  return pretty({
    destination: 2,
    sync: true, // in order with the console output around it
    colorize: process.stderr.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app,module',
    messageFormat: '({module}) {msg}',
  });
}

export function logger(module: string): Logger {
  return root.child({ module });
}

export type { Logger };
