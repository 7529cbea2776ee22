/**
 * Writes the vendor gNB tagged MAC log, the grammar of docs/formats/vendor-gnb.md:
 * `<ISO timestamp> <TAG>[.<SUB>] key=value ...`, with indented continuation lines for the
 * block tags. 30 kHz slots (two per millisecond), sectors numbered from 0.
 *
 * Written: DPP_BASIC (a DL TB with its HARQ feedback, once the feedback is known), PB_BASIC
 * (an UL TB with its CRC), their .DROP lines, ULCA_PHR_PWR_AL (power headroom, one carrier),
 * UMRC_DP (per UE and per cell resource summaries each metrics period), URAC_RA (random
 * access steps), PCELL_STATE (connected, released), and SYS/CFG/RRC/HB lines as noise. Not
 * written: SCELL_STATE (no carrier aggregation is simulated); this grammar has no BSR or CQI.
 * The Msg3 is a random-access step here, not an UL transport block.
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
import { fixed1 } from './numbers.js';
import type { Prng } from './prng.js';
import type { TextSink } from './sink.js';

const SLOTS_PER_FRAME = 20;

export const VENDOR_GNB_CONFIG: ModelConfig = {
  logs: {
    msg3AsTraffic: false,
    discards: true,
    bsr: false,
    phr: true,
    cqi: false,
    dtx: true,
    raSuccess: 'msg4-ack',
    raFailures: true,
  },
  uciOnPusch: true,
  cellName: (index) => String(index),
  slotUs: 500,
  slotsPerFrame: SLOTS_PER_FRAME,
  harqProcesses: 16,
  k1: 4,
  k2: 4,
  rarDelay: 6,
  msg3Delay: 6,
  prachReportDelay: 2,
  pucchReportDelay: 2,
  puschReportDelay: 3,
  ulRetxDelay: 1,
  dlRvSequence: [0, 2, 3, 1],
  ulRvSequence: [0, 2, 3, 1],
  maxRetx: 3,
  nPrb: 273,
  ulPrbFirst: 2,
  ulPrbEnd: 271,
  maxUesPerSlot: 4,
  prachSlot: 9,
  srPeriod: 40,
  csiPeriod: 40,
  metricsPeriod: 400,
  firstRnti: 0x4601,
  bsrValue: (index) => index,
};

/** Time from the first line to the first slot. */
const BOOT_US = 10_000;

/** Text of one UE context, rendered once. */
export interface VendorUeText {
  /** "sector=0 ue=3 rnti=0x4601" (without ue= before the UE exists). */
  who: string;
  /** The UE id, or null before the UE exists. */
  id: string | null;
  sector: string;
  hex: string;
}

export class VendorGnbWriter implements Writer<VendorUeText> {
  private readonly clock = new Clock('iso');
  private readonly timer: LineTimer;
  private readonly firstSlotUs: number;
  private slotStartUs = 0;
  private nextUeId = 1;

  constructor(
    private readonly sink: TextSink,
    private readonly rng: Prng,
    startUs: number,
  ) {
    this.timer = new LineTimer(startUs);
    this.firstSlotUs = startUs + BOOT_US;
  }

  view(ue: UeSim<VendorUeText>): VendorUeText {
    const sector = ue.cell.name;
    const hex = '0x' + ue.rnti.toString(16);
    if (ue.index === null) return { who: `sector=${sector} rnti=${hex}`, id: null, sector, hex };
    const id = String(this.nextUeId++);
    return { who: `sector=${sector} ue=${id} rnti=${hex}`, id, sector, hex };
  }

  ueName(ue: UeSim<VendorUeText>): string | null {
    return ue.view.id;
  }

  private line(text: string, offsetUs = 50): void {
    const us = this.timer.next(this.slotStartUs + offsetUs);
    this.sink.line(this.clock.stamp(us) + ' ' + text);
  }

  begin(cells: readonly CellSim[]): void {
    this.slotStartUs = this.timer.last;
    this.line('SYS gNB-DU started version=24.1.3 build=8812', 0);
    for (const cell of cells) {
      this.line(
        `CFG sector=${cell.name} pci=${100 + cell.pci} band=n78 scs=30 prb=273 tdd=DDDSU`,
        0,
      );
    }
    this.line(`SYS cells up sectors=${cells.length}`, 0);
  }

  slot(slot: number): void {
    this.slotStartUs = this.firstSlotUs + slot * VENDOR_GNB_CONFIG.slotUs;
    if (slot % 200 === 0) this.line(`HB sector=0 load=${this.rng.int(20, 90)}`, 10);
  }

  prach(cell: CellSim, _prachSlot: number, ues: readonly UeSim<VendorUeText>[]): void {
    for (const ue of ues) {
      const ta = Math.round(ue.taUs * 2);
      this.line(`URAC_RA sector=${cell.name} step=PREAMBLE preamble=${ue.preamble} ta=${ta}`);
    }
  }

  cellSlot(plan: SlotPlan<VendorUeText>): void {
    for (const rar of plan.rars) {
      for (const ue of rar.ues) {
        const ta = Math.round(ue.taUs * 2);
        this.line(
          `URAC_RA sector=${plan.cell.name} step=MSG2 rnti=${ue.view.hex} ` +
            `preamble=${ue.preamble} ta=${ta}`,
          100,
        );
      }
    }
  }

  pucchFeedback(grant: Grant<VendorUeText>): void {
    this.dlTb(grant);
  }

  pucchPeriodic(): void {
    // No SR or CSI lines in this grammar.
  }

  puschResult(grant: Grant<VendorUeText>, sinr: number): void {
    const v = grant.ue.view;
    const ok = grant.result === 1;
    if (grant.msg3) {
      const last = !ok && grant.nrtx >= VENDOR_GNB_CONFIG.maxRetx;
      const end = last ? ' result=FAIL cause="msg3 crc"' : '';
      this.line(`URAC_RA sector=${v.sector} step=MSG3 rnti=${v.hex} crc=${ok ? 'OK' : 'KO'}${end}`);
      return;
    }
    const sinrText = this.rng.chance(0.02) ? 'n/a' : fixed1(sinr);
    this.line(
      `PB_BASIC ${v.who} ${slotFields(grant.slot)} harq=${grant.harq.id} retx=${grant.nrtx} ` +
        `mcs=${grant.mcs} prb=${grant.prbStart}+${grant.prbs} tbs=${grant.tbs * 8} k2=${grant.k} ` +
        `crc=${ok ? 'OK' : 'KO'} sinr=${sinrText}`,
    );
    for (const fb of grant.uci ?? []) this.dlTb(fb);
  }

  ulPdu(grant: Grant<VendorUeText>, control: UlControl): void {
    if (!control.phr) return;
    const v = grant.ue.view;
    const pcmax = fixed1(control.phr.pcmax + 3.5);
    const palloc = fixed1(control.phr.pcmax + 3.5 - Math.max(0, control.phr.low) / 4);
    this.line(`ULCA_PHR_PWR_AL ${v.who} ncc=1 ptotal=${pcmax}`);
    this.sink.line(
      `    CC idx=0 sector=${v.sector} phr=${control.phr.low} pcmax=${pcmax} palloc=${palloc}`,
    );
  }

  msg3Pdu(grant: Grant<VendorUeText>): void {
    const v = grant.ue.view;
    this.line(`RRC ${v.who} msg=RRCSetupRequest`);
  }

  discard(grant: Grant<VendorUeText>): void {
    const v = grant.ue.view;
    const tag = grant.dir === 'dl' ? 'DPP_BASIC.DROP' : 'PB_BASIC.DROP';
    this.line(
      `${tag} ${v.who} ${slotFields(grant.slot)} harq=${grant.harq.id} retx=${grant.nrtx} ` +
        `tbs=${grant.tbs * 8}`,
    );
    if (grant.conRes) {
      this.line(
        `URAC_RA sector=${v.sector} step=MSG4 rnti=${v.hex} result=FAIL cause="no msg4 ack"`,
      );
    }
  }

  ueCreated(ue: UeSim<VendorUeText>): void {
    this.line(`RRC ${ue.view.who} msg=RRCSetup`);
  }

  ueRemoved(ue: UeSim<VendorUeText>): void {
    this.line(`RRC ${ue.view.who} msg=RRCRelease`);
    this.line(`PCELL_STATE ${ue.view.who} state=RELEASED`);
  }

  metrics(cell: CellSim, ues: readonly UeSim<VendorUeText>[], periodSlots: number): void {
    const periodMs = (periodSlots * VENDOR_GNB_CONFIG.slotUs) / 1000;
    const total = { dlPrbs: 0, ulPrbs: 0, dlBytes: 0, ulBytes: 0 };
    for (const ue of ues) {
      const p = ue.period;
      total.dlPrbs += p.dlPrbs;
      total.ulPrbs += p.ulPrbs;
      total.dlBytes += p.dlOkBytes;
      total.ulBytes += p.ulOkBytes;
      this.line(`UMRC_DP ${ue.view.who} period=${periodMs}`, 400);
      this.sink.line(
        `    DL prb=${p.dlPrbs} mcs=${mean(p.dlMcsSum, p.dlGrants)} ` +
          `tput=${kbps(p.dlOkBytes, periodMs)} ` +
          `bler=${ratio(p.dlNok, p.dlOk + p.dlNok)}`,
      );
      this.sink.line(
        `    UL prb=${p.ulPrbs} mcs=${mean(p.ulMcsSum, p.ulGrants)} ` +
          `tput=${kbps(p.ulOkBytes, periodMs)} ` +
          `bler=${ratio(p.ulNok, p.ulOk + p.ulNok)}`,
      );
    }
    this.line(`UMRC_DP sector=${cell.name} period=${periodMs} ues=${ues.length}`, 400);
    this.sink.line(
      `    DL prb=${total.dlPrbs} mcs=n/a tput=${kbps(total.dlBytes, periodMs)} bler=n/a`,
    );
    this.sink.line(
      `    UL prb=${total.ulPrbs} mcs=n/a tput=${kbps(total.ulBytes, periodMs)} bler=n/a`,
    );
  }

  end(): void {
    // Nothing closes this log.
  }

  /** A DL TB with the feedback it got; a Msg4 that got its ACK ends the random access. */
  private dlTb(grant: Grant<VendorUeText>): void {
    const v = grant.ue.view;
    const ack = grant.result === 1 ? 'ACK' : grant.result === 2 ? 'DTX' : 'NACK';
    this.line(
      `DPP_BASIC ${v.who} ${slotFields(grant.slot)} harq=${grant.harq.id} retx=${grant.nrtx} ` +
        `mcs=${grant.mcs} prb=${grant.prbStart}+${grant.prbs} tbs=${grant.tbs * 8} ` +
        `k1=${grant.k} ack=${ack}`,
    );
    if (grant.conRes && grant.result === 1) {
      this.line(`URAC_RA sector=${v.sector} step=MSG4 ue=${v.id} rnti=${v.hex} result=SUCCESS`);
      this.line(`PCELL_STATE ${v.who} state=CONNECTED`);
      this.sink.line('    ACT state=ACTIVATED');
    }
  }
}

/** "sfn=100 slot=1" of an absolute slot number. */
function slotFields(slot: number): string {
  const sfn = Math.floor(slot / SLOTS_PER_FRAME) % 1024;
  return `sfn=${sfn} slot=${slot % SLOTS_PER_FRAME}`;
}

function mean(sum: number, n: number): string {
  return n > 0 ? fixed1(sum / n) : 'n/a';
}

function ratio(part: number, whole: number): string {
  return whole > 0 ? (part / whole).toFixed(2) : 'n/a';
}

function kbps(bytes: number, periodMs: number): string {
  return fixed1((bytes * 8) / periodMs);
}
