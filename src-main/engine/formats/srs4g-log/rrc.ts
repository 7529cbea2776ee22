/**
 * RRC lines carry no MAC KPIs, except the radio-link failures the RRC declares (eNB:
 * `Radio-Link failure detected rnti=0x46`, `UL RLF timer for rnti=0x46 expired ...`;
 * UE: `Detected Radio-Link Failure`) and the RLC's report of a bearer that ran out of
 * retransmissions, which starts the RLF timer. The eNB names the UE by RNTI; a line
 * without one is the srsUE's own.
 */
import { LineKind } from '../types.js';
import type { RecordSink } from '../types.js';
import { ownUe, ueEvent, type LineCtx } from './build.js';
import { rntiField } from './fields.js';

export function rrcLine(s: string, p: number, at: LineCtx, out: RecordSink): LineKind {
  const c = s.charCodeAt(p);
  // "2 Radio-Link failure detected": a repeated report of a failure already counted.
  if (c >= 48 && c <= 57) return LineKind.Other;

  const rlf =
    hasRadioLinkFailure(s, p) || (s.includes('RLF timer for rnti=', p) && s.includes('expired', p));
  if (rlf) {
    out.push(event(at, rntiField(s, 'rnti=', p), 'rlf', s.slice(p).trim()));
    return LineKind.Record;
  }
  if (s.includes('Max RLC retx reached', p)) {
    out.push(event(at, rntiField(s, 'rnti=', p), 'state', s.slice(p).trim()));
    return LineKind.Record;
  }
  return LineKind.Other;
}

/** Any spelling of "radio link failure" the versions used, by the letters that vary. */
function hasRadioLinkFailure(s: string, p: number): boolean {
  const i = s.indexOf('adio', p);
  if (i < 0) return false;
  const rest = s.slice(i + 4, i + 17).toLowerCase();
  return rest === '-link failure' || rest === ' link failure';
}

function event(at: LineCtx, rnti: number | null, type: 'rlf' | 'state', detail: string) {
  const r = ueEvent(at, rnti, type, detail);
  return rnti === null ? ownUe(r) : r;
}
