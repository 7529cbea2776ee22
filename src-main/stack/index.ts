/**
 * The stack for the settings' mode: the one entry point the CLI (and later the Electron
 * main process) uses.
 */
import { join } from 'node:path';
import type { StackSettings } from '../../src-shared/stack.js';
import { findEngine } from './engine.js';
import { ExternalStack } from './external.js';
import { ManagedStack } from './managed.js';
import { NativeStack } from './native.js';
import type { Stack } from './stack.js';

export async function createStack(settings: StackSettings, dataDir: string): Promise<Stack> {
  if (settings.mode === 'external') return new ExternalStack(settings);
  if (settings.mode === 'native') return new NativeStack(settings, join(dataDir, 'stack'));
  return new ManagedStack(settings, await findEngine(settings.engineHost));
}

export { ManagedStack, NativeStack, ExternalStack };
export { StackError, type Stack } from './stack.js';
