/**
 * A FormatDefinition made from a validated declarative definition: sniffing, record starts,
 * and the line parser that runs the compiled rules, including multi-line blocks.
 */
import type { MacRecord } from '../../../../src-shared/records.js';
import { stripAnsi } from '../text.js';
import { LineKind, type FormatDefinition, type LineParser, type RecordSink } from '../types.js';
import {
  addToRecord,
  buildRecord,
  compileRules,
  readContext,
  type CompiledRule,
  type Context,
  type Captures,
} from './compile.js';
import { makeMatcher, matchLine, testLine } from './regex.js';
import type { FormatSpec } from './schema.js';
import { timeReader, type TimeReader } from './time.js';

/** A format loaded from a definition file. */
export interface DeclarativeFormat extends FormatDefinition {
  /** The file it was loaded from. */
  file: string;
}

/** How many early lines sniffing looks at when the definition does not say. */
const DEFAULT_SNIFF_LINES = 200;

/**
 * The format for `spec`, read from `text` in `file`. `version` is the definition's version
 * with a hash of the text, so that editing a definition re-ingests the files it parsed.
 */
export function createFormat(
  spec: FormatSpec,
  file: string,
  text: string,
  version: string,
): DeclarativeFormat {
  const rules = compileRules(spec.rules);
  const time = timeReader(spec.time);
  const recordStart = spec.recordStart
    ? makeMatcher(new RegExp(spec.recordStart), undefined)
    : null;
  const isRecordStart = recordStart ? (line: string) => testLine(recordStart, line) : time.present;

  const format: DeclarativeFormat = {
    id: spec.id,
    name: spec.name,
    version,
    description: spec.description,
    clock: spec.clock,
    file,
    definition: { file, text },
    sniff: sniffer(spec.sniff),
    create: () => new DeclarativeParser(rules, time.read, isRecordStart),
  };
  if (isRecordStart !== null) format.isRecordStart = (line) => isRecordStart(stripAnsi(line));
  return format;
}

/** Confidence is the share of early lines that match a sniff pattern, 0 below minShare. */
function sniffer(spec: FormatSpec['sniff']): (lines: readonly string[]) => number {
  const matchers = spec.patterns.map((p) => makeMatcher(new RegExp(p), undefined));
  const maxLines = spec.lines ?? DEFAULT_SNIFF_LINES;

  return (lines) => {
    const n = Math.min(lines.length, maxLines);
    if (n === 0) return 0;
    let matching = 0;
    for (let i = 0; i < n; i++) {
      const line = lines[i];
      if (matchers.some((m) => testLine(m, line))) matching++;
    }
    const share = matching / n;
    return share > 0 && share >= spec.minShare ? share : 0;
  };
}

/** A block opened by a header rule, until the next record start. */
interface OpenBlock {
  rule: CompiledRule;
  /** The header's own record, when its kind is a record kind. */
  header: MacRecord | null;
  context: Context;
  /** Records of continuation lines (and of interleaved lines), pushed after the header. */
  pending: MacRecord[];
}

class DeclarativeParser implements LineParser {
  /** Time of the last line that had one: lines without a time (continuations) take it. */
  private tSec = 0;
  private tNsec = 0;
  private block: OpenBlock | null = null;
  /** Records of the current line, reused so that a line allocates no array. */
  private readonly built: MacRecord[] = [];

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly readTime: TimeReader,
    private readonly isRecordStart: ((line: string) => boolean) | null,
  ) {}

  parse(raw: string, lineNo: number, out: RecordSink): LineKind {
    const line = stripAnsi(raw);

    const block = this.block;
    if (block !== null) {
      if (this.isRecordStart?.(line)) {
        this.closeBlock(out);
      } else {
        const kind = this.continueBlock(block, line, lineNo);
        if (kind !== null) return kind;
      }
    }
    return this.topLevel(line, lineNo, out);
  }

  finish(out: RecordSink): void {
    this.closeBlock(out);
  }

  /** The first top-level rule that matches and builds all its records decides. */
  private topLevel(line: string, lineNo: number, out: RecordSink): LineKind {
    for (const rule of this.rules) {
      const match = matchLine(rule.matcher, line);
      if (match === null) continue;
      this.readLineTime(line);

      if (rule.continuation !== null) {
        if (this.openBlock(rule, match, lineNo, out)) return rule.lineKind;
        continue;
      }
      if (!this.buildAll(rule, match, lineNo, null)) continue;
      this.emitBuilt(out);
      return rule.lineKind;
    }
    return LineKind.Unrecognised;
  }

  /** A line inside a block; null when no continuation rule takes it. */
  private continueBlock(block: OpenBlock, line: string, lineNo: number): LineKind | null {
    for (const rule of block.rule.continuation!) {
      const match = matchLine(rule.matcher, line);
      if (match === null) continue;
      this.readLineTime(line);

      if (rule.headerFields !== null) {
        // The validator only allows `header` rules under a header that makes a record.
        addToRecord(block.header!, rule.headerFields, match);
        return rule.lineKind;
      }
      if (!this.buildAll(rule, match, lineNo, block.context)) continue;
      block.pending.push(...this.built);
      return rule.lineKind;
    }
    return null;
  }

  private openBlock(
    rule: CompiledRule,
    captures: Captures,
    lineNo: number,
    out: RecordSink,
  ): boolean {
    if (!this.buildAll(rule, captures, lineNo, null)) return false;
    // The first record is the header record; any others of the header line follow it.
    const [header = null, ...others] = this.built;

    // A header line always ends the block before it, record start or not.
    this.closeBlock(out);
    const context = header ?? readContext(rule.context, captures);
    this.block = {
      rule,
      header,
      context: { cell: context.cell, ue: context.ue, rnti: context.rnti },
      pending: others,
    };
    return true;
  }

  private closeBlock(out: RecordSink): void {
    const block = this.block;
    if (block === null) return;
    this.block = null;
    if (block.header !== null) out.push(block.header);
    for (const record of block.pending) out.push(record);
  }

  /** Builds every record of `rule` into `this.built`; false when one cannot be built. */
  private buildAll(
    rule: CompiledRule,
    captures: Captures,
    lineNo: number,
    context: Context | null,
  ): boolean {
    this.built.length = 0;
    for (const builder of rule.records) {
      const record = buildRecord(builder, captures, this.tSec, this.tNsec, lineNo, context);
      if (record === null) return false;
      this.built.push(record);
    }
    return true;
  }

  /** Records of a top-level line; inside an open block they wait so that order is kept. */
  private emitBuilt(out: RecordSink): void {
    if (this.block !== null) this.block.pending.push(...this.built);
    else for (const record of this.built) out.push(record);
  }

  private readLineTime(line: string): void {
    const time = this.readTime(line);
    if (time === null) return;
    this.tSec = time.sec;
    this.tNsec = time.nsec;
  }
}
