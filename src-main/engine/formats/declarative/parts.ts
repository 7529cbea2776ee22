/**
 * The parts of a definition that passed the shape check, for the checks of validate.ts.
 *
 * A file that fails schema.ts in one place is still checked everywhere else, so that one
 * run reports every problem of the file: a `minShare` written as a word must not hide a
 * unit that a field cannot take. Each part is read here with its own piece of schema.ts,
 * and one that does not fit it is INVALID. The shape check has reported that part already,
 * so the checks skip it and what depends on its value, but count it as given: `kind: grnt`
 * is a wrong kind, not a missing one.
 */
import type { z } from 'zod';
import type { RecordKind } from '../../../../src-shared/records.js';
import { STATS_VALUES_KEY } from './fields.js';
import {
  expandFieldShorthand,
  fieldSpecMap,
  formatSchema,
  pattern,
  recordKind,
  ruleShape,
  scalar,
  timeSpec,
  type FormatSpec,
  type LineRule,
  type TimeLayout,
} from './schema.js';

/** A part that failed the shape check. */
export const INVALID = Symbol('invalid');
export type Invalid = typeof INVALID;

/** A part as written, or INVALID. */
export type Part<T> = T | Invalid;

type Scalar = z.output<typeof scalar>;

/** A key absent from the file is undefined. */
export interface FieldParts {
  group?: Part<string>;
  const?: Part<Scalar>;
  template?: Part<string>;
  type?: Part<string>;
  unit?: Part<string>;
  scale?: Part<number>;
  map?: Part<Map<string, Part<Scalar>>>;
  default?: Part<Scalar>;
}

export interface FieldsParts {
  /** The field specs by record field name, all but `values`. */
  specs: Map<string, Part<FieldParts>>;
  /** A stats record's `values`, by value name. */
  values?: Part<Map<string, Part<FieldParts>>>;
}

export interface RecordParts {
  kind: Part<RecordKind>;
  fields?: Part<FieldsParts>;
}

export interface RuleParts {
  name: Part<string>;
  match: Part<string>;
  ignoreCase?: Part<boolean>;
  kind?: Part<NonNullable<LineRule['kind']>>;
  fields?: Part<FieldsParts>;
  records?: Part<Part<RecordParts>[]>;
  /** Only on top-level rules. */
  continuation?: Part<Part<RuleParts>[]>;
}

export interface TimeParts {
  layout: Part<TimeLayout>;
  column?: Part<number>;
  pattern?: Part<string>;
}

export interface FormatParts {
  id: Part<string>;
  clock: Part<FormatSpec['clock']>;
  time?: Part<TimeParts>;
  /** Empty when `sniff` or its `patterns` is no list: nothing to check then. */
  sniffPatterns: Part<string>[];
  recordStart?: Part<string>;
  /** Empty when `rules` is no list. */
  rules: Part<RuleParts>[];
}

/** The parts of a parsed YAML document, or null when it is no map at all. */
export function readParts(data: unknown): FormatParts | null {
  const top = asMap(data);
  if (top === null) return null;

  const sniff = asMap(top.sniff);
  const patterns = sniff !== null && Array.isArray(sniff.patterns) ? sniff.patterns : [];
  const rules = Array.isArray(top.rules) ? top.rules : [];
  const shape = formatSchema.shape;
  return {
    id: read(shape.id, top.id),
    clock: read(shape.clock, top.clock),
    time: given(top, 'time', readTime),
    sniffPatterns: patterns.map((p) => read(pattern, p)),
    recordStart: given(top, 'recordStart', (v) => read(pattern, v)),
    rules: rules.map((rule) => readRule(rule, true)),
  };
}

function readTime(value: unknown): Part<TimeParts> {
  const time = asMap(value);
  if (time === null) return INVALID;
  const shape = timeSpec.shape;
  return {
    layout: read(shape.layout, time.layout),
    column: given(time, 'column', (v) => read(shape.column.unwrap(), v)),
    pattern: given(time, 'pattern', (v) => read(pattern, v)),
  };
}

function readRule(value: unknown, topLevel: boolean): Part<RuleParts> {
  const rule = asMap(value);
  if (rule === null) return INVALID;
  return {
    name: read(ruleShape.name, rule.name),
    match: read(ruleShape.match, rule.match),
    ignoreCase: given(rule, 'ignoreCase', (v) => read(ruleShape.ignoreCase.unwrap(), v)),
    kind: given(rule, 'kind', (v) => read(ruleShape.kind.unwrap(), v)),
    fields: given(rule, 'fields', readFields),
    records: given(rule, 'records', (v) => readList(v, readRecord)),
    // A continuation rule has none: the shape check reports the key as unknown.
    continuation: topLevel
      ? given(rule, 'continuation', (v) => readList(v, (child) => readRule(child, false)))
      : undefined,
  };
}

function readRecord(value: unknown): Part<RecordParts> {
  const record = asMap(value);
  if (record === null) return INVALID;
  return { kind: read(recordKind, record.kind), fields: given(record, 'fields', readFields) };
}

function readFields(value: unknown): Part<FieldsParts> {
  const fields = asMap(value);
  if (fields === null) return INVALID;
  const specs = new Map<string, Part<FieldParts>>();
  for (const [name, spec] of Object.entries(fields)) {
    if (name !== STATS_VALUES_KEY) specs.set(name, readField(spec));
  }
  return { specs, values: given(fields, STATS_VALUES_KEY, (v) => readMap(v, readField)) };
}

function readField(value: unknown): Part<FieldParts> {
  const spec = asMap(expandFieldShorthand(value));
  if (spec === null) return INVALID;
  const shape = fieldSpecMap.shape;
  const scalarOf = (v: unknown) => read(scalar, v);
  return {
    group: given(spec, 'group', (v) => read(shape.group.unwrap(), v)),
    const: given(spec, 'const', scalarOf),
    template: given(spec, 'template', (v) => read(shape.template.unwrap(), v)),
    type: given(spec, 'type', (v) => read(shape.type.unwrap(), v)),
    unit: given(spec, 'unit', (v) => read(shape.unit.unwrap(), v)),
    scale: given(spec, 'scale', (v) => read(shape.scale.unwrap(), v)),
    map: given(spec, 'map', (v) => readMap(v, scalarOf)),
    default: given(spec, 'default', scalarOf),
  };
}

/** `value` if it fits `schema`, as the schema gives it (patterns joined), else INVALID. */
function read<T>(schema: z.ZodType<T>, value: unknown): Part<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : INVALID;
}

/** `key` of `map` read with `readValue`, or undefined when the file does not give it. */
function given<T>(
  map: Record<string, unknown>,
  key: string,
  readValue: (value: unknown) => T,
): T | undefined {
  return Object.hasOwn(map, key) ? readValue(map[key]) : undefined;
}

function readList<T>(value: unknown, readItem: (item: unknown) => T): Part<T[]> {
  return Array.isArray(value) ? value.map(readItem) : INVALID;
}

function readMap<T>(value: unknown, readValue: (value: unknown) => T): Part<Map<string, T>> {
  const map = asMap(value);
  if (map === null) return INVALID;
  return new Map(Object.entries(map).map(([key, v]) => [key, readValue(v)]));
}

function asMap(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
