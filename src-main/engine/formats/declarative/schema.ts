/**
 * The shape of a declarative format file, checked with zod. This catches what YAML alone
 * cannot: missing keys, unknown keys (usually typos), wrong value types. What depends on
 * more than one key (a group that must exist in a regex, a unit that must fit a field)
 * is checked afterwards in validate.ts, on every part that passed this check (parts.ts reads
 * the parts with the pieces exported here).
 */
import { z } from 'zod';
import { RECORD_KINDS } from '../../../../src-shared/records.js';

export const TIME_LAYOUTS = ['iso', 'time-of-day', 'unix-s', 'unix-ms', 'unix-us'] as const;
export type TimeLayout = (typeof TIME_LAYOUTS)[number];

/** A constant, a `map` value or a `default`: what YAML gives for a scalar. */
export const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A regular expression: one string, or a list of strings joined without separators, so
 * that a long pattern can be written as several short lines.
 */
export const pattern = z.preprocess(
  (value) =>
    Array.isArray(value) && value.every((part) => typeof part === 'string')
      ? value.join('')
      : value,
  z.string().min(1),
);

/**
 * How one record field gets its value. A bare string is short for `{ group: <string> }`.
 * `type` and `unit` are plain strings here: which ones are allowed depends on the field,
 * so validate.ts checks them and names the allowed ones.
 */
export const fieldSpecMap = z.strictObject({
  group: z.string().min(1).optional(),
  const: scalar.optional(),
  template: z.string().optional(),
  type: z.string().optional(),
  unit: z.string().optional(),
  scale: z.number().optional(),
  map: z.record(z.string(), scalar).optional(),
  default: scalar.optional(),
});

export function expandFieldShorthand(value: unknown): unknown {
  return typeof value === 'string' ? { group: value } : value;
}

const fieldSpec = z.preprocess(expandFieldShorthand, fieldSpecMap);
export type FieldSpec = z.infer<typeof fieldSpec>;

/** Record fields by name; a `stats` record's `values` is a map of its own. */
const fields = z.object({ values: z.record(z.string(), fieldSpec).optional() }).catchall(fieldSpec);
export type FieldsSpec = z.infer<typeof fields>;

export const recordKind = z.enum(RECORD_KINDS);

/** One record a rule produces, for rules that produce several from one line. */
const recordSpec = z.strictObject({ kind: recordKind, fields: fields.optional() });
export type RecordSpec = z.infer<typeof recordSpec>;

export const ruleShape = {
  name: z.string().min(1),
  match: pattern,
  keyword: z.string().min(1).optional(),
  ignoreCase: z.boolean().optional(),
  /** `other`: fits the format, no records. `header` (continuation only): adds fields. */
  kind: z.enum([...RECORD_KINDS, 'other', 'header']).optional(),
  fields: fields.optional(),
  records: z.array(recordSpec).min(1).optional(),
};

const continuationRule = z.strictObject(ruleShape);
export type ContinuationRule = z.infer<typeof continuationRule>;

const lineRule = z.strictObject({
  ...ruleShape,
  continuation: z.array(continuationRule).optional(),
});
export type LineRule = z.infer<typeof lineRule>;

export const timeSpec = z.strictObject({
  layout: z.enum(TIME_LAYOUTS),
  column: z.int().min(0).optional(),
  pattern: pattern.optional(),
});

export const formatSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes, e.g. my-gnb'),
  name: z.string().min(1),
  // `version: 1` is a number in YAML; it means the same as "1".
  version: z.union([z.string().min(1), z.number()]).transform(String),
  description: z.string(),
  clock: z.enum(['epoch', 'time-of-day', 'elapsed']),
  time: timeSpec.optional(),
  sniff: z.strictObject({
    patterns: z.array(pattern).min(1),
    minShare: z.number().min(0).max(1).default(0.5),
    lines: z.int().min(1).optional(),
  }),
  recordStart: pattern.optional(),
  rules: z.array(lineRule).min(1),
});

export type FormatSpec = z.infer<typeof formatSchema>;
