/**
 * eNB MAC lines: the scheduler's decisions (`SCHED: ...`), RACH detections and UE
 * removal; received control elements are read in `enb-ce.ts`. `p` is where the message
 * starts.
 */
import { STATS_KEYS } from '../../../../src-shared/records.js';
import { field, numField } from '../text.js';
import { LineKind } from '../types.js';
import type { RecordSink } from '../types.js';
import * as build from './build.js';
import type { LineCtx } from './build.js';
import { controlElement, macPdu } from './enb-ce.js';
import { intField, prbRange, rntiField } from './fields.js';
import type { ParserState } from './state.js';

export function enbMacLine(
  s: string,
  p: number,
  tti: number | null,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind | null {
  if (s.startsWith('SCHED: ', p)) return schedLine(s, p + 7, tti, at, st, out);
  if (s.startsWith('RACH:', p)) return rach(s, p, at, st, out);
  if (s.startsWith('CE:', p)) return controlElement(s, p, at, out);
  if (s.startsWith('User rnti=', p) && s.includes('removed from', p)) {
    return ueRemoved(s, p, at, st, out);
  }
  if (s.startsWith('0x', p)) return macPdu(s, p, at, out);
  return null;
}

function schedLine(
  s: string,
  q: number,
  tti: number | null,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind {
  if (s.startsWith('DL tx ', q) || s.startsWith('DL retx ', q)) {
    return dlGrant(s, q, tti, at, st, out);
  }
  if (s.startsWith('UL tx ', q) || s.startsWith('UL retx ', q)) {
    return ulGrant(s, q, tti, false, at, st, out);
  }
  // Msg3 grants: "RAR tx" in srsLTE up to 2018, "Msg3 tx" / "Msg3 retx" later.
  if (s.startsWith('Msg3 ', q) || s.startsWith('RAR tx ', q)) {
    return ulGrant(s, q, tti, true, at, st, out);
  }
  if (s.startsWith('RAR, ', q)) return rar(s, q, at, out);
  if (s.startsWith('Added user rnti=', q)) return ueAdded(s, q, at, st, out);
  if (s.startsWith('discarting ', q) || s.startsWith('discarding ', q)) {
    return harqDiscard(s, q, at, st, out);
  }
  if (
    s.startsWith('Added MAC Contention Resolution CE', q) ||
    s.startsWith('UE Contention Resolution', q)
  ) {
    return contentionResolution(s, q, at, out);
  }
  if (s.startsWith('DL adaptive link:', q) || s.startsWith('UL adaptive link:', q)) {
    return adaptiveLink(s, q, at, out);
  }
  return LineKind.Other;
}

/** `DL tx rnti=0x46, [cc=0, ]pid=0, mask=0x10000, dci=(3, 0), n_rtx=0, tbs=11, ...` */
function dlGrant(
  s: string,
  q: number,
  tti: number | null,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind {
  const rnti = rntiField(s, 'rnti=', q);
  const tbs = intField(s, 'tbs=', q);
  if (rnti === null || tbs === null) return LineKind.Unrecognised;

  const grant: build.GrantFields = {
    dir: 'dl',
    rnti,
    cell: field(s, 'cc=', q),
    harqId: intField(s, 'pid=', q),
    retx: intField(s, 'n_rtx=', q),
    tbs,
    // An RBG bitmask, not PRBs: its meaning depends on the cell bandwidth.
    prb: null,
    msg3: false,
  };
  // srsRAN 4G names the TTI of the transmission; srsLTE logs the line in that TTI.
  st.harq.dlGrant(at, out, grant, intField(s, 'tti_tx_dl=', q) ?? tti);
  return LineKind.Record;
}

/** `UL tx rnti=0x46, [cc=0, ]pid=1, dci=(1,8), prb=(2,12), n_rtx=0, tbs=32, bsr=...` */
function ulGrant(
  s: string,
  q: number,
  tti: number | null,
  msg3: boolean,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind {
  const rnti = rntiField(s, 'rnti=', q);
  const tbs = intField(s, 'tbs=', q);
  if (rnti === null || tbs === null) return LineKind.Unrecognised;

  st.harq.ulGrant(
    at,
    out,
    {
      dir: 'ul',
      rnti,
      cell: field(s, 'cc=', q),
      harqId: intField(s, 'pid=', q),
      retx: intField(s, 'n_rtx=', q),
      tbs,
      prb: prbRange(s, 'prb=', q) ?? prbRange(s, 'grant=', q),
      msg3,
    },
    tti,
  );
  return LineKind.Record;
}

/**
 * A random-access response. srsLTE names the RNTI as `rnti=` or `temp_crnti=`; srsRAN 4G
 * lists every Msg3 grant of the response as `{c-rnti=0x46, rba=102, mcs=0}`.
 */
function rar(s: string, q: number, at: LineCtx, out: RecordSink): LineKind {
  const rntis: number[] = [];
  for (let i = s.indexOf('c-rnti=', q); i >= 0; i = s.indexOf('c-rnti=', i + 7)) {
    const rnti = rntiField(s, 'c-rnti=', i);
    if (rnti !== null) rntis.push(rnti);
  }
  if (rntis.length === 0) {
    const rnti = rntiField(s, 'temp_crnti=', q) ?? rntiField(s, 'rnti=', q);
    if (rnti !== null) rntis.push(rnti);
  }
  if (rntis.length === 0) return LineKind.Unrecognised;

  for (const rnti of rntis) {
    out.push(build.ra(at, rnti, null, step('rar')));
  }
  return LineKind.Record;
}

function step(name: build.RaFields['step']): build.RaFields {
  return { step: name, outcome: null, cause: null, preamble: null, ta: null };
}

function ueAdded(s: string, q: number, at: LineCtx, st: ParserState, out: RecordSink): LineKind {
  const rnti = rntiField(s, 'rnti=', q);
  if (rnti === null) return LineKind.Unrecognised;
  return st.ues.created(at, out, rnti) ? LineKind.Record : LineKind.Other;
}

/**
 * `discarting TB 0 pid=3, tti=5243, ...` (srsLTE, typo included), `discarding TB ...`,
 * `discarding DL TB=0 pid=0, tti=358, ...`, `discarding UL pid=0, tti=352, ...` (21.x).
 */
function harqDiscard(
  s: string,
  q: number,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind {
  const pid = intField(s, 'pid=', q);
  const tti = intField(s, 'tti=', q);
  if (pid === null || tti === null) return LineKind.Unrecognised;

  const after = q + 'discarding '.length;
  const dir = s.startsWith('DL', after) ? 'dl' : s.startsWith('UL', after) ? 'ul' : null;
  return st.harq.discard(at, out, dir, pid, tti) ? LineKind.Record : LineKind.Other;
}

/** The scheduler queued the Contention Resolution Identity CE (the Msg4 of the attempt). */
function contentionResolution(s: string, q: number, at: LineCtx, out: RecordSink): LineKind {
  const rnti = rntiField(s, 'rnti=', q);
  if (rnti === null) return LineKind.Unrecognised;
  out.push(build.ra(at, rnti, null, step('contention-resolution')));
  return LineKind.Record;
}

/**
 * srsRAN 4G link adaptation state, logged on each HARQ feedback: the scheduler's CQI or
 * SNR estimate and the offset it applies. The DL CQI is the average of the UE's reports as
 * the scheduler holds it (its configured start value until the first report), the only CQI
 * an info-level log may have. It is kept as statistics under the well-known CQI key, so a
 * UE takes it for its CQI when no PHY line logged the reports themselves (PUCCH or PUSCH
 * `cqi=`), and the same reports are never counted twice.
 */
function adaptiveLink(s: string, q: number, at: LineCtx, out: RecordSink): LineKind {
  const rnti = rntiField(s, 'rnti=', q);
  if (rnti === null) return LineKind.Unrecognised;

  const values: Record<string, number | null> = s.startsWith('DL', q)
    ? {
        [STATS_KEYS.cqi]: numField(s, 'cqi=', q),
        dl_last_mcs: numField(s, 'last_mcs=', q),
        dl_cqi_offset: numField(s, 'cqi_offset=', q),
      }
    : {
        ul_snr_estimate_db: numField(s, 'snr_estim=', q),
        ul_last_mcs: numField(s, 'last_mcs=', q),
        ul_snr_offset_db: numField(s, 'snr_offset=', q),
      };
  const source = s.startsWith('DL', q) ? 'srsran-dl-adaptive-link' : 'srsran-ul-adaptive-link';
  out.push(build.stats(at, rnti, source, values));
  return LineKind.Record;
}

/** `RACH:  tti=5201, [cc=0, ]preamble=9, offset=13, temp_crnti=0x46`: one attempt. */
function rach(s: string, p: number, at: LineCtx, st: ParserState, out: RecordSink): LineKind {
  const rnti = rntiField(s, 'temp_crnti=', p);
  if (rnti === null) return LineKind.Unrecognised;
  const cell = field(s, 'cc=', p);

  st.ra.preamble(rnti, cell);
  out.push(
    build.ra(at, rnti, cell, {
      step: 'preamble',
      outcome: null,
      cause: null,
      preamble: intField(s, 'preamble=', p),
      // The timing advance command the eNB derived from the preamble (in 16 Ts units).
      ta: numField(s, 'offset=', p),
    }),
  );
  return LineKind.Record;
}

function ueRemoved(s: string, p: number, at: LineCtx, st: ParserState, out: RecordSink): LineKind {
  const rnti = rntiField(s, 'rnti=', p);
  if (rnti === null) return LineKind.Unrecognised;
  st.harq.ueRemoved(rnti, out);
  st.ra.ueRemoved(at, out, rnti);
  st.ues.removed(at, out, rnti);
  return LineKind.Record;
}
