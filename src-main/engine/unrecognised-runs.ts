/**
 * Finds where a file stops being its format: a long stretch in which most lines fit none of
 * the format's rules, after lines that did (another log appended, or pasted in).
 *
 * A run is a chain of unrecognised lines with no record line among them and at most
 * MAX_GAP lines from one to the next. Ranges build their runs from their own lines, and
 * the merge joins the last run of a range to the first of the next by the same rule, on
 * absolute numbers, so the runs are the same in any number of ranges. Only unrecognised
 * lines do any work here: a record line ends a run by moving the record count, which the
 * next unrecognised line compares.
 *
 * The merge then joins runs of MIN_PIECE lines or more into stretches, as long as no record
 * comes between and most of the stretch's lines stay unrecognised: lines the format takes
 * for a dump (another log's JSON, say) cut a run, not the stretch. Single unrecognised
 * lines here and there join nothing, so they cannot make a stretch start early.
 */

/** Lines between two unrecognised lines of one run, at most (blank lines, short dumps). */
const MAX_GAP = 32;
/** Unrecognised lines of a run that may join a stretch. */
const MIN_PIECE = 16;
/** Unrecognised lines a stretch needs before it says anything. */
const MIN_STRETCH = 200;
/** Lines before a stretch that must mostly fit the format: the format was right there. */
const MIN_FITTING = 100;

export interface UnrecognisedRun {
  /** First and last unrecognised line (range-local in a RangeOutcome). */
  first: number;
  last: number;
  /** Unrecognised lines in it. */
  count: number;
  /** Record lines and unrecognised lines before `first` (range-local likewise). */
  recordsBefore: number;
  unrecognisedBefore: number;
}

/** Whether a run beginning at `first` continues `run`: no record between, no long gap. */
function continues(run: UnrecognisedRun, first: number, recordsBefore: number): boolean {
  return recordsBefore === run.recordsBefore && first - run.last <= MAX_GAP + 1;
}

/**
 * A range's runs: its first and last (which may join a neighbour's) and those between of
 * MIN_PIECE lines or more; a shorter one inside the range can never grow, so it is dropped.
 */
export class RunTracker {
  private readonly kept: UnrecognisedRun[] = [];
  private current: UnrecognisedRun | null = null;

  /** An unrecognised line, with the range's counts of the lines before it. */
  add(line: number, recordsBefore: number, unrecognisedBefore: number): void {
    const run = this.current;
    if (run && continues(run, line, recordsBefore)) {
      run.last = line;
      run.count++;
      return;
    }
    if (run && (this.kept.length === 0 || run.count >= MIN_PIECE)) this.kept.push(run);
    this.current = { first: line, last: line, count: 1, recordsBefore, unrecognisedBefore };
  }

  runs(): UnrecognisedRun[] {
    return this.current ? [...this.kept, this.current] : [...this.kept];
  }
}

export interface RangeRuns {
  runs: UnrecognisedRun[];
  /** The range's own lines, record lines and unrecognised lines. */
  lines: number;
  records: number;
  unrecognised: number;
}

/**
 * Warnings for the long stretches of a file, from its ranges in order. A stretch is worth
 * one when it has MIN_STRETCH unrecognised lines, they are most of its lines, and the
 * MIN_FITTING or more lines before it (since the file's start or the previous such
 * stretch) mostly fit.
 */
export function unrecognisedRunWarnings(ranges: RangeRuns[], formatId: string): string[] {
  const stretches = joinStretches(joinRuns(ranges).filter((r) => r.count >= MIN_PIECE));
  const lines = ranges.reduce((n, r) => n + r.lines, 0);
  const records = ranges.reduce((n, r) => n + r.records, 0);

  const list: string[] = [];
  let fromLine = 1;
  let unrecognisedFrom = 0;
  for (const s of stretches) {
    if (s.count < MIN_STRETCH || !mostly(s.count, s.first, s.last)) continue;
    const before = s.first - fromLine;
    const unrecognisedBefore = s.unrecognisedBefore - unrecognisedFrom;
    if (before >= MIN_FITTING && !mostly(unrecognisedBefore, fromLine, s.first - 1)) {
      const toTheEnd = records === s.recordsBefore && lines - s.last <= MAX_GAP;
      list.push(describe(s, formatId, toTheEnd));
    }
    fromLine = s.last + 1;
    unrecognisedFrom = s.unrecognisedBefore + s.count;
  }
  return list;
}

/** Whether `count` lines are most of the lines `first` to `last`. */
function mostly(count: number, first: number, last: number): boolean {
  return count * 2 > last - first + 1;
}

/** Runs in line order joined while no record comes between and most lines stay unrecognised. */
function joinStretches(runs: UnrecognisedRun[]): UnrecognisedRun[] {
  const stretches: UnrecognisedRun[] = [];
  for (const run of runs) {
    const s = stretches[stretches.length - 1];
    if (
      s &&
      s.recordsBefore === run.recordsBefore &&
      mostly(s.count + run.count, s.first, run.last)
    ) {
      s.last = run.last;
      s.count += run.count;
    } else stretches.push({ ...run });
  }
  return stretches;
}

/** The runs of the whole file on absolute numbers, joined across range boundaries. */
function joinRuns(ranges: RangeRuns[]): UnrecognisedRun[] {
  const runs: UnrecognisedRun[] = [];
  let lines = 0;
  let records = 0;
  let unrecognised = 0;
  for (const range of ranges) {
    for (const r of range.runs) {
      const run: UnrecognisedRun = {
        first: r.first + lines,
        last: r.last + lines,
        count: r.count,
        recordsBefore: r.recordsBefore + records,
        unrecognisedBefore: r.unrecognisedBefore + unrecognised,
      };
      const previous = runs[runs.length - 1];
      if (previous && continues(previous, run.first, run.recordsBefore)) {
        previous.last = run.last;
        previous.count += run.count;
      } else runs.push(run);
    }
    lines += range.lines;
    records += range.records;
    unrecognised += range.unrecognised;
  }
  return runs;
}

function describe(run: UnrecognisedRun, formatId: string, toTheEnd: boolean): string {
  const count = `(${run.count} unrecognised)`;
  return toTheEnd
    ? `from line ${run.first} on, most lines fit no rule of ${formatId} ${count}: ` +
        'is another log appended?'
    : `lines ${run.first} to ${run.last} mostly fit no rule of ${formatId} ${count}: ` +
        'is another log pasted in?';
}
