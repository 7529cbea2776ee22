/**
 * The MAC's lines ([MAC     ]) and the DU manager's UE procedures ([DU-MNG  ]).
 *
 *   UL rnti=0x4601 ue=0 subPDUs: [lcid=1: len=87, SBSR: lcg=0 bs=0, SE_PHR: ph=[7..8)dB
 *      p_cmax=[20..21)dBm, PAD: len=417]
 *   UL rnti=0x4601 subPDUs: [CCCH48: len=6, PAD: len=3]           (a Msg3: no UE yet)
 *   DL PDU: ue=0 rnti=0x4601 size=325: CON_RES: id=114f6435fc66, SDU: lcid=0 size=314
 *   ue=0: RLF detected. Cause: 100 consecutive CRC KOs
 *
 * BSR "bs=" is the buffer size index of the MAC CE, converted to bytes with the tables of
 * TS 38.321 (bsr-table.ts). A power headroom is printed as the dB interval of the reported
 * index; its lower bound is kept.
 */
import type { BsrRecord } from '../../../../src-shared/records.js';
import { field, numField, parseRnti, rntiField } from '../text.js';
import { LineKind } from '../types.js';
import { longBsrBytes, shortBsrBytes } from './bsr-table.js';
import { claimPreamble, pushBsr, pushCellEvent, pushPhr, pushRa, pushUeEvent } from './emit.js';
import type { GnbState } from './state.js';
import { fieldBeforeColon, lowerBound, ueIdField } from './values.js';

export function parseMacLine(st: GnbState, line: string, at: number): LineKind {
  if (line.startsWith('UL ', at)) {
    const list = line.indexOf('subPDUs: [', at);
    return list < 0 ? LineKind.Other : ulPdu(st, line, at, list + 10);
  }
  if (line.startsWith('DL PDU:', at)) return dlPdu(st, line, at);
  if (line.indexOf('RLF detected', at) >= 0) return radioLinkFailure(st, line, at);
  return macCellEvent(st, line, at);
}

/** The subPDUs of an UL MAC PDU: BSR, PHR, and the CCCH or C-RNTI of a Msg3. */
function ulPdu(st: GnbState, line: string, at: number, listStart: number): LineKind {
  const rnti = rntiField(line, 'rnti=', at);
  if (rnti === null) return LineKind.Unrecognised;
  const ue = ueIdField(line.slice(at, listStart));
  const close = line.lastIndexOf(']');
  const listEnd = close > listStart ? close : line.length;

  let produced = false;
  let msg3Rnti: number | null = null;
  // The items of the list, separated by ", ", walked without splitting the list.
  for (let start = listStart, end = listStart; end < listEnd; start = end + 2) {
    const separator = line.indexOf(', ', start);
    end = separator >= 0 && separator < listEnd ? separator : listEnd;
    // SDUs ("lcid=4: len=60") and padding, most subPDUs, carry nothing here.
    if (line.charCodeAt(start) === 108 /* l */ || line.startsWith('PAD:', start)) continue;

    const item = line.slice(start, end);
    if (bsr(st, item, ue, rnti) || phr(st, item, ue, rnti)) {
      produced = true;
    } else if (item.startsWith('CCCH') || item.startsWith('RedCap CCCH')) {
      msg3Rnti = rnti;
    } else if (item.startsWith('C-RNTI: ')) {
      // A connected UE doing random access names its C-RNTI in Msg3; the TC-RNTI is dropped.
      const crnti = parseRnti(item.slice(8).trim());
      msg3Rnti = crnti ?? rnti;
      if (crnti !== null && crnti !== rnti) {
        pushUeEvent(st, 'rnti-change', ue, crnti, 'C-RNTI MAC CE in Msg3', rnti);
      }
    }
  }
  if (msg3Rnti !== null) {
    claimPreamble(st, null, ue, msg3Rnti, null);
    pushRa(st, null, ue, msg3Rnti, 'msg3');
    produced = true;
  }
  return produced ? LineKind.Record : LineKind.Other;
}

/** A BSR subPDU; true when it gave a record. Long truncated BSRs carry no sizes. */
function bsr(st: GnbState, item: string, ue: string | null, rnti: number): boolean {
  let type: BsrRecord['type'];
  let bytes: number | null;
  let lcg: number | null = null;
  if (item.startsWith('SBSR: ')) {
    type = 'short';
    lcg = numField(item, 'lcg=');
    bytes = shortBsrBytes(numField(item, 'bs=') ?? -1);
  } else if (item.startsWith('SHORT_TRUNC_BSR: ')) {
    type = 'truncated';
    bytes = shortBsrBytes(numField(item, 'bs=') ?? -1);
  } else if (item.startsWith('LBSR: ')) {
    type = 'long';
    bytes = longBsrSum(item);
  } else {
    return false;
  }
  if (bytes === null) return false;
  pushBsr(st, ue, rnti, type, lcg, bytes);
  return true;
}

/**
 * "LBSR: lcg=0 bs=12 lcg=1 bs=3 ": the sum over the groups. An empty list (all LCG bits 0) is
 * read as 0 bytes, as srsRAN does; "LBSR: invalid" gives null.
 */
function longBsrSum(item: string): number | null {
  if (item.includes('invalid')) return null;
  let sum = 0;
  for (let at = item.indexOf('bs='); at >= 0; at = item.indexOf('bs=', at + 3)) {
    const bytes = longBsrBytes(numField(item, 'bs=', at) ?? -1);
    if (bytes === null) return null;
    sum += bytes;
  }
  return sum;
}

/** "SE_PHR: ph=[7..8)dB p_cmax=[20..21)dBm" (older versions print no values). */
function phr(st: GnbState, item: string, ue: string | null, rnti: number): boolean {
  if (!item.startsWith('SE_PHR: ')) return false;
  const phDb = lowerBound(item, 'ph=');
  if (phDb === null) return false;
  pushPhr(st, ue, rnti, phDb, lowerBound(item, 'p_cmax='));
  return true;
}

/** A DL MAC PDU with a UE Contention Resolution Identity CE is the Msg4. */
function dlPdu(st: GnbState, line: string, at: number): LineKind {
  if (line.indexOf('CON_RES', at) < 0) return LineKind.Other;
  const rnti = rntiField(line, 'rnti=', at);
  if (rnti === null) return LineKind.Unrecognised;
  st.harq.markMsg4(rnti);
  const ue = ueIdField(line, at);
  claimPreamble(st, null, ue, rnti, null);
  pushRa(st, null, ue, rnti, 'contention-resolution');
  return LineKind.Record;
}

/**
 * "ue=0: RLF detected. Cause: 100 consecutive CRC KOs": lost UL (CRC KOs) is an UL failure;
 * missing HARQ-ACKs or CSI a radio link failure.
 */
function radioLinkFailure(st: GnbState, line: string, at: number): LineKind {
  const ue = ueIdField(line, at);
  const rnti = parseRnti(fieldBeforeColon(line, 'rnti=', at));
  const cause = line.indexOf('Cause: ', at);
  const detail = cause < 0 ? line.slice(at) : line.slice(cause + 7);
  pushUeEvent(st, detail.includes('CRC') ? 'ul-failure' : 'rlf', ue, rnti, detail);
  return LineKind.Record;
}

/** "cell=0: Cell was activated" and "cell=0: Cell was stopped." */
function macCellEvent(st: GnbState, line: string, at: number): LineKind {
  const started = line.indexOf('Cell was activated', at) >= 0;
  if (!started && line.indexOf('Cell was stopped', at) < 0) return LineKind.Other;
  const cell = fieldBeforeColon(line, 'cell=', at);
  pushCellEvent(st, cell, started ? 'started' : 'stopped', line.slice(at));
  return LineKind.Record;
}

/**
 * The DU manager's UE procedures: `ue=0 rnti=0x4601 proc="UE Create": Procedure finished
 * successfully.` creates a UE (with its DU UE index, the one the MAC and scheduler use);
 * "UE Delete" removes it.
 */
export function parseDuManagerLine(st: GnbState, line: string, at: number): LineKind {
  const proc = line.indexOf('proc="UE ', at);
  if (proc < 0 || line.indexOf('finished successfully', proc) < 0) return LineKind.Other;
  const created = line.startsWith('Create"', proc + 9);
  if (!created && !line.startsWith('Delete"', proc + 9)) return LineKind.Other;

  const ue = ueIdField(line, at);
  const rnti = parseRnti(field(line, 'rnti=', at) ?? field(line, 'c-rnti=', at));
  const detail = created ? 'UE Create' : 'UE Delete';
  pushUeEvent(st, created ? 'created' : 'removed', ue, rnti, detail);
  return LineKind.Record;
}
