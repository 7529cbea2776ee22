/**
 * What the tables show of a UE or a cell, decided as the CLI's tables decide it
 * (src-main/cli/render.ts): the flag, the rate delivered or sent, the initial BLER or that of
 * all transmissions, and `-` for what the log tells nothing of.
 */
import type { SubjectSummary } from '../../src-shared/kpis.js';

export type Dir = 'dl' | 'ul';
export type Flag = 'BAD' | 'ok' | '-';

/** BAD when a rule fired, ok when the rules that could judge passed, - when none could. */
export function flag(u: SubjectSummary): Flag {
  if (u.malperforming) return 'BAD';
  return u.judged ? 'ok' : '-';
}

/** The rules that fired, one per entry (the summary joins them with "; "). */
export function rules(u: SubjectSummary): string[] {
  return u.malperforming && u.rule ? u.rule.split('; ') : [];
}

/**
 * The throughput delivered (TBs decoded or acknowledged); where the log tells no decoding,
 * the rate sent, `sent` set (marked ^).
 */
export function rate(u: SubjectSummary, dir: Dir): { bps: number | null; sent: boolean } {
  const k = u.kpis;
  const ok = dir === 'dl' ? k.dlOkBitrateBps : k.ulOkBitrateBps;
  const sent = dir === 'dl' ? k.dlBitrateBps : k.ulBitrateBps;
  return ok === null && sent !== null ? { bps: sent, sent: true } : { bps: ok, sent: false };
}

/**
 * The initial BLER (first transmissions); where the log does not tell first transmissions
 * apart, the BLER of all of them, `overall` set (marked *).
 */
export function bler(u: SubjectSummary, dir: Dir): { ratio: number | null; overall: boolean } {
  const k = u.kpis;
  const initial = dir === 'dl' ? k.dlInitialBler : k.ulInitialBler;
  const all = dir === 'dl' ? k.dlBler : k.ulBler;
  return initial === null && all !== null
    ? { ratio: all, overall: true }
    : { ratio: initial, overall: false };
}

/** Failed decodes (DL NACKs, UL CRC failures); null where the log tells no decoding there. */
export function failures(u: SubjectSummary, dir: Dir): number | null {
  const c = u.counters;
  const told = dir === 'dl' ? c.dlDecodes + c.dlFails : c.ulDecodes + c.ulFails;
  if (told === 0) return null;
  return dir === 'dl' ? u.kpis.dlCrcFailures : u.kpis.ulCrcFailures;
}

/** Random access as "ok/ko", or null where the log tells none. */
export function randomAccess(u: SubjectSummary): string | null {
  const k = u.kpis;
  return k.raAttempts + k.raOk + k.raFail > 0 ? `${k.raOk}/${k.raFail}` : null;
}

/** The marks and what each means, in the CLI's words. */
export const MARKS = {
  sent: {
    mark: '^',
    text: 'bit rate sent (retransmissions included): the log tells no decoding, so none known delivered',
  },
  overall: {
    mark: '*',
    text: 'BLER of all transmissions: the log does not tell first ones apart',
  },
  unjudged: { mark: '-', text: 'flag: too few samples for any rule to judge' },
} as const;

/** What the marks a table of these subjects has mean: one line each, for the marks used. */
export function legend(subjects: SubjectSummary[]): string[] {
  const dirs: Dir[] = ['dl', 'ul'];
  const lines: string[] = [];
  if (subjects.some((u) => dirs.some((d) => rate(u, d).sent))) lines.push(line(MARKS.sent));
  if (subjects.some((u) => dirs.some((d) => bler(u, d).overall))) lines.push(line(MARKS.overall));
  if (subjects.some((u) => flag(u) === '-')) lines.push(line(MARKS.unjudged));
  return lines;
}

function line(m: { mark: string; text: string }): string {
  return `${m.mark} ${m.text}`;
}
