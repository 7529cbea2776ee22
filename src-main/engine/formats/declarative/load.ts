/**
 * Loading declarative format definitions: one YAML text, one file, or every `*.yaml` and
 * `*.yml` file of a folder (the user's formats folder). Problems come back as errors that
 * name the file, line, column and key; a bad file never stops the others from loading.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { createFormat, type DeclarativeFormat } from './format.js';
import { makeError, PositionFinder, type DefinitionError, type PathSegment } from './positions.js';
import { INVALID, readParts } from './parts.js';
import { formatSchema } from './schema.js';
import { validateFormat } from './validate.js';

export type { DeclarativeFormat } from './format.js';
export type { DefinitionError } from './positions.js';

export interface LoadResult {
  formats: DeclarativeFormat[];
  errors: DefinitionError[];
}

export interface LoadOptions {
  /** Ids already in use (the built-in formats): a definition may not take one of them. */
  takenIds?: Iterable<string>;
}

/**
 * Ids a definition may not take, each with what already uses it ("a built-in format", the
 * name of an earlier file).
 */
export type TakenIds = ReadonlyMap<string, string>;

/** Loads one definition from its text; `file` names it in errors. */
export function loadFormatText(
  text: string,
  file: string,
  takenIds: TakenIds = new Map(),
): { format: DeclarativeFormat | null; errors: DefinitionError[] } {
  const lineCounter = new LineCounter();
  // merge: YAML merge keys (`<<: *fields`) let rules share field maps.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((err) => {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      const message =
        err.code === 'MULTIPLE_DOCS'
          ? 'one definition per file, not several documents'
          : err.message;
      return makeError(file, line, col, '', message);
    });
    return { format: null, errors };
  }

  const finder = new PositionFinder(file, doc, lineCounter);
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // Too many aliases (a "billion laughs" file) and the like.
    const reason = err instanceof Error ? err.message : String(err);
    return { format: null, errors: [makeError(file, 1, 1, '', reason)] };
  }
  // The shape check, then the checks that need more than one key on every part that
  // passed it: one run reports all of a file's problems, in the order of the file.
  const parsed = formatSchema.safeParse(data);
  const errors: DefinitionError[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((i) => issueErrors(i, data, finder));
  const parts = readParts(data);
  if (parts !== null) {
    validateFormat(parts, (at, message, atKey) => {
      errors.push(finder.error(at, message, atKey));
    });
    const id = parts.id;
    if (id !== INVALID && takenIds.has(id)) {
      errors.push(finder.error(['id'], `id "${id}" is already used by ${takenIds.get(id)}`));
    }
  }
  if (!parsed.success || errors.length > 0) {
    return { format: null, errors: errors.sort(byPosition) };
  }

  const hash = createHash('sha1').update(text).digest('hex').slice(0, 8);
  const version = `${parsed.data.version}+${hash}`;
  return { format: createFormat(parsed.data, file, text, version), errors: [] };
}

function byPosition(a: DefinitionError, b: DefinitionError): number {
  return a.line - b.line || a.column - b.column;
}

/** Loads one definition file. */
export function loadFormatFile(
  file: string,
  takenIds: TakenIds = new Map(),
): {
  format: DeclarativeFormat | null;
  errors: DefinitionError[];
} {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { format: null, errors: [makeError(file, 1, 1, '', `cannot read: ${reason}`)] };
  }
  return loadFormatText(text, file, takenIds);
}

const DEFINITION_FILE = /\.ya?ml$/i;

/**
 * Loads every definition in `dir`, in file-name order. A missing folder is no error: the
 * user has not written any format yet. Two files with the same id: the second is refused.
 */
export function loadFormatDirectory(dir: string, options: LoadOptions = {}): LoadResult {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => DEFINITION_FILE.test(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { formats: [], errors: [] };
    const reason = err instanceof Error ? err.message : String(err);
    return { formats: [], errors: [makeError(dir, 1, 1, '', `cannot read folder: ${reason}`)] };
  }

  const result: LoadResult = { formats: [], errors: [] };
  const owners = new Map<string, string>();
  for (const id of options.takenIds ?? []) owners.set(id, 'a built-in format');

  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const { format, errors } = loadFormatFile(file, owners);
    result.errors.push(...errors);
    if (format === null) continue;
    owners.set(format.id, path.basename(file));
    result.formats.push(format);
  }
  return result;
}

/** Errors for one zod issue, in our words rather than zod's. */
function issueErrors(
  issue: z.core.$ZodIssue,
  data: unknown,
  finder: PositionFinder,
): DefinitionError[] {
  const at = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => finder.error([...at, key], 'unknown key', true));
  }
  return [finder.error(at, issueMessage(issue, valueAt(data, at)))];
}

function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'required';
      if (issue.expected === 'object' && isFieldSpecPath(issue.path)) {
        return 'expected a group name or a map with group, const or template';
      }
      return `expected ${article(issue.expected)}, got ${describe(value)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `expected text, a number, true/false or null, got ${describe(value)}`;
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum));
    case 'too_big':
      return `must be at most ${Number(issue.maximum)}`;
    default:
      return issue.message;
  }
}

function tooSmall(origin: string, minimum: number): string {
  if (origin === 'string') return 'must not be empty';
  if (origin === 'array') return `needs at least ${minimum} entr${minimum === 1 ? 'y' : 'ies'}`;
  return `must be at least ${minimum}`;
}

/** A field spec sits at `...fields.<name>` or `...fields.values.<key>`. */
function isFieldSpecPath(at: readonly PropertyKey[]): boolean {
  const n = at.length;
  return at[n - 2] === 'fields' || (at[n - 3] === 'fields' && at[n - 2] === 'values');
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'object') return 'a map';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `text "${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

function valueAt(data: unknown, at: readonly PathSegment[]): unknown {
  let node = data;
  for (const seg of at) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
