/**
 * `maclog formats`: what the engine can read, and what is wrong with the user's formats.
 */
import Table from 'cli-table3';
import { BUILTIN_FORMATS } from '../engine/formats/index.js';
import { loadCatalog } from '../engine/formats/catalog.js';

export function listFormats(options: { formatsDir?: string; json?: boolean }): number {
  const catalog = loadCatalog(options.formatsDir ?? null);
  const rows = catalog.formats.map((f) => ({
    id: f.id,
    name: f.name,
    version: f.version,
    clock: f.clock,
    origin: BUILTIN_FORMATS.includes(f) ? 'built-in' : 'user',
    description: f.description,
  }));

  if (options.json) {
    console.log(JSON.stringify({ formats: rows, errors: catalog.errors }, null, 2));
  } else {
    const table = new Table({
      head: ['id', 'name', 'version', 'time', 'origin'],
      style: { head: [], border: [] },
    });
    for (const r of rows) table.push([r.id, r.name, r.version, r.clock, r.origin]);
    console.log(table.toString());
    for (const e of catalog.errors) console.error(`format file error: ${e}`);
  }
  return catalog.errors.length > 0 ? 1 : 0;
}
