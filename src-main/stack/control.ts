/**
 * What `maclog stack` and `maclog serve`'s Stack page both do with a stack, beyond the
 * Stack interface itself: read the settings, stop (and remove), read a service's logs as
 * text, and say which engine was found or why none was.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EngineStatus } from '../../src-shared/api.js';
import {
  parseStackSettings,
  type StackService,
  type StackSettings,
} from '../../src-shared/stack.js';
import { EngineNotFoundError } from './engine.js';
import { ManagedStack } from './managed.js';
import type { Stack } from './stack.js';

export interface StackSettingsOptions {
  /** A JSON file of stack settings. */
  settings?: string;
  mode?: string;
  engine?: string;
}

/** Settings from a JSON file with the mode and engine given on top (CLI flags). */
export function loadSettings(options: StackSettingsOptions): StackSettings {
  const fromFile: Record<string, unknown> = options.settings
    ? (JSON.parse(readFileSync(options.settings, 'utf8')) as Record<string, unknown>)
    : {};
  if (options.mode) fromFile['mode'] = options.mode;
  if (options.engine) fromFile['engineHost'] = options.engine;
  return parseStackSettings(fromFile, options.settings ?? 'stack settings');
}

/** Where the settings of the last stack command given any are kept, in the data folder. */
export function rememberedSettingsPath(dataDir: string): string {
  return join(dataDir, 'stack', 'settings.json');
}

/**
 * The settings a stack command means: those given (a file, --mode, --engine); else the
 * ones `stack up` kept when it was last given some, so that `stack status` or `stack
 * down` after `stack up --settings lab.json` speak of the same stack; else the defaults.
 * With `keep` (stack up), settings given are kept for the next commands. `remembered`
 * names the kept file when it was used.
 */
export function settingsFor(
  options: StackSettingsOptions,
  dataDir: string,
  keep = false,
): { settings: StackSettings; remembered: string | null } {
  const kept = rememberedSettingsPath(dataDir);
  const given = Boolean(options.settings || options.mode || options.engine);
  if (!given && existsSync(kept)) {
    return { settings: loadSettings({ settings: kept }), remembered: kept };
  }
  const settings = loadSettings(options);
  if (given && keep) {
    mkdirSync(dirname(kept), { recursive: true });
    writeFileSync(kept, `${JSON.stringify(settings, null, 2)}\n`);
  }
  return { settings, remembered: null };
}

/**
 * Stops the services; `remove` also removes the containers and the network, `volumes`
 * the data too. Only the managed mode has anything to remove.
 */
export async function stopStack(
  stack: Stack,
  options: { remove?: boolean; volumes?: boolean } = {},
): Promise<void> {
  await stack.down();
  if (stack instanceof ManagedStack && (options.remove || options.volumes)) {
    await stack.remove({ volumes: options.volumes ?? false });
  }
}

/** The last `tail` lines of a service's output, as one text. */
export async function logText(stack: Stack, service: StackService, tail: number): Promise<string> {
  const stream = await stack.logs(service, { follow: false, tail });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The engine a stack runs on; null for the modes that need none. */
export function engineOf(stack: Stack): EngineStatus | null {
  if (!(stack instanceof ManagedStack)) return null;
  const { kind, version, host, source } = stack.engine;
  return { found: true, kind, version, host, source };
}

/** An engine that was not found, with every place tried; null for any other error. */
export function engineNotFound(error: unknown): EngineStatus | null {
  if (!(error instanceof EngineNotFoundError)) return null;
  const tried = error.tried.map((t) => ({ ...t.candidate, reason: t.reason }));
  return { found: false, tried, reason: error.message };
}
