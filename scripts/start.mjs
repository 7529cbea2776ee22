// `npm start`: the desktop app when Electron can start here, otherwise the same UI in a
// browser through `maclog serve`, saying why. Run after `npm run build`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** An Electron that stops this soon with an error never opened its window. */
const EARLY_EXIT_MS = 5000;

function electronBinary() {
  const fetched = fetchElectron();
  if (fetched !== null) return { reason: fetched };
  try {
    // The package exports the binary's path (fetching the binary first if it is missing).
    return { path: require('electron') };
  } catch (err) {
    return {
      reason: `Electron's binary is not installed and could not be fetched (${firstLine(err)})`,
    };
  }
}

/**
 * Fetches Electron's binary when it is missing, as its package would on first use, but
 * quietly: its installer prints a stack trace when it cannot download. Null when the binary
 * is there (or now is); otherwise why not.
 */
function fetchElectron() {
  const dir = dirname(require.resolve('electron/package.json'));
  if (existsSync(join(dir, 'path.txt'))) return null;
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8' });
  if (install.status === 0 && existsSync(join(dir, 'path.txt'))) return null;
  const why = `${install.stderr ?? ''}`.split('\n').find((l) => /error/i.test(l)) ?? 'no download';
  return `Electron's binary is not installed and could not be fetched (${why.trim()})`;
}

function firstLine(err) {
  return String(err instanceof Error ? err.message : err).split('\n')[0];
}

/** Ctrl-C in a terminal reaches the child too; a kill of this script alone must as well. */
function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

function serve(reason) {
  console.error(`npm start: the desktop app cannot start: ${reason}.`);
  console.error('npm start: opening the same UI in your browser instead (maclog serve).');
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'maclog.js'), 'serve', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  forwardSignals(child);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}

function launch(binary) {
  const started = Date.now();
  const stderr = [];
  const child = spawn(binary, [root], { stdio: ['inherit', 'inherit', 'pipe'] });
  forwardSignals(child);
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    stderr.push(String(chunk));
  });
  child.on('error', (err) => serve(`Electron did not run (${firstLine(err)})`));
  child.on('exit', (code, signal) => {
    const early = Date.now() - started < EARLY_EXIT_MS;
    if (code !== 0 && early && !signal) {
      const said = stderr.join('').trim().split('\n').pop() ?? '';
      serve(`Electron stopped at once with code ${code}${said ? `: ${said}` : ''}`);
      return;
    }
    process.exit(code ?? 0);
  });
}

const electron = electronBinary();
if (electron.path) launch(electron.path);
else serve(electron.reason);
