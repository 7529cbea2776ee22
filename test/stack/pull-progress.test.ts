/**
 * The pull percentage from Docker's progress events (Podman 4 sends none with byte counts,
 * so the engine tests only see null, then 100). Events written as Docker sends them.
 */
import { describe, expect, it } from 'vitest';
import { PullProgress } from '../../src-main/stack/pull.js';

describe('PullProgress', () => {
  it('sums the bytes of the layers announced so far', () => {
    const p = new PullProgress();
    expect(p.update({ status: 'Pulling from prom/prometheus', id: 'v3.5.0' })).toBeNull();
    expect(p.update({ status: 'Pulling fs layer', id: 'a', progressDetail: {} })).toBeNull();
    const a = { status: 'Downloading', id: 'a', progressDetail: { current: 250, total: 1000 } };
    expect(p.update(a)).toBe(25);
    const b = { status: 'Downloading', id: 'b', progressDetail: { current: 0, total: 3000 } };
    // 250 of 4000 bytes: a new layer moves the percentage back.
    expect(p.update(b)).toBe(6);
    expect(p.update({ status: 'Download complete', id: 'a', progressDetail: {} })).toBe(25);
    const bDone = { status: 'Extracting', id: 'b', progressDetail: { current: 3000, total: 3000 } };
    expect(p.update(bDone)).toBe(100);
  });
});
