/**
 * Log time from radio frame numbers. OAI console logs carry no timestamps, but many MAC and
 * PHY lines name the frame (SFN, 10 ms each, counting 0 to 1023 and wrapping) and the slot
 * (NR) or subframe (LTE) they were written in. The clock counts the wraps and gives seconds
 * since the first frame it saw; lines without frame information keep the last time.
 */

const FRAME_NS = 10_000_000;
const FRAMES = 1024;
/**
 * Threads log slightly out of order (PHY receive lines lag the scheduler by a few slots), so
 * a frame a little below the last one is a late line, not ten seconds later. Any larger step
 * back is read as a wrap.
 */
const MAX_LATE_FRAMES = 32;

export class FrameClock {
  /** Whole seconds of the current log time. */
  tSec = 0;
  /** Nanoseconds of the current log time within `tSec`. */
  tNsec = 0;

  /** Slots per frame from the configuration (10 << numerology); 0 while unknown. */
  private configuredSlots = 0;
  /** Highest slot number seen, to infer the slots per frame when no configuration said. */
  private maxSlot = 0;
  private lastFrame = -1;
  /** Frames since the first one observed; a late line may make it briefly negative. */
  private frames = 0;

  /** Uses the numerology the log states (0: 15 kHz, 10 slots; 1: 30 kHz, 20 slots...). */
  setNumerology(mu: number): void {
    if (mu >= 0 && mu <= 4) this.configuredSlots = 10 << mu;
  }

  /** Slots (NR) or subframes (LTE) per 10 ms frame, as configured or as seen so far. */
  slotsPerFrame(): number {
    if (this.configuredSlots > this.maxSlot) return this.configuredSlots;
    let slots = 10;
    while (slots <= this.maxSlot && slots < 160) slots *= 2;
    return slots;
  }

  /** Moves the clock to the start of `slot` in `frame`, as written by a line. */
  observe(frame: number, slot: number): void {
    if (frame < 0 || frame >= FRAMES || slot < 0 || slot >= 160) return;
    if (slot > this.maxSlot) this.maxSlot = slot;

    if (this.lastFrame >= 0) {
      const ahead = (frame - this.lastFrame + FRAMES) % FRAMES;
      this.frames += ahead <= FRAMES - MAX_LATE_FRAMES ? ahead : ahead - FRAMES;
    }
    this.lastFrame = frame;

    const ns = this.frames * FRAME_NS + (slot * FRAME_NS) / this.slotsPerFrame();
    const clamped = ns > 0 ? Math.round(ns) : 0;
    this.tSec = Math.floor(clamped / 1e9);
    this.tNsec = clamped - this.tSec * 1e9;
  }

  /** Slots from (frame1, slot1) forward to (frame2, slot2), e.g. a k1 or k2 delay. */
  slotsBetween(frame1: number, slot1: number, frame2: number, slot2: number): number {
    const frames = (frame2 - frame1 + FRAMES) % FRAMES;
    return frames * this.slotsPerFrame() + slot2 - slot1;
  }
}
