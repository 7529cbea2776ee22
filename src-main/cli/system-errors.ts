/**
 * Errors from the operating system (a busy port, a missing folder, a file in the way) in
 * words a user can act on, in place of Node's own ("listen EADDRINUSE: address already in
 * use 127.0.0.1:9480").
 */

interface SystemError extends Error {
  code: string;
  path?: string;
  address?: string;
  port?: number;
}

/** Whether `err` comes from a system call: it has an errno code such as ENOENT. */
export function isSystemError(err: unknown): err is SystemError {
  return (
    err instanceof Error &&
    typeof (err as Partial<SystemError>).code === 'string' &&
    /^E[A-Z]+$/.test((err as SystemError).code)
  );
}

/** What went wrong, naming the path or the address it happened to. */
export function systemErrorInWords(err: SystemError): string {
  const where = err.path ?? (err.address ? `${err.address}:${err.port ?? ''}` : null);
  const what = REASONS[err.code] ?? err.message;
  return where && !what.includes(where) ? `${where}: ${what}` : what;
}

const REASONS: Record<string, string> = {
  EADDRINUSE:
    'the port is already in use (by another program, or another maclog); choose another with --port',
  EADDRNOTAVAIL: 'no network interface of this machine has that address',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such file or folder',
  EEXIST: 'a file of that name is in the way (a folder was needed)',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EISDIR: 'this is a folder, not a file',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
};
