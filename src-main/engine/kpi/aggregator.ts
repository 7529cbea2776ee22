/**
 * Collects the KPIs of one range of a file, keyed by what each record says of its subject
 * (cell, UE id, RNTI) and by second. Joining subjects that are the same UE (a PHY line that
 * names only the RNTI, a range that starts after the UE was created) happens later, when
 * ranges are merged, because only then is the whole file known.
 */
import type { KpiCounters } from '../../../src-shared/kpis.js';
import { mergeCounters } from '../../../src-shared/kpis.js';
import type { MacRecord, StatsRecord } from '../../../src-shared/records.js';
import { countRecord, emptyCounters, MCS_BINS, StatsCounter } from './accumulator.js';
import { packCounters } from './packed.js';

/** What one range learned of one subject. Plain data: it crosses threads. */
export interface SubjectPart {
  cell: string | null;
  ue: string | null;
  rnti: number | null;
  /** Counters from per-slot records, and from the log's own statistics. */
  fromRecords: KpiCounters;
  fromStats: KpiCounters;
  /** Seconds on the range's raw clock, and their counters packed in rows (see packed.ts). */
  seconds: number[];
  secondsRecords: Float64Array | null;
  secondsStats: Float64Array | null;
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
  /** Grants of random access (Msg3): scheduling records that say nothing of the UE's traffic. */
  raGrants: number;
  /**
   * Where the log's running totals (OAI statistics, not per-period values) were read, for
   * rates between snapshots; null without any.
   */
  snapshots: Snapshots | null;
}

/**
 * The first and last snapshot of running totals, and the totals the first one brought: the
 * log counted them before it, over a time it does not tell, so they belong to the subject's
 * whole-file counters but to no second, and no rate may include them.
 */
export interface Snapshots {
  first: [number, number];
  last: [number, number];
  prior: KpiCounters;
}

/** A (ue, rnti, cell) triple seen together on one record: how subjects are joined. */
export type Binding = [ue: string, rnti: number | null, cell: string | null];

/**
 * One subject's counters. Records are counted once, into their second's bucket; the totals
 * are the sum of the buckets, added up when the range is done. This runs for every record,
 * so it allocates nothing per record.
 */
class Subject {
  readonly perSecond = new Map<number, { records: KpiCounters; stats: KpiCounters }>();
  readonly dlMcsHist = new Array<number>(MCS_BINS).fill(0);
  readonly ulMcsHist = new Array<number>(MCS_BINS).fill(0);
  readonly raFailCauses: Record<string, number> = {};
  readonly stats = new StatsCounter();
  private firstSec = Infinity;
  private firstNsec = 0;
  private lastSec = -Infinity;
  private lastNsec = 0;
  created = 0;
  removed = 0;
  rntiChanges = 0;
  ulFailures = 0;
  raGrants = 0;
  snapshots: Snapshots | null = null;
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
    const b = this.bucket(r.tSec);

    if (r.kind === 'stats') {
      // Cumulative statistics (no period) are counted as increments on the previous snapshot.
      if (r.periodSec === null) this.countSnapshot(b.stats, r);
      else this.stats.count(b.stats, r);
      return;
    }
    countRecord(b.records, r);
    this.countExtras(r);
  }

  /** Counts a snapshot of running totals; the first one's totals are kept apart. */
  private countSnapshot(c: KpiCounters, r: StatsRecord): void {
    const at: [number, number] = [r.tSec, r.tNsec];
    if (this.snapshots === null) {
      const prior = emptyCounters();
      this.stats.count(c, r, prior);
      this.snapshots = { first: at, last: at, prior };
    } else {
      this.stats.count(c, r);
      this.snapshots.last = at;
    }
  }

  private countExtras(r: MacRecord): void {
    if (r.kind === 'grant') {
      if (r.msg3) this.raGrants++;
      if (r.mcs !== null && r.mcs >= 0 && r.mcs < MCS_BINS) {
        (r.dir === 'dl' ? this.dlMcsHist : this.ulMcsHist)[r.mcs]++;
      }
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
    if (sec < this.firstSec || (sec === this.firstSec && nsec < this.firstNsec)) {
      this.firstSec = sec;
      this.firstNsec = nsec;
    }
    if (sec > this.lastSec || (sec === this.lastSec && nsec > this.lastNsec)) {
      this.lastSec = sec;
      this.lastNsec = nsec;
    }
  }

  toPart(): SubjectPart {
    const seconds = [...this.perSecond.keys()].sort((a, b) => a - b);
    const secondsRecords = seconds.map((s) => this.perSecond.get(s)!.records);
    const secondsStats = seconds.map((s) => this.perSecond.get(s)!.stats);
    const fromStats = sumOf(secondsStats);
    if (this.snapshots) mergeCounters(fromStats, this.snapshots.prior);
    return {
      cell: this.cell,
      ue: this.ue,
      rnti: this.rnti,
      fromRecords: sumOf(secondsRecords),
      fromStats,
      seconds,
      secondsRecords: packCounters(secondsRecords),
      secondsStats: packCounters(secondsStats),
      dlMcsHist: this.dlMcsHist,
      ulMcsHist: this.ulMcsHist,
      raFailCauses: this.raFailCauses,
      first: [this.firstSec, this.firstNsec],
      last: [this.lastSec, this.lastNsec],
      // A subject is keyed by its RNTI, so it has at most that one.
      rntis: this.rnti === null ? [] : [this.rnti],
      created: this.created,
      removed: this.removed,
      rntiChanges: this.rntiChanges,
      ulFailures: this.ulFailures,
      raGrants: this.raGrants,
      snapshots: this.snapshots,
    };
  }
}

function sumOf(counters: KpiCounters[]): KpiCounters {
  const total = emptyCounters();
  for (const c of counters) mergeCounters(total, c);
  return total;
}

export class RangeAggregator {
  /** In order of first appearance. */
  private readonly subjects: Subject[] = [];
  /** Subjects by RNTI (-1 for none): a few per RNTI, told apart by cell and UE id. */
  private readonly byRnti = new Map<number, Subject[]>();
  private readonly bindings: Binding[] = [];
  private last: Subject | null = null;

  add(r: MacRecord): void {
    // Consecutive records are mostly of the same subject: compare before looking it up.
    let subject = this.last;
    if (!subject || subject.cell !== r.cell || subject.ue !== r.ue || subject.rnti !== r.rnti) {
      subject = this.subjectOf(r.cell, r.ue, r.rnti);
      this.last = subject;
    }
    subject.add(r);
  }

  private subjectOf(cell: string | null, ue: string | null, rnti: number | null): Subject {
    const key = rnti ?? -1;
    let list = this.byRnti.get(key);
    if (!list) {
      list = [];
      this.byRnti.set(key, list);
    }
    for (const s of list) if (s.cell === cell && s.ue === ue) return s;

    const subject = new Subject(cell, ue, rnti);
    list.push(subject);
    this.subjects.push(subject);
    if (ue !== null) this.bindings.push([ue, rnti, cell]);
    return subject;
  }

  parts(): SubjectPart[] {
    return this.subjects.map((s) => s.toPart());
  }

  /** In order of first appearance, which matters when an RNTI is reused by another UE. */
  bindingList(): Binding[] {
    return this.bindings;
  }
}
