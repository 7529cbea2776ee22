/**
 * Collects the KPIs of one range of a file, keyed by what each record says of its subject
 * (cell, UE id, RNTI) and by second. Joining subjects that are the same UE (a PHY line that
 * names only the RNTI, a range that starts after the UE was created) happens later, when
 * ranges are merged, because only then is the whole file known.
 */
import type { KpiCounters } from '../../../src-shared/kpis.js';
import { mergeCounters } from '../../../src-shared/kpis.js';
import type { MacRecord } from '../../../src-shared/records.js';
import { countRecord, emptyCounters, MCS_BINS, StatsCounter } from './accumulator.js';

/** What one range learned of one subject. Plain data: it crosses threads. */
export interface SubjectPart {
  cell: string | null;
  ue: string | null;
  rnti: number | null;
  /** Counters from per-slot records, and from the log's own statistics. */
  fromRecords: KpiCounters;
  fromStats: KpiCounters;
  /** Per second (on the range's raw clock), parallel arrays for cheap transfer. */
  seconds: number[];
  secondsRecords: KpiCounters[];
  secondsStats: KpiCounters[];
  dlMcsHist: number[];
  ulMcsHist: number[];
  raFailCauses: Record<string, number>;
  first: [number, number];
  last: [number, number];
  rntis: number[];
  created: number;
  removed: number;
  rntiChanges: number;
  ulFailures: number;
  /** The log's statistics were running totals (OAI), not per-period values. */
  cumulative: boolean;
}

/** A (ue, rnti, cell) triple seen together on one record: how subjects are joined. */
export type Binding = [ue: string, rnti: number | null, cell: string | null];

class Subject {
  readonly fromRecords = emptyCounters();
  readonly fromStats = emptyCounters();
  readonly perSecond = new Map<number, { records: KpiCounters; stats: KpiCounters }>();
  readonly dlMcsHist = new Array<number>(MCS_BINS).fill(0);
  readonly ulMcsHist = new Array<number>(MCS_BINS).fill(0);
  readonly raFailCauses: Record<string, number> = {};
  readonly rntis = new Set<number>();
  readonly stats = new StatsCounter();
  first: [number, number] = [Infinity, 0];
  last: [number, number] = [-Infinity, 0];
  created = 0;
  removed = 0;
  rntiChanges = 0;
  ulFailures = 0;
  cumulative = false;
  private lastSecond = NaN;
  private lastBucket: { records: KpiCounters; stats: KpiCounters } | null = null;

  constructor(
    readonly cell: string | null,
    readonly ue: string | null,
    readonly rnti: number | null,
  ) {}

  bucket(sec: number): { records: KpiCounters; stats: KpiCounters } {
    // Records come mostly in time order: the bucket of the previous record is the usual hit.
    if (sec === this.lastSecond && this.lastBucket) return this.lastBucket;
    let b = this.perSecond.get(sec);
    if (!b) {
      b = { records: emptyCounters(), stats: emptyCounters() };
      this.perSecond.set(sec, b);
    }
    this.lastSecond = sec;
    this.lastBucket = b;
    return b;
  }

  add(r: MacRecord): void {
    this.touch(r.tSec, r.tNsec);
    if (r.rnti !== null) this.rntis.add(r.rnti);
    const b = this.bucket(r.tSec);

    if (r.kind === 'stats') {
      if (r.periodSec === null) this.cumulative = true;
      // Cumulative statistics count as increments: work them out once, add them twice.
      const delta = emptyCounters();
      this.stats.count(delta, r);
      mergeCounters(this.fromStats, delta);
      mergeCounters(b.stats, delta);
      return;
    }
    countRecord(this.fromRecords, r);
    countRecord(b.records, r);
    this.countExtras(r);
  }

  private countExtras(r: MacRecord): void {
    if (r.kind === 'grant' && r.mcs !== null && r.mcs >= 0 && r.mcs < MCS_BINS) {
      (r.dir === 'dl' ? this.dlMcsHist : this.ulMcsHist)[r.mcs]++;
    } else if (r.kind === 'ra' && r.outcome === 'fail') {
      const cause = r.cause ?? 'unknown';
      this.raFailCauses[cause] = (this.raFailCauses[cause] ?? 0) + 1;
    } else if (r.kind === 'ue') {
      if (r.event === 'created') this.created++;
      else if (r.event === 'removed') this.removed++;
      else if (r.event === 'rnti-change') this.rntiChanges++;
      else if (r.event === 'ul-failure' || r.event === 'rlf') this.ulFailures++;
    }
  }

  private touch(sec: number, nsec: number): void {
    if (sec < this.first[0] || (sec === this.first[0] && nsec < this.first[1])) {
      this.first = [sec, nsec];
    }
    if (sec > this.last[0] || (sec === this.last[0] && nsec > this.last[1])) {
      this.last = [sec, nsec];
    }
  }

  toPart(): SubjectPart {
    const seconds = [...this.perSecond.keys()].sort((a, b) => a - b);
    return {
      cell: this.cell,
      ue: this.ue,
      rnti: this.rnti,
      fromRecords: this.fromRecords,
      fromStats: this.fromStats,
      seconds,
      secondsRecords: seconds.map((s) => this.perSecond.get(s)!.records),
      secondsStats: seconds.map((s) => this.perSecond.get(s)!.stats),
      dlMcsHist: this.dlMcsHist,
      ulMcsHist: this.ulMcsHist,
      raFailCauses: this.raFailCauses,
      first: this.first,
      last: this.last,
      rntis: [...this.rntis],
      created: this.created,
      removed: this.removed,
      rntiChanges: this.rntiChanges,
      ulFailures: this.ulFailures,
      cumulative: this.cumulative,
    };
  }
}

export class RangeAggregator {
  private readonly subjects = new Map<string, Subject>();
  private readonly bindings = new Map<string, Binding>();
  private last: Subject | null = null;

  add(r: MacRecord): void {
    // Consecutive records are mostly of the same subject: compare before building a key.
    let subject = this.last;
    if (!subject || subject.cell !== r.cell || subject.ue !== r.ue || subject.rnti !== r.rnti) {
      subject = this.subjectOf(r);
      this.last = subject;
    }
    subject.add(r);
  }

  private subjectOf(r: MacRecord): Subject {
    const key = `${r.cell ?? ''}|${r.ue ?? ''}|${r.rnti ?? ''}`;
    let subject = this.subjects.get(key);
    if (!subject) {
      subject = new Subject(r.cell, r.ue, r.rnti);
      this.subjects.set(key, subject);
      if (r.ue !== null) this.bindings.set(key, [r.ue, r.rnti, r.cell]);
    }
    return subject;
  }

  parts(): SubjectPart[] {
    return [...this.subjects.values()].map((s) => s.toPart());
  }

  /** In order of first appearance, which matters when an RNTI is reused by another UE. */
  bindingList(): Binding[] {
    return [...this.bindings.values()];
  }
}
