/**
 * The generated Grafana dashboards (`npm run dashboards` writes them to
 * stack/grafana/dashboards/), read from the `stack/` folder that ships with the app, to
 * be provisioned into Grafana with the rest of its configuration.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigFile } from './config.js';

/** The `stack/grafana/dashboards` folder: found upwards from this file, run built or not. */
export function dashboardsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'stack', 'grafana', 'dashboards');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the stack/grafana/dashboards folder is missing');
    dir = parent;
  }
}

/** Every dashboard file, at `folder/<uid>.json`. */
export function dashboardFiles(folder: string): ConfigFile[] {
  const dir = dashboardsDir();
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ path: `${folder}/${name}`, content: readFileSync(join(dir, name), 'utf8') }));
}
