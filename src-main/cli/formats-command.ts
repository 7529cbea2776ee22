/**
 * `maclog formats`: what the engine can read, and what is wrong with the user's formats.
 */
import { BUILTIN_FORMATS } from '../engine/formats/index.js';
import { loadCatalog } from '../engine/formats/catalog.js';
import { fittedTable, terminalWidth, type Column } from './fit.js';

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
    const cells = rows.map((r) => [r.id, r.name, r.version, r.clock, r.origin]);
    console.log(fittedTable(COLUMNS, cells, terminalWidth()));
    for (const e of catalog.errors) console.error(`format file error: ${e}`);
  }
  return catalog.errors.length > 0 ? 1 : 0;
}

/** The id is what `--format` takes: it always stays; a long name is cut at its end. */
const COLUMNS: Column[] = [
  { head: 'id' },
  { head: 'name', cut: 'end' },
  { head: 'version', dropRank: 2 },
  { head: 'time', dropRank: 0 },
  { head: 'origin', dropRank: 1 },
];
