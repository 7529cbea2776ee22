/**
 * eNB PHY lines: PUSCH decoding results (CRC, SNR, and any UCI carried with them),
 * PUCCH uplink control (HARQ ACK bits, CQI), and the PDCCH/PDSCH lines of DL
 * transmissions, which give the MCS the scheduler line lacks. Everything else the PHY
 * logs (PRACH detections, PHICH, worker and radio chatter) is Other: the MAC lines carry
 * the same events.
 */
import { field, numField } from '../text.js';
import { LineKind } from '../types.js';
import type { RecordSink } from '../types.js';
import * as build from './build.js';
import type { LineCtx } from './build.js';
import { firstOfSet, intField, rntiField } from './fields.js';
import type { ParserState } from './state.js';

export function enbPhyLine(
  s: string,
  p: number,
  tti: number | null,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind {
  if (s.charCodeAt(p) !== 80 /* P */) return LineKind.Other;
  // srsUE logs what it transmits with a `tti_tx=`: not an eNB's reception.
  if (s.startsWith('PUSCH: ', p)) {
    return s.includes('tti_tx=', p) ? LineKind.Other : pusch(s, p, tti, at, st, out);
  }
  if (s.startsWith('PUCCH: ', p)) {
    return s.includes('tti_tx=', p) ? LineKind.Other : pucch(s, p, tti, at, st, out);
  }
  if (s.startsWith('PDSCH: ', p)) return pdsch(s, p, st, out);
  if (s.startsWith('PDCCH: ', p)) return pdcch(s, p, st, out);
  return LineKind.Other;
}

/**
 * `PUSCH: [cc=0, ]rnti=0x46, prb=(2,5), tbs=7, mcs=0, rv=0, snr=-0.1 dB, ..., crc=KO`.
 * Lines without a CRC (srsLTE's `PUSCH: Radio-Link failure snr=...`) are Other.
 */
function pusch(
  s: string,
  p: number,
  tti: number | null,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind {
  const rnti = rntiField(s, 'rnti=', p);
  const crc = field(s, 'crc=', p);
  if (rnti === null || crc === null) return LineKind.Other;
  const cell = field(s, 'cc=', p);

  st.harq.pusch(at, out, {
    rnti,
    cell,
    tti,
    tbs: intField(s, 'tbs=', p),
    mcs: intField(s, 'mcs=', p),
    rv: firstOfSet(s, 'rv=', p),
    ok: crc === 'OK',
    sinrDb: numField(s, 'snr=', p),
  });
  uci(s, p, tti, rnti, cell, at, st, out);
  return LineKind.Record;
}

/** `PUCCH: [cc=0; ]rnti=0x46, f=1a, n_pucch=12, ..., ack=1` or `..., cqi=15`. */
function pucch(
  s: string,
  p: number,
  tti: number | null,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): LineKind {
  const rnti = rntiField(s, 'rnti=', p);
  if (rnti === null) return LineKind.Other;
  return uci(s, p, tti, rnti, field(s, 'cc=', p), at, st, out) ? LineKind.Record : LineKind.Other;
}

/**
 * Uplink control information on PUCCH or PUSCH: HARQ ACK bits for DL transport blocks
 * (`ack=1`, `ack=10` for two, `ack=invalid` when undecodable) and CSI (`cqi=`, `ri=`,
 * `pmi=`). Returns true when it produced a record.
 */
function uci(
  s: string,
  p: number,
  tti: number | null,
  rnti: number,
  cell: string | null,
  at: LineCtx,
  st: ParserState,
  out: RecordSink,
): boolean {
  let produced = false;
  const ack = field(s, 'ack=', p);
  if (ack !== null && ack.length > 0 && ack !== 'invalid') {
    st.harq.dlAck(at, out, rnti, cell, tti, ack);
    produced = true;
  }

  const cqi = intField(s, 'cqi=', p);
  const ri = intField(s, 'ri=', p);
  const pmi = intField(s, 'pmi=', p);
  if (cqi !== null || ri !== null || pmi !== null) {
    out.push(build.csi(at, rnti, cell, { cqi, ri, pmi }));
    produced = true;
  }
  return produced;
}

/**
 * `PDSCH: [cc=0, ]rnti=0x46, l_crb= 9, ..., harq=0, tti_tx_dl=8212, ..., TB0: tbs=28,
 * mcs=0, rv=0` (srsLTE) or `nof_prb=3, ..., tbs={11}, mod={2}, rv={0}, tti_tx_dl=358`.
 * The last PHY line of a DL transmission: it completes the pending grant record.
 */
function pdsch(s: string, p: number, st: ParserState, out: RecordSink): LineKind {
  const ttiTxDl = intField(s, 'tti_tx_dl=', p);
  const rnti = rntiField(s, 'rnti=', p);
  if (ttiTxDl === null || rnti === null) return LineKind.Other;

  const matched = st.harq.dlPhy(out, {
    rnti,
    pid: intField(s, 'harq=', p),
    ttiTxDl,
    mcs: intField(s, 'mcs=', p),
    rv: firstOfSet(s, 'rv=', p),
    prbCount: spacedInt(s, 'nof_prb=', p) ?? spacedInt(s, 'l_crb=', p),
    last: true,
  });
  return matched ? LineKind.Record : LineKind.Other;
}

/**
 * A DL DCI (`mcs={1}`, with the RNTI in srsRAN 4G, with only the HARQ process in
 * srsLTE 2019) gives a pending DL grant its MCS; an UL DCI (`mcs=10`, with the RNTI in
 * srsRAN 4G, as format 0 `f=0` without it in srsLTE 2019) gives one to the UL grant it
 * carries. A DCI adds to a grant and never makes one of its own.
 */
function pdcch(s: string, p: number, st: ParserState, out: RecordSink): LineKind {
  const rnti = rntiField(s, 'rnti=', p);
  if (s.includes('mcs={', p)) {
    const ttiTxDl = intField(s, 'tti_tx_dl=', p);
    if (ttiTxDl === null) return LineKind.Other;
    const matched = st.harq.dlPhy(out, {
      rnti,
      pid: intField(s, 'pid=', p),
      ttiTxDl,
      mcs: firstOfSet(s, 'mcs=', p),
      rv: null,
      prbCount: null,
      last: false,
    });
    return matched ? LineKind.Record : LineKind.Other;
  }
  if (rnti === null && !s.startsWith('f=0,', p + 7)) return LineKind.Other;
  const ul = {
    rnti,
    ttiTxDl: intField(s, 'tti_tx_dl=', p),
    mcs: intField(s, 'mcs=', p),
    rv: intField(s, 'rv=', p),
  };
  return st.harq.ulDci(ul) ? LineKind.Record : LineKind.Other;
}

/** An integer after `key` that may be padded with spaces (`l_crb= 9`). */
function spacedInt(s: string, key: string, from: number): number | null {
  const at = s.indexOf(key, from);
  if (at < 0) return null;
  let i = at + key.length;
  while (s.charCodeAt(i) === 32) i++;
  let end = i;
  while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
  return end > i ? Number(s.slice(i, end)) : null;
}
