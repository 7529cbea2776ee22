/**
 * The upper PHY's lines ([UL-PHY1 ], [DL-PHY5 ], [PHY     ]). Several PHY threads write to
 * the log, so these lines are not in time order; each record keeps its own line's time.
 *
 *   PUSCH: rnti=0x4601 h_id=0 prb=[3, 39) symb=[0, 14) mod=QPSK rv=0 tbs=512 crc=OK iter=1.0
 *          sinr=3.1dB t=152.5us [ack=1 csi1=0101]
 *   PUCCH: rnti=0x4601 format=1 prb1=0 prb2=na symb=[0, 14) cs=0 occ=0 ack=1 t=21.3us
 *   PUCCH: rnti=0x4601 format=2 prb=[50, 51) prb2=na symb=[10, 12) csi1=0101 t=34.1us
 *   PDSCH: rnti=0x4601 h_id=0 k1=4 prb=[0, 40) symb=[2, 14) mod=QPSK rv=0 tbs=325 t=55.2us
 *   PRACH:  rssi=-0.1dB detected_preambles=[{idx=1 ta=7.81us power=+3.9dB snr=3.9dB}]
 *
 * UCI bits are printed one digit per bit: 1 and 0 as decoded, 2 when not decoded. A PUSCH is
 * one UL decode; HARQ-ACK bits become DL decodes (see harq.ts); a 4-bit CSI Part 1 is the
 * wideband CQI. A PDSCH repeats the scheduler's DL grant: it is used only when that grant is
 * missing (scheduler logging off), to know the TB its HARQ-ACK refers to, and becomes a
 * grant record itself only with the `pdschGrants` option, since with scheduler logging on
 * the DL traffic would count twice.
 */
import { field, numField, rntiField } from '../text.js';
import { LineKind } from '../types.js';
import { pushCqi, pushGrant, pushPreamble } from './emit.js';
import type { Transmission } from './harq-model.js';
import type { GnbState } from './state.js';
import { cqiOfCsiBits, isUciBits, numberWithUnit, rbSpan } from './values.js';

export function parsePhyLine(
  st: GnbState,
  line: string,
  at: number,
  pdschGrants: boolean,
): LineKind {
  // The second letter tells the channels apart (and rules out PDCCH and the rest cheaply).
  switch (line.charCodeAt(at + 1)) {
    case 85 /* U */:
      if (line.startsWith('PUSCH:', at)) return pusch(st, line, at);
      return line.startsWith('PUCCH:', at) ? pucch(st, line, at) : LineKind.Other;
    case 68 /* D */:
      return line.startsWith('PDSCH:', at) ? pdsch(st, line, at, pdschGrants) : LineKind.Other;
    case 82 /* R */:
      return line.startsWith('PRACH:', at) ? prach(st, line, at) : LineKind.Other;
    default:
      return LineKind.Other;
  }
}

function pusch(st: GnbState, line: string, at: number): LineKind {
  const rnti = rntiField(line, 'rnti=', at);
  const crc = field(line, 'crc=', at);
  if (rnti === null || (crc !== 'OK' && crc !== 'KO')) return LineKind.Unrecognised;

  const harqId = numField(line, 'h_id=', at);
  const rv = numField(line, 'rv=', at);
  const tbs = numField(line, 'tbs=', at);
  st.harq.ulCrc(rnti, harqId, st.lineSlot(), crc === 'OK', rv, tbs, sinrOf(line, at));
  uci(st, line, at, rnti);
  return LineKind.Record;
}

/** "sinr=3.1dB"; a debug PHY prints several estimates and marks the one used "[sel]". */
function sinrOf(line: string, at: number): number | null {
  const sinr = numberWithUnit(field(line, 'sinr=', at));
  if (sinr !== null) return sinr;
  const selected = line.indexOf('[sel]=', at);
  return selected < 0 ? null : numberWithUnit(field(line, '[sel]=', selected));
}

function pucch(st: GnbState, line: string, at: number): LineKind {
  const rnti = rntiField(line, 'rnti=', at);
  if (rnti === null) return LineKind.Unrecognised;
  return uci(st, line, at, rnti) ? LineKind.Record : LineKind.Other;
}

/** HARQ-ACK and CSI bits of a PUCCH or PUSCH. True when they gave or will give a record. */
function uci(st: GnbState, line: string, at: number, rnti: number): boolean {
  let used = false;
  const ack = field(line, 'ack=', at);
  if (isUciBits(ack) && st.sfn >= 0) used = st.harq.dlAck(rnti, st.sfn, st.slot, ack, null);

  const cqi = cqiOfCsiBits(field(line, 'csi1=', at));
  if (cqi !== null) {
    pushCqi(st, null, null, rnti, st.lineSlot(), cqi, null);
    used = true;
  }
  return used;
}

function pdsch(st: GnbState, line: string, at: number, pdschGrants: boolean): LineKind {
  const rnti = rntiField(line, 'rnti=', at);
  const tbs = numField(line, 'tbs=', at);
  if (rnti === null || tbs === null) return LineKind.Unrecognised;

  // Broadcast, RAR and paging PDSCHs have no HARQ process.
  const harqId = numField(line, 'h_id=', at);
  const k1 = numField(line, 'k1=', at);
  if (harqId === null || k1 === null) return LineKind.Other;
  if (st.harq.hasDlTransmission(rnti, harqId)) return LineKind.Other;

  const tx: Transmission = {
    rnti,
    harqId,
    ue: null,
    cell: null,
    rv: numField(line, 'rv=', at),
    tbs,
    mcs: null,
    k: k1,
    retx: null,
    newTx: null,
    msg3: false,
  };
  const retx = st.harq.dlTransmission(tx);
  if (pdschGrants) pushGrant(st, 'dl', tx, retx, rbSpan(line, 'prb=', at));
  return LineKind.Record;
}

/** One random-access preamble step per detected preamble; ta in microseconds as logged. */
function prach(st: GnbState, line: string, at: number): LineKind {
  let found = line.indexOf('idx=', at);
  if (found < 0) return LineKind.Other;
  while (found >= 0) {
    const ta = numberWithUnit(field(line, 'ta=', found));
    pushPreamble(st, null, null, numField(line, 'idx=', found), ta);
    found = line.indexOf('idx=', found + 4);
  }
  return LineKind.Record;
}
