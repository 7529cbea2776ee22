/**
 * The formats the engine knows: the built-in ones and those a user defined in files.
 */
import { BUILTIN_FORMATS } from './index.js';
import type { FormatDefinition } from './types.js';

export interface Catalog {
  formats: readonly FormatDefinition[];
  /** Problems with user format files; each names the file, line and field. */
  errors: string[];
}

/** Built-in formats plus the user's; a user format may not reuse a built-in id. */
export function loadCatalog(userFormatsDir: string | null): Catalog {
  const formats = [...BUILTIN_FORMATS];
  const errors: string[] = [];
  if (userFormatsDir) {
    const user = loadUserFormats(userFormatsDir);
    errors.push(...user.errors);
    for (const f of user.formats) {
      if (formats.some((b) => b.id === f.id)) {
        errors.push(`${userFormatsDir}: format id "${f.id}" is already taken by a built-in format`);
      } else formats.push(f);
    }
  }
  return { formats, errors };
}

export function findFormat(catalog: Catalog, id: string): FormatDefinition {
  const format = catalog.formats.find((f) => f.id === id);
  if (!format) {
    const known = catalog.formats.map((f) => f.id).join(', ');
    throw new Error(`unknown format "${id}"; known formats: ${known}`);
  }
  return format;
}

function loadUserFormats(_dir: string): { formats: FormatDefinition[]; errors: string[] } {
  return { formats: [], errors: [] };
}
