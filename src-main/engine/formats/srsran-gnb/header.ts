/**
 * The fixed start of an srsRAN gNB file log line:
 *
 *   2023-11-06T20:04:31.413022 [SCHED   ] [I] [   518.3] Slot decisions ...
 *   2026-06-29T14:10:11.345400 [METRICS ] Scheduler UE ue=34 ...
 *
 * an ISO timestamp, the logger tag in brackets (padded to 8, longer tags unpadded), the level
 * letter (absent on METRICS lines), and on PHY, MAC and SCHED lines the SFN.slot the message
 * refers to. Read with character tests: this runs on every line.
 */

export class LineHeader {
  /** The tag is `line.slice(tagStart, tagEnd)`, padding removed. */
  tagStart = 0;
  tagEnd = 0;
  /** The "]" that closes the tag. */
  tagClose = 0;
  /** Level letter (I, W, E, D) as a character code; 0 when absent. */
  level = 0;
  /** SFN and slot, -1 when the line has none. */
  sfn = -1;
  slot = -1;
  /** Where the message starts. */
  textStart = 0;

  /** True when the tag is exactly `name`. */
  tagIs(line: string, name: string): boolean {
    return this.tagEnd - this.tagStart === name.length && line.startsWith(name, this.tagStart);
  }

  tagStartsWith(line: string, prefix: string): boolean {
    return line.startsWith(prefix, this.tagStart);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when the line starts like "2023-11-06T20:04:31" (or with a space for the T). */
export function startsWithTimestamp(line: string): boolean {
  if (line.length < 19) return false;
  const sep = line.charCodeAt(10);
  return (
    isDigit(line.charCodeAt(0)) &&
    isDigit(line.charCodeAt(3)) &&
    line.charCodeAt(4) === 45 &&
    line.charCodeAt(7) === 45 &&
    (sep === 84 || sep === 32) &&
    line.charCodeAt(13) === 58 &&
    line.charCodeAt(16) === 58
  );
}

/** Fills `h` from `line`; false when the line does not have the header shape. */
export function readHeader(line: string, h: LineHeader): boolean {
  if (!readTag(line, h)) return false;
  readLevelAndSlot(line, h);
  return true;
}

/**
 * The first half of `readHeader()`: checks the header shape and finds the tag, which is all
 * a caller needs to skip a line of a logger it does not read. False when not a header.
 */
export function readTag(line: string, h: LineHeader): boolean {
  if (!startsWithTimestamp(line)) return false;
  const open = line.indexOf(' [', 19);
  if (open < 0 || open > 40) return false;
  h.tagStart = open + 2;
  const close = line.indexOf(']', h.tagStart);
  if (close < 0) return false;
  let tagEnd = close;
  while (tagEnd > h.tagStart && line.charCodeAt(tagEnd - 1) === 32) tagEnd--;
  h.tagEnd = tagEnd;
  h.tagClose = close;
  return true;
}

/** The second half of `readHeader()`, after `readTag()` found the tag: level, slot, text. */
export function readLevelAndSlot(line: string, h: LineHeader): void {
  let at = h.tagClose + 1;
  h.level = 0;
  if (
    line.charCodeAt(at) === 32 &&
    line.charCodeAt(at + 1) === 91 &&
    line.charCodeAt(at + 3) === 93 &&
    isUpper(line.charCodeAt(at + 2))
  ) {
    h.level = line.charCodeAt(at + 2);
    at += 4;
  }
  at = readSlot(line, at, h);
  h.textStart = line.charCodeAt(at) === 32 ? at + 1 : at;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Reads " [   518.3]" at `at` into `h`; returns where the line continues. */
function readSlot(line: string, at: number, h: LineHeader): number {
  h.sfn = -1;
  h.slot = -1;
  if (line.charCodeAt(at) !== 32 || line.charCodeAt(at + 1) !== 91) return at;
  // One pass over "   518.3]": padding, digits, ".", digits, "]" within 16 characters.
  let i = at + 2;
  while (line.charCodeAt(i) === 32) i++;
  const sfnStart = i;
  let sfn = 0;
  for (let c = line.charCodeAt(i); isDigit(c); c = line.charCodeAt(++i)) sfn = sfn * 10 + c - 48;
  if (i === sfnStart || line.charCodeAt(i) !== 46 /* . */) return at;
  const slotStart = ++i;
  let slot = 0;
  for (let c = line.charCodeAt(i); isDigit(c); c = line.charCodeAt(++i)) slot = slot * 10 + c - 48;
  if (i === slotStart || line.charCodeAt(i) !== 93 /* ] */ || i > at + 16) return at;
  h.sfn = sfn;
  h.slot = slot;
  return i + 1;
}
