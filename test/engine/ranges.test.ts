/**
 * The engine's range machinery with a tiny format of the test's own: any number of ranges
 * gives the same result as one, midnight wraps are found across range boundaries,
 * subjects named only by RNTI join their UE, and a stretch of lines of another log is
 * found whichever ranges it is cut into.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MacRecord } from '../../src-shared/records.js';
import { parseClock, numField } from '../../src-main/engine/formats/text.js';
import { LineKind, type FormatDefinition } from '../../src-main/engine/formats/types.js';
import { DEFAULT_THRESHOLDS } from '../../src-main/engine/kpi/rules.js';
import { mergeOutcomes } from '../../src-main/engine/merge.js';
import { parseRange } from '../../src-main/engine/parse-range.js';

/**
 * `HH:MM:SS.ffffff GRANT ue=U rnti=R tbs=N mcs=M` (a grant),
 * `HH:MM:SS.ffffff CRC rnti=R ok=0|1` (an UL decode, by RNTI only),
 * `  detail` continuation lines.
 */
const tinyFormat: FormatDefinition = {
  id: 'tiny',
  name: 'tiny test format',
  version: '1',
  description: 'test only',
  clock: 'time-of-day',
  sniff: () => 1,
  isRecordStart: (line) => line.charCodeAt(2) === 58,
  create: () => ({
    parse(line, lineNo, out) {
      if (line.startsWith('  ')) return LineKind.Other;
      const t = parseClock(line);
      if (!t) return LineKind.Unrecognised;
      const base = { tSec: t.sec, tNsec: t.nsec, line: lineNo, cell: '1' };
      const rnti = numField(line, 'rnti=');
      if (line.includes(' GRANT ')) {
        const r: MacRecord = {
          ...base,
          kind: 'grant',
          ue: String(numField(line, 'ue=')),
          rnti,
          dir: 'dl',
          harqId: null,
          rv: 0,
          retx: 0,
          mcs: numField(line, 'mcs='),
          prbStart: null,
          prbCount: null,
          tbs: numField(line, 'tbs='),
          k: null,
          msg3: false,
        };
        out.push(r);
      } else {
        const ok = numField(line, 'ok=') === 1;
        out.push({
          ...base,
          kind: 'decode',
          ue: null,
          rnti,
          dir: 'ul',
          ok,
          harqId: null,
          retx: 0,
          rv: 0,
          tbs: 10,
          mcs: null,
          sinrDb: null,
        });
      }
      return LineKind.Record;
    },
    finish: () => undefined,
  }),
};

function clock(sec: number): string {
  const s = ((sec % 86_400) + 86_400) % 86_400;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}.000000`;
}

/** 6000 lines over about 4 hours, starting at 22:00, crossing one midnight. */
function writeLog(): { path: string; size: number; grants: number; tbs: number; fails: number } {
  const lines: string[] = [];
  let grants = 0;
  let tbs = 0;
  let fails = 0;
  for (let i = 0; i < 3000; i++) {
    const sec = 22 * 3600 + i * 5;
    const ue = i % 3;
    lines.push(
      `${clock(sec)} GRANT ue=${ue} rnti=0x${(0x4600 + ue).toString(16)} tbs=${i} mcs=${i % 28}`,
    );
    lines.push('  detail of the grant');
    grants++;
    tbs += i;
    const ok = i % 7 === 0 ? 0 : 1;
    if (!ok) fails++;
    lines.push(`${clock(sec + 1)} CRC rnti=0x${(0x4600 + ue).toString(16)} ok=${ok}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'maclog-ranges-'));
  const path = join(dir, 'tiny.log');
  const text = lines.join('\n') + '\n';
  writeFileSync(path, text);
  return { path, size: Buffer.byteLength(text), grants, tbs, fails };
}

const log = writeLog();
const anchorSec = Date.UTC(2024, 4, 14) / 1000; // 2024-05-14, the day of the first line

async function parseIn(ranges: number, file: { path: string; size: number } = log) {
  const step = Math.ceil(file.size / ranges);
  return parseFrom(
    Array.from({ length: ranges }, (_, i) => i * step),
    file,
  );
}

/** Parses `file` in ranges that start at the given byte offsets, the first at 0. */
async function parseFrom(starts: number[], file: { path: string; size: number }) {
  const ranges = starts.length;
  const outcomes = [];
  for (let i = 0; i < ranges; i++) {
    const task = {
      path: file.path,
      gzip: false,
      start: starts[i],
      end: i === ranges - 1 ? file.size : starts[i + 1],
      whole: ranges === 1,
      index: i,
      formatId: 'tiny',
      options: {},
      maxExamples: 5,
    };
    outcomes.push(await parseRange(task, tinyFormat));
  }
  return mergeOutcomes({
    outcomes,
    formatId: 'tiny',
    clock: 'time-of-day',
    anchor: { userSec: anchorSec, fileMtimeSec: 0 },
    thresholds: DEFAULT_THRESHOLDS,
    maxExamples: 5,
  });
}

describe('ranges and merge', () => {
  it('counts what the test wrote, whatever the number of ranges', async () => {
    for (const ranges of [1, 2, 8, 31]) {
      const result = await parseIn(ranges);
      expect(result.lines).toEqual({ lines: 9000, record: 6000, other: 3000, unrecognised: 0 });
      const total = result.ues.reduce((a, u) => a + u.counters.dlGrants, 0);
      const bytes = result.ues.reduce((a, u) => a + u.counters.dlBytes, 0);
      const fails = result.ues.reduce((a, u) => a + u.counters.ulFails, 0);
      expect([ranges, total, bytes, fails]).toEqual([ranges, log.grants, log.tbs, log.fails]);
    }
  });

  it('gives identical summaries and series for 1 and 8 ranges', async () => {
    const one = await parseIn(1);
    const eight = await parseIn(8);
    expect(eight.ues).toEqual(one.ues);
    expect(eight.cells).toEqual(one.cells);
    expect(eight.series).toEqual(one.series);
  });

  it('joins RNTI-only decodes to the UE, so there are exactly three UEs', async () => {
    const result = await parseIn(8);
    expect(result.ues.map((u) => [u.cell, u.ue, u.life.rntis])).toEqual([
      ['1', '0', [0x4600]],
      ['1', '1', [0x4601]],
      ['1', '2', [0x4602]],
    ]);
    // UE 0 had lines i = 0, 3, 6, ...: 1000 grants, and a failure wherever i % 7 == 0.
    const ue0 = result.ues[0];
    const expectedFails = Array.from({ length: 1000 }, (_, k) => 3 * k).filter((i) => i % 7 === 0);
    expect(ue0.counters.dlGrants).toBe(1000);
    expect(ue0.counters.ulFails).toBe(expectedFails.length);
  });

  it('puts the log on one timeline across midnight, in any number of ranges', async () => {
    for (const ranges of [1, 5]) {
      const result = await parseIn(ranges);
      const first = anchorSec + 22 * 3600;
      const last = first + 2999 * 5 + 1; // past midnight: 02:09:56 the next day
      expect(result.firstNs).toBe(`${first}000000000`);
      expect(result.lastNs).toBe(`${last}000000000`);
      const seconds = result.series.flatMap((s) => s.seconds.map((x) => x.t));
      expect(Math.min(...seconds)).toBe(first);
      expect(Math.max(...seconds)).toBe(last);
    }
  });

  it('puts a line printed just after midnight on the day before, also in a range begun there', async () => {
    // 23:58:20 to 23:59:59, then 00:00:00 to 00:01:39; two lines after midnight, a grant of
    // 23:59:59 printed late. The second range begins at the first line after midnight.
    const lines: string[] = [];
    const grant = (sec: number, tbs: number) =>
      lines.push(`${clock(sec)} GRANT ue=1 rnti=0x4601 tbs=${tbs} mcs=9`);
    for (let i = 0; i < 100; i++) grant(86_300 + i, 1);
    const before = Buffer.byteLength(lines.join('\n') + '\n');
    for (let i = 0; i < 100; i++) {
      grant(i, 1);
      if (i === 2) grant(86_399, 1000);
    }
    const dir = mkdtempSync(join(tmpdir(), 'maclog-ranges-'));
    const path = join(dir, 'late.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const file = { path, size: Buffer.byteLength(lines.join('\n') + '\n') };

    const midnight = anchorSec + 86_400;
    for (const starts of [[0], [0, before]]) {
      const result = await parseFrom(starts, file);
      expect(result.firstNs).toBe(`${midnight - 100}000000000`);
      expect(result.lastNs).toBe(`${midnight + 99}000000000`);
      const lastSecond = result.series.flatMap((s) => s.seconds).find((x) => x.t === midnight - 1);
      // 23:59:59: its own grant (1 byte) and the late one (1000 bytes).
      expect(lastSecond?.counters.dlBytes).toBe(1001);
    }
  });

  it('finds lines of another log pasted in, the same in any number of ranges', async () => {
    // 4500 lines of the log, then 10 times 50 lines that fit no rule (but may start a
    // range: a colon at column 2) and 40 detail lines, then the log again.
    const lines: string[] = [];
    const ours = (i: number) => {
      lines.push(`${clock(3600 + i)} GRANT ue=1 rnti=0x4601 tbs=${i} mcs=9`);
      lines.push('  detail of the grant');
      lines.push(`${clock(3600 + i)} CRC rnti=0x4601 ok=1`);
    };
    for (let i = 0; i < 1500; i++) ours(i);
    for (let block = 0; block < 10; block++) {
      for (let j = 0; j < 50; j++) lines.push(`xx: another log, block ${block} line ${j}`);
      for (let j = 0; j < 40; j++) lines.push('  detail of the other log');
    }
    for (let i = 1500; i < 3000; i++) ours(i);
    const text = lines.join('\n') + '\n';
    const path = join(mkdtempSync(join(tmpdir(), 'maclog-ranges-')), 'pasted.log');
    writeFileSync(path, text);
    const file = { path, size: Buffer.byteLength(text) };

    const last = 4500 + 9 * 90 + 50;
    const expected = [
      `lines 4501 to ${last} mostly fit no rule of tiny (500 unrecognised): ` +
        'is another log pasted in?',
    ];
    for (const ranges of [1, 2, 8, 31, 97]) {
      const result = await parseIn(ranges, file);
      expect([ranges, result.lines.unrecognised, result.warnings]).toEqual([ranges, 500, expected]);
    }
  });
});
