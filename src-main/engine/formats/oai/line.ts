/**
 * The anatomy of an OAI console line (after ANSI colour codes are removed):
 *
 *   [optional "1692024360.758684 " time] [optional thread id] [TAG] L message
 *
 * where TAG is the log component (NR_MAC, PHY, RRC...) and L is a level letter that OAI
 * prints only with the "level" log option (otherwise a space, hence the usual three spaces
 * after the tag). Lines without a tag are printf output, dumps (XML, hex) or the stats block
 * of the MAC. Two log lines are sometimes glued together when threads race ("...samples[MAC]
 * SCHED_MODE = 0"); the second one starts at a known component tag in the middle of the line.
 */

import { stripAnsi } from '../text.js';

const ESC = 27;
const SPACE = 32;
const TAB = 9;
const OPEN = 91; // [
const CLOSE = 93; // ]
const MAX_TAG = 20;

/** Log component names of OAI (common/utils/LOG/log.h over the years) and its config module. */
// prettier-ignore
const COMPONENTS = new Set([
  'PHY', 'MAC', 'EMU', 'SIM', 'OMG', 'OPT', 'OTG', 'RLC', 'PDCP', 'RRC', 'NAS', 'PERF', 'OIP',
  'CLI', 'MSC', 'OCG', 'S1AP', 'F1AP', 'E1AP', 'X2AP', 'M2AP', 'M3AP', 'NGAP', 'XNAP', 'SCTP',
  'HW', 'OSA', 'ENB_APP', 'MCE_APP', 'MME_APP', 'GNB_APP', 'FLEXRAN_AGENT', 'TMR', 'USIM',
  'LOCALIZE', 'PROTO_AGENT', 'F1U', 'NR_RRC', 'NR_MAC', 'NR_MAC_DCI', 'NR_PHY', 'NR_PHY_DCI',
  'NR_RLC', 'NR_PDCP', 'LOADER', 'ASN1', 'NFAPI_VNF', 'NFAPI_PNF', 'GTPU', 'GTPV1U', 'SDAP',
  'ITTI', 'UTIL', 'CONFIG', 'LIBCONFIG', 'NETLINK', 'UDP', 'RAL_UE', 'SPGW', 'ENB_SS', 'GNB_SS',
  'VNF', 'PNF', 'SECURITY', 'E2AP', 'RAN', 'UE', 'NR_UE', 'T', 'TELNET', 'SIMU', 'NR_RLC_UE',
]);

/** Where the parts of a line are. Filled by `readHeader`; reused to avoid allocation. */
export interface Header {
  /** The component tag without brackets, or null for an untagged line. */
  tag: string | null;
  /** Start of the message (for an untagged line: its first non-blank character). */
  bodyStart: number;
  /** Start of a second log line glued onto this one, or -1. */
  gluedAt: number;
}

function isTagChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95; // A-Z 0-9 _
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Index of the `]` closing a tag that opens at `s[at]`, or -1 if there is no tag there. */
function tagClose(s: string, at: number): number {
  if (!isUpper(s.charCodeAt(at + 1))) return -1;
  const limit = Math.min(s.length, at + 2 + MAX_TAG);
  for (let i = at + 2; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (c === CLOSE) return i;
    if (!isTagChar(c)) return -1;
  }
  return -1;
}

/** After a tag: skips the level letter (when printed) and the padding spaces. */
function messageStart(s: string, afterTag: number): number {
  let i = afterTag;
  if (
    s.charCodeAt(i) === SPACE &&
    isUpper(s.charCodeAt(i + 1)) &&
    s.charCodeAt(i + 2) === SPACE &&
    s.charCodeAt(i + 3) !== SPACE
  ) {
    i += 3;
  }
  while (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB) i++;
  return i;
}

/** Skips OAI's optional "seconds.micros " time and "%08lx " thread id before a tag. */
function skipTimeAndThread(s: string, i: number): number {
  let j = i;
  while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j === i || s.charCodeAt(j) !== 46) return i;
  j++;
  while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (s.charCodeAt(j) !== SPACE) return i;
  j++;
  if (s.charCodeAt(j) === OPEN) return j;
  // A thread id: 8 hex digits and a space.
  const thread = /^[0-9a-f]{8} \[/.exec(s.slice(j, j + 10));
  return thread ? j + 9 : i;
}

/**
 * Is a glued line starting at `s[at]`? It must be a known component followed by the header
 * padding (two spaces, or a level letter between spaces), so that bracketed words inside
 * messages ("[RAPROC] Frame", "[MAC] Too high energy") are not taken for one.
 */
function isGluedHeader(s: string, at: number): boolean {
  const close = tagClose(s, at);
  if (close < 0 || !COMPONENTS.has(s.slice(at + 1, close))) return false;
  if (s.charCodeAt(close + 1) !== SPACE) return false;
  const next = s.charCodeAt(close + 2);
  return next === SPACE || (isUpper(next) && s.charCodeAt(close + 3) === SPACE);
}

function findGlued(s: string, from: number): number {
  for (let at = s.indexOf('[', from + 1); at >= 0; at = s.indexOf('[', at + 1)) {
    if (isGluedHeader(s, at)) return at;
  }
  return -1;
}

/** Splits `s` (without ANSI codes) into tag, message and glued remainder. */
export function readHeader(s: string, h: Header): void {
  let i = 0;
  while (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB) i++;
  const first = i;

  i = skipTimeAndThread(s, i);
  const close = s.charCodeAt(i) === OPEN ? tagClose(s, i) : -1;
  const afterClose = s.charCodeAt(close + 1);
  if (close > 0 && (afterClose === SPACE || afterClose === TAB || close + 1 === s.length)) {
    h.tag = s.slice(i + 1, close);
    h.bodyStart = messageStart(s, close + 1);
  } else {
    h.tag = null;
    h.bodyStart = first;
  }
  h.gluedAt = findGlued(s, h.bodyStart);
}

/** Is `tag` the name of an OAI log component? */
export function isComponent(tag: string): boolean {
  return COMPONENTS.has(tag);
}

/**
 * The line without ANSI colour codes. OAI writes them before the tag ("\x1b[0m\x1b[32m[NR_MAC]"),
 * so leading ones are skipped by hand; `stripAnsi` runs only when one is left in the middle.
 */
export function withoutAnsi(line: string): string {
  if (line.indexOf('\x1b') < 0) return line;
  let i = 0;
  while (line.charCodeAt(i) === ESC && line.charCodeAt(i + 1) === OPEN) {
    let j = i + 2;
    for (let c = line.charCodeAt(j); (c >= 48 && c <= 57) || c === 59; c = line.charCodeAt(++j));
    const final = line.charCodeAt(j);
    if (!((final >= 65 && final <= 90) || (final >= 97 && final <= 122))) break;
    i = j + 1;
  }
  const rest = i === 0 ? line : line.slice(i);
  return rest.indexOf('\x1b') < 0 ? rest : stripAnsi(rest);
}
