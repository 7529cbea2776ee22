/**
 * The scheduler's lines ([SCHED ]).
 *
 * At info level a slot's decisions fit on one line:
 *   Slot decisions cell=0 t=15us (1 PDSCH, 1 PUSCH): DL: ue=0 c-rnti=0x4601 rb=[0..40) h_id=0
 *   ss_id=1 k1=4 rv=0 tbs=325, UL: ue=0 rnti=0x4601 h_id=2 ss_id=2 rb=[9..33) rv=0 tbs=149 k2=4
 * (newer versions say pci=1 for cell=0, add newtx=, and order the fields differently). At debug
 * level the header ends with ':' and each decision follows on an untimestamped "- " line:
 *   - UE PDSCH: ue=0 c-rnti=0x4601 h_id=0 rb=[0..40) symb=[2..14) tbs=325 mcs=0 rv=0 nrtx=0 k1=4
 *   - UL PDCCH: rnti=0x4601 type=c-rnti ... dci: h_id=0 ndi=1 rv=0 mcs=9 tpc=1
 *   - UE PUSCH: ue=0 c-rnti=0x4601 h_id=0 rb=[3..39) symb=[0..14) tbs=512 rv=0 nrtx=0 k2=4
 * A UL PDCCH carries the MCS of a PUSCH k2 slots later, so it is kept until that PUSCH.
 *
 * "Processed slot events" lines list what the scheduler was told (PRACH, UE creation, and at
 * debug level HARQ-ACKs, CRCs, CSI). HARQ processes given up are logged as "Discarding".
 */
import {
  field,
  numField,
  parseRnti,
  rntiAt,
  rntiField,
  toNumber,
  valueEnd,
  valueStart,
} from '../text.js';
import { LineKind } from '../types.js';
import {
  claimPreamble,
  pushCellEvent,
  pushCqi,
  pushGrant,
  pushPreamble,
  pushRa,
  pushUeEvent,
} from './emit.js';
import type { Transmission } from './harq-model.js';
import type { GnbState } from './state.js';
import {
  boolField,
  fieldBeforeColon,
  isInvalidUeAt,
  numberWithUnit,
  parseSlotPoint,
  rbSpan,
  trimColon,
  ueIdAt,
  ueIdField,
} from './values.js';

/** Reads a SCHED line whose message starts at `at`. */
export function parseSchedLine(st: GnbState, line: string, at: number): LineKind {
  if (line.startsWith('Slot decisions', at)) return slotDecisions(st, line, at);
  if (line.startsWith('Processed slot events', at)) return slotEvents(st, line, at);
  if (line.indexOf('Discarding', at) >= 0) return harqDiscard(st, line, at);
  return schedCellEvent(st, line, at);
}

/** Reads an untimestamped "- ..." line of a debug block opened by a SCHED header. */
export function parseSchedBlockLine(st: GnbState, line: string): LineKind {
  return st.block === 'decisions' ? decisionLine(st, line) : eventLine(st, line);
}

/**
 * The cell a line names: "cell=0" (cell index, older versions and cell state lines) or
 * "pci=1" (newer), keyed by its index once a "Cell creation idx=0 pci=1" told which it is.
 * One gNB names a cell both ways, so keying by what each line prints made one cell two.
 * The index, not the PCI: the creation comes before every line that names the cell by its
 * PCI, but after the first ones that name it by its index ("cell=0: Cell was activated").
 */
function cellOf(st: GnbState, line: string, from: number): string | null {
  const pci = fieldBeforeColon(line, 'pci=', from);
  const named = fieldBeforeColon(line, 'cell=', from) ?? pci;
  return pci === null ? named : (st.cellOfPci.get(pci) ?? named);
}

/** The index and PCI a "Cell creation idx=0 pci=1" text names (read from the head too). */
export function createdCell(text: string): { idx: string | null; pci: string | null } {
  return { idx: field(text, 'idx='), pci: field(text, 'pci=') };
}

/** "Cell creation idx=0 pci=1": learns the index of the PCI, and names the cell by it. */
function cellCreation(st: GnbState, text: string, blockCell: string | null): void {
  const { idx, pci } = createdCell(text);
  if (idx !== null && pci !== null) st.cellOfPci.set(pci, idx);
  pushCellEvent(st, idx ?? blockCell ?? pci, 'configured', text);
}

function slotDecisions(st: GnbState, line: string, at: number): LineKind {
  const cell = cellOf(st, line, at);
  // A debug header ends with ':' and has no ": " (an info line lists its decisions after one).
  if (line.endsWith(':') && line.indexOf(': ', at) < 0) {
    st.block = 'decisions';
    st.blockCell = cell;
    return LineKind.Record;
  }

  // The decisions follow the first ": " (after "(1 PDSCH, 0 PUSCHs)" where printed).
  const colon = line.indexOf(': ', at);
  if (colon < 0) return LineKind.Other;

  let produced = false;
  let malformed = false;
  const starts = entryStarts(line, colon + 2);
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] - 2 : line.length;
    const entry = line.slice(starts[i], end);
    let ok = true;
    if (entry.startsWith('DL: ')) ok = dlGrant(st, entry, cell);
    else if (entry.startsWith('UL: ')) ok = ulGrant(st, entry, cell, false);
    else if (entry.startsWith('RAR: ')) pushRa(st, cell, null, null, 'rar');
    else continue; // SIB1, SI-n and paging grants carry no UE traffic.
    if (ok) produced = true;
    else malformed = true;
  }
  if (produced) return LineKind.Record;
  return malformed ? LineKind.Unrecognised : LineKind.Other;
}

/**
 * Where each decision of an info line starts: the text after ": ", and after every ", "
 * that is followed by an entry name and ": " ("DL: ", "UL: ", "RAR: ", "SIB1: ", "SI-1: ").
 */
function entryStarts(line: string, first: number): number[] {
  const starts = [first];
  let comma = line.indexOf(', ', first);
  while (comma >= 0) {
    if (isEntryName(line, comma + 2)) starts.push(comma + 2);
    comma = line.indexOf(', ', comma + 2);
  }
  return starts;
}

function isEntryName(line: string, at: number): boolean {
  const first = line.charCodeAt(at);
  if (first < 65 || first > 90) return false;
  for (let i = at + 1; i < at + 8 && i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 58 /* : */) return line.charCodeAt(i + 1) === 32;
    const nameChar = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 63;
    if (!nameChar) return false;
  }
  return false;
}

/** A DL grant (info entry or debug "UE PDSCH" line). False when it lacks rnti or TBS. */
function dlGrant(st: GnbState, entry: string, cell: string | null): boolean {
  const rnti = rntiField(entry, 'c-rnti=');
  const tbs = numField(entry, 'tbs=');
  if (rnti === null || tbs === null) return false;

  const tx: Transmission = {
    rnti,
    harqId: numField(entry, 'h_id='),
    ue: ueIdField(entry),
    cell,
    rv: numField(entry, 'rv='),
    tbs,
    mcs: numField(entry, 'mcs='),
    k: numField(entry, 'k1='),
    retx: numField(entry, 'nrtx='),
    newTx: boolField(entry, 'newtx='),
    msg3: false,
  };
  const rb = rbSpan(entry, 'rb=');
  pushGrant(st, 'dl', tx, st.harq.dlTransmission(tx), rb);

  // With more than four layers a second codeword (TB) shares the HARQ process.
  const cw1 = entry.indexOf('cw[1]:');
  const tbs1 = cw1 < 0 ? null : numField(entry, 'tbs=', cw1);
  if (tbs1 !== null) {
    const newTx = boolField(entry, 'newtx=', cw1);
    const mcs = numField(entry, 'mcs=', cw1);
    const second: Transmission = Object.assign({}, tx);
    second.rv = numField(entry, 'rv=', cw1);
    second.tbs = tbs1;
    second.mcs = mcs;
    second.newTx = newTx;
    pushGrant(st, 'dl', second, newTx === true ? 0 : null, rb);
  }
  return true;
}

/**
 * An UL grant (info entry or debug "UE PUSCH" line). A Msg3 grant has no UE yet (ue=1024),
 * a tc-rnti, or a msg3_delay. False when it lacks rnti or TBS. In a debug block the grant's
 * MCS is that of its UL PDCCH line (`fromBlock`).
 */
function ulGrant(st: GnbState, entry: string, cell: string | null, fromBlock: boolean): boolean {
  // Each field is searched once: this runs for every UL grant.
  const rntiStart = valueStart(entry, 'rnti=');
  const cRntiStart = valueStart(entry, 'c-rnti=');
  const tcRntiStart = valueStart(entry, 'tc-rnti=');
  const harqId = numField(entry, 'h_id=');
  const dciMcs = fromBlock
    ? takeUlDciMcs(st, rntiAtStart(entry, cRntiStart >= 0 ? cRntiStart : tcRntiStart), harqId)
    : null;
  // The rnti is the first of rnti=, c-rnti= and tc-rnti= that is present.
  const rnti = rntiAtStart(
    entry,
    rntiStart >= 0 ? rntiStart : cRntiStart >= 0 ? cRntiStart : tcRntiStart,
  );
  const tbs = numField(entry, 'tbs=');
  if (rnti === null || tbs === null) return false;

  const ueStart = valueStart(entry, 'ue=');
  const msg3 = isInvalidUeAt(entry, ueStart) || tcRntiStart >= 0 || entry.includes('msg3_delay=');
  const tx: Transmission = {
    rnti,
    harqId,
    ue: ueIdAt(entry, ueStart),
    cell,
    rv: numField(entry, 'rv='),
    tbs,
    mcs: numField(entry, 'mcs=') ?? dciMcs,
    k: numField(entry, 'k2='),
    retx: numField(entry, 'nrtx='),
    newTx: boolField(entry, 'newtx='),
    msg3,
  };
  pushGrant(st, 'ul', tx, st.harq.ulTransmission(tx), rbSpan(entry, 'rb='));
  return true;
}

/** The RNTI whose value starts at `start` (-1: absent, null). */
function rntiAtStart(s: string, start: number): number | null {
  return start < 0 ? null : rntiAt(s, start, valueEnd(s, start));
}

/** Reads a "- " line of a debug "Slot decisions" block. */
function decisionLine(st: GnbState, line: string): LineKind {
  const cell = st.blockCell;
  // Most lines of a block (PUCCH, DL PDCCH) are ruled out by the letter after "- ", before
  // any prefix is compared.
  switch (line.charCodeAt(2)) {
    case 85 /* U */:
      if (line.startsWith('- UE PDSCH:')) {
        return dlGrant(st, line, cell) ? LineKind.Record : LineKind.Unrecognised;
      }
      if (line.startsWith('- UE PUSCH:')) {
        return ulGrant(st, line, cell, true) ? LineKind.Record : LineKind.Unrecognised;
      }
      return line.startsWith('- UL PDCCH:') ? keepUlDciMcs(st, line) : LineKind.Other;
    case 82 /* R */:
      return line.startsWith('- RAR PDSCH:') ? rarGrants(st, line, cell) : LineKind.Other;
    default:
      return LineKind.Other;
  }
}

/** "- UL PDCCH: rnti=0x4601 ... h_id=0 ndi=1 rv=0 mcs=9": the MCS of a coming PUSCH. */
function keepUlDciMcs(st: GnbState, line: string): LineKind {
  const rnti = rntiField(line, 'rnti=');
  const harqId = numField(line, 'h_id=');
  const mcs = numField(line, 'mcs=');
  if (rnti === null || harqId === null || mcs === null) return LineKind.Other;
  st.ulDciMcs.set(rnti * 64 + harqId, mcs);
  return LineKind.Record;
}

/** The MCS kept for the PUSCH of `rnti` on `harqId`, forgotten once taken. */
function takeUlDciMcs(st: GnbState, rnti: number | null, harqId: number | null): number | null {
  if (rnti === null || harqId === null) return null;
  const key = rnti * 64 + harqId;
  const mcs = st.ulDciMcs.get(key) ?? null;
  st.ulDciMcs.delete(key);
  return mcs;
}

/**
 * "- RAR PDSCH: ra-rnti=0xf ... grants (1): tc-rnti=0x4601: rapid=1 ta=4 time_res=0": one
 * RAR step per UE answered, with its temporary C-RNTI, preamble and timing advance command.
 */
function rarGrants(st: GnbState, line: string, cell: string | null): LineKind {
  let at = line.indexOf('tc-rnti=');
  if (at < 0) {
    pushRa(st, cell, null, null, 'rar');
    return LineKind.Record;
  }
  while (at >= 0) {
    const rnti = parseRnti(trimColon(field(line, 'tc-rnti=', at)));
    const rapid = numField(line, 'rapid=', at);
    if (rnti !== null) claimPreamble(st, cell, null, rnti, rapid);
    pushRa(st, cell, null, rnti, 'rar', rapid, numField(line, 'ta=', at));
    at = line.indexOf('tc-rnti=', at + 8);
  }
  return LineKind.Record;
}

/**
 * "Processed slot events pci=1: prach(ra-rnti=0xf preamble=1 tc-rnti=0x4601), Cell creation
 * idx=0 pci=1" at info level; a header ending in ':' with "- " lines at debug level.
 */
function slotEvents(st: GnbState, line: string, at: number): LineKind {
  const cell = cellOf(st, line, at);
  if (line.endsWith(':') && line.indexOf(': ', at) < 0) {
    st.block = 'events';
    st.blockCell = cell;
    return LineKind.Record;
  }

  let produced = false;
  for (let p = line.indexOf('prach(', at); p >= 0; p = line.indexOf('prach(', p + 6)) {
    const rnti = rntiField(line, 'tc-rnti=', p);
    pushPreamble(st, cell, rnti, numField(line, 'preamble=', p), null);
    produced = true;
  }
  const creation = line.indexOf('Cell creation idx=', at);
  if (creation >= 0) {
    cellCreation(st, line.slice(creation), null);
    produced = true;
  }
  return produced ? LineKind.Record : LineKind.Other;
}

function eventLine(st: GnbState, line: string): LineKind {
  const cell = st.blockCell;
  const ue = ueIdField(line);
  const rnti = parseRnti(trimColon(field(line, 'rnti=')));

  if (line.startsWith('- UE creation:')) {
    pushUeEvent(st, 'created', ue, rnti, 'scheduler UE creation');
  } else if (line.startsWith('- UE removal:')) {
    pushUeEvent(st, 'removed', ue, rnti, 'scheduler UE removal');
  } else if (line.startsWith('- PRACH:')) {
    const tcRnti = rntiField(line, 'temp_crnti=');
    pushPreamble(st, cell, tcRnti, numField(line, 'preamble='), null);
  } else if (line.startsWith('- HARQ-ACK:')) {
    return harqAckEvent(st, line, rnti);
  } else if (line.startsWith('- CRC:')) {
    return crcEvent(st, line, rnti);
  } else if (line.startsWith('- CSI:')) {
    const cqi = numField(line, 'cqi=');
    const slotRx = parseSlotPoint(field(line, 'slot_rx='));
    if (rnti === null || cqi === null || slotRx === null) return LineKind.Other;
    const slot = st.absSlot(slotRx.sfn, slotRx.slot);
    pushCqi(st, cell, ue, rnti, slot, cqi, numField(line, 'ri='));
  } else if (line.startsWith('- Cell creation:')) {
    cellCreation(st, line.slice(2), cell);
  } else {
    return LineKind.Other; // SR, BSR, PHR (the MAC logs those), buffer states, SRS.
  }
  return LineKind.Record;
}

/** "- HARQ-ACK: ue=0 rnti=0x4601 slot_rx=520.1 h_id=0 ack=1 tbs=325" (ack 0/1/2 = nack/ack/dtx). */
function harqAckEvent(st: GnbState, line: string, rnti: number | null): LineKind {
  const slot = parseSlotPoint(field(line, 'slot_rx='));
  const ack = field(line, 'ack=');
  if (rnti === null || slot === null || (ack !== '0' && ack !== '1' && ack !== '2')) {
    return LineKind.Unrecognised;
  }
  st.harq.dlAck(rnti, slot.sfn, slot.slot, ack, numField(line, 'h_id='));
  return LineKind.Record;
}

/** "- CRC: ue=0 rnti=0x4601 rx_slot=522.9 h_id=0 crc=1 sinr=3.1dB". */
function crcEvent(st: GnbState, line: string, rnti: number | null): LineKind {
  const slot = parseSlotPoint(field(line, 'rx_slot='));
  const crc = field(line, 'crc=');
  if (rnti === null || slot === null || crc === null) return LineKind.Unrecognised;
  const ok = crc === '1' || crc === 'true' || crc === 'OK';
  const sinr = numberWithUnit(field(line, 'sinr='));
  const rxSlot = st.absSlot(slot.sfn, slot.slot);
  st.harq.ulCrc(rnti, numField(line, 'h_id='), rxSlot, ok, null, null, sinr);
  return LineKind.Record;
}

/**
 * "DL HARQ rnti=0x4602 cell=0 h_id=0: Discarding HARQ process tb=0 with tbs=14. Cause:
 * Maximum number of reTxs 4 exceeded" (newer: "rnti=0x4602 h_id=0: Discarding DL HARQ process
 * TB with tbs=14. ..."). Only the maximum-retransmissions cause is a TB lost on the air.
 */
function harqDiscard(st: GnbState, line: string, at: number): LineKind {
  const cause = line.indexOf('Maximum number of reTxs ', at);
  if (cause < 0 || line.indexOf('HARQ', at) < 0) return LineKind.Other;
  const rnti = rntiField(line, 'rnti=', at);
  if (rnti === null) return LineKind.Unrecognised;

  const dir = line.indexOf('UL HARQ', at) >= 0 ? 'ul' : 'dl';
  const maxRetx = parseInt(line.slice(cause + 24, cause + 30), 10);
  const harqIdText = fieldBeforeColon(line, 'h_id=', at); // "h_id=0: Discarding"
  const harqId = harqIdText === null ? null : toNumber(harqIdText);
  const tbs = numField(line, 'tbs=', at);
  const retx = Number.isFinite(maxRetx) ? maxRetx : null;
  st.harq.discard(dir, rnti, harqId, retx, tbs, cellOf(st, line, at));
  return LineKind.Record;
}

function schedCellEvent(st: GnbState, line: string, at: number): LineKind {
  const text = line.slice(at);
  if (text.startsWith('Cell with cell_index=') && text.includes('configured')) {
    pushCellEvent(st, field(text, 'cell_index='), 'configured', text);
    return LineKind.Record;
  }
  if (text.includes('Cell scheduling was ')) {
    pushCellEvent(st, cellOf(st, text, 0), 'state', text);
    return LineKind.Record;
  }
  return LineKind.Other;
}
