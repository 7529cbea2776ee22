/**
 * Timestamps for simulated log lines, rendered fast: the part up to the second changes once a
 * second, so it is built with a Date only then and cached; the microseconds come from a table.
 * Times are whole microseconds since the Unix epoch (exact in a double until the year 2255).
 */

/** "000" to "999". */
const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) =>
  String(i).padStart(3, '0'),
);

export type ClockStyle = 'iso' | 'time-of-day';

export class Clock {
  private second = Number.NaN;
  private secondPrefix = '';
  private milli = Number.NaN;
  private milliPrefix = '';

  /**
   * @param style 'iso' for "2024-03-01T12:00:00.123456", 'time-of-day' for "12:00:00.123456".
   */
  constructor(private readonly style: ClockStyle) {}

  /** The timestamp of `us` microseconds since the epoch, UTC. */
  stamp(us: number): string {
    const milli = Math.floor(us / 1000);
    if (milli !== this.milli) this.newMilli(milli);
    return this.milliPrefix + DIGITS3[us - milli * 1000];
  }

  /**
   * The text up to the milliseconds is shared by the lines of a millisecond. It is made
   * flat here (reading a character does that), so that each line's timestamp is one piece
   * of text plus three digits rather than a tree of pieces to be joined again per line.
   */
  private newMilli(milli: number): void {
    const second = Math.floor(milli / 1000);
    if (second !== this.second) this.newSecond(second);
    this.milli = milli;
    this.milliPrefix = this.secondPrefix + DIGITS3[milli - second * 1000];
    this.milliPrefix.charCodeAt(0);
  }

  private newSecond(second: number): void {
    this.second = second;
    // toISOString gives "YYYY-MM-DDTHH:MM:SS.sssZ": keep the text up to and with the dot.
    const iso = new Date(second * 1000).toISOString();
    this.secondPrefix = this.style === 'iso' ? iso.slice(0, 20) : iso.slice(11, 20);
  }
}

/**
 * Hands out line times that never go backwards: each line is 1 to 24 microseconds after the
 * previous one, and never before the moment the caller says its event happened. The steps
 * come from a tiny generator of its own (it runs for every line, so it is kept cheap).
 */
export class LineTimer {
  private us: number;
  private jitter = 12345;

  constructor(startUs: number) {
    this.us = startUs;
  }

  /** The time of the next line, not before `notBeforeUs`. */
  next(notBeforeUs: number): number {
    this.jitter = (Math.imul(this.jitter, 1103515245) + 12345) & 0x7fffffff;
    const us = this.us + 1 + ((this.jitter >>> 16) % 24);
    this.us = us > notBeforeUs ? us : notBeforeUs;
    return this.us;
  }

  /** Time of the last line handed out. */
  get last(): number {
    return this.us;
  }
}
