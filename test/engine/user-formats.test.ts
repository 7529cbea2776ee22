/**
 * A user format (a YAML definition in the formats folder) parsed by the worker threads:
 * they use the very definition the engine sniffed the file with and stores the version of,
 * even when the file on disk is edited between the engine's start and the ingest. And a
 * user format file with many mistakes: the catalog reports all of them at once.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { loadCatalog } from '../../src-main/engine/formats/catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'maclog-user-formats-'));
const formats = join(dir, 'formats');
mkdirSync(formats);
const definition = join(formats, 'tiny-sched.yaml');
copyFileSync(resolve(import.meta.dirname, '../fixtures/declarative/tiny-sched.yaml'), definition);

// 3000 DL grants of the tiny format, one per line, a millisecond apart.
const GRANTS = 3000;
const log = join(dir, 'tiny.log');
const lines = Array.from({ length: GRANTS }, (_, i) => {
  const ms = String(i % 1000).padStart(3, '0');
  const sec = String(Math.floor(i / 1000)).padStart(2, '0');
  return `10:00:${sec}.${ms}100 [SCHED] DL rnti=4601 h=${i % 8} mcs=20 tbs=1000 rv=0`;
});
writeFileSync(log, lines.join('\n') + '\n');

const engine = new ParseEngine({ workers: 2, userFormatsDir: formats });
afterAll(() => engine.close());

describe('user formats in worker threads', () => {
  it('parses with the definition the engine loaded, though the file changed since', async () => {
    const loaded = engine.catalog.formats.find((f) => f.id === 'tiny-sched')!;
    expect(loaded).toBeDefined();

    // Edited after the engine started: its DL grants would no longer match.
    const edited = readFileSync(definition, 'utf8').replace('(?<dir>DL|UL)', '(?<dir>XL|YL)');
    writeFileSync(definition, edited);

    const result = await engine.parse(log, { ranges: 3 });
    expect(result.format).toEqual({ id: 'tiny-sched', name: loaded.name, version: loaded.version });
    expect(result.lines).toMatchObject({ lines: GRANTS, record: GRANTS, unrecognised: 0 });
    expect(result.recordsByKind.grant).toBe(GRANTS);
  });
});

describe('a user format file with several mistakes', () => {
  it('reports every one in one run, from the shape check and the checks after it', () => {
    const folder = join(dir, 'several');
    mkdirSync(folder);
    copyFileSync(
      resolve(import.meta.dirname, '../fixtures/user-formats/several-problems.yaml'),
      join(folder, 'several-problems.yaml'),
    );

    const catalog = loadCatalog(folder);
    expect(catalog.formats.map((f) => f.id)).not.toContain('several-problems');
    expect(catalog.errors).toEqual([
      'several-problems.yaml:11:67: sniff.patterns[1]: ' +
        'Invalid regular expression: /^\\d\\d:\\d\\d(/: Unterminated group',
      'several-problems.yaml:12:13: sniff.minShare: expected a number, got text "high"',
      'several-problems.yaml:13:3: sniff.patern: unknown key',
      'several-problems.yaml:21:15: rules[0].fields.harqId.group: group "hh" is not in the ' +
        'regex of rule "sched" (its groups: dir, rnti, h, tbs)',
      'several-problems.yaml:22:12: rules[0].fields.mcs: ' +
        'expected a group name or a map with group, const or template',
      'several-problems.yaml:23:32: rules[0].fields.tbs.unit: expected one of bits, bytes',
      'several-problems.yaml:25:12: rules[1].match: rule "pusch": Invalid regular expression: ' +
        '/^\\S+ \\[PHY\\] PUSCH rnti=(?<rnti>[0-9a-f]+) tbs_bits=(?<bits>\\d+) ' +
        'crc=(?<crc>OK|KO$/: Unterminated group',
      'several-problems.yaml:28:7: rules[1].fields: kind decode needs field ok ' +
        '(map a group or give a const)',
      'several-problems.yaml:30:33: rules[1].fields.tbs.unit: expected one of bits, bytes',
    ]);
  });

  it("reports an id already taken together with the file's other problems", () => {
    const folder = join(dir, 'taken');
    mkdirSync(folder);
    const text = readFileSync(
      resolve(import.meta.dirname, '../fixtures/declarative/tiny-sched.yaml'),
      'utf8',
    )
      .replace('id: tiny-sched', 'id: vendor-gnb')
      .replace('unit: bytes', 'unit: octets');
    writeFileSync(join(folder, 'taken.yaml'), text);

    expect(loadCatalog(folder).errors).toEqual([
      'taken.yaml:3:5: id: id "vendor-gnb" is already used by a built-in format',
      'taken.yaml:24:32: rules[0].fields.tbs.unit: expected one of bits, bytes',
    ]);
  });
});
