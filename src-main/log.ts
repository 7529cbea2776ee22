/**
 * Named, structured loggers. Each module asks for its own (`logger('ingest')`), so a line
 * says where it came from. Lines go to standard error, leaving standard output to results;
 * MACLOG_LOG_LEVEL sets the level (default `warn`, so the CLI stays quiet unless
 * something is wrong).
 */
import { pino, type Logger } from 'pino';

const root = pino(
  {
    level: process.env['MACLOG_LOG_LEVEL'] ?? 'warn',
    base: { app: 'maclog' },
    redact: ['password', '*.password', 'secret', '*.secret', 'headers.cookie'],
  },
  pino.destination(2),
);

export function logger(module: string): Logger {
  return root.child({ module });
}

export type { Logger };
