/**
 * The stack for the settings' mode: the one entry point the CLI (and later the Electron
 * main process) uses.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadGrafanaAccess } from '../grafana/access.js';
import type { StackSettings } from '../../src-shared/stack.js';
import { findEngine } from './engine.js';
import { ExternalStack } from './external.js';
import { ManagedStack } from './managed.js';
import { NativeStack } from './native.js';
import type { Stack } from './stack.js';

export async function createStack(given: StackSettings, dataDir: string): Promise<Stack> {
  if (given.mode === 'external') return new ExternalStack(given);
  const settings = withSignIn(given, dataDir);
  if (settings.mode === 'native') return new NativeStack(settings, join(dataDir, 'stack'));
  return new ManagedStack(settings, await findEngine(settings.engineHost));
}

/** The settings with Grafana trusting the header named by this install's secret. */
export function withSignIn(settings: StackSettings, dataDir: string): StackSettings {
  if (settings.grafana.authProxyHeader) return settings;
  mkdirSync(dataDir, { recursive: true });
  const { userHeader } = loadGrafanaAccess(dataDir);
  return { ...settings, grafana: { ...settings.grafana, authProxyHeader: userHeader } };
}

export { ManagedStack, NativeStack, ExternalStack };
export { StackError, type Stack } from './stack.js';
