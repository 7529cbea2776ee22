/**
 * Turns a validated definition into plain functions: a getter per mapped field that reads
 * its capture by number, a maker per record kind (makers.ts), and a cheap keyword check
 * before each rule's regex. Nothing here re-reads the definition while lines are parsed.
 */
import type { MacRecord, RecordKind } from '../../../../src-shared/records.js';
import { toNumber } from '../text.js';
import { LineKind } from '../types.js';
import {
  BOOL_WORDS,
  CONTEXT_FIELDS,
  fieldsOf,
  isRecordKind,
  statsValueInfo,
  STATS_VALUES_KEY,
  unitFactor,
  type FieldInfo,
  type FieldValue,
} from './fields.js';
import { MAKERS, type Maker } from './makers.js';
import { indexGroups, makeMatcher, type Matcher } from './regex.js';
import type { FieldSpec, FieldsSpec, LineRule, RecordSpec } from './schema.js';

/** The captures of one match: `captures[n]` is group n, undefined when it took no part. */
export type Captures = ArrayLike<string | undefined>;

/** Reads one field's value from a match; null when the line gives none. */
export type Getter = (captures: Captures) => FieldValue;

/** Capture numbers of a rule's named groups. */
type GroupIndex = ReadonlyMap<string, number>;

interface Slot {
  name: string;
  /** Position of the field in the maker's value array. */
  index: number;
  get: Getter;
  required: boolean;
}

/** How to build one record from a match. */
export interface RecordBuilder {
  kind: RecordKind;
  /** Initial value of every slot (null, or false for msg3). */
  initial: readonly FieldValue[];
  slots: Slot[];
  /** For `stats`: getters of the `values` entries. */
  values: { key: string; get: Getter }[];
  make: Maker;
  /** Reused value array: filled and read within one call of `buildRecord`. */
  scratch: FieldValue[];
}

export interface CompiledRule {
  name: string;
  matcher: Matcher;
  /** What a matching line counts as. */
  lineKind: LineKind;
  /** Records the line produces; empty for `other` and `header` rules. */
  records: RecordBuilder[];
  /** For a block header of kind `other`: how to read cell, ue and rnti for the block. */
  context: Slot[];
  /** For a `header` continuation rule: the fields it adds to the block's header record. */
  headerFields: RecordBuilder | null;
  /** Continuation rules when this rule opens a block, else null. */
  continuation: CompiledRule[] | null;
}

export function compileRules(rules: readonly LineRule[]): CompiledRule[] {
  return rules.map((rule) => compileRule(rule, null));
}

function compileRule(rule: LineRule, header: LineRule | null): CompiledRule {
  // The validator has checked that the pattern compiles and can be numbered.
  const indexed = indexGroups(rule.match, rule.ignoreCase);
  if (typeof indexed === 'string') throw new Error(`rule ${rule.name}: ${indexed}`);
  const groups = indexed.groups;

  const specs: RecordSpec[] =
    rule.records ??
    (rule.kind !== undefined && isRecordKind(rule.kind)
      ? [{ kind: rule.kind, fields: rule.fields }]
      : []);
  const continuation = rule.continuation?.map((child) => compileRule(child, rule)) ?? null;
  const isHeaderAdd = rule.kind === 'header' && header !== null;
  const producing =
    specs.length > 0 ||
    isHeaderAdd ||
    (continuation ?? []).some((c) => c.lineKind === LineKind.Record);

  return {
    name: rule.name,
    matcher: makeMatcher(indexed.regex, rule.keyword),
    lineKind: producing ? LineKind.Record : LineKind.Other,
    records: specs.map((spec) => compileRecord(spec.kind, spec.fields, groups)),
    context: rule.kind === 'other' ? compileContext(rule.fields, groups) : [],
    headerFields: isHeaderAdd
      ? compileRecord(header.kind as RecordKind, rule.fields, groups)
      : null,
    continuation,
  };
}

function compileContext(fields: FieldsSpec | undefined, groups: GroupIndex): Slot[] {
  const names = Object.keys(CONTEXT_FIELDS);
  return Object.entries(fields ?? {}).map(([name, spec]) => ({
    name,
    index: names.indexOf(name),
    get: getter(spec as FieldSpec, CONTEXT_FIELDS[name], groups),
    required: false,
  }));
}

function compileRecord(
  kind: RecordKind,
  fields: FieldsSpec | undefined,
  groups: GroupIndex,
): RecordBuilder {
  const known = fieldsOf(kind);
  const names = Object.keys(known);
  const slots: Slot[] = [];
  let values: RecordBuilder['values'] = [];

  for (const [name, spec] of Object.entries(fields ?? {})) {
    if (name === STATS_VALUES_KEY && kind === 'stats') {
      values = Object.entries(fields?.values ?? {}).map(([key, valueSpec]) => ({
        key,
        get: getter(valueSpec, statsValueInfo(key), groups),
      }));
      continue;
    }
    const info = known[name];
    const get = getter(spec, info, groups);
    slots.push({ name, index: names.indexOf(name), get, required: info.required });
  }

  const initial = names.map((name) => known[name].initial);
  return { kind, initial, slots, values, make: MAKERS[kind], scratch: [...initial] };
}

/** The getter for one field spec: a constant, a template, or a converted group. */
function getter(spec: FieldSpec, info: FieldInfo, groups: GroupIndex): Getter {
  if (spec.template !== undefined) return templateGetter(spec.template, groups);
  if (spec.group === undefined) {
    const value = normalise(spec.const ?? null, info);
    return () => value;
  }

  const index = groups.get(spec.group)!;
  const map = spec.map
    ? new Map(Object.entries(spec.map).map(([k, v]) => [k, normalise(v, info)]))
    : null;
  const fallback = normalise(spec.default ?? null, info);
  const convert = converter(spec, info);

  return (captures) => {
    const raw = captures[index];
    if (raw === undefined || raw.length === 0) return fallback;
    const mapped = map?.get(raw);
    if (mapped !== undefined) return mapped;
    const value = convert(raw);
    return value === null ? fallback : value;
  };
}

/** Text fields keep numbers written in YAML (`cell: { const: 0 }`) as text. */
function normalise(value: FieldValue, info: FieldInfo): FieldValue {
  return info.value === 'string' && typeof value === 'number' ? String(value) : value;
}

/** Reads the raw text of a group as the field's value type, in the record's unit. */
function converter(spec: FieldSpec, info: FieldInfo): (raw: string) => FieldValue {
  switch (info.value) {
    case 'string':
      return (raw) => raw;
    case 'bool':
      return (raw) => BOOL_WORDS.get(raw.toLowerCase()) ?? null;
    case 'enum': {
      const words = new Set(info.words);
      return (raw) => (words.has(raw) ? raw : null);
    }
    case 'number': {
      const type = spec.type ?? info.parseTypes[0];
      const parse = type === 'hex' ? parseHex : parseNumber;
      const unit = spec.unit !== undefined && info.units ? unitFactor(info.units, spec.unit) : 1;
      const factor = (unit ?? 1) * (spec.scale ?? 1);
      if (factor === 1) return parse;
      return (raw) => {
        const n = parse(raw);
        return n === null ? null : n * factor;
      };
    }
  }
}

/**
 * A decimal or 0x-hex number as `toNumber` reads it, with a fast path for the plain
 * unsigned integers that make up most values in MAC logs.
 */
function parseNumber(raw: string): number | null {
  if (raw.length === 0 || raw.length > 15) return toNumber(raw);
  let value = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return toNumber(raw);
    value = value * 10 + (c - 48);
  }
  return value;
}

/**
 * A hex number with or without `0x` ("0x4601", "4601"), as RNTIs are written; null when
 * the text is not one.
 */
function parseHex(raw: string): number | null {
  const prefixed = raw.length > 2 && raw.charCodeAt(0) === 48 && (raw.charCodeAt(1) | 32) === 120;
  let i = prefixed ? 2 : 0;
  if (i === raw.length) return null;
  let value = 0;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i) | 32; // lower case for letters, digits unchanged
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return null;
    value = value * 16 + digit;
  }
  return value;
}

/** `"pcell {from} -> {to}"`: literal parts and capture numbers, joined per line. */
function templateGetter(template: string, groups: GroupIndex): Getter {
  // split() with a capture puts the group names at the odd indexes.
  const parts = template.split(/\{(\w+)\}/);
  const indexes = parts.map((part, i) => (i % 2 === 1 ? groups.get(part)! : -1));
  return (captures) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      out += indexes[i] < 0 ? parts[i] : (captures[indexes[i]] ?? '');
    }
    return out;
  };
}

/** Block context: where continuation records come from unless they say otherwise. */
export interface Context {
  cell: string | null;
  ue: string | null;
  rnti: number | null;
}

/**
 * Builds one record, or returns null when a required field has no value (then the rule
 * does not apply to this line). A null value never overwrites the context or the initial
 * value, so an optional `ue=` group falls back to the block's ue.
 */
export function buildRecord(
  builder: RecordBuilder,
  captures: Captures,
  tSec: number,
  tNsec: number,
  line: number,
  context: Context | null,
): MacRecord | null {
  const v = builder.scratch;
  for (let i = 0; i < v.length; i++) v[i] = builder.initial[i]!;
  if (context !== null) {
    v[0] = context.cell;
    v[1] = context.ue;
    v[2] = context.rnti;
  }

  for (const slot of builder.slots) {
    const value = slot.get(captures);
    if (value !== null) v[slot.index] = value;
    else if (slot.required) return null;
  }

  let values: Record<string, number | null> | null = null;
  if (builder.kind === 'stats') {
    values = {};
    for (const { key, get } of builder.values) values[key] = get(captures) as number | null;
  }
  return builder.make(v, tSec, tNsec, line, values);
}

/** Adds a `header` continuation line's fields to the open block's header record. */
export function addToRecord(record: MacRecord, builder: RecordBuilder, captures: Captures): void {
  const target = record as unknown as Record<string, FieldValue>;
  for (const { name, get } of builder.slots) {
    const value = get(captures);
    if (value !== null) target[name] = value;
  }
  if (record.kind !== 'stats') return;
  for (const { key, get } of builder.values) {
    const value = get(captures) as number | null;
    if (value !== null || !Object.hasOwn(record.values, key)) record.values[key] = value;
  }
}

/** cell, ue and rnti read by a block header of kind `other`. */
export function readContext(slots: readonly Slot[], captures: Captures): Context {
  const values: FieldValue[] = [null, null, null];
  for (const slot of slots) values[slot.index] = slot.get(captures);
  const [cell, ue, rnti] = values as [string | null, string | null, number | null];
  return { cell, ue, rnti };
}
