/**
 * Warnings about what a file holds besides its format's lines, built from the samples:
 * bytes that are not UTF-8, and another log appended to (or pasted into) the file. Each
 * warning names absolute lines, the same in 1, 2 or 8 ranges.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { findFormat } from '../../src-main/engine/formats/catalog.js';
import { parseLines } from '../../src-main/engine/run-lines.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 2 });
afterAll(() => engine.close());

const dir = mkdtempSync(join(tmpdir(), 'maclog-warnings-'));

/** A sample's lines as bytes, without their LF. */
function sampleLines(name: string): Buffer[] {
  const bytes = readFileSync(samplePath(name));
  const lines: Buffer[] = [];
  let from = 0;
  for (let lf = bytes.indexOf(10); lf >= 0; lf = bytes.indexOf(10, from)) {
    lines.push(bytes.subarray(from, lf));
    from = lf + 1;
  }
  if (from < bytes.length) lines.push(bytes.subarray(from));
  return lines;
}

/** The first lines of a sample that fit in `bytes`, whole. */
function headLines(name: string, bytes: number, skip = 0): Buffer[] {
  const out: Buffer[] = [];
  let total = 0;
  for (const line of sampleLines(name).slice(skip)) {
    total += line.length + 1;
    if (total > bytes) break;
    out.push(line);
  }
  return out;
}

function writeLog(name: string, lines: Buffer[]): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
  return path;
}

/** Parses in 1, 2 and 8 ranges; the warnings must be the same in each. */
async function warningsIn(path: string) {
  const results = [];
  for (const ranges of [1, 2, 8]) results.push(await engine.parse(path, { ranges }));
  const [one, ...others] = results;
  for (const other of others) {
    expect(other.warnings).toEqual(one.warnings);
    expect(other.lines).toEqual(one.lines);
    expect(other.unrecognisedExamples).toEqual(one.unrecognisedExamples);
  }
  return one;
}

/** A format's reading of lines in memory, in one piece: to count independently. */
function readAs(formatId: string, lines: Buffer[]) {
  const text = lines.map((l) => l.toString('utf8'));
  return parseLines(findFormat(engine.catalog, formatId), text);
}

describe('bytes that are not UTF-8', () => {
  const BAD = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
  const lines = sampleLines('srsran-gnb-nr.log').slice(0, 800);

  /** The UL grant on line 401 and line 650 with the bad bytes inside a word of their text. */
  function corrupted(): Buffer[] {
    const out = [...lines];
    for (const [n, word] of [
      [401, 'Slot de'],
      [650, 'Tunnel ad'],
    ] as const) {
      const line = lines[n - 1];
      const at = line.indexOf(word) + word.length;
      expect(at).toBeGreaterThan(word.length);
      out[n - 1] = Buffer.concat([line.subarray(0, at), BAD, line.subarray(at)]);
    }
    return out;
  }

  it('are named by their first line and counted, and the lines are unrecognised', async () => {
    expect(lines[400].toString()).toContain('Slot decisions');
    expect(lines[400].toString()).toContain('UL: ue=0');
    const clean = await engine.parse(writeLog('clean.log', lines));
    const result = await warningsIn(writeLog('badutf8.log', corrupted()));

    expect(result.warnings).toEqual([
      'line 401 has bytes that are not UTF-8 and gave no record: counted as unrecognised (2 lines in all)',
    ]);
    expect(result.lines.unrecognised).toBe(clean.lines.unrecognised + 2);
    expect(result.lines.lines).toBe(800);
    expect(result.unrecognisedExamples.map((e) => e.line)).toEqual([401, 650]);
    expect(result.unrecognisedExamples[0].text).toContain('Slot de\uFFFD\uFFFD\uFFFD(cisions');
    expect(clean.warnings).toEqual([]);
  });
});

describe('another log in the file', () => {
  const gnb = headLines('srsran-gnb-nr.log', 200_000);
  // srsLTE's eNB log from its first line of text (the file begins with two blank lines).
  const enbLines = sampleLines('srslte-enb-bsr-phr-harq.log');
  const enbFrom = enbLines.findIndex((l) => l.length > 0);
  const enb = headLines('srslte-enb-bsr-phr-harq.log', 200_000, enbFrom);

  /** Numbers of the unrecognised lines in [from, to] of the whole text read in memory. */
  function unrecognisedIn(formatId: string, lines: Buffer[], from: number, to: number) {
    const all = readAs(formatId, lines).unrecognised.map((u) => u.line);
    return all.filter((n) => n >= from && n <= to);
  }

  it('appended: from its first line on, with the count of unrecognised lines', async () => {
    const lines = [...gnb, ...enb];
    const spliced = gnb.length + 1;
    const foreign = unrecognisedIn('srsran-gnb', lines, spliced, lines.length);
    expect(enbFrom).toBe(2);
    expect(unrecognisedIn('srsran-gnb', lines, 1, gnb.length)).toEqual([]);
    expect(foreign[0]).toBe(spliced);
    const result = await warningsIn(writeLog('mixed.log', lines));

    expect(result.format.id).toBe('srsran-gnb');
    expect(result.lines.unrecognised).toBe(foreign.length);
    expect(result.warnings).toEqual([
      `from line ${spliced} on, most lines fit no rule of srsran-gnb ` +
        `(${foreign.length} unrecognised): is another log appended?`,
    ]);
  });

  it('pasted in: from its first to its last unrecognised line', async () => {
    const lines = [...gnb.slice(0, 1000), ...enb.slice(0, 1500), ...gnb.slice(1000)];
    const pasted = unrecognisedIn('srsran-gnb', lines, 1001, 2500);
    expect(pasted[0]).toBe(1001);
    const result = await warningsIn(writeLog('pasted.log', lines));

    expect(result.lines.unrecognised).toBe(pasted.length);
    expect(result.warnings).toEqual([
      `lines 1001 to ${pasted[pasted.length - 1]} mostly fit no rule of srsran-gnb ` +
        `(${pasted.length} unrecognised): is another log pasted in?`,
    ]);
  });

  it('says nothing of a short stretch of lines that fit no rule', async () => {
    const lines = [...gnb.slice(0, 1000), ...enb.slice(0, 100), ...gnb.slice(1000)];
    expect(unrecognisedIn('srsran-gnb', lines, 1001, 1100).length).toBeGreaterThan(50);
    const result = await warningsIn(writeLog('few.log', lines));
    expect(result.warnings).toEqual([]);
  });

  it('says nothing when the file begins with the lines that fit no rule', async () => {
    const lines = [...enb.slice(0, 300), ...gnb];
    const result = await engine.parse(writeLog('prefixed.log', lines), { formatId: 'srsran-gnb' });
    expect(unrecognisedIn('srsran-gnb', lines, 1, 300).length).toBeGreaterThan(200);
    expect(result.warnings).toEqual([]);
  });

  it("the other way round: srsRAN's gNB log after srsLTE's eNB log", async () => {
    const lines = [...enb, ...gnb];
    const spliced = enb.length + 1;
    const foreign = unrecognisedIn('srslte-log', lines, spliced, lines.length);
    expect(foreign[0]).toBe(spliced);
    const result = await warningsIn(writeLog('reversed.log', lines));

    expect(result.format.id).toBe('srslte-log');
    expect(result.warnings).toEqual([
      `from line ${spliced} on, most lines fit no rule of srslte-log ` +
        `(${foreign.length} unrecognised): is another log appended?`,
    ]);
  });
});
