/**
 * What a definition may map for each record kind: the fields of every record in
 * src-shared/records.ts, their value types, which are required, and which units apply.
 * Both the validator (to check a definition) and the compiler (to build records) read it,
 * so the two cannot disagree.
 */
import { RECORD_KINDS, type RecordKind } from '../../../../src-shared/records.js';

/** How the text of a group is read: a number, an RNTI-style hex number, text, a flag. */
export const PARSE_TYPES = ['number', 'hex', 'string', 'bool'] as const;
export type ParseType = (typeof PARSE_TYPES)[number];

/** Families of units a field can be given in; values are converted to the record's unit. */
export const UNIT_FACTORS = {
  size: { bits: 1 / 8, bytes: 1 },
  rate: { bps: 1, kbps: 1e3, Mbps: 1e6 },
} as const;
export type UnitFamily = keyof typeof UNIT_FACTORS;

export type FieldValue = string | number | boolean | null;

export interface FieldInfo {
  /** What the record holds: numbers, text, a boolean, or one of fixed words. */
  value: 'number' | 'string' | 'bool' | 'enum';
  /** Parse types a definition may ask for; the first is the default. */
  parseTypes: readonly ParseType[];
  /** The record cannot be built without a value. */
  required: boolean;
  /** Value when the definition does not map the field. */
  initial: FieldValue;
  /** Words an enum field accepts. */
  words?: readonly string[];
  /** Units the field accepts, converted to the record's unit (bytes, bit/s). */
  units?: UnitFamily;
}

const num = (units?: UnitFamily): FieldInfo => ({
  value: 'number',
  parseTypes: ['number', 'hex'],
  required: false,
  initial: null,
  ...(units ? { units } : {}),
});
const requiredNum = (units?: UnitFamily): FieldInfo => ({ ...num(units), required: true });
const text = (): FieldInfo => ({
  value: 'string',
  parseTypes: ['string'],
  required: false,
  initial: null,
});
const rnti = (): FieldInfo => ({
  value: 'number',
  parseTypes: ['hex', 'number'],
  required: false,
  initial: null,
});
const words = (list: readonly string[], required = true): FieldInfo => ({
  value: 'enum',
  parseTypes: ['string'],
  required,
  initial: required ? list[0] : null,
  words: list,
});
const flag = (required: boolean, initial: boolean | null): FieldInfo => ({
  value: 'bool',
  parseTypes: ['bool'],
  required,
  initial,
});

/** Fields every record has besides time and line, which the parser fills itself. */
export const CONTEXT_FIELDS: Readonly<Record<string, FieldInfo>> = {
  cell: text(),
  ue: text(),
  rnti: rnti(),
};

const DIR = ['dl', 'ul'] as const;

/** Mappable fields of each kind, besides `cell`, `ue` and `rnti`. */
export const KIND_FIELDS: Readonly<Record<RecordKind, Readonly<Record<string, FieldInfo>>>> = {
  grant: {
    dir: words(DIR),
    harqId: num(),
    rv: num(),
    retx: num(),
    mcs: num(),
    prbStart: num(),
    prbCount: num(),
    tbs: num('size'),
    k: num(),
    // Not required: a grant is not a Msg3 grant unless the definition says so.
    msg3: flag(false, false),
  },
  decode: {
    dir: words(DIR),
    ok: flag(true, false),
    harqId: num(),
    retx: num(),
    rv: num(),
    tbs: num('size'),
    mcs: num(),
    sinrDb: num(),
  },
  harq: {
    dir: words(DIR),
    event: words(['retx', 'discard']),
    harqId: num(),
    retx: num(),
    tbs: num('size'),
  },
  bsr: {
    type: words(['short', 'long', 'truncated', 'other']),
    lcg: num(),
    bytes: requiredNum('size'),
  },
  phr: { phDb: requiredNum(), pcmaxDbm: num() },
  csi: { cqi: num(), ri: num(), pmi: num() },
  ra: {
    step: words(['preamble', 'rar', 'msg3', 'contention-resolution', 'msg4', 'complete']),
    outcome: words(['ok', 'fail'], false),
    cause: text(),
    preamble: num(),
    ta: num(),
  },
  ue: {
    event: words([
      'created',
      'removed',
      'rnti-change',
      'connected',
      'release',
      'ul-failure',
      'rlf',
      'handover',
      'state',
    ]),
    detail: text(),
    oldRnti: rnti(),
  },
  cell: {
    event: words(['configured', 'started', 'stopped', 'activated', 'deactivated', 'state']),
    detail: text(),
  },
  stats: {
    scope: words(['ue', 'cell']),
    source: { ...text(), required: true, initial: '' },
    periodSec: num(),
  },
};

/** The key under which a `stats` rule maps its `values`. */
export const STATS_VALUES_KEY = 'values';

/** A stats value's unit family follows its name, as in STATS_KEYS: `_bytes`, `_bps`. */
export function statsValueInfo(key: string): FieldInfo {
  if (key.endsWith('_bytes')) return num('size');
  if (key.endsWith('_bps')) return num('rate');
  return num();
}

/** Every field a record of `kind` can take, context fields first. */
export function fieldsOf(kind: RecordKind): Readonly<Record<string, FieldInfo>> {
  return { ...CONTEXT_FIELDS, ...KIND_FIELDS[kind] };
}

export function isRecordKind(kind: string): kind is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(kind);
}

/**
 * Words read as true or false for a boolean field (compared in lower case): `OK`/`KO` is
 * how PHYs print a CRC, `ACK`/`NACK` HARQ feedback, `1`/`0` a flag.
 */
export const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['ok', true],
  ['ack', true],
  ['1', true],
  ['true', true],
  ['yes', true],
  ['pass', true],
  ['success', true],
  ['ko', false],
  ['nok', false],
  ['nack', false],
  ['0', false],
  ['false', false],
  ['no', false],
  ['fail', false],
  ['failure', false],
]);

/** The conversion factor of `unit` in `family`, or undefined when it is not one of them. */
export function unitFactor(family: UnitFamily, unit: string): number | undefined {
  const table: Readonly<Record<string, number>> = UNIT_FACTORS[family];
  return Object.hasOwn(table, unit) ? table[unit] : undefined;
}

export function unitNames(family: UnitFamily): string[] {
  return Object.keys(UNIT_FACTORS[family]);
}
