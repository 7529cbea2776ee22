/**
 * Connections of a UE id: one per RNTI the log created it under, in the order they began;
 * parts that name no RNTI (or another one) go to the connection begun last before them.
 */
import { describe, expect, it } from 'vitest';
import { Connections } from '../../src-main/engine/connections.js';

describe('Connections', () => {
  it('keeps the name of a UE created once, whatever the RNTI of a part', () => {
    const c = new Connections();
    c.created('3', 0x4601, [100, 0]);
    c.finish();

    expect(c.nameOf('3', 0x4601, [100, 0])).toBe('3');
    expect(c.nameOf('3', 0x4699, [150, 0])).toBe('3');
    expect(c.nameOf('3', null, null)).toBe('3');
    expect(c.nameOf('7', 0x4601, [100, 0])).toBe('7');
  });

  it('names later connections id#2, id#3 in the order they began, not the order seen', () => {
    const c = new Connections();
    c.created('0', 0x4603, [300, 0]);
    c.created('0', 0x4601, [100, 0]);
    c.created('0', 0x4602, [200, 5]);
    // A later range's part of the first connection changes nothing.
    c.created('0', 0x4601, [120, 0]);
    c.finish();

    expect(c.nameOf('0', 0x4601, [250, 0])).toBe('0');
    expect(c.nameOf('0', 0x4602, [100, 0])).toBe('0#2');
    expect(c.nameOf('0', 0x4603, null)).toBe('0#3');
  });

  it('gives a part with no RNTI, or another one, to the connection begun last by its start', () => {
    const c = new Connections();
    c.created('0', 0x4601, [100, 0]);
    c.created('0', 0x4602, [200, 500]);
    c.finish();

    expect(c.nameOf('0', null, [50, 0])).toBe('0');
    expect(c.nameOf('0', null, [200, 499])).toBe('0');
    expect(c.nameOf('0', null, [200, 500])).toBe('0#2');
    expect(c.nameOf('0', 0x1234, [900, 0])).toBe('0#2');
    expect(c.nameOf('0', null, null)).toBe('0');
  });
});
