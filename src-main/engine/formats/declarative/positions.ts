/**
 * Error messages that point into the YAML file: `vendor.yaml:14:9: rules[2].fields.tbs.unit:
 * expected one of bits, bytes`. A path (as zod reports it) is followed through the parsed
 * YAML document to the node it names, and the node's offset becomes a line and column.
 */
import path from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

export type PathSegment = string | number;

/** One problem in a definition file. */
export interface DefinitionError {
  /** The file as given to the loader. */
  file: string;
  /** 1-based line and column in the file; 1:1 when the problem has no place. */
  line: number;
  column: number;
  /** Where in the definition, e.g. `rules[2].fields.tbs.unit`; empty for the whole file. */
  path: string;
  message: string;
  /** All of the above in one line, as shown to users. */
  text: string;
}

/** `rules[2].fields.tbs.unit` from `['rules', 2, 'fields', 'tbs', 'unit']`. */
function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out.length === 0 ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function makeError(
  file: string,
  line: number,
  column: number,
  where: string,
  message: string,
): DefinitionError {
  const prefix = `${path.basename(file)}:${line}:${column}: `;
  const text = prefix + (where.length > 0 ? `${where}: ${message}` : message);
  return { file, line, column, path: where, message, text };
}

/** Turns paths into positions in one parsed file. */
export class PositionFinder {
  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * An error at the node `segments` names. When the path goes further than the document
   * (a missing key), the error points at the deepest node that exists. With `atKey`, it
   * points at the key of the last segment instead of its value (for unknown keys).
   */
  error(segments: readonly PathSegment[], message: string, atKey = false): DefinitionError {
    const offset = this.offsetOf(segments, atKey);
    const { line, col } = this.lines.linePos(offset);
    return makeError(this.file, line, col, formatPath(segments), message);
  }

  private offsetOf(segments: readonly PathSegment[], atKey: boolean): number {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;

    for (let i = 0; i < segments.length; i++) {
      if (isAlias(node)) node = node.resolve(this.doc);
      const seg = segments[i];
      const last = i === segments.length - 1;

      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && keyIs(p.key, seg));
        if (!pair) return offset;
        if (last && atKey) return rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else {
        return offset;
      }
      // A key with no value (`unit:`) has a null node; keep the key's position then.
      offset = rangeStart(node) ?? offset;
    }
    return offset;
  }
}

function keyIs(key: { value: unknown }, seg: PathSegment): boolean {
  return String(key.value) === String(seg);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
