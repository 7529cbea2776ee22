/**
 * The formats the engine knows: the built-in ones and those a user defined in files.
 */
import { loadFormatDirectory } from './declarative/load.js';
import { BUILTIN_FORMATS } from './index.js';
import type { FormatDefinition } from './types.js';

export interface Catalog {
  formats: readonly FormatDefinition[];
  /** Problems with user format files; each names the file, line and field. */
  errors: string[];
}

/**
 * Built-in formats plus the user's format files (*.yaml) from a folder. A user format may
 * not reuse a built-in id; a bad file is reported and skipped, never stops the others.
 */
export function loadCatalog(userFormatsDir: string | null): Catalog {
  if (!userFormatsDir) return { formats: BUILTIN_FORMATS, errors: [] };
  const user = loadFormatDirectory(userFormatsDir, {
    takenIds: BUILTIN_FORMATS.map((f) => f.id),
  });
  return {
    formats: [...BUILTIN_FORMATS, ...user.formats],
    errors: user.errors.map((e) => e.text),
  };
}

export function findFormat(catalog: Catalog, id: string): FormatDefinition {
  const format = catalog.formats.find((f) => f.id === id);
  if (!format) {
    const known = catalog.formats.map((f) => f.id).join(', ');
    throw new Error(
      `unknown format "${id}"; known formats: ${known} ` +
        "(a format of your own is found in its folder: --formats-dir, or the app's formats setting)",
    );
  }
  return format;
}
