/**
 * The objects of the format-neutral MAC model (cells, UE contexts, HARQ processes, grants) and
 * the interface through which a format writer turns the model's events into log lines.
 *
 * Slots are counted from 0 at the start of the simulation; a writer turns a slot number into a
 * time (`startUs + slot * slotUs`) and into its format's frame/slot or TTI label.
 */
import type { Link } from './link.js';
import type { SubjectTruth } from './truth.js';

export type Direction = 'dl' | 'ul';

/**
 * What a format's log shows. The truth counts only what is written, so a format that does
 * not log an event must say so here: the model then neither counts it nor hands it over.
 */
export interface LoggedEvents {
  /** Msg3 grants and their CRC appear as UL grants and UL decodes. */
  msg3AsTraffic: boolean;
  /** Transport blocks given up after the last retransmission are logged. */
  discards: boolean;
  bsr: boolean;
  phr: boolean;
  cqi: boolean;
  /** DL feedback can be logged as DTX; else a missing HARQ-ACK is logged as a NACK. */
  dtx: boolean;
  /**
   * The step at which the log shows a random access as successful: Msg3 decoded, the
   * contention resolution sent, or the Msg4 acknowledged.
   */
  raSuccess: 'msg3' | 'contention-resolution' | 'msg4-ack';
  /** Failed random access (Msg3, or Msg4 where it decides success, given up) is logged. */
  raFailures: boolean;
}

/** Timing and sizing of the model; each format picks values that fit its technology. */
export interface ModelConfig {
  logs: LoggedEvents;
  /** DL HARQ feedback due in a slot where the UE has a PUSCH is carried on that PUSCH. */
  uciOnPusch: boolean;
  /** The cell as the format names it, from its index (0, 1, ...). */
  cellName(index: number): string;
  /** Slot (TTI) length in microseconds. */
  slotUs: number;
  /** Slots per radio frame (10 for 15 kHz NR and for LTE). */
  slotsPerFrame: number;
  /** HARQ processes per direction. */
  harqProcesses: number;
  /** DL: PDSCH to HARQ feedback, in slots. UL: DCI to PUSCH, in slots. */
  k1: number;
  k2: number;
  /** PRACH occasion to RAR, and RAR to Msg3, in slots. */
  rarDelay: number;
  msg3Delay: number;
  /** How long after its slot a PRACH detection, a PUCCH and a PUSCH result are logged. */
  prachReportDelay: number;
  pucchReportDelay: number;
  puschReportDelay: number;
  /**
   * Slots from a failed PUSCH's logged result to the DCI of its retransmission. LTE's
   * synchronous UL HARQ uses 0, so that the retransmission comes 8 TTIs after the PUSCH.
   */
  ulRetxDelay: number;
  /** Redundancy versions of successive transmissions of a TB. */
  dlRvSequence: readonly number[];
  ulRvSequence: readonly number[];
  /** Retransmissions after which a TB is given up (also for Msg3). */
  maxRetx: number;
  /** PRBs of the carrier, and the UL PRBs left to PUSCH (the edges carry PUCCH). */
  nPrb: number;
  ulPrbFirst: number;
  ulPrbEnd: number;
  /** UEs scheduled per slot and direction, at most. */
  maxUesPerSlot: number;
  /** Slot within the frame of the PRACH occasion. */
  prachSlot: number;
  /** Periods of SR and CSI PUCCH occasions, in slots. */
  srPeriod: number;
  csiPeriod: number;
  /** Period of the metrics reports, in slots. */
  metricsPeriod: number;
  /** First C-RNTI handed out. */
  firstRnti: number;
  /** The buffer-size value a BSR is logged with, from the BSR index (identity if the index). */
  bsrValue(index: number, long: boolean): number;
}

/** One HARQ process of a UE. */
export interface HarqProcess {
  id: number;
  /** A TB is in flight or waiting for a retransmission. */
  busy: boolean;
  /** The slot from which a retransmission may be scheduled; -1 when none is pending. */
  retxAt: number;
  /** The last transmission of the TB in this process. */
  last: Grant | null;
}

export type UeState = 'ra' | 'connecting' | 'active' | 'releasing' | 'gone';

/** Counters of one metrics period of one UE, as a gNB's metrics report would show them. */
export interface PeriodStats {
  dlOk: number;
  dlNok: number;
  dlOkBytes: number;
  dlMcsSum: number;
  dlGrants: number;
  dlPrbs: number;
  ulOk: number;
  ulNok: number;
  ulOkBytes: number;
  ulMcsSum: number;
  ulGrants: number;
  ulPrbs: number;
  cqiSum: number;
  cqiN: number;
  sinrSum: number;
  sinrN: number;
  srCount: number;
  /** Last reported power headroom (dB) and BSR value; null when none yet. */
  lastPhr: number | null;
  lastBsr: number | null;
}

/** A simulated device: the radio of one phone, which attaches, detaches and attaches again. */
export interface Device {
  id: number;
  cell: CellSim;
  link: Link;
  /** Its current UE context (from the PRACH on), or null while detached. */
  ctx: UeSim | null;
  /** Slot from which it starts a random access while detached. */
  raAt: number;
}

/** One UE context: from one random access to its release. */
export interface UeSim<V = unknown> {
  device: Device;
  cell: CellSim;
  /** C-RNTI (TC-RNTI until Msg3 succeeds), and as the logs write it. */
  rnti: number;
  rntiHex: string;
  /** UE index once the UE is created (at Msg3), else null. */
  index: number | null;
  state: UeState;
  /** PRACH preamble and timing advance of its random access. */
  preamble: number;
  taUs: number;
  dlHarq: HarqProcess[];
  ulHarq: HarqProcess[];
  /** Processes waiting for a retransmission, per direction (spares a scan when none). */
  retxWaiting: { dl: number; ul: number };
  /** Slot from which it gets user data, and slot at which it starts releasing. */
  activeFrom: number;
  releaseAt: number;
  /** Last slot with a PDSCH / PUSCH, so a UE gets one per slot at most. */
  lastDlSlot: number;
  lastUlSlot: number;
  /** Offset of its SR and CSI occasions within their periods. */
  pucchOffset: number;
  period: PeriodStats;
  truth: SubjectTruth;
  /** The writer's cached text for this UE (its rnti and id fields, rendered once). */
  view: V;
}

/** A scheduled transmission of a TB (first or retransmission), DL or UL. */
export interface Grant<V = unknown> {
  ue: UeSim<V>;
  dir: Direction;
  harq: HarqProcess;
  /** Slot of the PDSCH / PUSCH, and of the DCI that granted it. */
  slot: number;
  dciSlot: number;
  /** 0 for a first transmission, n for the n-th retransmission. */
  nrtx: number;
  rv: number;
  mcs: number;
  tbs: number;
  prbStart: number;
  prbs: number;
  /** k1 for DL, k2 for UL (the Msg3 delay for a Msg3). */
  k: number;
  msg3: boolean;
  /** A DL grant that carries the contention resolution (Msg4), or retransmits it. */
  conRes: boolean;
  /** DL grants whose HARQ feedback rides on this PUSCH (UCI on PUSCH); null when none. */
  uci: Grant<V>[] | null;
  /** Outcome once known: 1 ACK / CRC OK, 0 NACK / CRC KO, 2 DTX; -1 while unknown. */
  result: number;
}

/** A RAR: the answer to the preambles detected in one PRACH occasion. */
export interface RarGrant<V = unknown> {
  raRnti: number;
  prbs: number;
  tbs: number;
  ues: UeSim<V>[];
}

/** One PUCCH of one UE in one slot. */
export interface PucchEntry<V = unknown> {
  ue: UeSim<V>;
  /** HARQ-ACK bits it carries, and whether it is an SR or a CSI occasion. */
  harqBits: number;
  sr: boolean;
  csi: boolean;
}

/** Everything a cell does in one slot, for the writer to log. */
export interface SlotPlan<V = unknown> {
  cell: CellSim;
  slot: number;
  rars: RarGrant<V>[];
  /** PDSCHs of UEs in this slot (the Msg4 ones included). */
  dl: Grant<V>[];
  /** UL grants decided in this slot (their PUSCH is later), Msg3 retransmissions included. */
  ulDci: Grant<V>[];
  /** PUSCHs in this slot (decided earlier), Msg3 included. */
  pusch: Grant<V>[];
  pucch: PucchEntry<V>[];
}

/** MAC control elements in a UL MAC PDU. */
export interface UlControl {
  bsr: { long: boolean; lcg: number; value: number } | null;
  phr: { low: number; high: number; pcmax: number } | null;
}

export interface CellSim {
  index: number;
  /** The cell as the logs name it in scheduler lines (the cell index). */
  name: string;
  pci: number;
  devices: Device[];
  /** UE contexts that are created (connecting, active or releasing), in creation order. */
  ues: UeSim[];
}

/**
 * A format writer. The model calls it for every event, in log order, and counts the truth as
 * it calls: a writer must therefore write every event it is given.
 */
export interface Writer<V> {
  /** Cached text for a new UE context (called again when it gets its UE index). */
  view(ue: UeSim<V>): V;
  /** The UE id the log gives a created UE, for the truth; null if the log has none. */
  ueName(ue: UeSim<V>): string | null;
  /** Startup banner and configuration, before the first slot. */
  begin(cells: readonly CellSim[]): void;
  /** A new slot starts: later calls until the next `slot` happen in it. */
  slot(slot: number): void;
  /** Preambles detected in the PRACH occasion of `prachSlot` (one entry per UE context). */
  prach(cell: CellSim, prachSlot: number, ues: readonly UeSim<V>[]): void;
  /** The scheduler's decisions of a cell in the current slot, with their DL PHY lines. */
  cellSlot(plan: SlotPlan<V>): void;
  /** DL HARQ feedback received on PUCCH for `grant` (its `result` is set). */
  pucchFeedback(grant: Grant<V>): void;
  /** A periodic PUCCH (SR and/or CSI) of `ue` in `pucchSlot`; cqi is set for a CSI. */
  pucchPeriodic(ue: UeSim<V>, pucchSlot: number, sr: boolean, srRaised: boolean, cqi: number): void;
  /** A PUSCH was decoded (`result` set), with any DL feedback it carried (`uci` results set). */
  puschResult(grant: Grant<V>, sinr: number): void;
  /** The UL MAC PDU of a connected UE, decoded from `grant`. */
  ulPdu(grant: Grant<V>, control: UlControl): void;
  /** The Msg3 of `grant` was decoded: its UE will now be created. */
  msg3Pdu(grant: Grant<V>): void;
  /** A TB was given up after the maximum number of retransmissions. */
  discard(grant: Grant<V>): void;
  /** A UE context was created (after Msg3), with its UE index. */
  ueCreated(ue: UeSim<V>): void;
  /** A UE context was released. */
  ueRemoved(ue: UeSim<V>): void;
  /** End of a metrics period: the UEs of the cell with their period counters. */
  metrics(cell: CellSim, ues: readonly UeSim<V>[], periodSlots: number): void;
  /** After the last slot. */
  end(): void;
}
