/**
 * Merges the outcomes of a file's ranges into one result: absolute line numbers, one
 * timeline, one subject per UE and per cell, derived KPIs and the malperforming flag.
 */
import type { FileResult, LineExample, LineTally, SubjectSeries } from '../../src-shared/ingest.js';
import type { DerivedKpis, KpiCounters, KpiSecond, SubjectSummary } from '../../src-shared/kpis.js';
import { deriveKpis, emptyCounters, mergeCounters } from '../../src-shared/kpis.js';
import type { RecordKind } from '../../src-shared/records.js';
import { Connections } from './connections.js';
import type { ClockKind } from './formats/types.js';
import type { Binding, Snapshots, SubjectPart } from './kpi/aggregator.js';
import { MCS_BINS } from './kpi/accumulator.js';
import { addPackedRow, unpackCounters } from './kpi/packed.js';
import { verdict, type Thresholds } from './kpi/rules.js';
import type { RangeOutcome } from './parse-range.js';
import { unrecognisedRunWarnings } from './unrecognised-runs.js';

const DAY = 86_400;
/** The furthest a local time is ahead of UTC (UTC+14). */
const MAX_UTC_OFFSET = 14 * 3600;

/** Where a log without dates gets its date: the user, the log's header, or the file time. */
export interface TimeAnchor {
  /** Unix seconds the user gave (`--anchor`), or null. */
  userSec: number | null;
  /** Unix seconds the log's own header gives for its start, or null. */
  headerSec?: number | null;
  fileMtimeSec: number;
}

export interface MergeInput {
  outcomes: RangeOutcome[];
  /** The format's id, for the warnings. */
  formatId: string;
  clock: ClockKind;
  anchor: TimeAnchor;
  thresholds: Thresholds;
  maxExamples: number;
}

export type MergedResult = Omit<FileResult, 'file' | 'format' | 'parseMs'>;

export function mergeOutcomes(input: MergeInput): MergedResult {
  const outcomes = [...input.outcomes].sort((a, b) => a.index - b.index);
  const { bases, timeAnchor } = timelineBases(outcomes, input.clock, input.anchor);
  const lineOffsets = prefixSums(outcomes.map((o) => o.lines));

  const subjects = joinSubjects(outcomes, bases);
  const ues = [...subjects.values()].filter((s) => s.ue !== null);
  const cells = cellSubjects(subjects);

  const summaries = (list: MergedSubject[]) =>
    list.map((s) => summarise(s, input.thresholds)).sort(bySubject);
  const span = overallSpan(outcomes, bases);

  return {
    lines: sumTallies(outcomes.map((o) => o.tally)),
    recordsByKind: sumKinds(outcomes.map((o) => o.recordsByKind)),
    unrecognisedExamples: examples(outcomes, lineOffsets, input.maxExamples),
    firstNs: span ? toNs(span.min) : null,
    lastNs: span ? toNs(span.max) : null,
    timeAnchor,
    timeBaseSec: bases[0] ?? 0,
    ues: summaries(ues),
    cells: summaries(cells),
    series: [...ues, ...cells].sort(bySubject).map(toSeries),
    warnings: warnings(outcomes, lineOffsets, input.formatId),
  };
}

/**
 * Seconds to add to each range's raw clock. Time-of-day ranges also need the midnights
 * crossed before them: inside earlier ranges, and between one range's last record and
 * the next one's first.
 */
function timelineBases(
  outcomes: RangeOutcome[],
  clock: ClockKind,
  anchor: TimeAnchor,
): { bases: number[]; timeAnchor: string | null } {
  if (clock === 'epoch') return { bases: outcomes.map(() => 0), timeAnchor: null };

  const given = anchor.userSec ?? anchor.headerSec ?? null;
  const source =
    anchor.userSec !== null
      ? 'the --anchor time'
      : given !== null
        ? "the log's own header"
        : 'the file time (its last write)';

  if (clock === 'elapsed') {
    const last = Math.max(0, ...outcomes.map((o) => o.clock.max?.[0] ?? 0));
    const start = given ?? anchor.fileMtimeSec - last;
    return {
      bases: outcomes.map(() => start),
      timeAnchor: `no timestamps in this log: time counts from ${iso(start)}, taken from ${source}`,
    };
  }

  const dayOffsets: number[] = [];
  let days = 0;
  let previousLast: number | null = null;
  for (const o of outcomes) {
    const first = o.clock.firstSec;
    if (first !== null && previousLast !== null && first < previousLast - DAY / 2) days++;
    dayOffsets.push(days);
    days += o.clock.dayWraps;
    if (o.clock.lastSec !== null) previousLast = o.clock.lastSec;
  }

  const midnight = (sec: number) => Math.floor(sec / DAY) * DAY;
  let day0 = given !== null ? midnight(given) : midnight(anchor.fileMtimeSec) - days * DAY;
  let how = given !== null ? source : `${source}, ${days} midnight(s) earlier`;
  if (given === null && previousLast !== null) {
    // The last line cannot be much later than the file's last write. Up to 14 hours later
    // it may be a log in local time east of UTC; beyond that, the day is the one before
    // (a log copied just after midnight, whose copy has the time of the copy).
    const lastLine = day0 + days * DAY + previousLast;
    if (lastLine > anchor.fileMtimeSec + MAX_UTC_OFFSET) {
      day0 -= DAY;
      how += ', and a day before that: the log ends after the file was last written';
    }
  }
  return {
    bases: dayOffsets.map((d) => day0 + d * DAY),
    timeAnchor: `times have no date in this log: day one is ${iso(day0).slice(0, 10)}, from ${how}`,
  };
}

interface MergedSubject {
  cell: string | null;
  ue: string | null;
  fromRecords: KpiCounters;
  fromStats: KpiCounters;
  /** Every second the subject has counters in; `records` and `stats` leave empty ones out. */
  seconds: Set<number>;
  records: Map<number, KpiCounters>;
  stats: Map<number, KpiCounters>;
  dlMcsHist: number[];
  ulMcsHist: number[];
  raFailCauses: Record<string, number>;
  first: [number, number];
  last: [number, number];
  rntis: Set<number>;
  created: number;
  removed: number;
  rntiChanges: number;
  ulFailures: number;
  raGrants: number;
  /** Snapshots of running totals the subject's KPIs come from (a cell: of its UEs). */
  snapshots: Snapshots | null;
  /** A cell with UEs known from per-slot records, whose bytes spread over its whole span. */
  recordTraffic: boolean;
  /** A cell with UEs known from the log's statistics alone, whose bytes count per period. */
  statsTraffic: boolean;
}

function newSubject(cell: string | null, ue: string | null): MergedSubject {
  return {
    cell,
    ue,
    fromRecords: emptyCounters(),
    fromStats: emptyCounters(),
    seconds: new Set(),
    records: new Map(),
    stats: new Map(),
    dlMcsHist: new Array<number>(MCS_BINS).fill(0),
    ulMcsHist: new Array<number>(MCS_BINS).fill(0),
    raFailCauses: {},
    first: [Infinity, 0],
    last: [-Infinity, 0],
    rntis: new Set(),
    created: 0,
    removed: 0,
    rntiChanges: 0,
    ulFailures: 0,
    raGrants: 0,
    snapshots: null,
    recordTraffic: false,
    statsTraffic: false,
  };
}

/**
 * Who each part belongs to. A part that names only an RNTI joins the UE last seen with
 * that RNTI (in the same cell when known); one with a UE id but no cell takes the cell
 * that UE was seen in, and one with neither takes the cell its RNTI was seen in, when
 * that is one cell. What stays unnamed is kept under its RNTI, or at cell level.
 */
class Identities {
  private readonly ueByRnti = new Map<string, string>();
  private readonly cellByUe = new Map<string, string>();
  /** The cells each RNTI was seen in, from parts that name both. */
  private readonly cellsByRnti = new Map<number, Set<string>>();

  constructor(bindings: Binding[], parts: SubjectPart[]) {
    for (const p of parts) {
      if (p.rnti === null || p.cell === null) continue;
      let cells = this.cellsByRnti.get(p.rnti);
      if (!cells) this.cellsByRnti.set(p.rnti, (cells = new Set()));
      cells.add(p.cell);
    }
    for (const [ue, rnti, cell] of bindings) {
      if (rnti !== null) {
        this.ueByRnti.set(`${cell ?? ''}|${rnti}`, ue);
        if (!this.ueByRnti.has(`|${rnti}`) || cell === null) this.ueByRnti.set(`|${rnti}`, ue);
      }
      if (cell !== null && !this.cellByUe.has(ue)) this.cellByUe.set(ue, cell);
    }
  }

  resolve(part: SubjectPart): { cell: string | null; ue: string | null } {
    let ue = part.ue;
    if (ue === null && part.rnti !== null) {
      ue =
        this.ueByRnti.get(`${part.cell ?? ''}|${part.rnti}`) ??
        this.ueByRnti.get(`|${part.rnti}`) ??
        `rnti 0x${part.rnti.toString(16)}`;
    }
    const cell =
      part.cell ?? (ue !== null ? this.cellByUe.get(ue) : undefined) ?? this.onlyCellOf(part.rnti);
    return { cell, ue };
  }

  private onlyCellOf(rnti: number | null): string | null {
    const cells = rnti === null ? undefined : this.cellsByRnti.get(rnti);
    return cells?.size === 1 ? [...cells][0] : null;
  }
}

function joinSubjects(outcomes: RangeOutcome[], bases: number[]): Map<string, MergedSubject> {
  const identities = new Identities(
    outcomes.flatMap((o) => o.bindings),
    outcomes.flatMap((o) => o.parts),
  );
  const connections = findConnections(outcomes, bases, identities);
  const subjects = new Map<string, MergedSubject>();

  outcomes.forEach((o, i) => {
    const base = bases[i];
    for (const part of o.parts) {
      const resolved = identities.resolve(part);
      const cell = resolved.cell;
      const ue =
        resolved.ue === null
          ? null
          : connections.nameOf(resolved.ue, part.rnti, startOf(part, base));
      const key = `${cell ?? ''}|${ue ?? ''}`;
      let s = subjects.get(key);
      if (!s) subjects.set(key, (s = newSubject(cell, ue)));
      addPart(s, part, base);
    }
  });
  return subjects;
}

/** The connections of each UE id: the RNTIs it was created under (see connections.ts). */
function findConnections(
  outcomes: RangeOutcome[],
  bases: number[],
  identities: Identities,
): Connections {
  const connections = new Connections();
  outcomes.forEach((o, i) => {
    for (const part of o.parts) {
      if (part.created === 0 || part.rnti === null) continue;
      const { ue } = identities.resolve(part);
      const start = startOf(part, bases[i]);
      if (ue !== null && start !== null) connections.created(ue, part.rnti, start);
    }
  });
  connections.finish();
  return connections;
}

function startOf(part: SubjectPart, base: number): [number, number] | null {
  return part.first[0] === Infinity ? null : [part.first[0] + base, part.first[1]];
}

function addPart(s: MergedSubject, p: SubjectPart, base: number): void {
  mergeCounters(s.fromRecords, p.fromRecords);
  mergeCounters(s.fromStats, p.fromStats);
  p.seconds.forEach((sec, j) => {
    s.seconds.add(sec + base);
    if (p.secondsRecords) addPackedSecond(s.records, sec + base, p.secondsRecords, j);
    if (p.secondsStats) addPackedSecond(s.stats, sec + base, p.secondsStats, j);
  });
  addInto(s.dlMcsHist, p.dlMcsHist);
  addInto(s.ulMcsHist, p.ulMcsHist);
  for (const [cause, n] of Object.entries(p.raFailCauses)) {
    s.raFailCauses[cause] = (s.raFailCauses[cause] ?? 0) + n;
  }
  if (p.first[0] !== Infinity) {
    s.first = earlier(s.first, [p.first[0] + base, p.first[1]]);
    s.last = later(s.last, [p.last[0] + base, p.last[1]]);
  }
  p.rntis.forEach((r) => s.rntis.add(r));
  s.created += p.created;
  s.removed += p.removed;
  s.rntiChanges += p.rntiChanges;
  s.ulFailures += p.ulFailures;
  s.raGrants += p.raGrants;
  if (p.snapshots) {
    const { first, last } = p.snapshots;
    const moved: Snapshots = {
      ...p.snapshots,
      first: [first[0] + base, first[1]],
      last: [last[0] + base, last[1]],
    };
    s.snapshots = joinSnapshots(s.snapshots, moved);
  }
}

/** A cell's KPIs are those of its UEs plus what was logged for the cell alone. */
function cellSubjects(subjects: Map<string, MergedSubject>): MergedSubject[] {
  // Lines that name no cell (a PHY PRACH line, say) belong to the cell when there is one.
  const named = new Set<string>();
  for (const s of subjects.values()) if (s.cell !== null) named.add(s.cell);
  const onlyCell = named.size === 1 ? [...named][0] : null;

  const cells = new Map<string, MergedSubject>();
  for (const s of subjects.values()) {
    const name = s.cell ?? onlyCell;
    const key = name ?? '';
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = newSubject(name, null)));
    const counters = chooseSource(s);
    mergeCounters(cell.fromRecords, counters.total);
    const traffic = counters.total.dlBytes + counters.total.ulBytes > 0;
    if (counters.fromStats) {
      cell.snapshots = joinSnapshots(cell.snapshots, s.snapshots);
      if (traffic) cell.statsTraffic = true;
    } else if (traffic) cell.recordTraffic = true;
    for (const [sec, c] of counters.seconds) {
      cell.seconds.add(sec);
      addSecond(cell.records, sec, c);
    }
    addInto(cell.dlMcsHist, s.dlMcsHist);
    addInto(cell.ulMcsHist, s.ulMcsHist);
    for (const [cause, n] of Object.entries(s.raFailCauses)) {
      cell.raFailCauses[cause] = (cell.raFailCauses[cause] ?? 0) + n;
    }
    if (s.first[0] !== Infinity) {
      cell.first = earlier(cell.first, s.first);
      cell.last = later(cell.last, s.last);
    }
    s.rntis.forEach((r) => cell.rntis.add(r));
    cell.created += s.created;
    cell.removed += s.removed;
    cell.rntiChanges += s.rntiChanges;
    cell.ulFailures += s.ulFailures;
  }
  return [...cells.values()];
}

/**
 * A subject's per-slot records are the better source whenever the log has them; a
 * subject known only from the log's own statistics (console tables, OAI blocks) uses
 * those. A measure the records never carry (srsRAN info-level grants print no MCS, say)
 * is taken from the statistics when they have it. Random access is only ever records.
 */
function chooseSource(s: MergedSubject): Source {
  const r = s.fromRecords;
  // Failures count too: a log may print them and never a success (see DecodeRecord). Msg3
  // grants do not: an info-level OAI log has them and no other grant of the UE.
  const grants = r.dlGrants + r.ulGrants - s.raGrants;
  const scheduling = grants + r.dlDecodes + r.ulDecodes + r.dlFails + r.ulFails;
  if (scheduling > 0 || isEmpty(s.fromStats)) {
    const groups = MEASURES.filter((g) => r[g.n] === 0 && s.fromStats[g.n] > 0);
    const total = { ...r };
    for (const g of groups) copyMeasure(total, s.fromStats, g);
    return { total, seconds: recordSeconds(s, groups), fromStats: false };
  }

  const total = { ...s.fromStats, raAttempts: r.raAttempts, raOk: r.raOk, raFail: r.raFail };
  return { total, seconds: statsSeconds(s), fromStats: true };
}

/** Each second's record counters, with the measures in `groups` from the statistics. */
function recordSeconds(s: MergedSubject, groups: Measure[]): Map<number, KpiCounters> {
  const seconds = new Map<number, KpiCounters>();
  for (const sec of s.seconds) {
    const stats = s.stats.get(sec);
    const taken = stats ? groups.filter((g) => stats[g.n] > 0) : [];
    const records = s.records.get(sec);
    if (taken.length === 0) {
      seconds.set(sec, records ?? emptyCounters());
      continue;
    }
    const c = records ? { ...records } : emptyCounters();
    for (const g of taken) copyMeasure(c, stats!, g);
    seconds.set(sec, c);
  }
  return seconds;
}

/** Each second's statistics, with the random access the records count. */
function statsSeconds(s: MergedSubject): Map<number, KpiCounters> {
  const seconds = new Map<number, KpiCounters>();
  for (const sec of s.seconds) {
    const stats = s.stats.get(sec);
    const c = stats ? { ...stats } : emptyCounters();
    const records = s.records.get(sec);
    if (records) {
      c.raAttempts += records.raAttempts;
      c.raOk += records.raOk;
      c.raFail += records.raFail;
    }
    seconds.set(sec, c);
  }
  return seconds;
}

interface Source {
  total: KpiCounters;
  seconds: Map<number, KpiCounters>;
  /** True when the counters come from the log's own statistics. */
  fromStats: boolean;
}

/** Measures that are means of reports: a sum, a count, and maybe an extreme. */
interface Measure {
  sum: keyof KpiCounters;
  n: keyof KpiCounters;
  extreme?: keyof KpiCounters;
}

const MEASURES: Measure[] = [
  { sum: 'dlMcsSum', n: 'dlMcsN' },
  { sum: 'ulMcsSum', n: 'ulMcsN' },
  { sum: 'cqiSum', n: 'cqiN' },
  { sum: 'phrSum', n: 'phrN', extreme: 'phrMin' },
  { sum: 'bsrSum', n: 'bsrN', extreme: 'bsrMax' },
  { sum: 'sinrSum', n: 'sinrN' },
];

function copyMeasure(into: KpiCounters, from: KpiCounters, m: Measure): void {
  into[m.sum] = from[m.sum];
  into[m.n] = from[m.n];
  if (m.extreme) into[m.extreme] = from[m.extreme];
}

function isEmpty(c: KpiCounters): boolean {
  return c.dlGrants + c.ulGrants + c.dlDecodes + c.ulDecodes + c.phrN + c.cqiN + c.bsrN === 0;
}

/**
 * The time a subject's rates are over. From records: its life, first record to last (at
 * least a second: a UE seen for one TB has no time of its own). From a log's statistics:
 * the periods they cover, one per second from the first report's to the last's.
 */
function lifeSeconds(s: MergedSubject, fromStats: boolean): number {
  if (s.first[0] === Infinity) return 1;
  if (fromStats) return s.last[0] - s.first[0] + 1;
  return s.last[0] - s.first[0] + (s.last[1] - s.first[1]) / 1e9;
}

function summarise(s: MergedSubject, thresholds: Thresholds): SubjectSummary {
  const source = chooseSource(s);
  const { total } = source;
  // A cell's totals are its UEs' sums, which look like records to chooseSource; one whose
  // traffic all comes from its UEs' statistics counts time as they do, so that a cell of
  // one UE has that UE's rate.
  const periodic = source.fromStats || (s.ue === null && s.statsTraffic && !s.recordTraffic);
  const seconds = lifeSeconds(s, periodic);
  const kpis = deriveKpis(total, seconds);
  // A cell's snapshots are those of its UEs whose KPIs come from them.
  const snapshots = source.fromStats || s.ue === null ? s.snapshots : null;
  if (snapshots) Object.assign(kpis, snapshotRates(total, snapshots, s.recordTraffic, seconds));
  // A cell is judged like a UE: random access that fails before any UE id is the cell's.
  return {
    cell: s.cell,
    ue: s.ue,
    counters: total,
    kpis,
    life: {
      firstNs: s.first[0] === Infinity ? '0' : toNs(s.first),
      lastNs: s.first[0] === Infinity ? '0' : toNs(s.last),
      rntis: [...s.rntis].sort((a, b) => a - b),
      created: s.created,
      removed: s.removed,
      rntiChanges: s.rntiChanges,
      ulFailures: s.ulFailures,
    },
    dlMcsHist: s.dlMcsHist,
    ulMcsHist: s.ulMcsHist,
    raFailCauses: s.raFailCauses,
    ...verdict(kpis, total, thresholds),
  };
}

/**
 * Bit rates from running totals: what grew after the first snapshot, over the time from the
 * first to the last. The first snapshot's totals were counted over a time before it that
 * the log does not tell, so a single snapshot gives no rate at all. A cell that also has
 * UEs known from per-slot records takes its whole span, as for those. Delivered DL bytes
 * are not among the totals (OAI counts bytes sent, and bytes received in UL).
 */
function snapshotRates(
  c: KpiCounters,
  snaps: Snapshots,
  recordTraffic: boolean,
  wholeSpan: number,
): Partial<DerivedKpis> {
  const snapSpan = snaps.last[0] - snaps.first[0] + (snaps.last[1] - snaps.first[1]) / 1e9;
  const span = recordTraffic ? wholeSpan : snapSpan;
  const rate = (bytes: number) => (span > 0 ? (bytes * 8) / span : null);
  const rates: Partial<DerivedKpis> = {
    dlBitrateBps: rate(c.dlBytes - snaps.prior.dlBytes),
    ulBitrateBps: rate(c.ulBytes - snaps.prior.ulBytes),
    ulOkBitrateBps: rate(c.ulOkBytes - snaps.prior.ulOkBytes),
  };
  if (!recordTraffic) rates.dlOkBitrateBps = null;
  return rates;
}

/** The snapshots of two parts of one subject: each part's first brought totals of its own. */
function joinSnapshots(a: Snapshots | null, b: Snapshots | null): Snapshots | null {
  if (a === null || b === null) return a ?? b;
  const prior = { ...a.prior };
  mergeCounters(prior, b.prior);
  return { first: earlier(a.first, b.first), last: later(a.last, b.last), prior };
}

function toSeries(s: MergedSubject): SubjectSeries {
  const { seconds } = chooseSource(s);
  const list: KpiSecond[] = [...seconds.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, counters]) => ({ t, counters }));
  return { subject: { cell: s.cell, ue: s.ue }, seconds: list };
}

function examples(outcomes: RangeOutcome[], offsets: number[], max: number): LineExample[] {
  return outcomes
    .flatMap((o, i) => o.examples.map((e) => ({ line: e.line + offsets[i], text: e.text })))
    .slice(0, max);
}

function warnings(outcomes: RangeOutcome[], offsets: number[], formatId: string): string[] {
  const list: string[] = [];
  outcomes.forEach((o, i) => {
    for (const long of o.overlong) {
      list.push(`line ${long.line + offsets[i]} is ${long.bytes} bytes long and was skipped`);
    }
    if (o.truncated) list.push(o.truncated);
  });

  const notUtf8 = notUtf8Warning(outcomes, offsets);
  if (notUtf8) list.push(notUtf8);
  const ranges = outcomes.map((o) => ({
    runs: o.unrecognisedRuns,
    lines: o.lines,
    records: o.tally.record,
    unrecognised: o.tally.unrecognised,
  }));
  list.push(...unrecognisedRunWarnings(ranges, formatId));
  return list;
}

/** The first line with bytes that are not UTF-8 and no record, and how many there are. */
function notUtf8Warning(outcomes: RangeOutcome[], offsets: number[]): string | null {
  const i = outcomes.findIndex((o) => o.notUtf8 !== null);
  if (i < 0) return null;
  const lines = outcomes.reduce((n, o) => n + (o.notUtf8?.lines ?? 0), 0);
  return (
    `line ${outcomes[i].notUtf8!.first + offsets[i]} has bytes that are not UTF-8 and gave ` +
    `no record: counted as unrecognised (${lines} ${lines === 1 ? 'line' : 'lines'} in all)`
  );
}

function overallSpan(
  outcomes: RangeOutcome[],
  bases: number[],
): { min: [number, number]; max: [number, number] } | null {
  let min: [number, number] | null = null;
  let max: [number, number] | null = null;
  outcomes.forEach((o, i) => {
    if (!o.clock.min || !o.clock.max) return;
    const lo: [number, number] = [o.clock.min[0] + bases[i], o.clock.min[1]];
    const hi: [number, number] = [o.clock.max[0] + bases[i], o.clock.max[1]];
    min = min ? earlier(min, lo) : lo;
    max = max ? later(max, hi) : hi;
  });
  return min && max ? { min, max } : null;
}

function addSecond(into: Map<number, KpiCounters>, sec: number, c: KpiCounters): void {
  const existing = into.get(sec);
  if (existing) mergeCounters(existing, c);
  else into.set(sec, { ...c });
}

/** `addSecond` for row `row` of a range's packed counters. */
function addPackedSecond(
  into: Map<number, KpiCounters>,
  sec: number,
  rows: Float64Array,
  row: number,
): void {
  const existing = into.get(sec);
  if (existing) addPackedRow(existing, rows, row);
  else into.set(sec, unpackCounters(rows, row));
}

function addInto(into: number[], from: number[]): void {
  from.forEach((n, i) => (into[i] = (into[i] ?? 0) + n));
}

function earlier(a: [number, number], b: [number, number]): [number, number] {
  return b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]) ? b : a;
}

function later(a: [number, number], b: [number, number]): [number, number] {
  return b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? b : a;
}

function toNs([sec, nsec]: [number, number]): string {
  return (BigInt(sec) * 1_000_000_000n + BigInt(nsec)).toString();
}

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString();
}

function prefixSums(xs: number[]): number[] {
  const out: number[] = [];
  let total = 0;
  for (const x of xs) {
    out.push(total);
    total += x;
  }
  return out;
}

function sumTallies(tallies: LineTally[]): LineTally {
  const total: LineTally = { lines: 0, record: 0, other: 0, unrecognised: 0 };
  for (const t of tallies) {
    total.lines += t.lines;
    total.record += t.record;
    total.other += t.other;
    total.unrecognised += t.unrecognised;
  }
  return total;
}

function sumKinds(
  list: Partial<Record<RecordKind, number>>[],
): Partial<Record<RecordKind, number>> {
  const total: Partial<Record<RecordKind, number>> = {};
  for (const kinds of list) {
    for (const [kind, n] of Object.entries(kinds) as [RecordKind, number][]) {
      total[kind] = (total[kind] ?? 0) + n;
    }
  }
  return total;
}

function bySubject(
  a: { cell: string | null; ue: string | null },
  b: { cell: string | null; ue: string | null },
): number {
  return compareNames(a.cell, b.cell) || compareNames(a.ue, b.ue);
}

/**
 * Names in the order a reader counts them: numbers by value, hexadecimal RNTIs too
 * ("rnti 0x4a" after "rnti 0x46", "0x8c7" before "0x16d2"), the rest alphabetically.
 */
function compareNames(a: string | null, b: string | null): number {
  return sortable(a).localeCompare(sortable(b), undefined, { numeric: true });
}

function sortable(name: string | null): string {
  return (name ?? '').replace(/0x([0-9a-f]+)/gi, (_, hex: string) => String(parseInt(hex, 16)));
}
