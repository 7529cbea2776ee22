/**
 * Runs a format's parser over lines held in memory, in order, on one thread. Tests and
 * format authors use it to see exactly what a parser makes of some text; the ingest
 * engine does the same work streaming, in ranges, on worker threads.
 */
import type { MacRecord } from '../../src-shared/records.js';
import { LineKind, type FormatDefinition } from './formats/types.js';
import { hasInvalidUtf8 } from './line-reader.js';

export interface LineCounts {
  lines: number;
  record: number;
  other: number;
  unrecognised: number;
}

export interface LinesOutcome {
  records: MacRecord[];
  counts: LineCounts;
  /** Every unrecognised line, with its 1-based number. */
  unrecognised: { line: number; text: string }[];
}

/** Splits text as the engine does: LF or CRLF line endings, no empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function parseLines(
  format: FormatDefinition,
  lines: readonly string[],
  options: Record<string, string | number | boolean> = {},
): LinesOutcome {
  const records: MacRecord[] = [];
  const sink = { push: (r: MacRecord) => records.push(r) };
  const parser = format.create({ fileName: 'memory', options });
  const counts: LineCounts = { lines: 0, record: 0, other: 0, unrecognised: 0 };
  const unrecognised: { line: number; text: string }[] = [];

  lines.forEach((text, i) => {
    counts.lines++;
    // Blank lines carry nothing in any format; the engine skips them the same way.
    if (text.length === 0) {
      counts.other++;
      return;
    }
    const kind = parser.parse(text, i + 1, sink);
    if (kind === LineKind.Record) counts.record++;
    // As the engine counts it: a line it could not read whole gave no record (parse-range.ts).
    else if (kind === LineKind.Other && !hasInvalidUtf8(text)) counts.other++;
    else {
      counts.unrecognised++;
      unrecognised.push({ line: i + 1, text });
    }
  });
  parser.finish(sink);

  return { records, counts, unrecognised };
}
