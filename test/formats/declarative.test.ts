/**
 * Tests of declarative (YAML) format definitions: error messages for broken definitions,
 * the records a small made-up format yields from lines written here, multi-line blocks,
 * unit conversions, and the helpers that make rules fast (keywords, numbered groups).
 *
 * Expected records are written out by hand from the lines next to them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { RECORD_KINDS, type MacRecord } from '../../src-shared/records.js';
import { fieldsOf } from '../../src-main/engine/formats/declarative/fields.js';
import {
  loadFormatDirectory,
  loadFormatFile,
  loadFormatText,
  type DeclarativeFormat,
} from '../../src-main/engine/formats/declarative/load.js';
import { MAKERS } from '../../src-main/engine/formats/declarative/makers.js';
import { deriveKeyword, indexGroups } from '../../src-main/engine/formats/declarative/regex.js';
import { parseUnix } from '../../src-main/engine/formats/declarative/time.js';
import { stripAnsi } from '../../src-main/engine/formats/text.js';
import { LineKind, type RecordSink } from '../../src-main/engine/formats/types.js';
import { parseLines, splitLines } from '../../src-main/engine/run-lines.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'declarative');

function load(name: string): DeclarativeFormat {
  const { format, errors } = loadFormatFile(path.join(fixtures, name));
  if (format === null) throw new Error(errors.map((e) => e.text).join('\n'));
  return format;
}

/** Error texts of one fixture file. */
function fileErrors(name: string): string[] {
  return loadFormatFile(path.join(fixtures, name)).errors.map((e) => e.text);
}

describe('error messages name the file, line, column and key', () => {
  const cases: [string, string[]][] = [
    [
      'bad-unit.yaml',
      ['bad-unit.yaml:17:32: rules[0].fields.tbs.unit: expected one of bits, bytes'],
    ],
    [
      'bad-regex.yaml',
      [
        'bad-regex.yaml:12:12: rules[0].match: rule "dl": Invalid regular expression: ' +
          '/^\\S+ DL rnti=(?<rnti\\d+)$/: Invalid capture group name',
      ],
    ],
    [
      'bad-group.yaml',
      [
        'bad-group.yaml:16:12: rules[0].fields.mcs.group: group "mcs_idx" is not in the regex ' +
          'of rule "dl" (its groups: rnti, mcs)',
      ],
    ],
    [
      'bad-required.yaml',
      [
        'bad-required.yaml:15:7: rules[0].fields: kind decode needs field ok ' +
          '(map a group or give a const)',
      ],
    ],
    [
      'bad-typo.yaml',
      [
        'bad-typo.yaml:11:5: rules[0].match: required',
        'bad-typo.yaml:12:5: rules[0].patern: unknown key',
      ],
    ],
    ['bad-syntax.yaml', ['bad-syntax.yaml:13:1: Sequence item without - indicator']],
    ['bad-enum.yaml', ['bad-enum.yaml:15:21: rules[0].fields.dir.const: expected one of dl, ul']],
    [
      'bad-clock.yaml',
      ['bad-clock.yaml:7:11: time.layout: expected one of time-of-day for clock time-of-day'],
    ],
    [
      'bad-field.yaml',
      [
        'bad-field.yaml:16:7: rules[0].fields.tbz: kind grant has no field tbz ' +
          '(fields: cell, ue, rnti, dir, harqId, rv, retx, mcs, prbStart, prbCount, tbs, k, msg3)',
      ],
    ],
    [
      'bad-share.yaml',
      ['bad-share.yaml:10:13: sniff.minShare: expected a number, got text "high"'],
    ],
    [
      'bad-header.yaml',
      [
        'bad-header.yaml:17:15: rules[0].continuation[0].kind: header needs a header rule with ' +
          'one record kind, not kind other',
      ],
    ],
  ];

  it.each(cases)('%s', (name, expected) => {
    expect(fileErrors(name)).toEqual(expected);
  });

  /** Errors of a definition written inline; `rules` is the YAML under `rules:`. */
  function inlineErrors(rules: string, head = 'clock: epoch\ntime: { layout: iso }\n'): string[] {
    const text =
      'id: inline\nname: Inline\nversion: 1\ndescription: x\n' +
      head +
      "sniff: { patterns: ['^x'] }\n" +
      `rules:\n${rules}`;
    return loadFormatText(text, '/somewhere/inline.yaml').errors.map((e) => e.text);
  }

  it('checks templates, constants, types, units and sources of a field', () => {
    const rules = [
      '  - name: r',
      "    match: '^(?<m>\\d+) (?<d>\\w+)$'",
      '    kind: grant',
      '    fields:',
      '      dir: { const: null }',
      '      mcs: { group: m, type: bool }',
      '      harqId: { group: m, unit: bits }',
      '      rv: { group: m, const: 1 }',
      '      k: 5',
      '  - name: e',
      "    match: '^e$'",
      '    kind: cell',
      '    fields:',
      '      event: { const: state }',
      "      detail: { template: 'x {nope}' }",
    ].join('\n');
    // `k: 5` fails the shape check; the other fields are checked all the same.
    expect(inlineErrors(rules)).toEqual([
      'inline.yaml:13:21: rules[0].fields.dir.const: cannot be null: the field is required',
      'inline.yaml:14:30: rules[0].fields.mcs.type: expected one of number, hex',
      'inline.yaml:15:33: rules[0].fields.harqId.unit: this field takes no unit',
      'inline.yaml:16:11: rules[0].fields.rv: give only one of group, const',
      'inline.yaml:17:10: rules[0].fields.k: ' +
        'expected a group name or a map with group, const or template',
      'inline.yaml:23:27: rules[1].fields.detail.template: group "nope" is not in the regex of ' +
        'rule "e" (its groups: none)',
    ]);
  });

  it('checks the shape of rules and of the time spec', () => {
    expect(inlineErrors('  []\n')).toEqual(['inline.yaml:9:3: rules: needs at least 1 entry']);
    expect(inlineErrors("  - { name: a, match: 'a', kind: header }\n")).toEqual([
      'inline.yaml:9:34: rules[0].kind: header is only for continuation rules',
    ]);
    expect(
      inlineErrors("  - { name: a, match: 'a', kind: other, records: [{ kind: csi }] }\n"),
    ).toEqual(['inline.yaml:9:50: rules[0].records: give either kind or records']);
    expect(inlineErrors("  - { name: a, match: 'a', kind: other }\n", 'clock: epoch\n')).toEqual([
      'inline.yaml:1:1: time: required for clock epoch',
    ]);
    expect(
      inlineErrors("  - { name: a, match: 'a', kind: csi, fields: { values: { x: a } } }\n"),
    ).toEqual([
      'inline.yaml:9:49: rules[0].fields.values: kind csi has no field values ' +
        '(fields: cell, ue, rnti, cqi, ri, pmi)',
    ]);
  });
});

describe('files that are no definition at all', () => {
  const errorsOf = (text: string) => loadFormatText(text, 'e.yaml').errors.map((e) => e.text);

  it('reports an empty file, a list, and several documents', () => {
    expect(errorsOf('')).toEqual(['e.yaml:1:1: expected a map, got null']);
    expect(errorsOf('- a\n- b\n')).toEqual(['e.yaml:1:1: expected a map, got a list']);
    expect(errorsOf('id: x\n---\nid: y\n')).toEqual([
      'e.yaml:2:1: one definition per file, not several documents',
    ]);
  });
});

describe('loading a folder of definitions', () => {
  it('loads the good files and reports every bad one', () => {
    const result = loadFormatDirectory(fixtures);

    expect(result.formats.map((f) => f.id)).toEqual(['epoch-ms', 'tiny-sched']);
    // One error per bad file (two for bad-typo.yaml); notes.txt is not a definition.
    const files = result.errors.map((e) => path.basename(e.file));
    expect(files).toEqual([
      'bad-clock.yaml',
      'bad-enum.yaml',
      'bad-field.yaml',
      'bad-group.yaml',
      'bad-header.yaml',
      'bad-regex.yaml',
      'bad-required.yaml',
      'bad-share.yaml',
      'bad-syntax.yaml',
      'bad-typo.yaml',
      'bad-typo.yaml',
      'bad-unit.yaml',
      'zz-duplicate-id.yaml',
    ]);
    expect(result.errors.at(-1)!.text).toBe(
      'zz-duplicate-id.yaml:1:5: id: id "tiny-sched" is already used by tiny-sched.yaml',
    );
  });

  it('refuses the ids of built-in formats', () => {
    const result = loadFormatDirectory(fixtures, { takenIds: ['epoch-ms'] });
    expect(result.formats.map((f) => f.id)).toEqual(['tiny-sched']);
    expect(result.errors.map((e) => e.text)).toContain(
      'epoch-ms.yml:3:5: id: id "epoch-ms" is already used by a built-in format',
    );
  });

  it('treats a missing folder as no formats', () => {
    expect(loadFormatDirectory(path.join(fixtures, 'no-such-folder'))).toEqual({
      formats: [],
      errors: [],
    });
  });

  it('keeps the declared version and adds a hash of the file', () => {
    expect(load('tiny-sched.yaml').version).toMatch(/^2\+[0-9a-f]{8}$/);
  });
});

const base = { cell: null, ue: null, rnti: null };

describe('a small custom format (tiny-sched.yaml)', () => {
  const format = load('tiny-sched.yaml');
  const lines = [
    '10:00:00.000123 [SCHED] DL rnti=4601 h=2 mcs=20 tbs=1200 rv=0',
    '10:00:00.000500 [SCHED] UL rnti=4601 h=5 mcs=15 tbs=300 rv=2 msg3=1',
    '10:00:00.001000 [PHY] PUSCH rnti=4601 tbs_bits=2400 crc=KO snr=n/a',
    '\x1b[32m10:00:00.001000 [PHY] PUSCH rnti=460a tbs_bits=2404 crc=OK snr=12.5\x1b[0m',
    '10:00:00.001000 [PHY] PUSCH rnti=4601 tbs_bits=2400 crc=MAYBE snr=1',
    '10:00:01.000000 [STATS] rnti=4601 period_ms=1000',
    '  rates dl_kbps=1500 ul_kbps=250.5',
    '  bsr lcg=2 bytes=1200',
    '  note: buffers drained',
    '  phr=-3 pcmax=23',
    '  bogus line',
    '10:00:01.500000 [RRC] RRCReconfiguration sent',
    '10:00:02.000000 [STATS] rnti=4602 period_ms=500',
    '  bsr lcg=1 bytes=0',
  ];
  const t0 = 10 * 3600;

  it('turns lines into whole records', () => {
    const { records } = parseLines(format, lines);
    const grant = { ...base, kind: 'grant', cell: '0', rnti: 0x4601, retx: null, k: null };
    const decode = { ...base, kind: 'decode', dir: 'ul', cell: '0', harqId: null, retx: null };
    expect(records).toEqual([
      {
        ...grant,
        ...{ tSec: t0, tNsec: 123_000, line: 1, dir: 'dl', harqId: 2, rv: 0, mcs: 20 },
        ...{ prbStart: null, prbCount: null, tbs: 1200, msg3: false },
      },
      {
        ...grant,
        ...{ tSec: t0, tNsec: 500_000, line: 2, dir: 'ul', harqId: 5, rv: 2, mcs: 15 },
        ...{ prbStart: null, prbCount: null, tbs: 300, msg3: true },
      },
      // 2400 bits are 300 bytes; n/a is no SINR.
      {
        ...decode,
        ...{ tSec: t0, tNsec: 1_000_000, line: 3, rnti: 0x4601, ok: false },
        ...{ rv: null, tbs: 300, mcs: null, sinrDb: null },
      },
      // Colour codes are ignored; 2404 bits are not rounded to whole bytes.
      {
        ...decode,
        ...{ tSec: t0, tNsec: 1_000_000, line: 4, rnti: 0x460a, ok: true },
        ...{ rv: null, tbs: 300.5, mcs: null, sinrDb: 12.5 },
      },
      // The STATS block: the header record with the values its rates line added, then the
      // records of its continuation lines, with the header's rnti and time.
      {
        ...base,
        ...{ kind: 'stats', tSec: t0 + 1, tNsec: 0, line: 6, rnti: 0x4601, scope: 'ue' },
        ...{ source: 'tiny-stats', periodSec: 1 },
        values: { dl_brate_bps: 1_500_000, ul_brate_bps: 250_500 },
      },
      {
        ...base,
        ...{ kind: 'bsr', tSec: t0 + 1, tNsec: 0, line: 8, rnti: 0x4601 },
        ...{ type: 'short', lcg: 2, bytes: 1200 },
      },
      {
        ...base,
        ...{ kind: 'phr', tSec: t0 + 1, tNsec: 0, line: 10, rnti: 0x4601, phDb: -3 },
        pcmaxDbm: 23,
      },
      {
        ...base,
        ...{ kind: 'stats', tSec: t0 + 2, tNsec: 0, line: 13, rnti: 0x4602, scope: 'ue' },
        ...{ source: 'tiny-stats', periodSec: 0.5, values: {} },
      },
      {
        ...base,
        ...{ kind: 'bsr', tSec: t0 + 2, tNsec: 0, line: 14, rnti: 0x4602 },
        ...{ type: 'short', lcg: 1, bytes: 0 },
      },
    ]);
  });

  it('classifies every line', () => {
    const { counts, unrecognised } = parseLines(format, lines);
    // Other: the note inside the block and the RRC line.
    expect(counts).toEqual({ lines: 14, record: 10, other: 2, unrecognised: 2 });
    // crc=MAYBE is no boolean, so no decode can be built; the bogus line fits no rule.
    expect(unrecognised.map((u) => u.line)).toEqual([5, 11]);
  });

  it('pushes a block when the next record starts, or at the end', () => {
    const pushed: MacRecord[] = [];
    const sink: RecordSink = { push: (r) => pushed.push(r) };
    const parser = format.create({ fileName: 'x', options: {} });

    lines.slice(5, 11).forEach((line, i) => parser.parse(line, i + 6, sink));
    expect(pushed).toEqual([]);
    expect(parser.parse(lines[11], 12, sink)).toBe(LineKind.Other);
    expect(pushed.map((r) => r.line)).toEqual([6, 8, 10]);

    parser.parse(lines[12], 13, sink);
    parser.parse(lines[13], 14, sink);
    parser.finish(sink);
    expect(pushed.map((r) => r.line)).toEqual([6, 8, 10, 13, 14]);
  });

  it('reads CRLF files the same', () => {
    const crlf = splitLines(lines.join('\r\n') + '\r\n');
    expect(parseLines(format, crlf).records).toEqual(parseLines(format, lines).records);
  });

  it('sniffs its own lines and not others', () => {
    // Sniffing sees lines without colour codes; 8 of these 9 lines are the format's.
    const early = [...lines.map(stripAnsi).filter((l) => !l.startsWith(' ')), 'garbage'];
    expect(format.sniff(early)).toBeCloseTo(8 / 9);
    expect(format.sniff(['2024-05-14T10:00:00.1 DPP_BASIC sector=0', 'hello'])).toBe(0);
    expect(format.sniff([])).toBe(0);
  });

  it('starts records at lines with a time of day', () => {
    expect(format.isRecordStart!(lines[5])).toBe(true);
    expect(format.isRecordStart!(lines[6])).toBe(false);
    expect(format.isRecordStart!(lines[3])).toBe(true);
  });
});

describe('unix milliseconds, ignoreCase, keyword and two records per line (epoch-ms.yml)', () => {
  const format = load('epoch-ms.yml');
  const lines = [
    'ts=1715680800123 evt=ra step=preamble preamble=17',
    'ts=1715680800123.5 EVT=HARQ_DROP dir=dl rnti=0x4601 bytes=512',
    'ts=1715680801000 evt=ra step=msg4 result=failure',
    'ts=1715680801000 evt=ra step=bogus',
    'no time on this line evt=ra step=msg3',
  ];
  const ra = { ...base, kind: 'ra', cause: null, preamble: null, ta: null };

  it('turns lines into whole records', () => {
    const { records, unrecognised } = parseLines(format, lines);
    expect(records).toEqual([
      {
        ...ra,
        ...{ tSec: 1715680800, tNsec: 123_000_000, line: 1, step: 'preamble' },
        ...{ outcome: null, preamble: 17 },
      },
      {
        ...base,
        ...{ kind: 'harq', tSec: 1715680800, tNsec: 123_500_000, line: 2, rnti: 0x4601 },
        ...{ dir: 'dl', event: 'discard', harqId: null, retx: null, tbs: 512 },
      },
      {
        ...base,
        ...{ kind: 'ue', tSec: 1715680800, tNsec: 123_500_000, line: 2, rnti: 0x4601 },
        ...{ event: 'state', detail: 'harq drop on dl', oldRnti: null },
      },
      { ...ra, tSec: 1715680801, tNsec: 0, line: 3, step: 'msg4', outcome: 'fail' },
      // A line without a time takes the time of the line before.
      { ...ra, tSec: 1715680801, tNsec: 0, line: 5, step: 'msg3', outcome: null },
    ]);
    // "bogus" is no RA step, and the definition's map does not name it.
    expect(unrecognised.map((u) => u.line)).toEqual([4]);
  });

  it('uses the declared keyword, case and all', () => {
    // The keyword `evt=ra ` is checked as written, before the case-insensitive regex.
    expect(parseLines(format, ['ts=1 EVT=RA step=preamble']).counts.unrecognised).toBe(1);
  });
});

describe('unit conversions and value types', () => {
  /** A one-rule format over `v=<value>` lines mapping `v` into `field` of `kind`. */
  function valueOf(kind: string, field: string, spec: string, value: string): unknown {
    // The required fields of each kind, as constants, unless the test maps them itself.
    const required: Record<string, [string, string][]> = {
      grant: [['dir', 'dl']],
      decode: [
        ['dir', 'dl'],
        ['ok', 'true'],
      ],
      bsr: [
        ['type', 'other'],
        ['bytes', '0'],
      ],
      stats: [
        ['scope', 'cell'],
        ['source', 't'],
      ],
      ra: [['step', 'rar']],
    };
    const fields = (required[kind] ?? [])
      .filter(([name]) => name !== field)
      .map(([name, value]) => `      ${name}: { const: ${value} }`);
    fields.push(`      ${field}: ${spec}`);
    const text = [
      'id: t\nname: t\nversion: 1\ndescription: t\nclock: elapsed',
      "sniff: { patterns: ['^v='] }\nrules:\n  - name: r\n    match: '^v=(?<v>.*)$'",
      `    kind: ${kind}\n    fields:`,
      ...fields,
    ].join('\n');
    const { format, errors } = loadFormatText(text, 't.yaml');
    if (format === null) throw new Error(errors.map((e) => e.text).join('\n'));
    const [record] = parseLines(format, [`v=${value}`]).records;
    // undefined when the line made no record.
    return (record as unknown as Record<string, unknown> | undefined)?.[field];
  }

  it('converts sizes to bytes and rates to bit/s', () => {
    expect(valueOf('grant', 'tbs', '{ group: v, unit: bits }', '75376')).toBe(9422);
    expect(valueOf('grant', 'tbs', '{ group: v, unit: bytes }', '9422')).toBe(9422);
    expect(valueOf('bsr', 'bytes', '{ group: v, unit: bits }', '800')).toBe(100);
    expect(valueOf('stats', 'values', '{ dl_brate_bps: { group: v, unit: Mbps } }', '1.5')).toEqual(
      { dl_brate_bps: 1_500_000 },
    );
    expect(valueOf('stats', 'values', '{ ul_tx_bytes: { group: v, unit: bits } }', '64')).toEqual({
      ul_tx_bytes: 8,
    });
    expect(valueOf('stats', 'periodSec', '{ group: v, scale: 0.001 }', '250')).toBe(0.25);
  });

  it('reads numbers, hex and n/a', () => {
    expect(valueOf('grant', 'mcs', 'v', '27')).toBe(27);
    expect(valueOf('grant', 'mcs', 'v', '0x1b')).toBe(27);
    expect(valueOf('grant', 'mcs', '{ group: v, type: hex }', '1b')).toBe(27);
    expect(valueOf('decode', 'sinrDb', 'v', '-3.5')).toBe(-3.5);
    expect(valueOf('decode', 'sinrDb', 'v', 'n/a')).toBe(null);
    expect(valueOf('decode', 'sinrDb', 'v', '-nan')).toBe(null);
    expect(valueOf('grant', 'mcs', '{ group: v, default: 0 }', 'n/a')).toBe(0);
    expect(valueOf('grant', 'rnti', 'v', '0x4601')).toBe(0x4601);
    expect(valueOf('grant', 'rnti', 'v', '4601')).toBe(0x4601);
    expect(valueOf('grant', 'rnti', '{ group: v, type: number }', '4601')).toBe(4601);
    expect(valueOf('grant', 'rnti', 'v', '46zz')).toBe(null);
  });

  it('reads booleans from OK/KO, ACK/NACK, 1/0 and a map', () => {
    expect(valueOf('decode', 'ok', 'v', 'OK')).toBe(true);
    expect(valueOf('decode', 'ok', 'v', 'KO')).toBe(false);
    expect(valueOf('decode', 'ok', 'v', 'ack')).toBe(true);
    expect(valueOf('decode', 'ok', 'v', 'NACK')).toBe(false);
    expect(valueOf('decode', 'ok', 'v', '1')).toBe(true);
    expect(valueOf('decode', 'ok', 'v', '0')).toBe(false);
    expect(valueOf('decode', 'ok', '{ group: v, map: { DTX: false } }', 'DTX')).toBe(false);
    // Not a boolean: `ok` is required, so the line makes no record.
    expect(valueOf('decode', 'ok', 'v', 'DTX')).toBe(undefined);
  });

  it('maps words to enums, with a default', () => {
    const spec = '{ group: v, map: { DL: dl, UL: ul } }';
    expect(valueOf('grant', 'dir', spec, 'UL')).toBe('ul');
    expect(valueOf('grant', 'dir', spec, 'dl')).toBe('dl');
    expect(valueOf('grant', 'dir', spec, 'SL')).toBe(undefined);
    const step = '{ group: v, map: { MSG2: rar }, default: msg3 }';
    expect(valueOf('ra', 'step', step, 'MSG2')).toBe('rar');
    expect(valueOf('ra', 'step', step, 'whatever')).toBe('msg3');
  });

  it('keeps numbers written for text fields as text', () => {
    expect(valueOf('grant', 'cell', '{ const: 0 }', 'x')).toBe('0');
    expect(valueOf('grant', 'ue', 'v', '0012')).toBe('0012');
  });
});

describe('time layouts', () => {
  it('reads Unix seconds, milliseconds and microseconds', () => {
    expect(parseUnix('1715680800.25 x', 0, 1)).toEqual({ sec: 1715680800, nsec: 250_000_000 });
    expect(parseUnix('t=1715680800123', 2, 1e3)).toEqual({ sec: 1715680800, nsec: 123_000_000 });
    expect(parseUnix('1715680800123456', 0, 1e6)).toEqual({ sec: 1715680800, nsec: 123_456_000 });
    expect(parseUnix('1715680800123456.7', 0, 1e6)).toEqual({
      sec: 1715680800,
      nsec: 123_456_700,
    });
    expect(parseUnix('x1', 0, 1)).toBe(null);
  });
});

describe('fast paths', () => {
  it('derives a keyword only where every match must contain it', () => {
    expect(deriveKeyword('^\\S+ DPP_BASIC sector=(?<s>\\d+)')).toBe(' DPP_BASIC sector=');
    expect(deriveKeyword('^x DPP_BASIC\\.DROP (?<s>\\d+)')).toBe('x DPP_BASIC.DROP ');
    expect(deriveKeyword('abc|defgh')).toBe(null);
    expect(deriveKeyword('(?:abc|def) tag')).toBe(' tag');
    expect(deriveKeyword('colou?r name')).toBe('r name');
    expect(deriveKeyword('x{2}yz ab')).toBe('yz ab');
    expect(deriveKeyword('ab+cd')).toBe('ab');
    expect(deriveKeyword('\\x41bc\\d+ k')).toBe('bc');
    expect(deriveKeyword('[abc]+')).toBe(null);
  });

  it('numbers named groups as the regex engine does', () => {
    const patterns = [
      '(?<a>x)(y)(?<b>z)',
      '(?:n)(?<a>\\d)(?<=\\d)(?<!q)(?<b>[(]?)\\((?<c>.)',
      '(?<a>(?<b>x)y)(z)(?<c>w)?',
      '(?<a>a)\\k<a>(?<b>b)',
    ];
    const subjects = ['xyz', 'n1(c', 'xyzw', 'aab'];
    patterns.forEach((pattern, i) => {
      const indexed = indexGroups(pattern);
      if (typeof indexed === 'string') throw new Error(indexed);
      const named = new RegExp(pattern).exec(subjects[i])!;
      const numbered = indexed.regex.exec(subjects[i])!;
      for (const [name, n] of indexed.groups) expect(numbered[n]).toBe(named.groups![name]);
      expect(indexed.groups.size).toBe(Object.keys(named.groups!).length);
    });
  });

  it('builds every record kind with each field in its slot', () => {
    for (const kind of RECORD_KINDS) {
      const names = Object.keys(fieldsOf(kind));
      // Distinct values: the slot index, as text for text fields and as a number otherwise.
      const slots = names.map((_, i) => i + 100);
      const record = MAKERS[kind](slots, 1, 2, 3, { x: 1 }) as unknown as Record<string, unknown>;
      expect(record.kind).toBe(kind);
      names.forEach((name, i) => {
        if (name === 'msg3' || name === 'ok') expect(record[name]).toBe(false);
        else expect([name, record[name]]).toEqual([name, i + 100]);
      });
      const expectedKeys = ['kind', 'tSec', 'tNsec', 'line', ...names];
      if (kind === 'stats') expectedKeys.push('values');
      expect(Object.keys(record).sort()).toEqual(expectedKeys.sort());
    }
  });
});

describe('the example in docs/custom-formats.md', () => {
  it('loads, and reads the lines shown with it into the record shown', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'custom-formats.md'), 'utf8');
    const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
    const logLines = splitLines(blocks[0][2]);
    const yaml = blocks.find((b) => b[1] === 'yaml')![2];
    const json = blocks.find((b) => b[1] === 'json')![2];

    const { format, errors } = loadFormatText(yaml, 'example.yaml');
    expect(errors).toEqual([]);
    const { records, counts } = parseLines(format!, logLines);
    expect(records[0]).toEqual(JSON.parse(json));
    // The RRC line is other; every other line makes or adds to a record.
    expect(counts).toEqual({ lines: 6, record: 5, other: 1, unrecognised: 0 });
    expect(records.map((r) => r.kind)).toEqual(['grant', 'decode', 'stats', 'bsr']);
  });
});
