/**
 * What the srsRAN gNB parser knows while it reads: the time, line and slot of the current
 * line, where records go, and memory shared by the line readers (HARQ processes, recently
 * seen events for de-duplication, the MCS of pending UL grants).
 */
import type { RecordSink } from '../types.js';
import { HarqTracker } from './harq.js';
import { UnnamedPreambles } from '../unnamed-preambles.js';

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

/**
 * Remembers keys for a while, to drop an event that two log lines report. Number keys are
 * `eventKey()` values; they are kept in a `TimeTable` rather than a Map, for this runs for
 * every PUSCH and HARQ-ACK and such keys (above 2^31) would each be a boxed number in a Map.
 */
export class RecentKeys {
  private readonly numberSeenAt = new TimeTable();
  private readonly textSeenAt = new Map<string, number>();
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
    if (typeof key === 'number') this.numberSeenAt.set(key, nowMs);
    else this.textSeenAt.set(key, nowMs);
    if (this.size() >= this.sweepAt) this.sweep(nowMs);
  }

  has(key: string | number, nowMs: number, windowMs: number): boolean {
    let at: number | undefined;
    if (typeof key === 'number') {
      const slot = this.numberSeenAt.find(key);
      at = slot < 0 ? undefined : this.numberSeenAt.timeAt(slot);
    } else {
      at = this.textSeenAt.get(key);
    }
    return at !== undefined && Math.abs(nowMs - at) < windowMs;
  }

  private size(): number {
    return this.numberSeenAt.size + this.textSeenAt.size;
  }

  /** Forgets old keys; sweeps again only once the table has doubled, so that this stays cheap. */
  private sweep(nowMs: number): void {
    const oldest = nowMs - KEY_LIFETIME_MS;
    this.numberSeenAt.keepFrom(oldest);
    for (const [key, at] of this.textSeenAt) if (at < oldest) this.textSeenAt.delete(key);
    this.sweepAt = Math.max(4096, this.size() * 2);
  }
}

/** Marks a free slot of a `TimeTable`; keys are never negative. */
const FREE = -1;

/**
 * A hash table from non-negative integer keys (below 2^53) to times, with linear probing, in
 * one typed array: no object per key, and a slot's key and time share a cache line (the
 * table is large and probed at random). Entries are only removed all at once, by `keepFrom()`.
 */
class TimeTable {
  size = 0;
  /** Slot i holds its key at 2i and its time at 2i + 1. */
  private entries = new Float64Array(0);
  private slots = 0;

  constructor(slots = 8192) {
    this.allocate(slots);
  }

  /** The slot holding `key`, or -1 when absent. */
  find(key: number): number {
    const slot = this.probe(key);
    return this.entries[2 * slot] === key ? slot : -1;
  }

  timeAt(slot: number): number {
    return this.entries[2 * slot + 1];
  }

  set(key: number, time: number): void {
    let slot = this.probe(key);
    if (this.entries[2 * slot] !== key) {
      if ((this.size + 1) * 2 > this.slots) {
        this.rebuild(this.slots * 2, -Infinity);
        slot = this.probe(key);
      }
      this.entries[2 * slot] = key;
      this.size++;
    }
    this.entries[2 * slot + 1] = time;
  }

  /** Removes the entries whose time is before `oldest`. */
  keepFrom(oldest: number): void {
    this.rebuild(this.slots, oldest);
  }

  /** The slot of `key`, or the free slot where it would go. */
  private probe(key: number): number {
    const mask = this.slots - 1;
    // Mix the low and high 32 bits of the key (multiplicative hashing).
    const high = Math.floor(key / 4294967296);
    let h = Math.imul((key >>> 0) ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const k = this.entries[2 * slot];
      if (k === key || k === FREE) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private allocate(slots: number): void {
    this.entries = new Float64Array(2 * slots);
    for (let i = 0; i < this.entries.length; i += 2) this.entries[i] = FREE;
    this.slots = slots;
    this.size = 0;
  }

  /** Copies the entries with a time from `oldest` on into a new table of `slots` slots. */
  private rebuild(slots: number, oldest: number): void {
    const old = this.entries;
    this.allocate(slots);
    for (let i = 0; i < old.length; i += 2) {
      const key = old[i];
      if (key === FREE || old[i + 1] < oldest) continue;
      const slot = this.probe(key);
      this.entries[2 * slot] = key;
      this.entries[2 * slot + 1] = old[i + 1];
      this.size++;
    }
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
   * metrics lines (`pci=1`); newer ones use both. The cell a UE was last granted in, and
   * the name of each PCI (the index a "Cell creation idx=0 pci=1" gave it, else the cell
   * its UEs were granted in), let every line use one name for the cell.
   */
  readonly cellOfUe = new Map<string, string>();
  readonly cellOfPci = new Map<string, string>();
  /**
   * The RNTI each UE index was created with. The DU reuses an index once its UE is gone,
   * and its removal lines name no RNTI: this tells which of the index's connections ended.
   */
  readonly rntiOfUe = new Map<string, number>();
  /** MCS of UL DCIs in debug slot decisions, by rnti and HARQ id, until their PUSCH. */
  readonly ulDciMcs = new Map<number, number>();
  /** Preambles whose UE is not known yet. */
  readonly preambles = new UnnamedPreambles();

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
