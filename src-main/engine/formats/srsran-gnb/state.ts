/**
 * What the srsRAN gNB parser knows while it reads: the time, line and slot of the current
 * line, where records go, and memory shared by the line readers (HARQ processes, recently
 * seen events for de-duplication, the MCS of pending UL grants).
 */
import type { RecordSink } from '../types.js';
import { HarqTracker } from './harq.js';

/** Time and line of a log line, kept for records that are pushed later. */
export interface Stamp {
  tSec: number;
  tNsec: number;
  line: number;
}

const NO_SINK: RecordSink = { push: () => undefined };

/** Slots per 10 ms frame for the numerologies NR uses (15 to 240 kHz). */
const SLOTS_PER_FRAME = [10, 20, 40, 80, 160];

/** What a de-duplication key stands for (see `eventKey`). */
export const KeyKind = {
  UlCrc: 1,
  DlAckByHarq: 2,
  DlAckByBit: 3,
  Cqi: 4,
  Preamble: 5,
} as const;

/**
 * A number naming one event: its kind, rnti (16 bits), absolute slot (below 2^18) and a
 * small index (h_id, bit position, preamble; below 64). Numbers hash faster than strings.
 */
export function eventKey(kind: number, rnti: number, slot: number, index: number): number {
  return ((kind * 65536 + (rnti & 0xffff)) * 262144 + (slot & 0x3ffff)) * 64 + (index & 63);
}

/** Keys older than this are forgotten; every de-duplication window is shorter. */
const KEY_LIFETIME_MS = 2000;

/** Remembers keys for a while, to drop an event that two log lines report. */
export class RecentKeys {
  private readonly seenAt = new Map<string | number, number>();
  /** Size at which old keys are next swept out. */
  private sweepAt = 4096;

  /**
   * True when `key` was noted less than `windowMs` before `nowMs` (a duplicate); notes it
   * otherwise.
   */
  seen(key: string | number, nowMs: number, windowMs: number): boolean {
    if (this.has(key, nowMs, windowMs)) return true;
    this.note(key, nowMs);
    return false;
  }

  /** Notes `key` without asking. */
  note(key: string | number, nowMs: number): void {
    this.seenAt.set(key, nowMs);
    if (this.seenAt.size >= this.sweepAt) this.sweep(nowMs);
  }

  has(key: string | number, nowMs: number, windowMs: number): boolean {
    const at = this.seenAt.get(key);
    return at !== undefined && Math.abs(nowMs - at) < windowMs;
  }

  /** Forgets old keys; sweeps again only once the map has doubled, so that this stays cheap. */
  private sweep(nowMs: number): void {
    const oldest = nowMs - KEY_LIFETIME_MS;
    for (const [key, at] of this.seenAt) if (at < oldest) this.seenAt.delete(key);
    this.sweepAt = Math.max(4096, this.seenAt.size * 2);
  }
}

export class GnbState {
  out: RecordSink = NO_SINK;
  tSec = 0;
  tNsec = 0;
  line = 0;
  /** SFN and slot of the current line, -1 when it has none. */
  sfn = -1;
  slot = -1;
  /**
   * Slots per frame, needed to add k1 to a slot. The log does not say it, so it is the
   * smallest value above every slot index seen so far.
   */
  slotsPerFrame = 10;

  /**
   * The multi-line message being read: at debug level the scheduler prints a header line
   * and then one untimestamped "- ..." line per decision or event. Null outside one.
   */
  block: 'decisions' | 'events' | null = null;
  /** Cell named by the block's header line. */
  blockCell: string | null = null;

  readonly recent = new RecentKeys();
  readonly harq: HarqTracker;
  /**
   * Older gNBs name a cell by its index in scheduler lines (`cell=0`) but by its PCI in
   * metrics lines (`pci=1`). The cell a UE was last granted in, and the PCI each such
   * cell turned out to have, let metrics lines use the scheduler's name for the cell.
   */
  readonly cellOfUe = new Map<string, string>();
  readonly cellOfPci = new Map<string, string>();
  /** MCS of UL DCIs in debug slot decisions, by rnti and HARQ id, until their PUSCH. */
  readonly ulDciMcs = new Map<number, number>();

  constructor() {
    this.harq = new HarqTracker(this);
  }

  /** Takes the slot of the current line and learns the numerology from it. */
  setSlot(sfn: number, slot: number): void {
    this.sfn = sfn;
    this.slot = slot;
    if (slot >= this.slotsPerFrame) {
      this.slotsPerFrame = SLOTS_PER_FRAME.find((n) => n > slot) ?? slot + 1;
    }
  }

  clearSlot(): void {
    this.sfn = -1;
    this.slot = -1;
  }

  /** Absolute slot of the current line, -1 when it has none. */
  lineSlot(): number {
    return this.sfn < 0 ? -1 : this.absSlot(this.sfn, this.slot);
  }

  /** Slot count since SFN 0 slot 0, modulo the 1024-frame cycle. */
  absSlot(sfn: number, slot: number, plus = 0): number {
    const cycle = 1024 * this.slotsPerFrame;
    return (((sfn * this.slotsPerFrame + slot + plus) % cycle) + cycle) % cycle;
  }

  nowMs(): number {
    return this.tSec * 1000 + this.tNsec / 1e6;
  }

  stamp(): Stamp {
    return { tSec: this.tSec, tNsec: this.tNsec, line: this.line };
  }
}
