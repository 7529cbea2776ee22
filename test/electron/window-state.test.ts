/** Where the main window opens: where it was left, unless that is no longer on a screen. */
import { describe, expect, it } from 'vitest';
import { placeWindow } from '../../src-main/electron/window-state.js';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('placeWindow', () => {
  it('centres a first window on the primary display', () => {
    expect(placeWindow(null, [laptop, monitorRight])).toEqual({
      x: 80,
      y: 25,
      width: 1280,
      height: 820,
      maximized: false,
    });
  });

  it('puts the window back where it was, on whichever display that is', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: true };
    expect(placeWindow(saved, [laptop, monitorRight])).toEqual(saved);
  });

  it('brings a window back from a display that was unplugged', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 870,
      maximized: false,
    });
  });

  it('moves a window that hangs over the edge back inside, keeping its size', () => {
    const saved = { x: 1200, y: 700, width: 1000, height: 600, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({
      x: 440,
      y: 270,
      width: 1000,
      height: 600,
      maximized: false,
    });
  });

  it('never opens smaller than the minimum, unless the screen itself is smaller', () => {
    const tiny = { x: 10, y: 10, width: 200, height: 100, maximized: false };
    expect(placeWindow(tiny, [laptop])).toMatchObject({ width: 720, height: 480 });
    const small = { x: 0, y: 0, width: 640, height: 400 };
    expect(placeWindow(null, [small])).toMatchObject({ x: 0, y: 0, width: 640, height: 400 });
  });
});
