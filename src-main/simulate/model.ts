/**
 * The format-neutral MAC model: devices attach by random access, get DL and UL grants, their
 * transport blocks succeed or fail and are retransmitted or given up, they report BSR, PHR and
 * CQI, and they detach and attach again. A format writer turns each event into log lines.
 *
 * The model counts the ground truth at the moment it hands an event to the writer, so the
 * truth describes exactly what was written. Events that a real gNB logs later than they happen
 * (PHY results, HARQ feedback) wait in a ring of future slots and are handed over in the slot
 * where the log would show them, which keeps the file in time order.
 */
import { Link } from './link.js';
import { phrRange, tbsBytes } from './link.js';
import type {
  CellSim,
  Device,
  Direction,
  Grant,
  HarqProcess,
  ModelConfig,
  PucchEntry,
  RarGrant,
  SlotPlan,
  UeSim,
  UlControl,
  Writer,
} from './model-types.js';
import {
  countDlFeedback,
  countGrant,
  countPhr,
  countUlDecode,
  emptyPeriod,
} from './model-count.js';
import type { Prng } from './prng.js';
import { emptySubject, type SubjectTruth } from './truth.js';

/** Slots of the future that events can be booked into; far more than any delay used. */
const RING = 128;

/** Slots simulated after the end, without new traffic, so that pending results get logged. */
export const DRAIN_SLOTS = 32;

/** What the driver of a simulation needs of a model, whatever its writer. */
export interface ModelRun {
  readonly slot: number;
  readonly slotUs: number;
  readonly truth: SubjectTruth[];
  readonly cells: CellSim[];
  begin(): void;
  step(): void;
  stopGenerating(): void;
  end(): void;
}

export interface ModelParams {
  ues: number;
  cells: number;
  badUes: number;
  blerTarget: number;
  /** Mean length of a UE's session before it detaches, in seconds. */
  sessionMeanSec: number;
}

type SimEvent<V> =
  | { kind: 'prach'; cell: CellState<V>; prachSlot: number; ues: UeSim<V>[] }
  | { kind: 'feedback'; grant: Grant<V> }
  | { kind: 'crc'; grant: Grant<V> }
  | { kind: 'pucch'; ue: UeSim<V>; pucchSlot: number; sr: boolean; csi: boolean };

/** What the model keeps per cell besides what writers see. */
interface CellState<V> {
  sim: CellSim;
  /** Per future slot (ring index): RARs, PUSCHs, DL grants whose feedback is due. */
  rars: RarGrant<V>[][];
  puschs: Grant<V>[][];
  feedback: Grant<V>[][];
  /** Per future slot: the next free UL PRB. */
  ulPrbNext: number[];
  /** UE contexts between their RAR and the end of their Msg3. */
  raUes: UeSim<V>[];
  /** UEs created whose contention resolution is still to be sent. */
  conResQueue: UeSim<V>[];
  /** Round-robin positions of the DL and UL schedulers. */
  dlNext: number;
  ulNext: number;
}

function ringOf<T>(): T[][] {
  return Array.from({ length: RING }, () => []);
}

function harqSet(count: number): HarqProcess[] {
  return Array.from({ length: count }, (_, id) => ({ id, busy: false, retxAt: -1, last: null }));
}

// Plain loops rather than find/some with closures: these run for every UE in every slot.

/** The process whose retransmission is due by `slot`, if any. */
function dueRetx(procs: HarqProcess[], slot: number): HarqProcess | null {
  for (const h of procs) if (h.retxAt >= 0 && h.retxAt <= slot) return h;
  return null;
}

function freeProcess(procs: HarqProcess[]): HarqProcess | null {
  for (const h of procs) if (!h.busy) return h;
  return null;
}

function anyBusy(procs: HarqProcess[]): boolean {
  for (const h of procs) if (h.busy) return true;
  return false;
}

/** The PUSCH of `ue` among a slot's PUSCHs (not its Msg3), if any. */
function puschOf<V>(puschs: Grant<V>[], ue: UeSim<V>): Grant<V> | null {
  for (const p of puschs) if (p.ue === ue && !p.msg3) return p;
  return null;
}

export class MacModel<V> implements ModelRun {
  /** The slot the next `step` simulates. */
  slot = 0;
  /** Every UE context's truth, in order of first appearance. */
  readonly truth: SubjectTruth[] = [];
  readonly cells: CellSim[];
  /** Length of a slot in microseconds. */
  readonly slotUs: number;

  private readonly cellStates: CellState<V>[];
  private readonly events: SimEvent<V>[][] = ringOf();
  private readonly usedIndexes: boolean[];
  private nextRnti: number;
  private generating = true;

  constructor(
    private readonly config: ModelConfig,
    private readonly params: ModelParams,
    private readonly writer: Writer<V>,
    private readonly rng: Prng,
  ) {
    this.slotUs = config.slotUs;
    this.nextRnti = config.firstRnti;
    this.usedIndexes = new Array<boolean>(params.ues).fill(false);
    this.cellStates = Array.from({ length: params.cells }, (_, i) => this.newCell(i));
    this.cells = this.cellStates.map((c) => c.sim);
    this.createDevices();
  }

  begin(): void {
    this.writer.begin(this.cells);
  }

  /** Simulates one slot. */
  step(): void {
    const slot = this.slot;
    this.writer.slot(slot);
    this.runEvents(slot);

    for (const cell of this.cellStates) {
      if (this.generating) this.lifecycle(cell, slot);
      this.planSlot(cell, slot);
    }

    if (slot % 50 === 0) this.driftLinks();
    if (this.generating && (slot + 1) % this.config.metricsPeriod === 0) this.reportMetrics();
    this.slot++;
  }

  /** From now on no new traffic or attach is started; pending results are still logged. */
  stopGenerating(): void {
    this.generating = false;
  }

  end(): void {
    this.writer.end();
  }

  // --- Setup ---------------------------------------------------------------------------------

  private newCell(index: number): CellState<V> {
    return {
      sim: { index, name: this.config.cellName(index), pci: index + 1, devices: [], ues: [] },
      rars: ringOf(),
      puschs: ringOf(),
      feedback: ringOf(),
      ulPrbNext: new Array<number>(RING).fill(this.config.ulPrbFirst),
      raUes: [],
      conResQueue: [],
      dlNext: 0,
      ulNext: 0,
    };
  }

  /** Devices are spread over the cells in turn; the first `badUes` have poor radio. */
  private createDevices(): void {
    let raAt = 200;
    for (let id = 0; id < this.params.ues; id++) {
      const cell = this.cellStates[id % this.params.cells].sim;
      const bad = id < this.params.badUes;
      const link = new Link(this.rng, { bad, blerTarget: this.params.blerTarget });
      const device: Device = { id, cell, link, ctx: null, raAt };
      cell.devices.push(device);
      raAt += this.rng.int(20, 150);
    }
  }

  private driftLinks(): void {
    for (const cell of this.cells) for (const device of cell.devices) device.link.drift(this.rng);
  }

  // --- UE life: attach, activation, release ---------------------------------------------------

  private lifecycle(cell: CellState<V>, slot: number): void {
    if (slot % this.config.slotsPerFrame === this.config.prachSlot)
      this.startRandomAccess(cell, slot);

    // Backwards, because a UE removed here leaves the list.
    const ues = cell.sim.ues as UeSim<V>[];
    for (let i = ues.length - 1; i >= 0; i--) {
      const ue = ues[i];
      if (ue.state === 'connecting' && slot >= ue.activeFrom) ue.state = 'active';
      else if (ue.state === 'active' && slot >= ue.releaseAt) ue.state = 'releasing';
      else if (ue.state === 'releasing' && this.canRemove(ue, slot)) this.removeUe(cell, ue, slot);
    }
  }

  /** Devices due to attach send a preamble in this PRACH occasion. */
  private startRandomAccess(cell: CellState<V>, slot: number): void {
    const ues: UeSim<V>[] = [];
    for (const device of cell.sim.devices) {
      if (device.ctx !== null || device.raAt > slot) continue;
      const ue = this.newUeContext(device);
      device.ctx = ue;
      ues.push(ue);
    }
    if (ues.length === 0) return;
    this.book(slot + this.config.prachReportDelay, { kind: 'prach', cell, prachSlot: slot, ues });
  }

  private newUeContext(device: Device): UeSim<V> {
    const rnti = this.nextRnti++;
    const ue: UeSim<V> = {
      device,
      cell: device.cell,
      rnti,
      rntiHex: '0x' + rnti.toString(16),
      index: null,
      state: 'ra',
      preamble: this.rng.int(0, 63),
      taUs: Math.round(this.rng.range(0, 12) * 100) / 100,
      dlHarq: harqSet(this.config.harqProcesses),
      ulHarq: harqSet(this.config.harqProcesses),
      retxWaiting: { dl: 0, ul: 0 },
      activeFrom: 0,
      releaseAt: 0,
      lastDlSlot: -1,
      lastUlSlot: -1,
      pucchOffset: this.rng.int(0, this.config.srPeriod - 1),
      period: emptyPeriod(),
      truth: emptySubject(device.cell.name, null, rnti, device.link.bad),
      view: undefined as V,
    };
    ue.view = this.writer.view(ue);
    this.truth.push(ue.truth);
    return ue;
  }

  /** A UE leaves once no TB is in flight, or after a while whatever happens. */
  private canRemove(ue: UeSim<V>, slot: number): boolean {
    if (slot >= ue.releaseAt + 200) return true;
    return !anyBusy(ue.dlHarq) && !anyBusy(ue.ulHarq);
  }

  private removeUe(cell: CellState<V>, ue: UeSim<V>, slot: number): void {
    this.writer.ueRemoved(ue);
    ue.state = 'gone';
    cell.sim.ues.splice(cell.sim.ues.indexOf(ue), 1);
    if (ue.index !== null) this.usedIndexes[ue.index] = false;
    ue.device.ctx = null;
    ue.device.raAt = slot + this.rng.int(300, 3000);
  }

  private allocateIndex(): number {
    const index = this.usedIndexes.indexOf(false);
    this.usedIndexes[index] = true;
    return index;
  }

  // --- One slot of one cell -------------------------------------------------------------------

  private planSlot(cell: CellState<V>, slot: number): void {
    const ring = slot % RING;
    const plan: SlotPlan<V> = {
      cell: cell.sim,
      slot,
      rars: cell.rars[ring],
      dl: [],
      ulDci: [],
      pusch: this.livePuschs(cell.puschs[ring]),
      pucch: [],
    };
    cell.rars[ring] = [];
    cell.puschs[ring] = [];

    let prb = 0;
    for (const rar of plan.rars) {
      prb += rar.prbs;
      for (const ue of rar.ues) this.bookMsg3(cell, ue, slot);
    }
    if (this.generating) {
      this.scheduleDl(cell, plan, prb);
      this.scheduleUl(cell, plan, slot);
    }
    this.collectFeedback(cell, plan, slot);
    this.collectPeriodicPucch(cell, plan, slot);

    this.writer.cellSlot(plan);

    for (const grant of plan.dl) countGrant(grant, this.config.logs);
    for (const grant of plan.pusch) {
      countGrant(grant, this.config.logs);
      this.book(slot + this.config.puschReportDelay, { kind: 'crc', grant });
    }
    cell.ulPrbNext[ring] = this.config.ulPrbFirst;
  }

  /** The PUSCHs of a slot without those of UEs removed since they were granted. */
  private livePuschs(puschs: Grant<V>[]): Grant<V>[] {
    for (const g of puschs) {
      if (g.ue.state === 'gone') return puschs.filter((p) => p.ue.state !== 'gone');
    }
    return puschs;
  }

  /** Msg3 of a UE that got a RAR now, on the UL PRBs of its slot. */
  private bookMsg3(cell: CellState<V>, ue: UeSim<V>, rarSlot: number): void {
    const slot = rarSlot + this.config.msg3Delay;
    const prbStart = cell.ulPrbNext[slot % RING];
    cell.ulPrbNext[slot % RING] = prbStart + 3;

    const harq = ue.ulHarq[0];
    const grant = this.newGrant(ue, 'ul', harq, slot, rarSlot, 0, 0, 11, prbStart, 3);
    grant.k = this.config.msg3Delay;
    grant.msg3 = true;
    this.startTx(harq, grant);
    ue.lastUlSlot = slot;
    cell.puschs[slot % RING].push(grant);
    cell.raUes.push(ue);
  }

  private scheduleDl(cell: CellState<V>, plan: SlotPlan<V>, firstPrb: number): void {
    const { nPrb, maxUesPerSlot } = this.config;
    let prb = firstPrb;

    while (cell.conResQueue.length > 0 && plan.dl.length < maxUesPerSlot && prb + 8 <= nPrb) {
      const grant = this.newDlTx(cell.conResQueue[0], plan.slot, prb, Math.min(24, nPrb - prb));
      if (!grant) break;
      cell.conResQueue.shift();
      grant.conRes = true;
      if (this.config.logs.raSuccess === 'contention-resolution') grant.ue.truth.raOk++;
      plan.dl.push(grant);
      prb += grant.prbs;
    }

    // Retransmissions first, as schedulers do; then new data, UEs in turn.
    const ues = cell.sim.ues as UeSim<V>[];
    for (const retxPass of [true, false]) {
      for (let i = 0; i < ues.length && plan.dl.length < maxUesPerSlot && prb < nPrb; i++) {
        const ue = ues[(cell.dlNext + i) % ues.length];
        if (ue.lastDlSlot === plan.slot) continue;
        const grant = this.dlGrantFor(ue, plan.slot, prb, nPrb - prb, retxPass);
        if (!grant) continue;
        plan.dl.push(grant);
        prb += grant.prbs;
      }
    }
    cell.dlNext = ues.length > 0 ? (cell.dlNext + 1) % ues.length : 0;
  }

  /**
   * In the retransmission pass, the retransmission due if any; else new data if the UE has
   * some and no retransmission waiting. Null when there is nothing to send or it does not fit.
   */
  private dlGrantFor(
    ue: UeSim<V>,
    slot: number,
    prb: number,
    free: number,
    retxPass: boolean,
  ): Grant<V> | null {
    const retx = ue.retxWaiting.dl > 0 ? dueRetx(ue.dlHarq, slot) : null;
    if (retx) {
      const fits = retxPass && retx.last!.prbs <= free;
      return fits ? this.retransmit(retx, slot, slot, prb) : null;
    }
    if (retxPass || ue.state !== 'active' || !this.rng.chance(ue.device.link.dlLoad)) return null;

    const small = this.rng.chance(0.35);
    const prbs = small ? this.rng.int(1, 4) : this.rng.int(6, 48);
    return this.newDlTx(ue, slot, prb, Math.min(prbs, free));
  }

  private newDlTx(ue: UeSim<V>, slot: number, prb: number, prbs: number): Grant<V> | null {
    const harq = freeProcess(ue.dlHarq);
    if (!harq || prbs < 1) return null;
    const mcs = ue.device.link.dlMcs();
    const grant = this.newGrant(ue, 'dl', harq, slot, slot, 0, mcs, tbsBytes(mcs, prbs), prb, prbs);
    this.startTx(harq, grant);
    return grant;
  }

  /** UL grants decided now, for the PUSCH slot k2 later. */
  private scheduleUl(cell: CellState<V>, plan: SlotPlan<V>, slot: number): void {
    const { k2, ulPrbEnd, maxUesPerSlot } = this.config;
    const puschSlot = slot + k2;
    const ring = puschSlot % RING;
    const puschs = cell.puschs[ring];
    let prb = cell.ulPrbNext[ring];

    // Retransmissions first (Msg3 ones before those of UEs), then new data, UEs in turn.
    const ues = cell.sim.ues as UeSim<V>[];
    const candidates = cell.raUes.length + ues.length;
    for (const retxPass of [true, false]) {
      for (let i = 0; i < candidates; i++) {
        if (plan.ulDci.length >= maxUesPerSlot || prb >= ulPrbEnd) break;
        const j = i - cell.raUes.length;
        const ue = j < 0 ? cell.raUes[i] : ues[(cell.ulNext + j) % ues.length];
        if (ue.lastUlSlot >= puschSlot) continue;

        const grant = this.ulGrantFor(ue, slot, puschSlot, prb, ulPrbEnd - prb, retxPass);
        if (!grant) continue;
        plan.ulDci.push(grant);
        puschs.push(grant);
        prb += grant.prbs;
      }
    }
    cell.ulNext = ues.length > 0 ? (cell.ulNext + 1) % ues.length : 0;
    cell.ulPrbNext[ring] = prb;
  }

  private ulGrantFor(
    ue: UeSim<V>,
    slot: number,
    puschSlot: number,
    prb: number,
    free: number,
    retxPass: boolean,
  ): Grant<V> | null {
    const retx = ue.retxWaiting.ul > 0 ? dueRetx(ue.ulHarq, slot) : null;
    if (retx) {
      if (!retxPass || retx.last!.prbs > free) return null;
      const grant = this.retransmit(retx, puschSlot, slot, prb);
      grant.k = this.config.k2;
      ue.lastUlSlot = puschSlot;
      return grant;
    }
    if (retxPass || ue.state !== 'active' || !this.rng.chance(ue.device.link.ulLoad)) return null;

    const harq = freeProcess(ue.ulHarq);
    if (!harq) return null;
    const prbs = Math.min(free, this.rng.int(2, 40));
    const mcs = ue.device.link.ulMcs();
    const tbs = tbsBytes(mcs, prbs);
    const grant = this.newGrant(ue, 'ul', harq, puschSlot, slot, 0, mcs, tbs, prb, prbs);
    this.startTx(harq, grant);
    ue.lastUlSlot = puschSlot;
    return grant;
  }

  /** The next transmission of the TB waiting in `harq`, same size, next redundancy version. */
  private retransmit(harq: HarqProcess, slot: number, dciSlot: number, prb: number): Grant<V> {
    const last = harq.last as Grant<V>;
    const nrtx = last.nrtx + 1;
    const grant = this.newGrant(
      last.ue,
      last.dir,
      harq,
      slot,
      dciSlot,
      nrtx,
      last.mcs,
      last.tbs,
      prb,
      last.prbs,
    );
    grant.msg3 = last.msg3;
    grant.conRes = last.conRes;
    this.startTx(harq, grant);
    return grant;
  }

  private newGrant(
    ue: UeSim<V>,
    dir: Direction,
    harq: HarqProcess,
    slot: number,
    dciSlot: number,
    nrtx: number,
    mcs: number,
    tbs: number,
    prbStart: number,
    prbs: number,
  ): Grant<V> {
    const rvs = dir === 'dl' ? this.config.dlRvSequence : this.config.ulRvSequence;
    if (dir === 'dl') ue.lastDlSlot = slot;
    return {
      ue,
      dir,
      harq,
      slot,
      dciSlot,
      nrtx,
      rv: rvs[nrtx % rvs.length],
      mcs,
      tbs,
      prbStart,
      prbs,
      k: dir === 'dl' ? this.config.k1 : this.config.k2,
      msg3: false,
      conRes: false,
      uci: null,
      result: -1,
    };
  }

  /** The TB in `grant`'s process waits for a retransmission from `slot` on. */
  private awaitRetx(grant: Grant<V>, slot: number): void {
    if (grant.harq.retxAt < 0) grant.ue.retxWaiting[grant.dir]++;
    grant.harq.retxAt = slot;
  }

  private stopWaiting(harq: HarqProcess, ue: UeSim<V>, dir: Direction): void {
    if (harq.retxAt >= 0) ue.retxWaiting[dir]--;
    harq.retxAt = -1;
  }

  private startTx(harq: HarqProcess, grant: Grant<V>): void {
    harq.busy = true;
    this.stopWaiting(harq, grant.ue, grant.dir);
    harq.last = grant;
    if (grant.dir === 'dl') {
      const cell = this.cellStates[grant.ue.cell.index];
      cell.feedback[(grant.slot + this.config.k1) % RING].push(grant);
    }
  }

  /** DL feedback due in this slot: on the UE's PUSCH if it has one, else on PUCCH. */
  private collectFeedback(cell: CellState<V>, plan: SlotPlan<V>, slot: number): void {
    const ring = slot % RING;
    const due = cell.feedback[ring];
    cell.feedback[ring] = [];

    for (const grant of due) {
      if (grant.ue.state === 'gone') continue;
      const pusch = this.config.uciOnPusch ? puschOf(plan.pusch, grant.ue) : null;
      if (pusch) {
        (pusch.uci ??= []).push(grant);
        continue;
      }
      plan.pucch.push({ ue: grant.ue, harqBits: 1, sr: false, csi: false });
      this.book(slot + this.config.pucchReportDelay, { kind: 'feedback', grant });
    }
  }

  private collectPeriodicPucch(cell: CellState<V>, plan: SlotPlan<V>, slot: number): void {
    const { srPeriod, csiPeriod } = this.config;
    for (const ue of cell.sim.ues as UeSim<V>[]) {
      const sr = (slot + ue.pucchOffset) % srPeriod === 0;
      const csi = (slot + ue.pucchOffset + (csiPeriod >> 1)) % csiPeriod === 0;
      if (!sr && !csi) continue;
      const entry: PucchEntry<V> = { ue, harqBits: 0, sr, csi };
      plan.pucch.push(entry);
      this.book(slot + this.config.pucchReportDelay, {
        kind: 'pucch',
        ue,
        pucchSlot: slot,
        sr,
        csi,
      });
    }
  }

  // --- Events logged later than they happen ----------------------------------------------------

  private book(slot: number, event: SimEvent<V>): void {
    this.events[slot % RING].push(event);
  }

  private runEvents(slot: number): void {
    const ring = slot % RING;
    const due = this.events[ring];
    if (due.length === 0) return;
    this.events[ring] = [];

    for (const event of due) {
      switch (event.kind) {
        case 'prach':
          this.onPrach(event.cell, event.prachSlot, event.ues);
          break;
        case 'feedback':
          this.onPucchFeedback(event.grant, slot);
          break;
        case 'crc':
          this.onPuschResult(event.grant, slot);
          break;
        case 'pucch':
          this.onPeriodicPucch(event.ue, event.pucchSlot, event.sr, event.csi);
          break;
      }
    }
  }

  private onPrach(cell: CellState<V>, prachSlot: number, ues: UeSim<V>[]): void {
    this.writer.prach(cell.sim, prachSlot, ues);
    for (const ue of ues) ue.truth.raAttempts++;

    const rarSlot = prachSlot + this.config.rarDelay;
    const raRnti = 1 + 14 * (prachSlot % this.config.slotsPerFrame);
    const rar: RarGrant<V> = { raRnti, prbs: 2 + ues.length, tbs: 1 + 8 * ues.length, ues };
    cell.rars[rarSlot % RING].push(rar);
  }

  private onPucchFeedback(grant: Grant<V>, slot: number): void {
    if (grant.ue.state === 'gone') return;
    grant.result = this.dlOutcome(grant);
    this.writer.pucchFeedback(grant);
    countDlFeedback(grant);
    this.afterDlFeedback(grant, slot);
  }

  private dlOutcome(grant: Grant<V>): number {
    const link = grant.ue.device.link;
    const bler = grant.nrtx === 0 ? link.firstBler : link.retxBler;
    if (!this.rng.chance(bler)) return 1;
    return this.config.logs.dtx && this.rng.chance(link.dtxShare) ? 2 : 0;
  }

  /**
   * After DL feedback: the process is free, or retransmits, or gives up. The random access
   * of a UE ends when its Msg4 (contention resolution) is acknowledged, or fails when the
   * Msg4 is given up; the UE is then released.
   */
  private afterDlFeedback(grant: Grant<V>, slot: number): void {
    const harq = grant.harq;
    if (harq.last !== grant) return;
    const logs = this.config.logs;
    if (grant.result === 1) {
      harq.busy = false;
      if (grant.conRes && logs.raSuccess === 'msg4-ack') grant.ue.truth.raOk++;
    } else if (grant.nrtx >= this.config.maxRetx) {
      this.giveUp(grant);
      if (grant.conRes) {
        if (logs.raFailures && logs.raSuccess === 'msg4-ack') grant.ue.truth.raFail++;
        grant.ue.state = 'releasing';
        grant.ue.releaseAt = slot;
      }
    } else {
      this.awaitRetx(grant, slot + this.rng.int(1, 3));
    }
  }

  private onPuschResult(grant: Grant<V>, slot: number): void {
    const ue = grant.ue;
    if (ue.state === 'gone') return;
    const link = ue.device.link;

    let bler = grant.nrtx === 0 ? link.firstBler : link.retxBler;
    if (grant.msg3) bler = link.msg3Bler;
    const ok = !this.rng.chance(bler);
    grant.result = ok ? 1 : 0;
    for (const fb of grant.uci ?? []) fb.result = this.dlOutcome(fb);

    const sinr = link.measuredSinr(this.rng, ok);
    this.writer.puschResult(grant, sinr);
    countUlDecode(grant, sinr, this.config.logs);
    for (const fb of grant.uci ?? []) {
      countDlFeedback(fb);
      this.afterDlFeedback(fb, slot);
    }

    if (!ok) this.afterUlFailure(grant, slot);
    else if (grant.msg3) this.onMsg3(grant, slot);
    else this.onUlData(grant);
  }

  private afterUlFailure(grant: Grant<V>, slot: number): void {
    if (grant.nrtx < this.config.maxRetx) {
      this.awaitRetx(grant, slot + this.config.ulRetxDelay);
      return;
    }
    this.giveUp(grant);
    if (grant.msg3) this.raFailed(grant.ue, slot);
  }

  private giveUp(grant: Grant<V>): void {
    grant.harq.busy = false;
    this.stopWaiting(grant.harq, grant.ue, grant.dir);
    if (!this.config.logs.discards) return;
    if (grant.msg3 && !this.config.logs.msg3AsTraffic) return;
    this.writer.discard(grant);
    grant.ue.truth[grant.dir].discards++;
  }

  private raFailed(ue: UeSim<V>, slot: number): void {
    if (this.config.logs.raFailures) ue.truth.raFail++;
    ue.state = 'gone';
    const cell = this.cellStates[ue.cell.index];
    cell.raUes.splice(cell.raUes.indexOf(ue), 1);
    ue.device.ctx = null;
    ue.device.raAt = slot + this.rng.int(20, 80);
  }

  /** Msg3 decoded: the UE is created and its contention resolution queued. */
  private onMsg3(grant: Grant<V>, slot: number): void {
    const ue = grant.ue;
    grant.harq.busy = false;
    this.writer.msg3Pdu(grant);

    const cell = this.cellStates[ue.cell.index];
    cell.raUes.splice(cell.raUes.indexOf(ue), 1);
    ue.index = this.allocateIndex();
    ue.view = this.writer.view(ue);
    ue.truth.ue = this.writer.ueName(ue);
    if (this.config.logs.raSuccess === 'msg3') ue.truth.raOk++;
    ue.state = 'connecting';
    ue.activeFrom = slot + this.rng.int(30, 80);
    ue.releaseAt = ue.activeFrom + this.sessionSlots();
    cell.sim.ues.push(ue);
    this.writer.ueCreated(ue);
    cell.conResQueue.push(ue);
  }

  private sessionSlots(): number {
    const meanSlots = (this.params.sessionMeanSec * 1e6) / this.config.slotUs;
    const slots = -Math.log(1 - this.rng.next()) * meanSlots;
    return Math.max(Math.round(slots), Math.round(1e6 / this.config.slotUs));
  }

  /** UL data decoded: the MAC PDU may carry a BSR and a PHR. */
  private onUlData(grant: Grant<V>): void {
    grant.harq.busy = false;
    const ue = grant.ue;
    const control: UlControl = { bsr: null, phr: null };

    const logs = this.config.logs;
    if (logs.bsr && this.rng.chance(0.55)) {
      const long = this.rng.chance(0.25);
      const index = this.rng.chance(0.4) ? 0 : this.rng.int(1, long ? 60 : 25);
      const value = this.config.bsrValue(index, long);
      control.bsr = { long, lcg: long ? 1 : this.rng.int(0, 1), value };
      ue.truth.bsrReports++;
      ue.truth.bsrSum += value;
      ue.period.lastBsr = value;
    }
    if (logs.phr && this.rng.chance(0.3)) {
      const range = phrRange(ue.device.link.phr(this.rng));
      control.phr = { low: range.low, high: range.high, pcmax: this.rng.chance(0.9) ? 19 : 20 };
      countPhr(ue.truth, range.low);
      ue.period.lastPhr = range.low;
    }
    this.writer.ulPdu(grant, control);
  }

  private onPeriodicPucch(ue: UeSim<V>, pucchSlot: number, sr: boolean, csi: boolean): void {
    if (ue.state === 'gone') return;
    const srRaised = sr && this.rng.chance(0.1);
    const logCsi = csi && this.config.logs.cqi;
    if (!sr && !logCsi) return;
    const cqi = logCsi ? ue.device.link.cqi() : 0;
    this.writer.pucchPeriodic(ue, pucchSlot, sr, srRaised, cqi);

    if (srRaised) ue.period.srCount++;
    if (logCsi) {
      ue.truth.cqiReports++;
      ue.truth.cqiSum += cqi;
      ue.period.cqiSum += cqi;
      ue.period.cqiN++;
    }
  }

  // --- Metrics ------------------------------------------------------------------------------

  private reportMetrics(): void {
    for (const cell of this.cells) {
      const ues = cell.ues as UeSim<V>[];
      this.writer.metrics(cell, ues, this.config.metricsPeriod);
      for (const ue of ues) {
        const { lastPhr, lastBsr } = ue.period;
        ue.period = emptyPeriod();
        ue.period.lastPhr = lastPhr;
        ue.period.lastBsr = lastBsr;
      }
    }
  }
}
