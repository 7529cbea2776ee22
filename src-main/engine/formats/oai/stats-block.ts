/**
 * The per-UE MAC statistics block of the OAI gNB (dump_mac_stats), as the gNB prints it
 * every 128 frames after a "Frame.Slot 128.0" line and writes it to nrMAC_stats.log:
 *
 *   UE RNTI 49b1 CU-UE-ID 1 in-sync PH 44 dB PCMAX 22 dBm, average RSRP -72 (20 meas)
 *   UE 49b1: CQI 14, RI 2, PMI (0,1)
 *   UE 49b1: dlsch_rounds 90539/14/0/0, dlsch_errors 0, pucch0_DTX 3, BLER 0.00022 MCS (1) 9
 *   UE 49b1: ulsch_rounds 5062/38/1/1, ulsch_errors 1, ulsch_DTX 5, BLER 0.00808 MCS (1) 9
 *   UE 49b1: MAC:    TX     1870405482 RX         403627 bytes
 *   UE 49b1: LCID 1: TX            727 RX           2021 bytes
 *
 * Older versions start with "UE ID 0 RNTI 49b1 (1/1) PH ..." or "UE RNTI 49b1 (1) PH ...",
 * prefix the lines with the UE id ("UE 0: ...") instead of the RNTI, print totals as
 * "dlsch_total_bytes" and "LCID 4: 1234 bytes TX", and sometimes log each line with a tag.
 * The counters are cumulative since the UE connected. One block gives one `stats` record,
 * plus a `phr` record (PH and PCMAX) and a `csi` record (CQI, RI) when the block has them;
 * all take the line number and time of the block's first line.
 *
 * The UE is named by the id the header gives: the MAC UE id of older versions, else the
 * CU-UE-ID (the id the RRC lines name the UE by, "UE ID 1 RNTI 177b"; "(none)" while the
 * DU has none). The CU gives a freed id to the next UE, so one id can name several
 * connections one after another (see connections.ts). No block names a cell.
 */
import { STATS_KEYS as K, type MacRecord } from '../../../../src-shared/records.js';
import type { OaiContext } from './context.js';
import {
  hexAfter,
  hexAt,
  intAfter,
  intAt,
  numberAfter,
  numberAt,
  scan,
  wordAfter,
} from './scan.js';

/** What a line of the block may start with after "UE 49b1: ", to tell it from other lines. */
const ITEM_PREFIXES = ['dlsch_', 'ulsch_', 'CQI ', 'MAC:', 'LCID ', 'UL-RI'];

/** Is this the first line of a UE's block ("UE RNTI 49b1 ..." or "UE ID 0 RNTI 49b1 ...")? */
export function isBlockHeader(body: string): boolean {
  if (body.startsWith('UE RNTI ')) return hexAt(body, 8) !== null;
  return (
    body.startsWith('UE ID ') && intAt(body, 6) !== null && body.startsWith(' RNTI ', scan.end)
  );
}

/** Reads "(20 meas)" at or after `from`; null when absent. */
function measCount(body: string, from: number): number | null {
  const open = body.indexOf('(', from);
  return open < 0 ? null : intAt(body, open + 1);
}

export class StatsBlock {
  open = false;
  private line = 0;
  private tSec = 0;
  private tNsec = 0;
  /** The UE the open block is about: its RNTI, and its MAC UE id in older versions. */
  rnti = 0;
  ueId: number | null = null;
  /** How the block's lines name the UE: "49b1" (the RNTI as %04x) and, for old ones, "0". */
  private ownerHex = '';
  private ownerId = '';
  private values: Record<string, number | null> = {};

  /** Stores a value the line has; a field the OAI version does not print stays absent. */
  private set(name: string, value: number | null): void {
    if (value !== null) this.values[name] = value;
  }

  /** Opens a block at its header line. Returns false if `body` is not a header. */
  start(body: string, line: number, tSec: number, tNsec: number): boolean {
    let rnti: number | null;
    if (body.startsWith('UE ID ')) {
      this.ueId = intAt(body, 6);
      rnti = this.ueId === null ? null : hexAt(body, scan.end + 6);
    } else {
      this.ueId = null;
      rnti = body.startsWith('UE RNTI ') ? hexAt(body, 8) : null;
    }
    if (rnti === null) return false;

    this.open = true;
    this.line = line;
    this.tSec = tSec;
    this.tNsec = tNsec;
    this.rnti = rnti;
    this.ownerHex = rnti.toString(16).padStart(4, '0');
    this.ownerId = this.ueId === null ? '' : String(this.ueId);
    this.values = {};
    this.readHeader(body);
    return true;
  }

  /**
   * Is `body` a line of this block? Untagged lines "UE 49b1: ..." always are; a tagged line
   * only with a known item, since tagged lines like "UE 49b1: Detected UL Failure" also
   * start with the owner.
   */
  accepts(body: string, tagged: boolean): boolean {
    const item = this.itemStart(body);
    if (item < 0) return false;
    return !tagged || ITEM_PREFIXES.some((p) => body.startsWith(p, item));
  }

  /** Adds a line that `accepts` took. */
  add(body: string): void {
    const item = this.itemStart(body);
    if (item >= 0) this.readItem(body.slice(item));
  }

  /** Ends the block: its records. */
  close(): MacRecord[] {
    this.open = false;
    const v = this.values;
    const cuUeId = v.cu_ue_id;
    const ueId = this.ueId ?? (Number.isInteger(cuUeId) ? cuUeId! : null);
    const base = {
      tSec: this.tSec,
      tNsec: this.tNsec,
      line: this.line,
      cell: null,
      ue: ueId === null ? null : String(ueId),
      rnti: this.rnti,
    };
    const records: MacRecord[] = [
      { kind: 'stats', ...base, scope: 'ue', source: 'oai-mac-stats', periodSec: null, values: v },
    ];
    const ph = v[K.phr];
    if (ph !== undefined && ph !== null) {
      records.push({ kind: 'phr', ...base, phDb: ph, pcmaxDbm: v[K.pcmax] ?? null });
    }
    const cqi = v[K.cqi];
    if (cqi !== undefined) {
      // The block prints PMI as the pair (i1, i2); the record has no field for a pair, so
      // the stats values keep both and the csi record leaves PMI unset.
      records.push({ kind: 'csi', ...base, cqi, ri: v[K.ri] ?? null, pmi: null });
    }
    return records;
  }

  /** Index just after "UE <owner>: " when `body` names this block's UE, else -1. */
  private itemStart(body: string): number {
    if (!body.startsWith('UE ')) return -1;
    const colon = body.indexOf(':', 3);
    if (colon < 0 || colon > 12) return -1;
    const owner = body.slice(3, colon).toLowerCase();
    if (owner !== this.ownerHex && owner !== this.ownerId) return -1;
    let i = colon + 1;
    while (body.charCodeAt(i) === 32) i++;
    return i;
  }

  private readHeader(body: string): void {
    const v = this.values;
    const cuUeId = wordAfter(body, 'CU-UE-ID ');
    if (cuUeId !== null) v.cu_ue_id = cuUeId === '(none)' ? null : Number(cuUeId);
    if (body.includes(' out-of-sync ')) v.in_sync = 0;
    else if (body.includes(' in-sync ')) v.in_sync = 1;

    this.set(K.phr, numberAfter(body, ' PH '));
    this.set(K.pcmax, numberAfter(body, 'PCMAX '));
    this.readAverage(body, 'average RSRP ', K.rsrp, 'rsrp_meas');
    this.readAverage(body, 'average SINR ', 'sinr_db', 'sinr_meas');
  }

  /** "average RSRP -72 (20 meas)": OAI prints 0 when there was no measurement. */
  private readAverage(body: string, key: string, name: string, countName: string): void {
    const at = body.indexOf(key);
    if (at < 0) return;
    const value = numberAt(body, at + key.length);
    const count = measCount(body, at + key.length);
    this.values[name] = count === 0 ? null : value;
    this.values[countName] = count;
  }

  private readItem(item: string): void {
    if (item.startsWith('CQI ')) {
      this.set(K.cqi, numberAfter(item, 'CQI '));
      this.set(K.ri, numberAfter(item, 'RI '));
      const pmi = item.indexOf('PMI (');
      if (pmi >= 0) {
        this.set('pmi_x1', intAt(item, pmi + 5));
        this.set('pmi_x2', intAt(item, scan.end + 1));
      }
    } else if (item.startsWith('UL-RI')) {
      this.set('ul_ri', numberAfter(item, 'UL-RI '));
      this.set('tpmi', numberAfter(item, 'TPMI '));
    } else if (item.startsWith('dlsch_rounds ')) {
      this.readRounds(item, 'dlsch_round');
      this.set(K.dlErrors, numberAfter(item, 'dlsch_errors '));
      this.set('pucch0_dtx', numberAfter(item, 'pucch0_DTX '));
      this.readLinkAdaptation(item, 'dl');
      this.readAverage(item, 'average RSRP ', K.rsrp, 'rsrp_meas');
    } else if (item.startsWith('ulsch_rounds ')) {
      this.readRounds(item, 'ulsch_round');
      this.set(K.ulErrors, numberAfter(item, 'ulsch_errors '));
      this.set('ulsch_dtx', numberAfter(item, 'ulsch_DTX '));
      this.readLinkAdaptation(item, 'ul');
    } else {
      this.readBytes(item);
    }
  }

  /** "dlsch_rounds 90539/14/0/0": transmissions in HARQ round 1, 2, 3, 4 (as many as set). */
  private readRounds(item: string, prefix: string): void {
    let count = intAt(item, item.indexOf(' ') + 1);
    for (let round = 1; count !== null; round++) {
      this.values[prefix + round] = count;
      count = item.charCodeAt(scan.end) === 47 ? intAt(item, scan.end + 1) : null; // '/'
    }
  }

  /** BLER, MCS ("MCS (1) 9": table 1, MCS 9), and the UL extras (Qm, NPRB, SNR...). */
  private readLinkAdaptation(item: string, dir: 'dl' | 'ul'): void {
    // "BLER -nan" before the first transmission: printed but not a number, so null.
    const bler = dir === 'dl' ? K.dlBler : K.ulBler;
    if (item.includes('BLER ')) this.values[bler] = numberAfter(item, 'BLER ');
    const table = item.indexOf('MCS (');
    if (table >= 0) {
      this.set(`${dir}_mcs_table`, intAt(item, table + 5));
      this.set(dir === 'dl' ? K.dlMcs : K.ulMcs, intAt(item, scan.end + 1));
    } else {
      this.set(dir === 'dl' ? K.dlMcs : K.ulMcs, intAfter(item, 'MCS '));
    }
    this.set(`${dir}_cce_fail`, intAfter(item, 'CCE fail '));
    if (dir === 'dl') return;

    const extras: [string, string][] = [
      ['Qm ', 'ul_qm'],
      ['deltaMCS ', 'delta_mcs_db'],
      ['NPRB ', 'ul_nprb'],
      ['SNR ', K.puschSnr],
    ];
    for (const [key, name] of extras) this.set(name, numberAfter(item, key));
  }

  /** Byte counters: "MAC: TX a RX b bytes", "LCID 4: TX a RX b bytes" and older forms. */
  private readBytes(item: string): void {
    if (item.startsWith('MAC:')) {
      this.set(K.dlTxBytes, numberAfter(item, 'TX '));
      this.set(K.ulRxBytes, numberAfter(item, 'RX '));
    } else if (item.startsWith('LCID ')) {
      const lcid = intAt(item, 5);
      if (lcid === null) return;
      const name = `lcid${lcid}`;
      if (item.includes(' TX ')) {
        this.set(`${name}_tx_bytes`, numberAfter(item, 'TX '));
        this.set(`${name}_rx_bytes`, numberAfter(item, 'RX '));
      } else {
        // Older: "LCID 4: 1234 bytes TX" and, on its own line, "LCID 4: 99 bytes RX".
        const bytes = numberAt(item, scan.end + 1);
        this.set(`${name}_${item.endsWith('RX') ? 'rx' : 'tx'}_bytes`, bytes);
      }
    } else if (item.startsWith('dlsch_total_bytes ')) {
      this.set(K.dlTxBytes, numberAfter(item, 'dlsch_total_bytes '));
    } else if (item.startsWith('ulsch_total_bytes (scheduled/received):')) {
      this.set('ul_sched_bytes', numberAfter(item, '):'));
      this.set(K.ulRxBytes, numberAt(item, item.indexOf('/', item.indexOf('):')) + 1));
    } else if (item.startsWith('ulsch_total_bytes_scheduled ')) {
      this.set('ul_sched_bytes', numberAfter(item, 'ulsch_total_bytes_scheduled '));
      this.set(K.ulRxBytes, numberAfter(item, 'ulsch_total_bytes_received '));
    }
  }
}

/**
 * The eNB's periodic UE status line: "UE  rnti 43eb : in synch, PHR 40 dB DL CQI 15 PUSCH
 * SNR 10 PUCCH SNR 10" (or "out of synch"). It gives a `stats` record with the values, a
 * `phr` and a `csi` record. False if `body` is not such a line.
 */
export function lteUeStatus(ctx: OaiContext, body: string): boolean {
  if (!body.startsWith('UE ') || !body.includes(' synch, PHR ')) return false;
  const base = ctx.base(null, null, hexAfter(body, 'rnti '));
  const phr = numberAfter(body, 'PHR ');
  const cqi = numberAfter(body, 'DL CQI ');
  const values: Record<string, number | null> = {
    in_sync: body.includes(' out of synch') ? 0 : 1,
    [K.phr]: phr,
    [K.cqi]: cqi,
    [K.puschSnr]: numberAfter(body, 'PUSCH SNR '),
    pucch_snr_db: numberAfter(body, 'PUCCH SNR '),
  };
  const source = 'oai-enb-ue-status';
  ctx.push({ kind: 'stats', ...base, scope: 'ue', source, periodSec: null, values });
  if (phr !== null) ctx.push({ kind: 'phr', ...base, phDb: phr, pcmaxDbm: null });
  if (cqi !== null) ctx.push({ kind: 'csi', ...base, cqi, ri: null, pmi: null });
  return true;
}
