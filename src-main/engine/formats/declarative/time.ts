/**
 * Reading a line's timestamp as a definition's `time` section describes it: the layout
 * (ISO date and time, time of day, Unix seconds, milliseconds or microseconds) found at a
 * fixed column or in the `time` group of a pattern.
 */
import { parseClock, parseIsoTimestamp, type Instant } from '../text.js';
import { makeMatcher, matchLine, testLine } from './regex.js';
import type { FormatSpec, TimeLayout } from './schema.js';

/** The time written on a line, or null when the line carries none. */
export type TimeReader = (line: string) => Instant | null;

type LayoutParser = (text: string, at: number) => Instant | null;

const LAYOUT_PARSERS: Record<TimeLayout, LayoutParser> = {
  iso: parseIsoTimestamp,
  'time-of-day': parseClock,
  'unix-s': (s, at) => parseUnix(s, at, 1),
  'unix-ms': (s, at) => parseUnix(s, at, 1e3),
  'unix-us': (s, at) => parseUnix(s, at, 1e6),
};

/** A reader for the definition's time spec, and a test for "this line has a time". */
export function timeReader(spec: FormatSpec['time']): {
  read: TimeReader;
  present: ((line: string) => boolean) | null;
} {
  if (spec === undefined) return { read: () => null, present: null };
  const parse = LAYOUT_PARSERS[spec.layout];

  if (spec.pattern !== undefined) {
    const matcher = makeMatcher(new RegExp(spec.pattern), undefined);
    const read: TimeReader = (line) => {
      const text = matchLine(matcher, line)?.groups?.time;
      return text === undefined ? null : parse(text, 0);
    };
    return { read, present: (line) => testLine(matcher, line) };
  }

  const column = spec.column ?? 0;
  const read: TimeReader = (line) => parse(line, column);
  return { read, present: (line) => read(line) !== null };
}

const ZERO = 48;
const NINE = 57;
const DOT = 46;

/**
 * A decimal count of seconds (`perSecond` 1), milliseconds (1e3) or microseconds (1e6)
 * since the epoch, with an optional fraction, at `s[at]`.
 */
export function parseUnix(s: string, at: number, perSecond: number): Instant | null {
  let i = at;
  let whole = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    whole = whole * 10 + (c - ZERO);
  }
  if (i === at) return null;

  // The fraction of one unit, e.g. ".25" of a millisecond.
  let fraction = 0;
  if (s.charCodeAt(i) === DOT) {
    let scale = 0.1;
    for (i++; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      fraction += (c - ZERO) * scale;
      scale /= 10;
    }
  }

  const nsPerUnit = 1e9 / perSecond;
  let sec = Math.floor(whole / perSecond);
  let nsec = (whole - sec * perSecond) * nsPerUnit + Math.round(fraction * nsPerUnit);
  if (nsec >= 1e9) {
    sec += 1;
    nsec -= 1e9;
  }
  return { sec, nsec };
}
