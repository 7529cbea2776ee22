/**
 * srsUE MAC lines: the random-access procedure as the UE runs it (proc_ra), and the
 * BSR and PHR it builds. The UE names no RNTI until a RAR gives it a temporary one, and
 * every record here is about the UE writing the log (`ownUe`).
 *
 * One attempt is one procedure (see `ue-ra.ts`): its first preamble (`RA: PDCCH: seq=...`)
 * opens it, and "Random Access Complete" (ok) or "Maximum number of transmissions reached"
 * (fail) decides it. The preambles it sends again are retries and yield no record of their
 * own; the step failures that made it retry (no RAR, contention resolution) are recorded
 * with their cause but no outcome, since they do not end the procedure.
 */
import { field, numField } from '../text.js';
import { LineKind } from '../types.js';
import type { RecordSink } from '../types.js';
import * as build from './build.js';
import type { LineCtx } from './build.js';
import { intField, rntiField } from './fields.js';
import type { ParserState } from './state.js';
import type { StepFailure } from './ue-ra.js';

export function ueMacLine(
  s: string,
  p: number,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind | null {
  if (s.startsWith('BSR:', p)) return ueBsr(s, p, at, out);
  if (s.startsWith('PHR:', p)) return uePhr(s, p, at, out);
  // A MAC reset stops the procedure under way, undecided.
  if (s.startsWith('Resetting MAC', p)) st.ueRa.ended();
  const c = s.charCodeAt(p);
  if (c !== 82 /* R */ && c !== 67 /* C */) return null;
  return ueRandomAccess(s, p, at, st, out);
}

function ueRandomAccess(
  s: string,
  p: number,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind | null {
  const ra = st.ueRa;
  if (s.includes('Starting PRACH by', p)) {
    ra.started();
    return LineKind.Other;
  }
  if (s.includes('seq=', p) && s.includes('ra-rnti=', p)) {
    if (!ra.preamble()) return LineKind.Other;
    return pushRa(out, at, null, 'preamble', null, null, intField(s, 'seq=', p), null);
  }
  if (s.includes('RA response not received', p)) {
    return stepFailed(out, at, ra, { step: 'rar', cause: 'no rar' });
  }
  if (s.includes('RAPID=', p)) {
    const rnti = rntiField(s, 'T-CRNTI=', p);
    return pushRa(
      out,
      at,
      rnti,
      'rar',
      null,
      null,
      intField(s, 'RAPID=', p),
      intField(s, 'TA=', p),
    );
  }
  if (s.includes('Starting ContentionResolutionTimer', p)) {
    // srsUE starts the timer once Msg3 has gone out.
    return pushRa(out, at, null, 'msg3', null, null, null, null);
  }
  if (s.includes('Contention Resolution Timer expired', p)) {
    const f: StepFailure = { step: 'contention-resolution', cause: 'contention resolution timer' };
    return stepFailed(out, at, ra, f);
  }
  if (s.includes('Contention Id differs', p)) {
    const f: StepFailure = { step: 'contention-resolution', cause: 'contention id mismatch' };
    return stepFailed(out, at, ra, f);
  }
  if (s.includes('Contention Resolution is considered not successful', p)) {
    // Msg3 reached its maximum number of HARQ transmissions.
    return stepFailed(out, at, ra, { step: 'msg3', cause: 'msg3 max retx' });
  }
  if (s.includes('Random Access Complete', p)) {
    ra.ended();
    const rnti = rntiField(s, 'c-rnti=', p);
    return pushRa(out, at, rnti, 'complete', 'ok', null, null, numField(s, 'ta=', p));
  }
  if (s.includes('Maximum number of transmissions reached', p)) {
    const f = ra.gaveUp();
    return pushRa(out, at, null, f.step, 'fail', f.cause, null, null);
  }
  return null;
}

/** A step that failed without ending the procedure: its cause, and no outcome. */
function stepFailed(
  out: RecordSink,
  at: LineCtx,
  ra: ParserState['ueRa'],
  f: StepFailure,
): LineKind {
  ra.stepFailed(f);
  return pushRa(out, at, null, f.step, null, f.cause, null, null);
}

function pushRa(
  out: RecordSink,
  at: LineCtx,
  rnti: number | null,
  step: build.RaFields['step'],
  outcome: build.RaFields['outcome'],
  cause: string | null,
  preamble: number | null,
  ta: number | null,
): LineKind {
  out.push(build.ownUe(build.ra(at, rnti, null, { step, outcome, cause, preamble, ta })));
  return LineKind.Record;
}

/** `BSR:   Type Regular, Format Short, Value=100,0,0,0`: bytes per LCG as the UE counts. */
function ueBsr(s: string, p: number, at: LineCtx, out: RecordSink): LineKind {
  const format = field(s, 'Format ', p);
  const at4 = s.indexOf('Value=', p);
  if (format === null || at4 < 0) return LineKind.Other;

  const values = s
    .slice(at4 + 6)
    .trim()
    .split(',')
    .map(Number);
  if (values.length !== 4 || values.some((v) => !Number.isFinite(v))) return LineKind.Unrecognised;
  const type = format === 'Long' ? 'long' : format === 'Truncated' ? 'truncated' : 'short';
  const bytes = values.reduce((a, b) => a + b, 0);
  // A short BSR reports one group: the one with data (group 0 when all are empty).
  const lcg =
    type === 'long'
      ? null
      : Math.max(
          0,
          values.findIndex((v) => v > 0),
        );
  out.push(build.ownUe(build.bsr(at, null, type, lcg, bytes)));
  return LineKind.Record;
}

/** `PHR:   Generating PHR=12.000000` (debug level): the headroom the UE reports, in dB. */
function uePhr(s: string, p: number, at: LineCtx, out: RecordSink): LineKind {
  if (!s.includes('Generating PHR=', p)) return LineKind.Other;
  const ph = numField(s, 'PHR=', p + 4);
  if (ph === null) return LineKind.Other;
  out.push(build.ownUe(build.phr(at, null, ph)));
  return LineKind.Record;
}
