/**
 * `npm run dashboards`: writes every generated Grafana dashboard to
 * stack/grafana/dashboards/, and removes JSON files there that no dashboard owns any more.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboards, DASHBOARDS_DIR, renderDashboard } from '../src-main/grafana/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, DASHBOARDS_DIR);

async function main(): Promise<void> {
  await mkdir(dir, { recursive: true });
  const dashboards = await buildDashboards();
  const owned = new Set(dashboards.map((d) => d.fileName));

  for (const { fileName, dashboard } of dashboards) {
    const file = path.join(dir, fileName);
    await writeFile(file, await renderDashboard(dashboard, file));
    console.log(`wrote ${path.relative(root, file)}`);
  }
  for (const name of await readdir(dir)) {
    if (name.endsWith('.json') && !owned.has(name)) {
      await rm(path.join(dir, name));
      console.log(`removed ${path.join(DASHBOARDS_DIR, name)}`);
    }
  }
}

await main();
