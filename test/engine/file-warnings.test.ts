/**
 * Warnings about what a file holds besides its format's lines, built from the samples:
 * bytes that are not UTF-8. Each warning names absolute lines, the same in 1, 2 or 8 ranges.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
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
