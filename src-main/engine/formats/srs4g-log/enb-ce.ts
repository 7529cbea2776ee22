/**
 * The MAC control elements an eNB received from a UE: BSR, PHR and C-RNTI. srsLTE logs
 * each one (`CE:    Received Short BSR rnti=0x46, lcg=0, value=49`); srsRAN 4G logs the
 * whole UL MAC PDU instead (`0x46 UL PHR: ph=17 SBSR: lcg=0 b=12 LCID=3 len=100`).
 */
import { numField, parseRnti } from '../text.js';
import { LineKind } from '../types.js';
import type { RecordSink } from '../types.js';
import * as build from './build.js';
import type { LineCtx } from './build.js';
import { bsrLevelBytes, intField, rntiField } from './fields.js';

/**
 * srsLTE logs each received MAC control element. BSR values are already in bytes (the
 * upper bound of the reported level); the PHR value is the power headroom in dB.
 */
export function controlElement(s: string, p: number, at: LineCtx, out: RecordSink): LineKind {
  const rnti = rntiField(s, 'rnti=', p);
  if (s.includes('Received PHR', p)) {
    const ph = numField(s, 'value=', p);
    if (ph === null) return LineKind.Unrecognised;
    out.push(build.phr(at, rnti, ph));
    return LineKind.Record;
  }
  if (s.includes('Received C-RNTI', p)) {
    const temp = rntiField(s, 'temp_rnti=', p);
    out.push(build.ueEvent(at, rnti, 'rnti-change', 'C-RNTI control element', temp));
    return LineKind.Record;
  }
  const type = s.includes('Short BSR', p)
    ? 'short'
    : s.includes('Long BSR', p)
      ? 'long'
      : s.includes('Trunc BSR', p)
        ? 'truncated'
        : null;
  if (type === null) return LineKind.Other;

  const bytes = sumOfList(valueList(s, p));
  if (bytes === null) return LineKind.Unrecognised;
  const lcg = type === 'long' ? null : intField(s, 'lcg=', p);
  out.push(build.bsr(at, rnti, type, lcg, bytes));
  return LineKind.Record;
}

/** The text after `value=` up to the next space: `49`, or `14,0,0,0` for a long BSR. */
function valueList(s: string, p: number): string | null {
  const at = s.indexOf('value=', p);
  if (at < 0) return null;
  const end = s.indexOf(' ', at);
  return s.slice(at + 6, end < 0 ? s.length : end);
}

/** Sum of `a,b,c,d` (a long BSR) or of a single value. */
function sumOfList(v: string | null): number | null {
  if (v === null || v.length === 0) return null;
  let sum = 0;
  for (const part of v.split(',')) {
    const n = Number(part);
    if (part.length === 0 || !Number.isFinite(n)) return null;
    sum += n;
  }
  return sum;
}

/**
 * srsRAN 4G prints every UL MAC PDU it receives: `0x46 UL PHR: ph=17 SBSR: lcg=0 b=12
 * LCID=3 len=100`. Unlike srsLTE's CE lines, a BSR here gives buffer size levels (`b=`),
 * which are turned into bytes; `ph=` is the power headroom in dB.
 */
export function macPdu(s: string, p: number, at: LineCtx, out: RecordSink): LineKind {
  const sp = s.indexOf(' ', p);
  const rnti = sp < 0 ? null : parseRnti(s.slice(p, sp));
  if (rnti === null || !s.startsWith(' UL ', sp)) return LineKind.Other;
  let pushed = 0;

  const phrAt = s.indexOf('PHR: ph=', sp);
  const ph = phrAt < 0 ? null : numField(s, 'ph=', phrAt);
  if (ph !== null) pushed += push(out, build.phr(at, rnti, ph));

  for (const [label, type] of [
    ['SBSR: ', 'short'],
    ['TBSR: ', 'truncated'],
  ] as const) {
    const i = s.indexOf(label, sp);
    const bytes = i < 0 ? null : bsrLevelBytes(intField(s, 'b=', i));
    if (bytes !== null)
      pushed += push(out, build.bsr(at, rnti, type, intField(s, 'lcg=', i), bytes));
  }

  const longAt = s.indexOf('LBSR: b=', sp);
  const longBytes = longAt < 0 ? null : longBsrBytes(s, longAt + 8);
  if (longBytes !== null) pushed += push(out, build.bsr(at, rnti, 'long', null, longBytes));

  // A C-RNTI CE in Msg3: the UE under this temporary RNTI is the one with that C-RNTI.
  const crntiAt = s.indexOf('CRNTI: rnti=', sp);
  const crnti = crntiAt < 0 ? null : rntiField(s, 'rnti=', crntiAt);
  if (crnti !== null) {
    pushed += push(out, build.ueEvent(at, crnti, 'rnti-change', 'C-RNTI control element', rnti));
  }
  return pushed > 0 ? LineKind.Record : LineKind.Other;
}

function push(out: RecordSink, r: Parameters<RecordSink['push']>[0]): number {
  out.push(r);
  return 1;
}

/** The four levels of `LBSR: b=0 12 0 0`, in bytes and summed; null if any is missing. */
function longBsrBytes(s: string, from: number): number | null {
  let sum = 0;
  let i = from;
  for (let g = 0; g < 4; g++) {
    let end = i;
    while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
    const bytes = end > i ? bsrLevelBytes(Number(s.slice(i, end))) : null;
    if (bytes === null) return null;
    sum += bytes;
    i = end + 1;
  }
  return sum;
}
