/**
 * Checks of a definition that zod's shape check cannot make: that regular expressions
 * compile, that mapped groups exist in the rule's regex, that types, units and constants fit
 * the record field they feed, and that every record a rule produces gets its required
 * fields. Each problem is reported with the path of the YAML key it concerns.
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
import { compileRegex, groupNames, indexGroups } from './regex.js';
import type { PathSegment } from './positions.js';
import type {
  ContinuationRule,
  FieldSpec,
  FieldsSpec,
  FormatSpec,
  LineRule,
  TimeLayout,
} from './schema.js';

export type Report = (path: PathSegment[], message: string, atKey?: boolean) => void;

/** Reports every problem found in `spec`; reports nothing for a usable definition. */
export function validateFormat(spec: FormatSpec, report: Report): void {
  checkTime(spec, report);
  spec.sniff.patterns.forEach((p, i) => checkPattern(p, ['sniff', 'patterns', i], report));
  if (spec.recordStart !== undefined) checkPattern(spec.recordStart, ['recordStart'], report);

  const seen = new Set<string>();
  spec.rules.forEach((rule, i) => {
    const at: PathSegment[] = ['rules', i];
    if (seen.has(rule.name)) report([...at, 'name'], `duplicate rule name "${rule.name}"`);
    seen.add(rule.name);
    checkRule(rule, at, null, report);

    if (rule.continuation === undefined) return;
    if (spec.recordStart === undefined && spec.time === undefined) {
      report(
        [...at, 'continuation'],
        'a block needs recordStart (or a time spec) to know where it ends',
      );
    }
    rule.continuation.forEach((child, j) => {
      checkRule(child, [...at, 'continuation', j], rule, report);
    });
  });
}

/** Which clocks each timestamp layout can feed. */
const LAYOUT_CLOCKS: Record<TimeLayout, readonly string[]> = {
  iso: ['epoch'],
  'time-of-day': ['time-of-day'],
  'unix-s': ['epoch', 'elapsed'],
  'unix-ms': ['epoch', 'elapsed'],
  'unix-us': ['epoch', 'elapsed'],
};

function checkTime(spec: FormatSpec, report: Report): void {
  const time = spec.time;
  if (time === undefined) {
    if (spec.clock !== 'elapsed') report(['time'], `required for clock ${spec.clock}`);
    return;
  }

  const clocks = LAYOUT_CLOCKS[time.layout];
  if (!clocks.includes(spec.clock)) {
    const fitting = Object.entries(LAYOUT_CLOCKS)
      .filter(([, c]) => c.includes(spec.clock))
      .map(([layout]) => layout);
    report(['time', 'layout'], `expected one of ${fitting.join(', ')} for clock ${spec.clock}`);
  }

  if (time.pattern === undefined) return;
  if (time.column !== undefined) {
    report(['time', 'pattern'], 'give either column or pattern, not both');
  }
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
  rule: LineRule | ContinuationRule,
  at: PathSegment[],
  header: LineRule | null,
  report: Report,
): void {
  const regex = compileRegex(rule.match, rule.ignoreCase);
  const indexed = typeof regex === 'string' ? regex : indexGroups(rule.match, rule.ignoreCase);
  if (typeof indexed === 'string') {
    report([...at, 'match'], `rule "${rule.name}": ${indexed}`);
    return;
  }
  const groups = [...indexed.groups.keys()];

  if (rule.records !== undefined) {
    if (rule.kind !== undefined) report([...at, 'records'], 'give either kind or records');
    if (rule.fields !== undefined) {
      report([...at, 'fields'], 'with records, put fields under each entry of records');
    }
    rule.records.forEach((rec, i) => {
      const recAt = [...at, 'records', i];
      checkFields(rec.fields, rec.kind, recAt, rule.name, groups, true, report);
    });
    return;
  }

  const kind = rule.kind;
  if (kind === undefined) {
    report(at, 'needs kind (a record kind, other or header) or records');
    return;
  }
  if (kind === 'header') {
    checkHeaderKind(rule, at, header, groups, report);
    return;
  }
  if (kind === 'other') {
    // An `other` line makes no record, but a block header's cell, ue and rnti are the
    // context of the records its continuation lines make.
    checkContextFields(rule.fields, at, rule.name, groups, report);
    return;
  }
  checkFields(rule.fields, kind, at, rule.name, groups, true, report);
}

/** A continuation rule with `kind: header` adds fields to the block's header record. */
function checkHeaderKind(
  rule: ContinuationRule,
  at: PathSegment[],
  header: LineRule | null,
  groups: string[],
  report: Report,
): void {
  if (header === null) {
    report([...at, 'kind'], 'header is only for continuation rules');
    return;
  }
  const headerKind = header.kind;
  if (headerKind === undefined || !isRecordKind(headerKind)) {
    const what = header.records ? 'records' : `kind ${headerKind ?? '(none)'}`;
    report([...at, 'kind'], `header needs a header rule with one record kind, not ${what}`);
    return;
  }
  checkFields(rule.fields, headerKind, at, rule.name, groups, false, report);
}

function checkContextFields(
  fields: FieldsSpec | undefined,
  at: PathSegment[],
  ruleName: string,
  groups: string[],
  report: Report,
): void {
  for (const [name, spec] of Object.entries(fields ?? {})) {
    const fieldAt = [...at, 'fields', name];
    if (name !== 'cell' && name !== 'ue' && name !== 'rnti') {
      report(fieldAt, 'kind other takes only cell, ue and rnti (the block context)', true);
    } else {
      checkSpec(spec, CONTEXT_FIELDS[name], fieldAt, ruleName, groups, report);
    }
  }
}

/**
 * The fields of one record of `kind`. `at` is the path of the rule or `records` entry
 * holding them. With `needRequired`, every required field must be mapped.
 */
function checkFields(
  fields: FieldsSpec | undefined,
  kind: RecordKind,
  at: PathSegment[],
  ruleName: string,
  groups: string[],
  needRequired: boolean,
  report: Report,
): void {
  const known = fieldsOf(kind);
  const given = fields ?? {};

  for (const [name, spec] of Object.entries(given)) {
    const fieldAt = [...at, 'fields', name];
    if (name === STATS_VALUES_KEY && kind === 'stats') {
      checkStatsValues(given.values ?? {}, fieldAt, ruleName, groups, report);
    } else if (Object.hasOwn(known, name)) {
      checkSpec(spec, known[name], fieldAt, ruleName, groups, report);
    } else {
      const names = Object.keys(known);
      if (kind === 'stats') names.push(STATS_VALUES_KEY);
      report(fieldAt, `kind ${kind} has no field ${name} (fields: ${names.join(', ')})`, true);
    }
  }

  if (!needRequired) return;
  for (const [name, info] of Object.entries(known)) {
    if (info.required && !Object.hasOwn(given, name)) {
      const where = fields === undefined ? at : [...at, 'fields'];
      report(where, `kind ${kind} needs field ${name} (map a group or give a const)`);
    }
  }
}

function checkStatsValues(
  values: Record<string, FieldSpec>,
  at: PathSegment[],
  ruleName: string,
  groups: string[],
  report: Report,
): void {
  for (const [key, spec] of Object.entries(values)) {
    checkSpec(spec, statsValueInfo(key), [...at, key], ruleName, groups, report);
  }
}

/** Keys of a field spec that only make sense when the value comes from a group. */
const GROUP_ONLY_KEYS = ['type', 'unit', 'scale', 'map', 'default'] as const;

/** One field spec against the field it feeds. */
function checkSpec(
  spec: FieldSpec,
  info: FieldInfo,
  at: PathSegment[],
  ruleName: string,
  groups: string[],
  report: Report,
): void {
  const sources = (['group', 'const', 'template'] as const).filter((k) => Object.hasOwn(spec, k));
  if (sources.length !== 1) {
    const message =
      sources.length === 0
        ? 'needs one of group, const or template'
        : `give only one of ${sources.join(', ')}`;
    report(at, message);
    return;
  }

  if (spec.group !== undefined) {
    checkGroupSpec(spec, spec.group, info, at, ruleName, groups, report);
    return;
  }
  for (const key of GROUP_ONLY_KEYS) {
    if (Object.hasOwn(spec, key)) report([...at, key], `only used with group`);
  }
  if (spec.template !== undefined) {
    if (info.value !== 'string') {
      report([...at, 'template'], 'only text fields take a template');
    }
    for (const name of templateGroups(spec.template)) {
      if (!groups.includes(name)) {
        report([...at, 'template'], missingGroup(name, ruleName, groups));
      }
    }
    return;
  }
  checkValue(spec.const ?? null, info, [...at, 'const'], !info.required, report);
}

function checkGroupSpec(
  spec: FieldSpec,
  group: string,
  info: FieldInfo,
  at: PathSegment[],
  ruleName: string,
  groups: string[],
  report: Report,
): void {
  if (!groups.includes(group)) {
    const hint = info.value === 'enum' ? ` (for a constant write { const: ${group} })` : '';
    report([...at, 'group'], missingGroup(group, ruleName, groups) + hint);
  }

  if (spec.type !== undefined && !(info.parseTypes as readonly string[]).includes(spec.type)) {
    report([...at, 'type'], `expected one of ${info.parseTypes.join(', ')}`);
  }
  if (spec.unit !== undefined) {
    if (info.units === undefined) report([...at, 'unit'], 'this field takes no unit');
    else if (unitFactor(info.units, spec.unit) === undefined) {
      report([...at, 'unit'], `expected one of ${unitNames(info.units).join(', ')}`);
    }
  }
  if (spec.scale !== undefined && info.value !== 'number') {
    report([...at, 'scale'], 'only number fields take a scale');
  }
  for (const [raw, value] of Object.entries(spec.map ?? {})) {
    checkValue(value, info, [...at, 'map', raw], true, report);
  }
  if (spec.default !== undefined) checkValue(spec.default, info, [...at, 'default'], true, report);
}

function missingGroup(group: string, ruleName: string, groups: string[]): string {
  const list = groups.length > 0 ? groups.join(', ') : 'none';
  return `group "${group}" is not in the regex of rule "${ruleName}" (its groups: ${list})`;
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
