/**
 * Where a file is cut into ranges for the workers.
 *
 * Ranges of equal size leave workers idle at the end: when the last range starts, the other
 * workers have nothing left, and on two cores half a 64 MB range is a tenth of a gigabyte's
 * run. So the file is cut as guided self-scheduling does: full-size ranges while plenty of
 * the file is left, then ranges that shrink with what remains, so the last ones are small
 * and the workers finish close together. Each range also reads context before and after it
 * (see CONTEXT_BYTES in engine.ts), which is why ranges never shrink below `minBytes`.
 */

export interface RangePlan {
  /** Largest range, for the bulk of the file. */
  maxBytes: number;
  /** Smallest range the tail shrinks to. */
  minBytes: number;
  /** Workers sharing the ranges; with one, every range is full size. */
  workers: number;
}

/**
 * Byte offsets [start, end) of the ranges of a file of `size` bytes, in the order they are
 * handed out: large first, shrinking towards the end. They cover [0, size) exactly.
 */
export function planRanges(size: number, plan: RangePlan): [number, number][] {
  if (size <= 0) return [[0, 0]];
  const maxBytes = Math.max(1, plan.maxBytes);
  const minBytes = Math.max(1, Math.min(plan.minBytes, maxBytes));
  const ranges: [number, number][] = [];
  let start = 0;
  while (start < size) {
    const left = size - start;
    // A range of a share of what is left: each worker still gets about two more ranges.
    const share = plan.workers > 1 ? Math.ceil(left / (2 * plan.workers)) : maxBytes;
    let length = Math.min(maxBytes, Math.max(minBytes, share));
    // A sliver after the last range would cost a whole range's context: join it.
    if (left - length < minBytes) length = left;
    ranges.push([start, start + length]);
    start += length;
  }
  return ranges;
}

/** `count` ranges of (nearly) equal size, for a caller that asks for a number of them. */
export function equalRanges(size: number, count: number): [number, number][] {
  const step = Math.ceil(size / count) || 1;
  const ranges: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.min(size, i * step);
    ranges.push([start, i === count - 1 ? size : Math.min(size, (i + 1) * step)]);
  }
  return ranges;
}
