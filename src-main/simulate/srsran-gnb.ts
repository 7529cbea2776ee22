/**
 * Writes a srsRAN Project gNB file log (the shape of /work/shared/samples/srsran-gnb-nr.log):
 * `ISO-timestamp [TAG     ] [L] [ SFN.slot] text`; FDD 15 kHz cells of 52 PRBs.
 *
 * - SCHED "Slot decisions" lines with the DL and UL grants of the slot; at level 'debug' the
 *   decision is a header line followed by untimestamped "- ..." detail lines, as the
 *   scheduler result logger prints it (DL/UL PDCCH with the DCI and its MCS, RAR/UE PDSCH,
 *   UE PUSCH with nrtx, PUCCH).
 * - PHY PDCCH/PDSCH lines in the slot; PUSCH results (crc, sinr, HARQ-ACK carried as UCI) 5 ms
 *   later; PUCCH HARQ-ACK (1 ACK, 0 NACK, 2 DTX), SR and CSI 2 ms later; PRACH detections.
 * - MAC DL PDU and UL subPDU lines (short/long BSR, single-entry PHR as dB ranges, Msg3 CCCH,
 *   contention resolution), HARQ discards after 4 retransmissions.
 * - UE creation and release, RLC/PDCP/GTPU traffic lines, and [METRICS ] lines (no level
 *   field) per cell and per UE each second, counted from the lines written in that second.
 */
import { Clock, LineTimer } from './clock.js';
import { modulationName } from './link.js';
import { fixed1, tenths } from './numbers.js';
import type {
  CellSim,
  Grant,
  ModelConfig,
  RarGrant,
  SlotPlan,
  UeSim,
  UlControl,
  Writer,
} from './model-types.js';
import type { Prng } from './prng.js';
import type { TextSink } from './sink.js';
import {
  BANNER,
  cqiBits,
  engineering,
  rrcSetupDump,
  sib1Dump,
  tagField,
} from './srsran-gnb-text.js';

export const SRSRAN_GNB_CONFIG: ModelConfig = {
  logs: {
    msg3AsTraffic: true,
    discards: true,
    bsr: true,
    phr: true,
    cqi: true,
    dtx: true,
    raSuccess: 'msg4-ack',
    raFailures: true,
  },
  uciOnPusch: true,
  cellName: (index) => String(index),
  slotUs: 1000,
  slotsPerFrame: 10,
  harqProcesses: 8,
  k1: 4,
  k2: 4,
  rarDelay: 6,
  msg3Delay: 6,
  prachReportDelay: 5,
  pucchReportDelay: 2,
  puschReportDelay: 5,
  // srsRAN cycles DL redundancy versions 0, 2, 3, 1; its default PUSCH sequence is just 0, so
  // a UL retransmission looks like a new transmission at info level (same h_id and tbs).
  ulRetxDelay: 1,
  dlRvSequence: [0, 2, 3, 1],
  ulRvSequence: [0],
  maxRetx: 4,
  nPrb: 52,
  ulPrbFirst: 3,
  ulPrbEnd: 50,
  maxUesPerSlot: 4,
  prachSlot: 1,
  srPeriod: 20,
  csiPeriod: 20,
  metricsPeriod: 1000,
  firstRnti: 0x4601,
  // srsRAN logs the BSR index of the report, not bytes.
  bsrValue: (index) => index,
};

/** The UE index srsRAN prints for a UE not created yet (a Msg3 grant). */
const INVALID_UE_INDEX = 1024;

/** Time from the first line to the first slot, filled by the startup banner. */
const BOOT_US = 300_000;

/** "[ SFN.slot] " labels of all 10240 slots of the SFN cycle, padded as srsRAN pads them. */
const SLOT_LABELS: readonly string[] = Array.from(
  { length: 10240 },
  (_, i) => '[' + `${Math.floor(i / 10)}.${i % 10}`.padStart(8) + '] ',
);

const TAGS = {
  schedInfo: tagField('SCHED', 'I'),
  schedDebug: tagField('SCHED', 'D'),
  mac: tagField('MAC', 'I'),
  prach: tagField('UL-PHY0', 'I'),
  rlc: tagField('RLC', 'I'),
  pdcp: tagField('PDCP', 'I'),
  gtpu: tagField('GTPU', 'I'),
  duMng: tagField('DU-MNG', 'I'),
  duF1: tagField('DU-F1', 'I'),
  cuCp: tagField('CU-CP', 'I'),
  cuUeMng: tagField('CU-UEMNG', 'I'),
  rrc: tagField('RRC', 'I'),
  rrcDebug: tagField('RRC', 'D'),
  ngap: tagField('NGAP', 'I'),
  metrics: tagField('METRICS', null),
};
const DL_PHY_TAGS = Array.from({ length: 8 }, (_, i) => tagField(`DL-PHY${i}`, 'I'));
const UL_PHY_TAGS = [tagField('UL-PHY1', 'I'), tagField('UL-PHY2', 'I')];

/** Text of one UE context, rendered once. */
export interface GnbUeText {
  /** "0x4601". */
  hex: string;
  /** The UE index as printed ("1024" before the UE exists). */
  ue: string;
  /** F1AP UE id, and PDCP/RLC sequence numbers of its data bearer. */
  f1apId: number;
  dlSn: number;
  ulSn: number;
}

export interface GnbWriterOptions {
  level: 'info' | 'debug';
  /** Microseconds since the epoch of the first line. */
  startUs: number;
}

function rbRange(start: number, count: number): string {
  return `[${start}..${start + count})`;
}

function phyRange(start: number, count: number): string {
  return `[${start}, ${start + count})`;
}

export class SrsranGnbWriter implements Writer<GnbUeText> {
  private readonly clock = new Clock('iso');
  private readonly timer: LineTimer;
  private readonly debug: boolean;
  private readonly firstSlotUs: number;
  private slotStartUs = 0;
  private slotNo = 0;
  private nextF1apId = 0;

  constructor(
    private readonly sink: TextSink,
    private readonly rng: Prng,
    options: GnbWriterOptions,
  ) {
    this.debug = options.level === 'debug';
    this.timer = new LineTimer(options.startUs);
    this.firstSlotUs = options.startUs + BOOT_US;
  }

  view(ue: UeSim<GnbUeText>): GnbUeText {
    const old = ue.view as GnbUeText | undefined;
    return {
      hex: ue.rntiHex,
      ue: ue.index === null ? String(INVALID_UE_INDEX) : String(ue.index),
      f1apId: ue.index === null ? -1 : this.nextF1apId++,
      dlSn: old?.dlSn ?? 0,
      ulSn: old?.ulSn ?? 0,
    };
  }

  ueName(ue: UeSim<GnbUeText>): string | null {
    return ue.view.ue;
  }

  // --- Lines ----------------------------------------------------------------------------------

  /** Timestamp of the next line, at least `offsetUs` into the current slot. */
  private stamp(offsetUs: number): string {
    return this.clock.stamp(this.timer.next(this.slotStartUs + offsetUs));
  }

  /** A line of a tag without a slot field. */
  private plain(tagText: string, text: string, offsetUs = 100): void {
    this.sink.line(this.stamp(offsetUs) + tagText + text);
  }

  /** A line of a tag with a slot field. */
  private slotted(tagText: string, slot: number, text: string, offsetUs = 100): void {
    this.sink.line(this.stamp(offsetUs) + tagText + SLOT_LABELS[slot % 10240] + text);
  }

  /** A processing time in microseconds between `min` and `max`, as "53.6". */
  private phyTime(min: number, max: number): string {
    return tenths(this.rng.int(min * 10, max * 10));
  }

  private ulPhyTag(slot: number): string {
    return UL_PHY_TAGS[slot & 1];
  }

  // --- Writer ---------------------------------------------------------------------------------

  begin(cells: readonly CellSim[]): void {
    this.slotStartUs = this.timer.last;
    for (const [name, text] of BANNER) this.plain(tagField(name, 'I'), text, 0);

    for (const cell of cells) {
      this.plain(TAGS.duMng, `SIB1 cell=${cell.index}: {`, 0);
      for (const line of sib1Dump(cell.pci).slice(1)) this.sink.line(line);
    }
    for (const cell of cells) {
      this.slotted(TAGS.schedInfo, 0, `Cell with cell_index=${cell.index} was configured.`, 0);
    }
  }

  slot(slot: number): void {
    this.slotNo = slot;
    this.slotStartUs = this.firstSlotUs + slot * SRSRAN_GNB_CONFIG.slotUs;
  }

  prach(_cell: CellSim, prachSlot: number, ues: readonly UeSim<GnbUeText>[]): void {
    const preambles = ues.map((ue) => {
      const power = this.rng.range(-2, 8).toFixed(1);
      const snr = this.rng.range(2, 20).toFixed(1);
      return `{idx=${ue.preamble} ta=${ue.taUs.toFixed(2)}us power=+${power}dB snr=${snr}dB}`;
    });
    const rssi = this.rng.range(-3, 1).toFixed(1);
    const text = `PRACH:  rssi=${rssi}dB detected_preambles=[${preambles.join(', ')}]`;
    this.slotted(TAGS.prach, prachSlot, `${text} t=${this.phyTime(100, 180)}us`);
  }

  cellSlot(plan: SlotPlan<GnbUeText>): void {
    this.dataArrival(plan.dl);
    if (this.debug) this.decisionBlock(plan);
    else this.decisionLine(plan);

    for (const grant of plan.dl) this.dlPdu(grant);
    this.dlPhy(plan);
  }

  pucchFeedback(grant: Grant<GnbUeText>): void {
    const slot = grant.slot + grant.k;
    const text = `PUCCH: rnti=${grant.ue.view.hex} format=1 prb1=0 prb2=na symb=[0, 14) cs=0 occ=0`;
    this.slotted(
      this.ulPhyTag(slot),
      slot,
      `${text} ack=${grant.result} t=${this.phyTime(12, 40)}us`,
    );
  }

  pucchPeriodic(
    ue: UeSim<GnbUeText>,
    slot: number,
    sr: boolean,
    srRaised: boolean,
    cqi: number,
  ): void {
    const rnti = ue.view.hex;
    if (sr) {
      const text = `PUCCH: rnti=${rnti} format=1 prb1=51 prb2=na symb=[0, 14) cs=6 occ=4`;
      const flag = srRaised ? 'yes' : 'no';
      this.slotted(this.ulPhyTag(slot), slot, `${text} sr=${flag} t=${this.phyTime(12, 40)}us`);
    }
    if (cqi > 0) {
      const text = `PUCCH: rnti=${rnti} format=2 prb=[50, 51) prb2=na symb=[10, 12)`;
      const csi = `csi1=${cqiBits(cqi)} t=${this.phyTime(9, 30)}us`;
      this.slotted(this.ulPhyTag(slot + 1), slot, `${text} ${csi}`);
    }
  }

  puschResult(grant: Grant<GnbUeText>, sinr: number): void {
    const ok = grant.result === 1;
    const iter = ok ? this.rng.int(1, 3) : 6;
    const ack = grant.uci ? `ack=${feedbackBits(grant.uci)} ` : '';
    const text =
      `PUSCH: rnti=${grant.ue.view.hex} h_id=${grant.harq.id} ` +
      `prb=${phyRange(grant.prbStart, grant.prbs)} symb=[0, 14) mod=${modulationName(grant.mcs)} ` +
      `rv=${grant.rv} tbs=${grant.tbs} crc=${ok ? 'OK' : 'KO'} iter=${iter}.0 ${ack}` +
      `sinr=${fixed1(sinr)}dB t=${this.phyTime(90, 170)}us uci_t=0.0us ret_t=0.0us`;
    this.slotted(this.ulPhyTag(grant.slot), grant.slot, text);
  }

  ulPdu(grant: Grant<GnbUeText>, control: UlControl): void {
    const v = grant.ue.view;
    const { bsr, phr } = control;
    const ceBytes = (bsr ? (bsr.long ? 4 : 2) : 0) + (phr ? 3 : 0);
    const room = grant.tbs - ceBytes;
    const data = Math.max(0, Math.floor(room * this.rng.range(0.2, 1)) - 3);
    const pad = room - data - (data > 0 ? 3 : 0) - 1;

    // Subheaders in the order srsRAN lists them: SDUs, BSR, PHR, padding. It leaves a space
    // before the comma after a long BSR.
    let list = data > 0 ? `lcid=4: len=${data}` : '';
    if (bsr) {
      const text = bsr.long
        ? `LBSR: lcg=${bsr.lcg} bs=${bsr.value} `
        : `SBSR: lcg=${bsr.lcg} bs=${bsr.value}`;
      list += (list ? ', ' : '') + text;
    }
    if (phr) {
      const text =
        `SE_PHR: ph=[${phr.low}..${phr.high})dB ` + `p_cmax=[${phr.pcmax}..${phr.pcmax + 1})dBm`;
      list += (list ? ', ' : '') + text;
    }
    if (pad > 0) list += (list ? ', ' : '') + `PAD: len=${pad}`;

    this.slotted(TAGS.mac, this.slotNo, `UL rnti=${v.hex} ue=${v.ue} subPDUs: [${list}]`);
    if (data > 0) this.ulDataLines(v, data);
  }

  msg3Pdu(grant: Grant<GnbUeText>): void {
    const text = `UL rnti=${grant.ue.view.hex} subPDUs: [CCCH48: len=6, PAD: len=3]`;
    this.slotted(TAGS.mac, this.slotNo, text);
  }

  discard(grant: Grant<GnbUeText>): void {
    const who = `rnti=${grant.ue.view.hex} cell=${grant.ue.cell.name} h_id=${grant.harq.id}`;
    const cause = `Cause: Maximum number of reTxs ${SRSRAN_GNB_CONFIG.maxRetx} exceeded`;
    const text =
      grant.dir === 'ul'
        ? `UL HARQ ${who}: Discarding HARQ with tbs=${grant.tbs}. ${cause}`
        : `DL HARQ ${who}: Discarding HARQ process tb=0 with tbs=${grant.tbs}. ${cause}`;
    this.slotted(TAGS.schedInfo, this.slotNo, text);
  }

  ueCreated(ue: UeSim<GnbUeText>): void {
    const { hex, ue: id, f1apId } = ue.view;
    this.plain(TAGS.duMng, `ue=${id} rnti=${hex} proc="UE Create": Procedure started....`);
    this.plain(
      TAGS.duF1,
      `ue=${id} c-rnti=${hex} GNB-DU-UE-F1AP-ID=${f1apId}: F1 UE context created successfully.`,
    );
    this.plain(TAGS.rlc, `ue=${id} SRB0 DL: RLC TM created.`);
    this.plain(TAGS.rlc, `ue=${id} SRB0 UL: RLC TM created.`);
    this.plain(
      TAGS.duMng,
      `ue=${id} rnti=${hex} proc="UE Create": Procedure finished successfully.`,
    );
    this.plain(
      TAGS.duF1,
      `UL ue=${id} c-rnti=${hex} GNB-DU-UE-F1AP-ID=${f1apId} SRB0 Tx PDU: ` +
        'Initial UL RRC Message Transfer',
    );
    this.plain(TAGS.cuCp, `ue=${id} c-rnti=${ue.rnti}: UE created`);
    this.plain(TAGS.rrc, `ue=${id} CCCH UL rrcSetupRequest`);
    this.plain(TAGS.rrc, `ue=${id} CCCH DL rrcSetup`);
    if (this.debug) {
      this.plain(TAGS.rrcDebug, `ue=${id} Containerized RRCSetup: {`);
      for (const line of rrcSetupDump(f1apId % 4).slice(1)) this.sink.line(line);
    }
    this.plain(TAGS.ngap, `ue=${id} ran_ue_id=${f1apId}: Sending InitialUeMessage (timeout=2000s)`);
    this.plain(TAGS.gtpu, `Tunnel added. teid=0x${(f1apId + 1).toString(16).padStart(6, '0')}`);
  }

  ueRemoved(ue: UeSim<GnbUeText>): void {
    const { hex, ue: id, f1apId } = ue.view;
    const ids = `GNB-DU-UE-F1AP-ID=${f1apId} GNB-CU-UE-F1AP-ID=${f1apId}`;
    this.plain(TAGS.ngap, `ue=${id} ran_ue_id=${f1apId}: Received UeContextReleaseCommand`);
    this.plain(TAGS.duMng, `ue=${id} proc="UE Delete": Procedure started....`);
    this.plain(TAGS.duF1, `ue=${id} c-rnti=${hex} ${ids}: F1 UE context removed.`);
    this.plain(TAGS.duMng, `ue=${id} proc="UE Delete": Procedure finished successfully.`);
    this.plain(TAGS.ngap, `ue=${id}: Sending UeContextReleaseComplete`);
    this.plain(TAGS.cuUeMng, `ue=${id} removed`);
  }

  metrics(cell: CellSim, ues: readonly UeSim<GnbUeText>[], periodSlots: number): void {
    const periodSec = (periodSlots * SRSRAN_GNB_CONFIG.slotUs) / 1e6;
    let dlBytes = 0;
    let ulBytes = 0;
    for (const ue of ues) {
      dlBytes += ue.period.dlOkBytes;
      ulBytes += ue.period.ulOkBytes;
    }
    const cellText =
      `Scheduler cell pci=${cell.pci} metrics: ` +
      `total_dl_brate= ${engineering((dlBytes * 8) / periodSec)}bps ` +
      `total_ul_brate= ${engineering((ulBytes * 8) / periodSec)}bps ` +
      `nof_prbs=${SRSRAN_GNB_CONFIG.nPrb} ` +
      `nof_dl_slots=${periodSlots} nof_ul_slots=${periodSlots} ` +
      `error_indications=0 nof_ues=${ues.length} ` +
      `mean_latency=${this.rng.int(4, 12)}usec max_latency=${this.rng.int(20, 90)}usec`;
    this.plain(TAGS.metrics, cellText, 900);
    for (const ue of ues) this.plain(TAGS.metrics, this.ueMetrics(cell, ue, periodSec), 900);
  }

  end(): void {
    // A gNB log just stops; nothing to close.
  }

  // --- Scheduler decisions --------------------------------------------------------------------

  /** Info level: one line listing RARs, DL grants and PUSCHs of the slot. */
  private decisionLine(plan: SlotPlan<GnbUeText>): void {
    const nPdsch = plan.rars.length + plan.dl.length;
    const nPusch = plan.pusch.length;
    if (nPdsch + nPusch === 0) return;

    // Entries in srsRAN's order (RARs, DL grants, PUSCHs), separated by ", ".
    const latency = this.rng.int(1, 20);
    let text = `Slot decisions cell=${plan.cell.name} t=${latency}us ${counts(nPdsch, nPusch)}: `;
    let sep = '';
    for (const rar of plan.rars) {
      const raRnti = rar.raRnti.toString(16);
      text += `${sep}RAR: ra-rnti=0x${raRnti} rb=${rbRange(0, rar.prbs)} tbs=${rar.tbs}`;
      sep = ', ';
    }
    for (const g of plan.dl) {
      const v = g.ue.view;
      text +=
        `${sep}DL: ue=${v.ue} c-rnti=${v.hex} rb=${rbRange(g.prbStart, g.prbs)} ` +
        `h_id=${g.harq.id} ` +
        `ss_id=${g.conRes ? 1 : 2} k1=${g.k} rv=${g.rv} tbs=${g.tbs}`;
      sep = ', ';
    }
    for (const g of plan.pusch) {
      const v = g.ue.view;
      const tail = g.msg3 && g.nrtx === 0 ? 'msg3_delay=' : 'k2=';
      text +=
        `${sep}UL: ue=${v.ue} rnti=${v.hex} h_id=${g.harq.id} ss_id=${g.msg3 ? 1 : 2} ` +
        `rb=${rbRange(g.prbStart, g.prbs)} rv=${g.rv} tbs=${g.tbs} ${tail}${g.k}`;
      sep = ', ';
    }
    this.slotted(TAGS.schedInfo, plan.slot, text, 600);
  }

  /** Debug level: a header line, then one untimestamped "- ..." line per decision. */
  private decisionBlock(plan: SlotPlan<GnbUeText>): void {
    const lines: string[] = [];
    for (const rar of plan.rars) {
      lines.push(
        `- DL PDCCH: rnti=0x${rar.raRnti.toString(16)} type=ra-rnti cs_id=0 ss_id=1 ` +
          'format=1_0 cce=0 al=4 ',
      );
    }
    for (const g of plan.dl) lines.push(this.dlPdcchDetail(g));
    for (const g of plan.ulDci) lines.push(this.ulPdcchDetail(g));
    for (const rar of plan.rars) lines.push(this.rarDetail(rar));
    for (const g of plan.dl) lines.push(this.pdschDetail(g));
    for (const g of plan.pusch) lines.push(this.puschDetail(g));
    for (const p of plan.pucch) {
      const rnti = p.ue.view.hex;
      if (p.harqBits > 0) {
        lines.push(
          `- PUCCH: c-rnti=${rnti}, format=1, prb=[0..1), symb=[0..14), ` +
            `uci: harq_bits=${p.harqBits} sr=0 csi-1_bits=0`,
        );
      }
      if (p.sr) {
        lines.push(
          `- PUCCH: c-rnti=${rnti}, format=1, prb=[51..52), symb=[0..14), ` +
            'uci: harq_bits=0 sr=1 csi-1_bits=0',
        );
      }
      if (p.csi) {
        lines.push(
          `- PUCCH: c-rnti=${rnti}, format=2, prb=[50..51), symb=[10..12), ` +
            'uci: harq_bits=0 sr=0 csi-1_bits=4',
        );
      }
    }
    if (lines.length === 0) return;

    const nPdsch = plan.rars.length + plan.dl.length;
    const latency = this.rng.int(1, 20);
    const header =
      `Slot decisions cell=${plan.cell.name} t=${latency}us ` +
      `${counts(nPdsch, plan.pusch.length)}:`;
    this.slotted(TAGS.schedDebug, plan.slot, header, 600);
    for (const line of lines) this.sink.line(line);
  }

  private dlPdcchDetail(g: Grant<GnbUeText>): string {
    const ndi = g.nrtx === 0 ? 1 : 0;
    // srsRAN ends "al=4 " with a space and starts " dci:" with one: two spaces between.
    const dci = `cce=0 al=4  dci: h_id=${g.harq.id} ndi=${ndi} rv=${g.rv} mcs=${g.mcs}`;
    const head = `- DL PDCCH: rnti=${g.ue.view.hex} type=c-rnti`;
    // Msg4 goes with DCI 1_0 in the common search space, data with DCI 1_1 and a DAI.
    if (g.conRes) return `${head} cs_id=0 ss_id=1 format=1_0 ${dci}`;
    return `${head} cs_id=1 ss_id=2 format=1_1 ${dci} dai=0`;
  }

  private ulPdcchDetail(g: Grant<GnbUeText>): string {
    const ndi = g.nrtx === 0 ? 1 : 0;
    // A Msg3 retransmission is granted with a TC-RNTI DCI 0_0, whose fields srsRAN prints
    // without the leading space of the other DCIs.
    if (g.msg3) {
      return (
        `- UL PDCCH: rnti=${g.ue.view.hex} type=tc-rnti cs_id=0 ss_id=1 format=0_0 cce=0 al=4 ` +
        `h_id=0 ndi=1 rv=${g.rv} mcs=${g.mcs}`
      );
    }
    return (
      `- UL PDCCH: rnti=${g.ue.view.hex} type=c-rnti cs_id=1 ss_id=2 format=0_1 cce=4 al=4  ` +
      `h_id=${g.harq.id} ndi=${ndi} rv=${g.rv} mcs=${g.mcs} dai=0`
    );
  }

  private rarDetail(rar: RarGrant<GnbUeText>): string {
    const grants = rar.ues
      .map(
        (ue) =>
          `tc-rnti=${ue.view.hex}: rapid=${ue.preamble} ta=${Math.round(ue.taUs * 2)} time_res=0`,
      )
      .join(', ');
    return (
      `- RAR PDSCH: ra-rnti=0x${rar.raRnti.toString(16)} rb=${rbRange(0, rar.prbs)} symb=[2..14) ` +
      `tbs=${rar.tbs} mcs=0 rv=0 grants (${rar.ues.length}): ${grants}`
    );
  }

  private pdschDetail(g: Grant<GnbUeText>): string {
    const v = g.ue.view;
    const head =
      `- UE PDSCH: ue=${v.ue} c-rnti=${v.hex} h_id=${g.harq.id} ` +
      `rb=${rbRange(g.prbStart, g.prbs)} ` +
      `symb=[2..14) tbs=${g.tbs} mcs=${g.mcs} rv=${g.rv} nrtx=${g.nrtx} k1=${g.k}`;
    if (g.nrtx > 0) return head;
    return `${head} grants: lcid=${g.conRes ? 0 : 4}: size=${Math.max(1, g.tbs - 11)}`;
  }

  private puschDetail(g: Grant<GnbUeText>): string {
    const v = g.ue.view;
    const who = g.msg3 ? `ue=${v.ue} tc-rnti=${v.hex}` : `ue=${v.ue} c-rnti=${v.hex}`;
    const tail = g.msg3 && g.nrtx === 0 ? `msg3_delay=${g.k}` : `k2=${g.k}`;
    const uci = g.uci ? ` uci: harq_bits=${g.uci.length} csi-1_bits=0 csi-2_bits=0` : '';
    return (
      `- UE PUSCH: ${who} h_id=${g.harq.id} rb=${rbRange(g.prbStart, g.prbs)} symb=[0..14) ` +
      `tbs=${g.tbs} rv=${g.rv} nrtx=${g.nrtx} ${tail}${uci}`
    );
  }

  // --- MAC, PHY and user-plane lines ----------------------------------------------------------

  /** DL MAC PDU of a first transmission (a retransmission resends the same PDU unlogged). */
  private dlPdu(g: Grant<GnbUeText>): void {
    if (g.nrtx > 0) return;
    const v = g.ue.view;
    const head = `DL PDU: ue=${v.ue} rnti=${v.hex} size=${g.tbs}: `;
    if (g.conRes) {
      const id = Math.floor(this.rng.next() * 0xffffffffffff)
        .toString(16)
        .padStart(12, '0');
      this.slotted(
        TAGS.mac,
        g.slot,
        `${head}CON_RES: id=${id}, SDU: lcid=0 size=${g.tbs - 11}`,
        600,
      );
      return;
    }
    this.slotted(TAGS.mac, g.slot, `${head}SDU: lcid=4 size=${Math.max(1, g.tbs - 3)}`, 600);
    const sn = v.dlSn;
    this.plain(
      TAGS.rlc,
      `ue=${v.ue} DRB1 DL: TX PDU. dc=data p=0 si=full sn=${sn} pdu_len=${g.tbs - 3} ` +
        `grant_len=${g.tbs}`,
      600,
    );
  }

  /** New DL data arriving from the core before the scheduler serves it. */
  private dataArrival(grants: readonly Grant<GnbUeText>[]): void {
    for (const g of grants) {
      if (g.nrtx > 0 || g.conRes || !this.rng.chance(0.4)) continue;
      const v = g.ue.view;
      const len = Math.max(1, g.tbs - 7);
      const sn = ++v.dlSn;
      const teid = `0x${(v.f1apId + 1).toString(16).padStart(6, '0')}`;
      this.plain(
        TAGS.gtpu,
        `ue=${v.ue} DL teid=${teid}: RX SDU. sdu_len=${len} teid=${teid} qos_flow=QFI=1`,
        500,
      );
      this.plain(
        TAGS.pdcp,
        `ue=${v.ue} DRB1 DL: TX PDU. type=data pdu_len=${len + 2} sn=${sn} count=${sn}`,
        500,
      );
      this.plain(
        TAGS.rlc,
        `ue=${v.ue} DRB1 DL: TX SDU. sdu_len=${len + 2} pdcp_sn=${sn} queued_sdus=1 ` +
          `queued_bytes=${len + 2}`,
        500,
      );
    }
  }

  private ulDataLines(v: GnbUeText, len: number): void {
    const sn = v.ulSn++;
    this.plain(TAGS.rlc, `ue=${v.ue} DRB1 UL: RX PDU. pdu_len=${len} dc=data p=1 si=full sn=${sn}`);
    if (!this.rng.chance(0.45)) return;
    this.plain(TAGS.rlc, `ue=${v.ue} DRB1 UL: RX SDU. sn=${sn} sdu_len=${len - 2}`);
    this.plain(
      TAGS.pdcp,
      `ue=${v.ue} DRB1 UL: RX PDU. type=data pdu_len=${len - 2} sn=${sn} count=${sn}`,
    );
    this.plain(TAGS.pdcp, `ue=${v.ue} DRB1 UL: RX SDU. count=${sn}`);
    const teid = `0x${(0xaffa + v.f1apId).toString(16).padStart(6, '0')}`;
    this.plain(
      TAGS.gtpu,
      `ue=${v.ue} UL teid=${teid}: TX PDU. pdu_len=${len - 4} teid=${teid} qfi=QFI=1`,
    );
  }

  /** PDCCH and PDSCH lines of the slot, and the PDCCHs of the UL grants decided in it. */
  private dlPhy(plan: SlotPlan<GnbUeText>): void {
    const tagText = DL_PHY_TAGS[plan.slot & 7];
    const slot = plan.slot;

    for (const rar of plan.rars) {
      const rnti = `0x${rar.raRnti.toString(16).padStart(4, '0')}`;
      this.slotted(
        tagText,
        slot,
        `PDCCH: rnti=${rnti} ss_id=1 format=1_0 cce=0 al=4 t=${this.phyTime(15, 30)}us`,
        650,
      );
      this.slotted(
        tagText,
        slot,
        `PDSCH: rnti=${rnti} prb=${phyRange(0, rar.prbs)} symb=[2, 14) mod=QPSK rv=0 ` +
          `tbs=${rar.tbs} t=${this.phyTime(20, 40)}us`,
        650,
      );
    }
    for (const g of plan.dl) {
      const v = g.ue.view;
      const format = g.conRes ? 'ss_id=1 format=1_0' : 'ss_id=2 format=1_1';
      this.slotted(
        tagText,
        slot,
        `PDCCH: rnti=${v.hex} ${format} cce=0 al=4 t=${this.phyTime(15, 30)}us`,
        650,
      );
      this.slotted(
        tagText,
        slot,
        `PDSCH: rnti=${v.hex} h_id=${g.harq.id} k1=${g.k} prb=${phyRange(g.prbStart, g.prbs)} ` +
          `symb=[2, 14) mod=${modulationName(g.mcs)} rv=${g.rv} tbs=${g.tbs} ` +
          `t=${this.phyTime(15, 60)}us`,
        650,
      );
    }
    for (const g of plan.ulDci) {
      const format = g.msg3 ? 'ss_id=1 format=0_0' : 'ss_id=2 format=0_1';
      this.slotted(
        tagText,
        slot,
        `PDCCH: rnti=${g.ue.view.hex} ${format} cce=4 al=4 t=${this.phyTime(15, 30)}us`,
        650,
      );
    }
  }

  // --- Metrics --------------------------------------------------------------------------------

  private ueMetrics(cell: CellSim, ue: UeSim<GnbUeText>, periodSec: number): string {
    const p = ue.period;
    const v = ue.view;
    const cqi = p.cqiN > 0 ? String(Math.round(p.cqiSum / p.cqiN)) : 'n/a';
    const snr = p.sinrN > 0 ? fixed1(p.sinrSum / p.sinrN) : 'n/a';
    const phr = p.lastPhr === null ? 'n/a' : String(p.lastPhr);
    const ta = Math.round(ue.taUs * 1000);

    return (
      `Scheduler UE ue=${v.ue} pci=${cell.pci} rnti=${v.hex} metrics: cqi=${cqi} dl_ri=1.0 ` +
      `dl_mcs=${average(p.dlMcsSum, p.dlGrants)} ` +
      `dl_brate=${engineering((p.dlOkBytes * 8) / periodSec)}bps ` +
      `dl_nof_ok=${p.dlOk} dl_nof_nok=${p.dlNok} dl_error_rate=${errorRate(p.dlOk, p.dlNok)}% ` +
      `dl_bs=${this.rng.int(0, 4) * 1500} dl_nof_prbs=${p.dlPrbs} pusch_snr_db=${snr} ` +
      `pusch_rsrp_db=n/a ul_ri=1 ul_mcs=${average(p.ulMcsSum, p.ulGrants)} ` +
      `ul_brate=${engineering((p.ulOkBytes * 8) / periodSec)}bps ul_nof_ok=${p.ulOk} ` +
      `ul_nof_nok=${p.ulNok} ul_error_rate=${errorRate(p.ulOk, p.ulNok)}% ` +
      `ul_nof_prbs=${p.ulPrbs} ` +
      `bsr=${p.lastBsr ?? 0} sr_count=${p.srCount} f0f1_invalid_harqs=0 f2f3f4_invalid_harqs=0 ` +
      `f2f3f4_invalid_csis=0 pusch_invalid_harqs=0 pusch_invalid_csis=0 ta=${ta}ns srs_ta=n/a ` +
      `last_phr=${phr} max_pdsch_distance=${this.rng.int(1, 80)}ms ` +
      `max_pusch_distance=${this.rng.int(1, 40)}ms`
    );
  }
}

function average(sum: number, n: number): number {
  return n > 0 ? Math.round(sum / n) : 0;
}

/** Percentage of failures, as the metrics' error rates. */
function errorRate(ok: number, nok: number): number {
  return ok + nok > 0 ? Math.round((nok * 100) / (ok + nok)) : 0;
}

/** HARQ-ACK bits as the PHY prints them, one digit per TB: 1 ACK, 0 NACK, 2 DTX. */
function feedbackBits(grants: readonly Grant<GnbUeText>[]): string {
  let bits = '';
  for (const g of grants) bits += g.result;
  return bits;
}

/** "(1 PDSCH, 0 PUSCHs)" as srsRAN writes the counts in a slot decision header. */
function counts(pdschs: number, puschs: number): string {
  return `(${pdschs} PDSCH${pdschs === 1 ? '' : 's'}, ${puschs} PUSCH${puschs === 1 ? '' : 's'})`;
}
