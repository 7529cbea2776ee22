/**
 * Writes an srsLTE eNB file log (the shape of /work/shared/samples/srslte-enb-bsr-phr-harq.log):
 * `HH:MM:SS.ffffff [TAG ] [L] [TTTTT] text`, time of day without a date, 4-character tags,
 * zero-padded TTI. One FDD cell of 50 PRBs per cell, 1 ms TTIs.
 *
 * Written: PRACH and RACH lines, RAR and Msg3 ("RAR tx") grants, "SCHED: DL tx/retx" and
 * "SCHED: UL tx/retx" grants, PHY PDSCH (with the MCS), PUSCH (crc, snr, HARQ-ACK on PUSCH)
 * and PUCCH (ack, sr, cqi) lines, PHICH, MAC CE lines for short/long BSR (bytes) and PHR
 * (dB), contention resolution, "discarting TB" lines (which name no RNTI, as srsLTE's do),
 * user removal, and RLC/PDCP/GTPU lines as noise. srsLTE names UEs by RNTI only.
 */
import { Clock, LineTimer } from './clock.js';
import type {
  CellSim,
  Grant,
  ModelConfig,
  SlotPlan,
  UeSim,
  UlControl,
  Writer,
} from './model-types.js';
import { lteBsrBytes } from './link.js';
import { fixed1, tenths } from './numbers.js';
import type { Prng } from './prng.js';
import type { TextSink } from './sink.js';

export const SRSLTE_CONFIG: ModelConfig = {
  logs: {
    msg3AsTraffic: true,
    discards: true,
    bsr: true,
    phr: true,
    cqi: true,
    dtx: false,
    raSuccess: 'msg3',
    raFailures: true,
  },
  uciOnPusch: true,
  cellName: (index) => String(index),
  slotUs: 1000,
  slotsPerFrame: 10,
  harqProcesses: 8,
  k1: 4,
  k2: 4,
  rarDelay: 7,
  msg3Delay: 6,
  prachReportDelay: 3,
  pucchReportDelay: 1,
  puschReportDelay: 4,
  ulRetxDelay: 0,
  dlRvSequence: [0, 2, 3, 1],
  ulRvSequence: [0, 2, 3, 1],
  maxRetx: 4,
  nPrb: 50,
  ulPrbFirst: 2,
  ulPrbEnd: 48,
  maxUesPerSlot: 3,
  prachSlot: 1,
  srPeriod: 20,
  csiPeriod: 40,
  metricsPeriod: 1000,
  firstRnti: 0x46,
  bsrValue: lteBsrBytes,
};

/** "[08191] " labels of all 10240 TTIs. */
const TTI_LABELS: readonly string[] = Array.from(
  { length: 10240 },
  (_, i) => '[' + String(i).padStart(5, '0') + '] ',
);

const MAC = '[MAC ] [I] ';
const MAC_WARN = '[MAC ] [W] ';

/** Text of one UE context, rendered once. */
export interface LteUeText {
  /** "0x46". */
  hex: string;
  sn: number;
}

export class SrslteWriter implements Writer<LteUeText> {
  private readonly clock = new Clock('time-of-day');
  private readonly timer: LineTimer;
  private readonly firstSlotUs: number;
  private slotStartUs = 0;
  private slotNo = 0;

  constructor(
    private readonly sink: TextSink,
    private readonly rng: Prng,
    startUs: number,
  ) {
    this.timer = new LineTimer(startUs);
    this.firstSlotUs = startUs + 200_000;
  }

  view(ue: UeSim<LteUeText>): LteUeText {
    const old = ue.view as LteUeText | undefined;
    return { hex: '0x' + ue.rnti.toString(16), sn: old?.sn ?? 0 };
  }

  ueName(): string | null {
    return null;
  }

  // --- Lines ----------------------------------------------------------------------------------

  /** A line with a TTI field. */
  private tti(tagAndLevel: string, tti: number, text: string, offsetUs = 100): void {
    const us = this.timer.next(this.slotStartUs + offsetUs);
    this.sink.line(this.clock.stamp(us) + ' ' + tagAndLevel + TTI_LABELS[tti % 10240] + text);
  }

  /** A line without a TTI field (RLC, PDCP, GTPU, RRC). */
  private plain(tagAndLevel: string, text: string, offsetUs = 100): void {
    const us = this.timer.next(this.slotStartUs + offsetUs);
    this.sink.line(this.clock.stamp(us) + ' ' + tagAndLevel + text);
  }

  private phyTag(tti: number): string {
    return (tti & 1) === 0 ? '[PHY0] [I] ' : '[PHY1] [I] ';
  }

  // --- Writer ---------------------------------------------------------------------------------

  begin(cells: readonly CellSim[]): void {
    this.slotStartUs = this.timer.last;
    this.plain('[RRC ] [I] ', 'Allocating 1 PRBs for PUCCH', 0);
    this.tti(MAC, 0, 'Resetting MAC', 0);
    for (const cell of cells) {
      this.tti(
        '[PHY0] [I] ',
        0,
        `Worker ${cell.index} configured cell ${SRSLTE_CONFIG.nPrb} PRB`,
        0,
      );
    }
    this.tti(
      '[PHY0] [I] ',
      0,
      `Starting RX/TX thread nof_prb=${SRSLTE_CONFIG.nPrb}, sf_len=11520`,
      0,
    );
  }

  slot(slot: number): void {
    this.slotNo = slot;
    this.slotStartUs = this.firstSlotUs + slot * SRSLTE_CONFIG.slotUs;
  }

  prach(_cell: CellSim, prachSlot: number, ues: readonly UeSim<LteUeText>[]): void {
    for (const ue of ues) {
      const offset = fixed1(ue.taUs);
      this.tti(
        this.phyTag(prachSlot),
        prachSlot,
        `PRACH: 0/1, preamble=${ue.preamble}, offset=${offset} us, ` +
          `peak2avg=${tenths(this.rng.int(80, 900))}, max_offset=30.0 us`,
      );
    }
    for (const ue of ues) {
      const hex = ue.view.hex;
      const offset = Math.round(ue.taUs);
      this.tti(
        MAC,
        this.slotNo,
        `RACH:  tti=${prachSlot}, preamble=${ue.preamble}, offset=${offset}, temp_crnti=${hex}`,
      );
      this.tti(MAC, this.slotNo, `SCHED: Added user rnti=${hex}`);
      this.tti(MAC, this.slotNo, 'SCHED: Set bearer config lc_id=0, direction=3');
    }
  }

  cellSlot(plan: SlotPlan<LteUeText>): void {
    const slot = plan.slot;
    for (const rar of plan.rars) {
      for (const ue of rar.ues) {
        this.tti(
          MAC,
          slot,
          `SCHED: RAR, ra_id=${ue.preamble}, rnti=${ue.view.hex}, rarnti_idx=${rar.raRnti % 10}, ` +
            'start_rb=0, n_rb=3, rar_grant_rba=102, rar_grant_mcs=0',
        );
        // The Msg3 grant was booked with the RAR; srsLTE logs it as "RAR tx".
        const msg3 = ue.ulHarq[0].last as Grant<LteUeText>;
        this.ulGrantLine(msg3, 'RAR tx');
      }
      this.tti(
        this.phyTag(slot),
        slot - 4,
        `PDSCH: rnti=0x${rar.raRnti.toString(16)}, l_crb= 3, rb_start=0, harq=0, ` +
          `tti_tx_dl=${slot}, ` +
          `tx_scheme=Single, TB0: tbs=${rar.tbs}, mcs=0, rv=0`,
      );
    }
    for (const g of plan.dl) this.dlGrant(g);
    for (const g of plan.ulDci) this.ulGrantLine(g, g.nrtx === 0 ? 'UL tx' : 'UL retx');
  }

  pucchFeedback(grant: Grant<LteUeText>): void {
    const slot = grant.slot + grant.k;
    const corr = grant.result === 2 ? '-0.10' : '1.00';
    const ack = grant.result === 1 ? 1 : 0;
    this.tti(
      this.phyTag(slot),
      slot,
      `PUCCH: rnti=${grant.ue.view.hex}, corr=${corr}, n_pucch=12, n_prb=48, ack=${ack}`,
    );
  }

  pucchPeriodic(
    ue: UeSim<LteUeText>,
    slot: number,
    sr: boolean,
    srRaised: boolean,
    cqi: number,
  ): void {
    const rnti = ue.view.hex;
    if (sr) {
      const flag = srRaised ? 'yes' : 'no';
      this.tti(
        this.phyTag(slot),
        slot,
        `PUCCH: rnti=${rnti}, corr=0.98, n_pucch=1, n_prb=0, sr=${flag}`,
      );
    }
    if (cqi > 0) {
      this.tti(
        this.phyTag(slot),
        slot,
        `PUCCH: rnti=${rnti}, corr=0.97, n_pucch=2, n_prb=49, cqi=${cqi}`,
      );
    }
  }

  puschResult(grant: Grant<LteUeText>, sinr: number): void {
    const ok = grant.result === 1;
    // LTE has one HARQ-ACK bit per DL TB; srsLTE prints a DTX as a NACK.
    const ack = grant.uci ? `ack=${grant.uci[0].result === 1 ? 1 : 0}, ` : '';
    const decode = String(this.rng.int(20, 180)).padStart(4);
    this.tti(
      this.phyTag(grant.slot),
      grant.slot,
      `PUSCH: rnti=${grant.ue.view.hex}, prb=(${grant.prbStart},${grant.prbStart + grant.prbs}), ` +
        `tbs=${grant.tbs}, mcs=${grant.mcs}, rv=${grant.rv}, snr=${fixed1(sinr)} dB, ` +
        `n_iter=${ok ? this.rng.int(1, 3) : 4}, crc=${ok ? 'OK' : 'KO'}, ` +
        `${ack}dec_time=${decode} us`,
    );
    this.tti(
      this.phyTag(grant.slot),
      grant.slot,
      `PHICH: rnti=${grant.ue.view.hex}, hi=${ok ? 1 : 0}, I_lowest=${grant.prbStart}, ` +
        `n_dmrs=0, tti_tx_dl=${grant.slot + 4}`,
    );
  }

  ulPdu(grant: Grant<LteUeText>, control: UlControl): void {
    const hex = grant.ue.view.hex;
    if (control.bsr) {
      const { long, lcg, value } = control.bsr;
      const text = long
        ? `CE:    Received Long BSR rnti=${hex}, value=0,${value},0,0`
        : `CE:    Received Short BSR rnti=${hex}, lcg=${lcg}, value=${value}`;
      this.tti(MAC, this.slotNo, text);
    }
    if (control.phr) {
      this.tti(MAC, this.slotNo, `CE:    Received PHR from rnti=${hex}, value=${control.phr.low}`);
    }
    const v = grant.ue.view;
    this.plain('[RLC ] [I] ', `RX DRB1 Rx data PDU SN: ${v.sn}`);
    this.plain('[PDCP] [I] ', `RX DRB1 PDU SN: ${v.sn++}`);
    this.plain(
      '[GTPU] [I] ',
      `TX PDU, RNTI: ${hex}, LCID: 3, n_bytes=${Math.max(1, grant.tbs - 12)}`,
    );
  }

  msg3Pdu(grant: Grant<LteUeText>): void {
    this.tti(MAC, this.slotNo, `${grant.ue.view.hex} UL LCID=0 len=6`);
  }

  discard(grant: Grant<LteUeText>): void {
    const tti = grant.slot % 10240;
    this.tti(
      MAC_WARN,
      this.slotNo,
      `SCHED: discarting TB 0 pid=${grant.dir === 'ul' ? ulPid(grant) : grant.harq.id}, ` +
        `tti=${tti}, ` +
        `maximum number of retx exceeded (${SRSLTE_CONFIG.maxRetx})`,
    );
  }

  ueCreated(ue: UeSim<LteUeText>): void {
    this.plain('[RRC ] [I] ', `Added new user rnti=${ue.view.hex}`);
    this.plain('[RRC ] [I] ', 'Rx SRB0 PDU');
  }

  ueRemoved(ue: UeSim<LteUeText>): void {
    this.plain('[RRC ] [I] ', `Disconnecting rnti=${ue.view.hex}.`);
    this.plain('[RRC ] [I] ', `Removed user rnti=${ue.view.hex}`);
    this.tti(MAC, this.slotNo, `User rnti=${ue.view.hex} removed from MAC/PHY`);
  }

  metrics(): void {
    // srsLTE writes its metrics to the console, not to this log.
  }

  end(): void {
    // The log just stops.
  }

  // --- Grants ---------------------------------------------------------------------------------

  private dlGrant(g: Grant<LteUeText>): void {
    const hex = g.ue.view.hex;
    const mask = '0x' + ((1 << Math.min(g.prbs, 25)) - 1).toString(16);
    if (g.conRes && g.nrtx === 0) {
      this.tti(MAC, g.slot, `SCHED: Added MAC Contention Resolution CE for rnti=${hex}`);
    }
    const kind = g.nrtx === 0 ? 'DL tx' : 'DL retx';
    const buffer = g.nrtx === 0 ? Math.max(0, g.tbs - 9) : 0;
    this.tti(
      MAC,
      g.slot,
      `SCHED: ${kind} rnti=${hex}, pid=${g.harq.id}, mask=${mask}, dci=3,0, n_rtx=${g.nrtx}, ` +
        `tbs=${g.tbs}, buffer=${buffer}/0, tb_en={y,n}`,
    );
    if (g.conRes && g.nrtx === 0) {
      const id = Math.floor(this.rng.next() * 0xffffffffffff).toString(16);
      this.tti(MAC, g.slot, `CE:    Added Contention Resolution ID=0x${id}`);
    }
    this.tti(
      this.phyTag(g.slot),
      g.slot - 4,
      `PDSCH: rnti=${hex}, l_crb=${String(g.prbs).padStart(2)}, mask=${mask}, harq=${g.harq.id}, ` +
        `tti_tx_dl=${g.slot % 10240}, tx_scheme=Single, ` +
        `TB0: tbs=${g.tbs}, mcs=${g.mcs}, rv=${g.rv}`,
    );
    if (g.nrtx === 0 && !g.conRes) {
      this.plain('[RLC ] [I] ', `DRB1 Tx SDU (${Math.max(1, g.tbs - 9)} B,tx_sdu_queue_len=0)`);
    }
  }

  /** "SCHED: UL tx rnti=0x46, pid=5, dci=3,32, grant=(2,18), n_rtx=0, tbs=573, bsr=0 (512-573)". */
  private ulGrantLine(g: Grant<LteUeText>, kind: string): void {
    const end = g.prbStart + g.prbs;
    this.tti(
      MAC,
      g.slot,
      `SCHED: ${kind} rnti=${g.ue.view.hex}, pid=${ulPid(g)}, dci=3,${g.mcs}, ` +
        `grant=(${g.prbStart},${end}), n_rtx=${g.nrtx}, tbs=${g.tbs}, bsr=0 (0-${g.tbs})`,
    );
  }
}

/**
 * LTE's UL HARQ is synchronous: the process of a PUSCH is fixed by its TTI (8 processes,
 * a retransmission 8 TTIs later uses the same one), so srsLTE logs pid = TTI mod 8.
 */
function ulPid(g: Grant<LteUeText>): number {
  return g.slot % 8;
}
