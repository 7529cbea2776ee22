/**
 * Where the shared sample logs are: `../shared/samples` beside the repository, in a
 * developer's checkout and in CI alike.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SAMPLES_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'samples');

export function samplePath(name: string): string {
  const path = resolve(SAMPLES_DIR, name);
  if (!existsSync(path)) {
    throw new Error(`sample log ${path} is missing: the tests expect ../shared/samples`);
  }
  return path;
}
