/**
 * `maclog stack up|down|status|logs|config`: the observability stack from the command
 * line. Progress goes to stderr (one line per change, rewritten in place on a terminal);
 * results go to stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceStatus, StackEvent, StackService } from '../../src-shared/stack.js';
import { defaultDataDir } from '../store/store.js';
import { createStack, type Stack } from '../stack/index.js';
import {
  loadSettings,
  settingsFor,
  stopStack,
  type StackSettingsOptions,
} from '../stack/control.js';
import { layoutFor, ManagedStack } from '../stack/managed.js';
import { referenceFiles } from '../stack/files.js';
import type { Layout } from '../stack/config.js';
import { NativeStack } from '../stack/native.js';

export interface StackCommandOptions extends StackSettingsOptions {
  dataDir?: string;
}

/** `keep`: the command starts the stack, so its settings are the ones to remember. */
async function open(options: StackCommandOptions, keep = false): Promise<Stack> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const { settings, remembered } = settingsFor(options, dataDir, keep);
  if (remembered) console.error(`Stack settings: ${remembered} (kept from the last command)`);
  const stack = await createStack(settings, dataDir);
  if (stack instanceof ManagedStack) {
    const { engine } = stack;
    console.error(`Engine: ${engine.kind} ${engine.version} at ${engine.host} (${engine.source})`);
  }
  return stack;
}

function describeEvent(e: StackEvent): string {
  switch (e.state) {
    case 'pulling':
      return `${e.service}: pulling ${e.image} ${e.percent === null ? '' : `${e.percent}%`}`;
    case 'ready':
      return `${e.service}: ready at ${e.url}`;
    case 'failed':
      return `${e.service}: FAILED: ${e.reason}`;
    default:
      return `${e.service}: ${e.state}`;
  }
}

/** Shows events on stderr; on a terminal, pull percentages rewrite their own line. */
function showProgress(stack: Stack, watching = false): () => void {
  const tty = process.stderr.isTTY;
  let pulling = false;
  return stack.onEvent((e) => {
    // A failure that ends the command is printed once, as its error message.
    if (e.state === 'failed' && !watching) return;
    const line = describeEvent(e);
    if (tty && e.state === 'pulling') {
      process.stderr.write(`\r\x1b[2K${line}`);
      pulling = true;
      return;
    }
    if (e.state === 'pulling' && e.percent !== 0 && e.percent !== 100) return;
    if (pulling) process.stderr.write('\n');
    pulling = false;
    console.error(line);
  });
}

function printStatus(list: ServiceStatus[]): void {
  for (const s of list) {
    const detail = s.detail ? `  (${s.detail})` : '';
    console.log(`${s.service.padEnd(11)} ${s.state.padEnd(9)} ${s.url}${detail}`);
  }
}

function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export async function stackUp(options: StackCommandOptions & { watch?: boolean }) {
  const stack = await open(options, true);
  const stop = showProgress(stack, options.watch);
  try {
    printStatus(await stack.up());
  } finally {
    if (!options.watch) stop();
  }
  if (options.watch && stack instanceof ManagedStack) {
    // Crashed or removed containers are brought back until Ctrl-C; they keep running after.
    console.error('Watching the stack (Ctrl-C to stop watching; the services keep running)');
    const unwatch = await stack.watch({ recover: true });
    await untilStopped();
    unwatch();
    stop();
  }
  if (stack instanceof NativeStack) {
    // Child processes end with the CLI: keep it until Ctrl-C, then stop them cleanly.
    console.error('Running natively until stopped (Ctrl-C)');
    await untilStopped();
    stop();
    await stack.down();
  }
  return 0;
}

export async function stackDown(
  options: StackCommandOptions & { remove?: boolean; volumes?: boolean },
): Promise<number> {
  const stack = await open(options);
  const stop = showProgress(stack);
  await stopStack(stack, options);
  stop();
  if (stack instanceof ManagedStack && (options.remove || options.volumes)) {
    console.error(options.volumes ? 'Removed containers, network and data' : 'Removed containers');
  }
  return 0;
}

export async function stackStatus(options: StackCommandOptions & { json?: boolean }) {
  const list = await (await open(options)).status();
  if (options.json) console.log(JSON.stringify(list, null, 2));
  else printStatus(list);
  return list.every((s) => s.state === 'ready') ? 0 : 1;
}

export async function stackLogs(
  service: StackService,
  options: StackCommandOptions & { follow?: boolean; tail?: number },
): Promise<number> {
  const stack = await open(options);
  const logs = await stack.logs(service, { follow: options.follow ?? false, tail: options.tail });
  if (options.follow) {
    process.once('SIGINT', () => logs.destroy());
  }
  for await (const chunk of logs) process.stdout.write(chunk as Buffer);
  return 0;
}

/** Writes the configuration files as the app would generate them, for reading. */
export async function stackConfig(
  options: StackCommandOptions & { out: string; layout?: Layout },
): Promise<number> {
  const settings = loadSettings(options);
  const layout = options.layout ?? layoutFor(settings, { operatingSystem: '' });
  for (const file of referenceFiles(settings, layout)) {
    const target = join(options.out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  console.error(`Wrote the ${layout}-layout configuration to ${options.out}`);
  return Promise.resolve(0);
}
