/**
 * Writes an Amarisoft lteenb log in the shape of test/fixtures/amarisoft/enb-nsa.log (itself
 * written from Amarisoft's published description, not captured): a `#` header, then
 * `HH:MM:SS.mmm [LAYER] dir ue_id {cell rnti frame.subframe channel:} message` lines and
 * indented RRC message bodies. LTE FDD cells (cell ids 0x01, 0x02, ...), 1 ms subframes.
 *
 * Written: PRACH, RAR (with the UE id and TC-RNTI), PDSCH and PUSCH lines (the PUSCH line is
 * both the UL grant and its CRC, Msg3 included; retx= counts retransmissions), PUCCH HARQ-ACK
 * (1 ACK, 0 NACK or missing), SR and CQI, MAC UL PDUs with short/long BSR (bytes) and PHR
 * (dB), the contention resolution (`CR:`), RRC connection request/setup/release, S1AP lines.
 * Not written, as lteenb does not log them: HARQ give-ups, random-access failures, DTX.
 */
import { Clock, LineTimer } from './clock.js';
import { lteBsrBytes, modulationOrder } from './link.js';
import type {
  CellSim,
  Grant,
  ModelConfig,
  SlotPlan,
  UeSim,
  UlControl,
  Writer,
} from './model-types.js';
import { fixed1 } from './numbers.js';
import type { Prng } from './prng.js';
import type { TextSink } from './sink.js';

export const AMARISOFT_CONFIG: ModelConfig = {
  logs: {
    msg3AsTraffic: true,
    discards: false,
    bsr: true,
    phr: true,
    cqi: true,
    dtx: false,
    raSuccess: 'contention-resolution',
    raFailures: false,
  },
  // The eNB logs HARQ-ACK bits on PUCCH lines only.
  uciOnPusch: false,
  cellName: (index) => (index + 1).toString(16).padStart(2, '0'),
  slotUs: 1000,
  slotsPerFrame: 10,
  harqProcesses: 8,
  k1: 4,
  k2: 4,
  rarDelay: 4,
  msg3Delay: 6,
  prachReportDelay: 1,
  pucchReportDelay: 1,
  puschReportDelay: 1,
  ulRetxDelay: 3,
  dlRvSequence: [0, 2, 3, 1],
  ulRvSequence: [0, 2, 3, 1],
  maxRetx: 4,
  nPrb: 50,
  ulPrbFirst: 2,
  ulPrbEnd: 48,
  maxUesPerSlot: 3,
  prachSlot: 4,
  srPeriod: 20,
  csiPeriod: 40,
  metricsPeriod: 1000,
  firstRnti: 0x3d,
  bsrValue: lteBsrBytes,
};

/** Time from the first line to the first subframe. */
const BOOT_US = 500_000;

/** Text of one UE context, rendered once. */
export interface AmariUeText {
  /** The eNB's UE id, 4 hex digits ("0001"), given at the RAR. */
  id: string;
  /** "0001 01 003d": UE id, cell and RNTI columns of a PHY line. */
  phy: string;
  /** "0001 01": UE id and cell columns of a MAC or RRC line. */
  mac: string;
}

/** "  101.4": frame.subframe, right-aligned as lteenb aligns it. */
function frameLabel(slot: number): string {
  return `${Math.floor(slot / 10) % 1024}.${slot % 10}`.padStart(7);
}

export class AmarisoftWriter implements Writer<AmariUeText> {
  private readonly clock = new Clock('time-of-day');
  private readonly timer: LineTimer;
  private readonly startUs: number;
  private readonly firstSlotUs: number;
  private slotStartUs = 0;
  private nextUeId = 1;

  constructor(
    private readonly sink: TextSink,
    private readonly rng: Prng,
    startUs: number,
  ) {
    this.startUs = startUs;
    this.timer = new LineTimer(startUs);
    this.firstSlotUs = startUs + BOOT_US;
  }

  view(ue: UeSim<AmariUeText>): AmariUeText {
    const old = ue.view as AmariUeText | undefined;
    const id = old?.id ?? (this.nextUeId++).toString(16).padStart(4, '0');
    const rnti = ue.rnti.toString(16).padStart(4, '0');
    return { id, phy: `${id} ${ue.cell.name} ${rnti}`, mac: `${id} ${ue.cell.name}` };
  }

  ueName(ue: UeSim<AmariUeText>): string | null {
    return ue.view.id;
  }

  /** A line; lteenb prints milliseconds. */
  private line(text: string, offsetUs = 100): void {
    const us = this.timer.next(this.slotStartUs + offsetUs);
    this.sink.line(this.clock.stamp(us).slice(0, -3) + ' ' + text);
  }

  /** An RRC message line and its indented body, closed by a blank line. */
  private rrc(head: string, body: readonly string[]): void {
    this.line(`[RRC] ${head}`);
    this.sink.line('        {');
    for (const text of body) this.sink.line('          ' + text);
    this.sink.line('        }');
    this.sink.line('');
  }

  begin(cells: readonly CellSim[]): void {
    this.slotStartUs = this.timer.last;
    const started = new Date(this.startUs / 1000).toISOString().slice(0, 19).replace('T', ' ');
    this.sink.line('# lteenb version 2024-03-08, gcc 9.2.1');
    this.sink.line('# Log file format:');
    this.sink.line('# time layer dir ue_id {cell_id rnti sfn channel:} message');
    for (const cell of cells) {
      this.sink.line(
        `# Cell 0x${cell.name}: earfcn=${3350 + 100 * cell.index} pci=${cell.pci} mode=FDD`,
      );
      this.sink.line('# DL: n_rb_dl=50 cyclic_prefix=0');
      this.sink.line('# UL: n_rb_ul=50 cyclic_prefix=0 prach_config_index=4 prach_freq_offset=2');
    }
    this.sink.line(`# Started on ${started}`);
    this.line('[S1AP] -  Connecting to 127.0.1.100:36412', 0);
    this.line('[S1AP] -  Connected to 127.0.1.100:36412', 0);
    this.line('[S1AP] -  S1 setup request', 0);
    this.line('[S1AP] -  S1 setup response', 0);
  }

  slot(slot: number): void {
    this.slotStartUs = this.firstSlotUs + slot * AMARISOFT_CONFIG.slotUs;
  }

  prach(cell: CellSim, prachSlot: number, ues: readonly UeSim<AmariUeText>[]): void {
    for (const ue of ues) {
      const ta = Math.round(ue.taUs);
      const snr = fixed1(this.rng.range(8, 25));
      this.line(
        `[PHY] UL    - ${cell.name}    - ${frameLabel(prachSlot)} PRACH: ` +
          `sequence_index=${ue.preamble} ta=${ta} prb=2:6 snr=${snr}`,
      );
    }
  }

  cellSlot(plan: SlotPlan<AmariUeText>): void {
    for (const rar of plan.rars) {
      for (const ue of rar.ues) {
        const rnti = ue.rnti.toString(16).padStart(4, '0');
        this.line(`[MAC] DL    - ${plan.cell.name} RAR: rapid=${ue.preamble}`);
        this.line(
          `[MAC] -  ${ue.view.mac} ta=${Math.round(ue.taUs)} ul_grant=0x0b0140 tc_rnti=0x${rnti}`,
        );
      }
    }
    for (const g of plan.dl) this.pdsch(g);
  }

  pucchFeedback(grant: Grant<AmariUeText>): void {
    const slot = grant.slot + grant.k;
    this.line(
      `[PHY] UL ${grant.ue.view.phy} ${frameLabel(slot)} PUCCH: format=1a n=11 ` +
        `ack=${grant.result === 1 ? 1 : 0} snr=${fixed1(this.rng.range(5, 30))} epre=-97.2`,
      200,
    );
  }

  pucchPeriodic(
    ue: UeSim<AmariUeText>,
    slot: number,
    sr: boolean,
    srRaised: boolean,
    cqi: number,
  ): void {
    const head = `[PHY] UL ${ue.view.phy} ${frameLabel(slot)} PUCCH:`;
    const snr = fixed1(this.rng.range(5, 30));
    if (sr) this.line(`${head} format=1 n=3 sr=${srRaised ? 1 : 0} snr=${snr} epre=-98.1`, 200);
    if (cqi > 0) this.line(`${head} format=2 n=2 cqi=${cqi} snr=${snr} epre=-96.5`, 200);
  }

  puschResult(grant: Grant<AmariUeText>, sinr: number): void {
    const ok = grant.result === 1;
    const ta = fixed1(this.rng.range(-0.5, 1.5));
    this.line(
      `[PHY] UL ${grant.ue.view.phy} ${frameLabel(grant.slot)} PUSCH: harq=${grant.harq.id} ` +
        `prb=${grant.prbStart}:${grant.prbs} CW0: tb_len=${grant.tbs} ` +
        `mod=${modulationOrder(grant.mcs)} ` +
        `rv_idx=${grant.rv} retx=${grant.nrtx} crc=${ok ? 'OK' : 'KO'} snr=${fixed1(sinr)} ` +
        `epre=-${fixed1(this.rng.range(90, 110))} ta=${ta}`,
      300,
    );
  }

  ulPdu(grant: Grant<AmariUeText>, control: UlControl): void {
    const { bsr, phr } = control;
    let text = `[MAC] UL ${grant.ue.view.mac} LCID:3 len=${Math.max(1, grant.tbs - 8)}`;
    if (bsr) {
      text += bsr.long
        ? ` LBSR:bitmap=0x02 bs(0)=0 bs(1)=${bsr.value}`
        : ` SBSR:lcg=${bsr.lcg} bs=${bsr.value}`;
    }
    if (phr) text += ` PHR:ph=${phr.low}`;
    this.line(`${text} PAD:len=${this.rng.int(1, 6)}`, 300);
  }

  msg3Pdu(grant: Grant<AmariUeText>): void {
    const mac = grant.ue.view.mac;
    this.line(`[MAC] UL ${mac} LCID:0 len=6 PAD:len=1`, 300);
    this.rrc(`UL ${mac} CCCH: RRC connection request`, [
      'message c1: rrcConnectionRequest: {',
      '  criticalExtensions rrcConnectionRequest-r8: {',
      '    establishmentCause mo-Data',
      '  }',
      '}',
    ]);
  }

  discard(): void {
    // lteenb logs no HARQ give-up; the model does not call this (logs.discards is false).
  }

  ueCreated(ue: UeSim<AmariUeText>): void {
    this.rrc(`DL ${ue.view.mac} CCCH: RRC connection setup`, [
      'message c1: rrcConnectionSetup: {',
      '  rrc-TransactionIdentifier 0',
      '}',
    ]);
  }

  ueRemoved(ue: UeSim<AmariUeText>): void {
    this.rrc(`DL ${ue.view.mac} DCCH: RRC connection release`, [
      'message c1: rrcConnectionRelease: {',
      '  releaseCause other',
      '}',
    ]);
  }

  metrics(): void {
    // lteenb prints its statistics on its console, not in this log.
  }

  end(): void {
    // The log just stops.
  }

  /** The contention resolution (on the first Msg4 transmission) and the PDSCH of a grant. */
  private pdsch(g: Grant<AmariUeText>): void {
    const v = g.ue.view;
    if (g.conRes && g.nrtx === 0) {
      const id = Math.floor(this.rng.next() * 0xffffffffffff)
        .toString(16)
        .padStart(12, '0');
      this.line(`[MAC] DL ${v.mac} CR:${id} LCID:0 len=${Math.max(1, g.tbs - 11)} PAD:len=2`);
    }
    this.line(
      `[PHY] DL ${v.phy} ${frameLabel(g.slot)} PDSCH: harq=${g.harq.id} k1=${g.k} ` +
        `prb=${g.prbStart}:${g.prbs} tx=port0 CW0: tb_len=${g.tbs} mod=${modulationOrder(g.mcs)} ` +
        `rv_idx=${g.rv} retx=${g.nrtx}`,
    );
  }
}
