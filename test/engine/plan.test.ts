import { describe, expect, it } from 'vitest';
import { equalRanges, planRanges } from '../../src-main/engine/plan.js';

const MB = 1024 * 1024;

/** The ranges must tile [0, size) with no gap and no overlap. */
function expectTiles(ranges: [number, number][], size: number): void {
  expect(ranges[0]?.[0]).toBe(0);
  expect(ranges.at(-1)?.[1]).toBe(size);
  for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[0]).toBe(ranges[i - 1]?.[1]);
}

describe('planRanges', () => {
  it('shrinks the ranges with what is left, worked by hand for a 100-byte file', () => {
    // left 100 -> 25 (100/4), 75 -> 19, 56 -> 14, 42 -> 11, 31 -> 8, 23 -> 6, 17 -> 5,
    // 12 -> 5 (the minimum), 7 -> the rest (a 2-byte sliver would not be worth a range).
    expect(planRanges(100, { maxBytes: 40, minBytes: 5, workers: 2 })).toEqual([
      [0, 25],
      [25, 44],
      [44, 58],
      [58, 69],
      [69, 77],
      [77, 83],
      [83, 88],
      [88, 93],
      [93, 100],
    ]);
  });

  it('cuts a gigabyte for two workers into full ranges, then a shrinking tail', () => {
    const size = 1000 * MB;
    const ranges = planRanges(size, { maxBytes: 64 * MB, minBytes: 8 * MB, workers: 2 });
    expectTiles(ranges, size);
    const lengths = ranges.map(([a, b]) => b - a);
    // While 256 MB or more are left, a quarter of what is left is at least 64 MB.
    const full = lengths.filter((n) => n === 64 * MB).length;
    expect(full).toBe(12); // 1000 - 12 * 64 = 232 MB left, below 256
    // Shrinking, but for the last range, which may take a sliver shorter than the minimum.
    const head = lengths.slice(0, -1);
    for (let i = 1; i < head.length; i++) expect(head[i]).toBeLessThanOrEqual(head[i - 1]);
    expect(lengths.at(-1)).toBeLessThan(16 * MB);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(8 * MB);
  });

  it('gives one worker ranges of the full size', () => {
    const size = 200 * MB + 3;
    const ranges = planRanges(size, { maxBytes: 64 * MB, minBytes: 8 * MB, workers: 1 });
    expectTiles(ranges, size);
    expect(ranges.map(([a, b]) => b - a)).toEqual([64 * MB, 64 * MB, 64 * MB, 8 * MB + 3]);
  });

  it('keeps a file smaller than the minimum in one range', () => {
    expect(planRanges(1000, { maxBytes: 64 * MB, minBytes: 8 * MB, workers: 2 })).toEqual([
      [0, 1000],
    ]);
    expect(planRanges(0, { maxBytes: 64 * MB, minBytes: 8 * MB, workers: 2 })).toEqual([[0, 0]]);
  });
});

describe('equalRanges', () => {
  it('cuts into the number asked for', () => {
    expect(equalRanges(10, 3)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
  });
});
