/**
 * Checks of a definition that zod's shape check cannot make: that regular expressions
 * compile, that mapped groups exist in the rule's regex, that types, units and constants fit
 * the record field they feed, and that every record a rule produces gets its required
 * fields. Each problem is reported with the path of the YAML key it concerns.
 *
 * They run on every part that passed the shape check (parts.ts), also when others did not,
 * so that one run reports all of a file's problems. A check that needs the value of a part
 * that failed is left out: a group cannot be looked up in a regex that does not compile,
 * and the fields of a rule whose kind is wrong are checked only for their groups.
 */
import type { RecordKind } from '../../../../src-shared/records.js';
import {
  CONTEXT_FIELDS,
  fieldsOf,
  isRecordKind,
  statsValueInfo,
  STATS_VALUES_KEY,
  unitFactor,
  unitNames,
  type FieldInfo,
} from './fields.js';
import {
  INVALID,
  type FieldParts,
  type FieldsParts,
  type FormatParts,
  type Part,
  type RuleParts,
} from './parts.js';
import { compileRegex, groupNames, indexGroups } from './regex.js';
import type { PathSegment } from './positions.js';
import type { TimeLayout } from './schema.js';

export type Report = (path: PathSegment[], message: string, atKey?: boolean) => void;

/** Reports every problem found in `spec`; reports nothing for a usable definition. */
export function validateFormat(spec: FormatParts, report: Report): void {
  checkTime(spec, report);
  spec.sniffPatterns.forEach((p, i) => {
    if (p !== INVALID) checkPattern(p, ['sniff', 'patterns', i], report);
  });
  if (isValid(spec.recordStart)) checkPattern(spec.recordStart, ['recordStart'], report);

  const seen = new Set<string>();
  spec.rules.forEach((rule, i) => {
    if (rule === INVALID) return;
    const at: PathSegment[] = ['rules', i];
    if (rule.name !== INVALID) {
      if (seen.has(rule.name)) report([...at, 'name'], `duplicate rule name "${rule.name}"`);
      seen.add(rule.name);
    }
    checkRule(rule, at, null, report);

    const continuation = rule.continuation;
    if (continuation === undefined) return;
    if (spec.recordStart === undefined && spec.time === undefined) {
      report(
        [...at, 'continuation'],
        'a block needs recordStart (or a time spec) to know where it ends',
      );
    }
    if (continuation === INVALID) return;
    continuation.forEach((child, j) => {
      if (child !== INVALID) checkRule(child, [...at, 'continuation', j], rule, report);
    });
  });
}

/** A part the file gives and that passed the shape check. */
function isValid<T>(part: Part<T> | undefined): part is T {
  return part !== undefined && part !== INVALID;
}

/** Which clocks each timestamp layout can feed. */
const LAYOUT_CLOCKS: Record<TimeLayout, readonly string[]> = {
  iso: ['epoch'],
  'time-of-day': ['time-of-day'],
  'unix-s': ['epoch', 'elapsed'],
  'unix-ms': ['epoch', 'elapsed'],
  'unix-us': ['epoch', 'elapsed'],
};

function checkTime(spec: FormatParts, report: Report): void {
  const { clock, time } = spec;
  if (time === undefined) {
    if (clock !== INVALID && clock !== 'elapsed') report(['time'], `required for clock ${clock}`);
    return;
  }
  if (time === INVALID) return;

  if (time.layout !== INVALID && clock !== INVALID && !LAYOUT_CLOCKS[time.layout].includes(clock)) {
    const fitting = Object.entries(LAYOUT_CLOCKS)
      .filter(([, c]) => c.includes(clock))
      .map(([layout]) => layout);
    report(['time', 'layout'], `expected one of ${fitting.join(', ')} for clock ${clock}`);
  }

  if (time.pattern === undefined) return;
  if (time.column !== undefined) {
    report(['time', 'pattern'], 'give either column or pattern, not both');
  }
  if (time.pattern === INVALID) return;
  const regex = checkPattern(time.pattern, ['time', 'pattern'], report);
  if (regex && !groupNames(regex).includes('time')) {
    report(['time', 'pattern'], 'needs a named group "time", e.g. ^(?<time>\\S+)');
  }
}

function checkPattern(source: string, at: PathSegment[], report: Report): RegExp | null {
  const regex = compileRegex(source);
  if (typeof regex === 'string') {
    report(at, regex);
    return null;
  }
  return regex;
}

/**
 * One rule. `header` is the rule that opens the block when `rule` is one of its
 * continuation rules, null for a top-level rule.
 */
function checkRule(
  rule: RuleParts,
  at: PathSegment[],
  header: RuleParts | null,
  report: Report,
): void {
  const groups = ruleGroups(rule, at, report);

  if (rule.records !== undefined) {
    if (rule.kind !== undefined) report([...at, 'records'], 'give either kind or records');
    if (rule.fields !== undefined) {
      report([...at, 'fields'], 'with records, put fields under each entry of records');
    }
    if (rule.records === INVALID) return;
    rule.records.forEach((rec, i) => {
      if (rec === INVALID) return;
      const kind = rec.kind === INVALID ? null : rec.kind;
      checkFields(rec.fields, kind, [...at, 'records', i], rule, groups, true, report);
    });
    return;
  }

  const kind = rule.kind;
  if (kind === undefined) {
    report(at, 'needs kind (a record kind, other or header) or records');
    checkFields(rule.fields, null, at, rule, groups, false, report);
    return;
  }
  if (kind === INVALID) {
    checkFields(rule.fields, null, at, rule, groups, false, report);
    return;
  }
  if (kind === 'header') {
    checkHeaderKind(rule, at, header, groups, report);
    return;
  }
  if (kind === 'other') {
    // An `other` line makes no record, but a block header's cell, ue and rnti are the
    // context of the records its continuation lines make.
    checkContextFields(rule.fields, at, rule, groups, report);
    return;
  }
  checkFields(rule.fields, kind, at, rule, groups, true, report);
}

/**
 * The named groups of the rule's regex; null when they are unknown, because `match`
 * failed the shape check or does not compile (reported here).
 */
function ruleGroups(rule: RuleParts, at: PathSegment[], report: Report): string[] | null {
  if (rule.match === INVALID) return null;
  const ignoreCase = rule.ignoreCase === true;
  const regex = compileRegex(rule.match, ignoreCase);
  const indexed = typeof regex === 'string' ? regex : indexGroups(rule.match, ignoreCase);
  if (typeof indexed === 'string') {
    const message = rule.name === INVALID ? indexed : `rule "${rule.name}": ${indexed}`;
    report([...at, 'match'], message);
    return null;
  }
  return [...indexed.groups.keys()];
}

/** A continuation rule with `kind: header` adds fields to the block's header record. */
function checkHeaderKind(
  rule: RuleParts,
  at: PathSegment[],
  header: RuleParts | null,
  groups: string[] | null,
  report: Report,
): void {
  const headerKind = header?.kind;
  if (header !== null && isValid(headerKind) && isRecordKind(headerKind)) {
    checkFields(rule.fields, headerKind, at, rule, groups, false, report);
    return;
  }

  if (header === null) {
    report([...at, 'kind'], 'header is only for continuation rules');
  } else if (headerKind !== INVALID) {
    const what = header.records !== undefined ? 'records' : `kind ${headerKind ?? '(none)'}`;
    report([...at, 'kind'], `header needs a header rule with one record kind, not ${what}`);
  }
  // No record to add the fields to: only their groups can be checked.
  checkFields(rule.fields, null, at, rule, groups, false, report);
}

function checkContextFields(
  fields: Part<FieldsParts> | undefined,
  at: PathSegment[],
  rule: RuleParts,
  groups: string[] | null,
  report: Report,
): void {
  if (!isValid(fields)) return;
  const message = 'kind other takes only cell, ue and rnti (the block context)';
  for (const [name, spec] of fields.specs) {
    const fieldAt = [...at, 'fields', name];
    if (name !== 'cell' && name !== 'ue' && name !== 'rnti') {
      report(fieldAt, message, true);
    } else if (spec !== INVALID) {
      checkSpec(spec, CONTEXT_FIELDS[name], fieldAt, rule, groups, report);
    }
  }
  if (fields.values !== undefined) report([...at, 'fields', STATS_VALUES_KEY], message, true);
}

/**
 * The fields of one record of `kind`, or of a record whose kind is unknown (null: only
 * their groups are checked). `at` is the path of the rule or `records` entry holding
 * them. With `needRequired`, every required field must be mapped.
 */
function checkFields(
  fields: Part<FieldsParts> | undefined,
  kind: RecordKind | null,
  at: PathSegment[],
  rule: RuleParts,
  groups: string[] | null,
  needRequired: boolean,
  report: Report,
): void {
  // Fields that are no map: whether one is missing is not known.
  if (fields === INVALID) return;
  const known = kind === null ? null : fieldsOf(kind);
  const specs = fields?.specs ?? new Map<string, Part<FieldParts>>();

  for (const [name, spec] of specs) {
    const fieldAt = [...at, 'fields', name];
    if (known !== null && !Object.hasOwn(known, name)) {
      report(fieldAt, noSuchField(kind!, name), true);
    } else if (spec !== INVALID) {
      checkSpec(spec, known === null ? null : known[name], fieldAt, rule, groups, report);
    }
  }

  const values = fields?.values;
  if (values !== undefined) {
    const valuesAt = [...at, 'fields', STATS_VALUES_KEY];
    if (kind !== null && kind !== 'stats') {
      report(valuesAt, noSuchField(kind, STATS_VALUES_KEY), true);
    } else if (values !== INVALID) {
      for (const [key, spec] of values) {
        if (spec === INVALID) continue;
        const info = kind === null ? null : statsValueInfo(key);
        checkSpec(spec, info, [...valuesAt, key], rule, groups, report);
      }
    }
  }

  if (!needRequired || known === null) return;
  for (const [name, info] of Object.entries(known)) {
    if (info.required && !specs.has(name)) {
      const where = fields === undefined ? at : [...at, 'fields'];
      report(where, `kind ${kind} needs field ${name} (map a group or give a const)`);
    }
  }
}

function noSuchField(kind: RecordKind, name: string): string {
  const names = Object.keys(fieldsOf(kind));
  if (kind === 'stats') names.push(STATS_VALUES_KEY);
  return `kind ${kind} has no field ${name} (fields: ${names.join(', ')})`;
}

const SOURCE_KEYS = ['group', 'const', 'template'] as const;

/** Keys of a field spec that only make sense when the value comes from a group. */
const GROUP_ONLY_KEYS = ['type', 'unit', 'scale', 'map', 'default'] as const;

/**
 * One field spec against the field it feeds; with `info` null (the field of a record
 * whose kind is unknown), only its sources and groups.
 */
function checkSpec(
  spec: FieldParts,
  info: FieldInfo | null,
  at: PathSegment[],
  rule: RuleParts,
  groups: string[] | null,
  report: Report,
): void {
  const sources = SOURCE_KEYS.filter((k) => spec[k] !== undefined);
  if (sources.length !== 1) {
    const message =
      sources.length === 0
        ? 'needs one of group, const or template'
        : `give only one of ${sources.join(', ')}`;
    report(at, message);
    return;
  }

  if (spec.group !== undefined) {
    checkGroupSpec(spec, spec.group, info, at, rule, groups, report);
    return;
  }
  for (const key of GROUP_ONLY_KEYS) {
    if (spec[key] !== undefined) report([...at, key], `only used with group`);
  }
  if (spec.template !== undefined) {
    if (spec.template === INVALID) return;
    if (info !== null && info.value !== 'string') {
      report([...at, 'template'], 'only text fields take a template');
    }
    for (const name of templateGroups(spec.template)) {
      if (groups !== null && !groups.includes(name)) {
        report([...at, 'template'], missingGroup(name, rule, groups));
      }
    }
    return;
  }
  if (info !== null && spec.const !== INVALID) {
    checkValue(spec.const ?? null, info, [...at, 'const'], !info.required, report);
  }
}

function checkGroupSpec(
  spec: FieldParts,
  group: Part<string>,
  info: FieldInfo | null,
  at: PathSegment[],
  rule: RuleParts,
  groups: string[] | null,
  report: Report,
): void {
  if (group !== INVALID && groups !== null && !groups.includes(group)) {
    const hint = info?.value === 'enum' ? ` (for a constant write { const: ${group} })` : '';
    report([...at, 'group'], missingGroup(group, rule, groups) + hint);
  }
  if (info === null) return;

  if (isValid(spec.type) && !(info.parseTypes as readonly string[]).includes(spec.type)) {
    report([...at, 'type'], `expected one of ${info.parseTypes.join(', ')}`);
  }
  if (isValid(spec.unit)) {
    if (info.units === undefined) report([...at, 'unit'], 'this field takes no unit');
    else if (unitFactor(info.units, spec.unit) === undefined) {
      report([...at, 'unit'], `expected one of ${unitNames(info.units).join(', ')}`);
    }
  }
  if (spec.scale !== undefined && info.value !== 'number') {
    report([...at, 'scale'], 'only number fields take a scale');
  }
  if (isValid(spec.map)) {
    for (const [raw, value] of spec.map) {
      if (value !== INVALID) checkValue(value, info, [...at, 'map', raw], true, report);
    }
  }
  if (isValid(spec.default)) checkValue(spec.default, info, [...at, 'default'], true, report);
}

function missingGroup(group: string, rule: RuleParts, groups: string[]): string {
  const list = groups.length > 0 ? groups.join(', ') : 'none';
  const regex = rule.name === INVALID ? "the rule's regex" : `the regex of rule "${rule.name}"`;
  return `group "${group}" is not in ${regex} (its groups: ${list})`;
}
/** Names used as `{name}` in a template. */
function templateGroups(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** A constant, map value or default against the field's value type. */
function checkValue(
  value: string | number | boolean | null,
  info: FieldInfo,
  at: PathSegment[],
  nullable: boolean,
  report: Report,
): void {
  if (value === null) {
    if (!nullable) report(at, 'cannot be null: the field is required');
    return;
  }
  switch (info.value) {
    case 'enum':
      if (!info.words!.includes(String(value))) {
        report(at, `expected one of ${info.words!.join(', ')}`);
      }
      return;
    case 'number':
      if (typeof value !== 'number') report(at, 'expected a number');
      return;
    case 'bool':
      if (typeof value !== 'boolean') report(at, 'expected true or false');
      return;
    case 'string':
      // `cell: { const: 0 }` is a number in YAML but plainly means the text "0".
      if (typeof value === 'boolean') report(at, 'expected text');
      return;
  }
}
