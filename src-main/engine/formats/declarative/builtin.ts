/**
 * The declarative formats that ship with the app: every definition in
 * src-main/engine/formats/definitions/, loaded once when this module is first imported.
 *
 * The YAML files are read from the source tree rather than embedded: the build (tsc)
 * copies nothing, and this module runs both from src-main/ (tsx, tests) and from
 * dist/src-main/ (the built CLI). Going up from this module's folder until a folder holds
 * src-main/engine/formats/definitions finds the repository root in both cases, and keeps
 * the definitions editable, and readable as examples, in one place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFormatDirectory, type DeclarativeFormat } from './load.js';

const DEFINITIONS = path.join('src-main', 'engine', 'formats', 'definitions');

/** The built-in definitions folder, found from this module's own location. */
export function builtinDefinitionsDir(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, DEFINITIONS);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`built-in format definitions not found above ${start}`);
}

function loadBuiltins(): DeclarativeFormat[] {
  const dir = builtinDefinitionsDir();
  const { formats, errors } = loadFormatDirectory(dir);
  // A broken built-in definition is our bug, not the user's: fail loudly at start-up.
  if (errors.length > 0) {
    throw new Error(`invalid built-in format definition:\n${errors.map((e) => e.text).join('\n')}`);
  }
  return formats;
}

/** Built-in declarative formats, in file-name order. */
export const BUILTIN_DECLARATIVE_FORMATS: readonly DeclarativeFormat[] = loadBuiltins();
