import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  MAX_LINE_BYTES,
  readGzip,
  readRange,
  TruncatedGzipError,
} from '../../src-main/engine/line-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'maclog-lines-'));

/** A log of records: a header line, then 0 to 4 detail lines that cannot start a record. */
function blockLog(records: number): { text: string; lines: string[]; blocks: string[][] } {
  const blocks: string[][] = [];
  for (let i = 0; i < records; i++) {
    const block = [`T${i} header of record ${i} ${'x'.repeat(i % 37)}`];
    for (let d = 0; d < i % 5; d++) block.push(`  - detail ${d} of record ${i}`);
    blocks.push(block);
  }
  const lines = blocks.flat();
  return { text: lines.join('\n') + '\n', lines, blocks };
}

const isRecordStart = (line: string) => line.startsWith('T');

async function readInRanges(path: string, size: number, ranges: number) {
  const step = Math.ceil(size / ranges);
  const parts: string[][] = [];
  for (let i = 0; i < ranges; i++) {
    const lines: string[] = [];
    const start = i * step;
    const end = i === ranges - 1 ? size : Math.min(size, (i + 1) * step);
    const result = await readRange(
      { path, start, end, isRecordStart },
      { line: (t) => lines.push(t), overlong: () => undefined, progress: () => undefined },
    );
    expect(result.lines).toBe(lines.length);
    parts.push(lines);
  }
  return parts;
}

describe('readRange', () => {
  const log = blockLog(5000);
  const path = join(dir, 'blocks.log');
  writeFileSync(path, log.text);
  const size = Buffer.byteLength(log.text);

  it.each([1, 2, 3, 8, 57])('gives every line exactly once in %i ranges', async (ranges) => {
    const parts = await readInRanges(path, size, ranges);
    expect(parts.flat()).toEqual(log.lines);
  });

  it('starts every range but the first on a record start, so no block is cut', async () => {
    const parts = await readInRanges(path, size, 57);
    for (const part of parts.slice(1)) {
      if (part.length > 0) expect(isRecordStart(part[0])).toBe(true);
    }
  });

  it('strips CR from CRLF endings and keeps a last line without a newline', async () => {
    const p = join(dir, 'crlf.log');
    writeFileSync(p, 'T1 a\r\n  - b\r\nT2 cut-off');
    const parts = await readInRanges(p, 26, 1);
    expect(parts[0]).toEqual(['T1 a', '  - b', 'T2 cut-off']);
  });

  it("drops a byte-order mark before the file's first line, plain or gzip, and no other", async () => {
    const text = 'T1 a\n  - b\nT2 \uFEFFc\n';
    const p = join(dir, 'bom.log');
    writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const expected = ['T1 a', '  - b', 'T2 \uFEFFc'];
    expect((await readInRanges(p, Buffer.byteLength(text) + 3, 1))[0]).toEqual(expected);

    const gz = join(dir, 'bom.log.gz');
    writeFileSync(gz, gzipSync(Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(text)])));
    const lines: string[] = [];
    await readGzip(gz, {
      line: (t) => lines.push(t),
      overlong: () => undefined,
      progress: () => undefined,
    });
    expect(lines).toEqual(expected);
  });

  it('decodes invalid UTF-8 with replacement characters instead of failing', async () => {
    const p = join(dir, 'bad-utf8.log');
    writeFileSync(
      p,
      Buffer.concat([Buffer.from('T1 ok\nT2 '), Buffer.from([0xff, 0xfe]), Buffer.from(' end\n')]),
    );
    const parts = await readInRanges(p, 19, 1);
    expect(parts[0]).toEqual(['T1 ok', 'T2 \uFFFD\uFFFD end']);
  });

  it('skips a line longer than the limit and reports its number and size', async () => {
    const p = join(dir, 'long.log');
    const long = 'T2 ' + 'y'.repeat(10 * 1024 * 1024);
    writeFileSync(p, `T1 short\n${long}\nT3 after\n`);
    const seen: string[] = [];
    const overlong: [number, number][] = [];
    await readRange(
      { path: p, start: 0, end: long.length + 19 },
      {
        line: (t, n) => seen.push(`${n}:${t}`),
        overlong: (n, bytes) => overlong.push([n, bytes]),
        progress: () => undefined,
      },
    );
    expect(seen).toEqual(['1:T1 short', '3:T3 after']);
    expect(overlong).toEqual([[2, long.length + 1]]);
    expect(long.length).toBeGreaterThan(MAX_LINE_BYTES);
  });
});

describe('readGzip', () => {
  const log = blockLog(2000);
  const gz = gzipSync(Buffer.from(log.text));

  it('reads every line of a gzip file', async () => {
    const p = join(dir, 'whole.log.gz');
    writeFileSync(p, gz);
    const lines: string[] = [];
    await readGzip(p, {
      line: (t) => lines.push(t),
      overlong: () => undefined,
      progress: () => undefined,
    });
    expect(lines).toEqual(log.lines);
  });

  it('keeps the lines before the cut of a gzip file cut short, then says where it broke', async () => {
    const p = join(dir, 'cut.log.gz');
    writeFileSync(p, gz.subarray(0, Math.floor(gz.length / 2)));
    const lines: string[] = [];
    const read = readGzip(p, {
      line: (t) => lines.push(t),
      overlong: () => undefined,
      progress: () => undefined,
    });
    await expect(read).rejects.toBeInstanceOf(TruncatedGzipError);
    await expect(read).rejects.toThrow(/cut short or corrupt after line \d+/);
    expect(lines.length).toBeGreaterThan(100);
    // Every line but possibly the last (cut mid-line) is a real line of the log.
    expect(lines.slice(0, -1)).toEqual(log.lines.slice(0, lines.length - 1));
  });
});
