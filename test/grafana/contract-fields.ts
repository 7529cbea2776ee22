/**
 * The line fields each Loki kind has, read from the contract itself: KPI_FIELDS and
 * SUMMARY_FIELDS of `src-shared/loki.ts`, and for record kinds the properties of the record
 * interfaces in `src-shared/records.ts` (read with the TypeScript parser, since interfaces
 * do not exist at run time), named as lines name them (`lineFieldName`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import {
  COMMON_FIELDS,
  KPI_FIELDS,
  KPI_KIND,
  lineFieldName,
  SUMMARY_FIELDS,
  SUMMARY_KIND,
} from '../../src-shared/loki.js';
import { RECORD_KINDS } from '../../src-shared/records.js';

const RECORDS_TS = path.resolve(import.meta.dirname, '../../src-shared/records.ts');

/** Record properties that are not line fields: time stamps the line, cell is a label. */
const NOT_IN_LINE = new Set(['kind', 'tSec', 'tNsec', 'cell']);

function kindOf(node: ts.InterfaceDeclaration): string | undefined {
  for (const member of node.members) {
    if (!ts.isPropertySignature(member) || member.name.getText() !== 'kind') continue;
    const type = member.type;
    if (type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) {
      return type.literal.text;
    }
  }
  return undefined;
}

function recordFields(): Map<string, Set<string>> {
  const source = ts.createSourceFile(
    RECORDS_TS,
    readFileSync(RECORDS_TS, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
  );
  const byKind = new Map<string, Set<string>>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const kind = kindOf(node);
    if (!kind) return;
    const fields = new Set<string>(Object.values(COMMON_FIELDS));
    for (const member of node.members) {
      const name = member.name?.getText();
      if (name && !NOT_IN_LINE.has(name)) fields.add(lineFieldName(name));
    }
    byKind.set(kind, fields);
  });
  return byKind;
}

/** Line fields by Loki kind: every record kind, `kpi` and `summary`. */
export function fieldsByKind(): Map<string, Set<string>> {
  const byKind = recordFields();
  byKind.set(KPI_KIND, new Set(Object.values(KPI_FIELDS)));
  byKind.set(SUMMARY_KIND, new Set(Object.values(SUMMARY_FIELDS)));
  const missing = RECORD_KINDS.filter((k) => !byKind.has(k));
  if (missing.length > 0) throw new Error(`no record interface found for ${missing.join(', ')}`);
  return byKind;
}
