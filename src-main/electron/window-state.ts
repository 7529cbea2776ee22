/**
 * Where the main window opens: where the user left it, as long as that is still on a
 * screen. A monitor unplugged since, or a resolution lowered, would otherwise open the
 * window out of sight. Pure functions over rectangles, so tests need no display.
 */
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;

/** How much of the window must be on one screen to leave it where it was. */
const VISIBLE_PX = 100;

/**
 * The bounds to open with. `workAreas` are the displays' usable areas (no task bar), the
 * first being the primary display's.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (!saved) return { ...centred(DEFAULT_SIZE, primary), maximized: false };

  const home = workAreas.find((area) => overlaps(saved, area, VISIBLE_PX));
  if (!home) return { ...centred(saved, primary), maximized: saved.maximized };
  return { ...fitted(saved, home), maximized: saved.maximized };
}

function overlaps(a: Rect, b: Rect, min: number): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w >= Math.min(min, a.width) && h >= Math.min(min, a.height);
}

/** No larger than the area, and moved inside it. */
function fitted(rect: Rect, area: Rect): Rect {
  const width = clamp(rect.width, MIN_SIZE.width, area.width);
  const height = clamp(rect.height, MIN_SIZE.height, area.height);
  const x = clamp(rect.x, area.x, area.x + area.width - width);
  const y = clamp(rect.y, area.y, area.y + area.height - height);
  return { x, y, width, height };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = clamp(size.width, MIN_SIZE.width, area.width);
  const height = clamp(size.height, MIN_SIZE.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/** `value` within [min, max]; `max` wins when the range is empty (a screen smaller than MIN_SIZE). */
function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
