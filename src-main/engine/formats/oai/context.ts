/**
 * What an OAI parser remembers between lines, and small builders that stamp records with
 * the current line number and log time. The line handlers (random access, scheduling, UE
 * events, PHY) share one context per file.
 */
import type {
  CellEventType,
  Direction,
  MacRecord,
  RaRecord,
  RaStep,
  RecordBase,
  UeEventType,
} from '../../../../src-shared/records.js';
import type { RecordSink } from '../types.js';
import { UnnamedPreambles } from '../unnamed-preambles.js';
import { FrameClock } from './clock.js';

/** What a scheduled transport block looked like, to complete its later decode record. */
export interface HarqMemory {
  round: number;
  tbs: number | null;
  mcs: number | null;
}

/** A PRACH detection by the PHY, waiting for the MAC line that names its TC-RNTI. */
export interface PendingPreamble {
  line: number;
  tSec: number;
  tNsec: number;
  frame: number;
  slot: number;
  preamble: number | null;
  ta: number | null;
}

/** A "UL retransmission" line, waiting to see whether a grant line for it follows. */
export interface PendingRetx {
  line: number;
  tSec: number;
  tNsec: number;
  rnti: number;
  harqId: number;
  retx: number;
}

/** Optional fields of a grant; the rest are null unless given. */
export interface GrantFields {
  dir: Direction;
  cell?: string | null;
  ue?: string | null;
  rnti: number | null;
  harqId?: number | null;
  rv?: number | null;
  retx?: number | null;
  mcs?: number | null;
  prbStart?: number | null;
  prbCount?: number | null;
  tbs?: number | null;
  k?: number | null;
  msg3?: boolean;
}

export interface DecodeFields {
  dir: Direction;
  ok: boolean;
  cell?: string | null;
  ue?: string | null;
  rnti: number | null;
  harqId?: number | null;
  retx?: number | null;
  tbs?: number | null;
  mcs?: number | null;
  sinrDb?: number | null;
  /** The log prints failures only (see DecodeRecord). */
  failuresOnly?: boolean;
}

export interface RaFields {
  step: RaStep;
  outcome?: 'ok' | 'fail' | null;
  cause?: string | null;
  rnti: number | null;
  preamble?: number | null;
  ta?: number | null;
  cell?: string | null;
  ue?: string | null;
}

/**
 * A random access whose owner is not known yet: a UE already connected does RA under a
 * new TC-RNTI and names its C-RNTI only in Msg3. Its records wait until Msg3 tells.
 */
interface HeldRa {
  records: MacRecord[];
  /** Line of the Msg3 reception, after which the C-RNTI line would come; 0 before. */
  msg3Line: number;
}

/** Lines after the Msg3 reception within which its C-RNTI line comes, if Msg3 had one. */
const C_RNTI_WAIT_LINES = 8;

/** The steps whose line can name the RNTI of an attempt whose preamble named none. */
const NAMING_STEPS: ReadonlySet<RaStep> = new Set(['rar', 'msg3', 'msg4']);

export class OaiContext {
  readonly clock = new FrameClock();
  lineNo = 0;
  private sink: RecordSink | null = null;

  /** RNTI of each MAC UE id, as "Add NR UE_id 0 : rnti 23eb" tells. */
  readonly rntiOfUeId = new Map<number, number>();
  /** Last UL grant per HARQ process (keyed by `harqKey`), for the decode line that follows. */
  readonly ulHarq = new Map<number, HarqMemory>();
  /** PRACH detections not yet matched with the MAC's RA line. */
  readonly preambles: PendingPreamble[] = [];
  /** A "UL retransmission" line waiting for its grant line. */
  pendingRetx: PendingRetx | null = null;
  /** DCI of the phy-test scheduler, completed by the "DLSCH PDU" line that follows it. */
  phytestDci: { mcs: number | null; rv: number | null } | null = null;
  /** Last count of consecutive DTX in a UL failure line, per RNTI and channel. */
  readonly ulFailureDtx = new Map<string, number>();
  /** RNTIs with a 'created' event and no 'removed' since, so that twin lines count once. */
  readonly liveRntis = new Set<number>();
  /** Msg4 NACKs per TC-RNTI, to number Msg4 retransmissions. */
  readonly msg4Nacks = new Map<number, number>();
  /** TC-RNTIs sent a Msg4 whose procedure has no outcome yet (see `rrcSetupComplete`). */
  readonly awaitingOutcome = new Set<number>();
  /** Random accesses under way, by TC-RNTI, from the MAC's preamble line to Msg3. */
  private readonly heldRa = new Map<number, HeldRa>();
  /**
   * Random accesses whose MAC preamble line names no TC-RNTI (the 2020 gNB: "Initiating RA
   * procedure for preamble index 63"; the eNB likewise), until a later step names it.
   */
  private readonly unnamedRa = new UnnamedPreambles();
  /** TC-RNTIs that turned out to be a connected UE's: their removal removes no UE. */
  readonly tempRntis = new Set<number>();
  /** True after a shutdown marker, so that the many threads' messages give one 'stopped'. */
  stopped = false;
  /**
   * Line and time to stamp records with instead of the current ones: set while records of
   * an earlier line (a PRACH detection, a retransmission) are written late.
   */
  private stampOverride: { line: number; tSec: number; tNsec: number } | null = null;

  begin(lineNo: number, sink: RecordSink): void {
    this.lineNo = lineNo;
    this.sink = sink;
  }

  push(record: MacRecord): void {
    if (!this.unnamedRa.isEmpty && record.kind === 'ra' && this.unnamedStep(record)) return;
    if (this.heldRa.size > 0 && record.rnti !== null && this.hold(record, record.rnti)) return;
    this.sink!.push(record);
  }

  /** A preamble whose line names no RNTI: it waits for a later step that does. */
  holdUnnamedPreamble(record: RaRecord): void {
    this.unnamedRa.add(record, this.sink!);
  }

  /**
   * A step of a random access while unnamed ones wait: one without an RNTI (the RAR) waits
   * with the latest of them (true); one naming an RNTI claims the oldest, whose records go
   * out as that RNTI's (and UE's), held like those of a named preamble until Msg3 tells.
   */
  private unnamedStep(record: RaRecord): boolean {
    if (!NAMING_STEPS.has(record.step)) return false;
    if (record.rnti === null) return record.outcome === null && this.unnamedRa.follow(record);

    const naming = { rnti: record.rnti, ue: record.ue, cell: record.cell, preamble: null };
    const claimed = this.unnamedRa.claim(naming, this.nowMs(), this.sink!);
    if (claimed.length === 0) return false;
    this.holdRandomAccess(record.rnti);
    for (const r of claimed) this.push(r);
    return false;
  }

  /** Writes, as the cell's, unnamed random accesses that no step claimed in time; all at the end. */
  expireUnnamed(all: boolean): void {
    if (this.unnamedRa.isEmpty) return;
    if (all) this.unnamedRa.flush(this.sink!);
    else this.unnamedRa.expire(this.nowMs(), this.sink!);
  }

  private nowMs(): number {
    return this.clock.tSec * 1000 + this.clock.tNsec / 1e6;
  }

  /** Holds the records of a random access under `tcRnti` until Msg3 tells whose it is. */
  holdRandomAccess(tcRnti: number): void {
    this.releaseRandomAccess(tcRnti, tcRnti);
    this.heldRa.set(tcRnti, { records: [], msg3Line: 0 });
  }

  /**
   * Writes the held records of `tcRnti` as those of `rnti`: the TC-RNTI's own when Msg3
   * carried none, or the C-RNTI that Msg3 named.
   */
  releaseRandomAccess(tcRnti: number, rnti: number): void {
    const held = this.heldRa.get(tcRnti);
    if (!held) return;
    this.heldRa.delete(tcRnti);
    for (const r of held.records) this.sink!.push(r.rnti === rnti ? r : { ...r, rnti });
  }

  /** The TC-RNTI whose Msg3 was received in the last few lines, or null. */
  recentMsg3(): number | null {
    for (const [rnti, held] of this.heldRa) {
      if (held.msg3Line > 0 && this.lineNo - held.msg3Line <= C_RNTI_WAIT_LINES) return rnti;
    }
    return null;
  }

  /** Writes random accesses whose Msg3 came and no C-RNTI line after it; all at the end. */
  expireRandomAccess(all: boolean): void {
    if (this.heldRa.size === 0) return;
    for (const [rnti, held] of this.heldRa) {
      const waited = held.msg3Line > 0 && this.lineNo - held.msg3Line > C_RNTI_WAIT_LINES;
      if (all || waited) this.releaseRandomAccess(rnti, rnti);
    }
  }

  /**
   * Holds an RA record of a TC-RNTI under way up to Msg3 (preamble, RAR, Msg3 grant and
   * reception); any other step (Msg4, an outcome) ends the wait, and is written after.
   * Records of other kinds are not part of the procedure and pass.
   */
  private hold(record: MacRecord, rnti: number): boolean {
    const held = this.heldRa.get(rnti);
    if (!held) return false;
    const early =
      (record.kind === 'grant' && record.msg3) ||
      (record.kind === 'ra' &&
        record.outcome === null &&
        (record.step === 'preamble' || record.step === 'rar' || record.step === 'msg3'));
    if (!early) {
      if (record.kind === 'ra') this.releaseRandomAccess(rnti, rnti);
      return false;
    }
    held.records.push(record);
    if (record.kind === 'ra' && record.step === 'msg3') held.msg3Line = this.lineNo;
    return true;
  }

  base(cell: string | null, ue: string | null, rnti: number | null): RecordBase {
    const at = this.stampOverride;
    return {
      tSec: at ? at.tSec : this.clock.tSec,
      tNsec: at ? at.tNsec : this.clock.tNsec,
      line: at ? at.line : this.lineNo,
      cell,
      ue,
      rnti,
    };
  }

  /** Runs `write` with records stamped as written by an earlier line. */
  writeAs(at: { line: number; tSec: number; tNsec: number }, write: () => void): void {
    this.stampOverride = at;
    try {
      write();
    } finally {
      this.stampOverride = null;
    }
  }

  grant(f: GrantFields): void {
    this.push({
      kind: 'grant',
      ...this.base(f.cell ?? null, f.ue ?? null, f.rnti),
      dir: f.dir,
      harqId: f.harqId ?? null,
      rv: f.rv ?? null,
      retx: f.retx ?? null,
      mcs: f.mcs ?? null,
      prbStart: f.prbStart ?? null,
      prbCount: f.prbCount ?? null,
      tbs: f.tbs ?? null,
      k: f.k ?? null,
      msg3: f.msg3 ?? false,
    });
  }

  decode(f: DecodeFields): void {
    this.push({
      kind: 'decode',
      ...this.base(f.cell ?? null, f.ue ?? null, f.rnti),
      dir: f.dir,
      ok: f.ok,
      harqId: f.harqId ?? null,
      retx: f.retx ?? null,
      rv: null,
      tbs: f.tbs ?? null,
      mcs: f.mcs ?? null,
      sinrDb: f.sinrDb ?? null,
      ...(f.failuresOnly ? { failuresOnly: true } : {}),
    });
  }

  harq(
    dir: Direction,
    event: 'retx' | 'discard',
    rnti: number | null,
    harqId: number | null,
    retx: number | null,
    tbs: number | null,
    cell: string | null = null,
    ue: string | null = null,
  ): void {
    this.push({ kind: 'harq', ...this.base(cell, ue, rnti), dir, event, harqId, retx, tbs });
  }

  ra(f: RaFields): void {
    if (f.rnti !== null) {
      if (f.outcome) this.awaitingOutcome.delete(f.rnti);
      else if (f.step === 'msg4') this.awaitingOutcome.add(f.rnti);
    }
    this.push(this.raRecord(f));
  }

  /** The RA record of `f`, stamped as `base` stamps, not yet written. */
  raRecord(f: RaFields): RaRecord {
    return {
      kind: 'ra',
      ...this.base(f.cell ?? null, f.ue ?? null, f.rnti),
      step: f.step,
      outcome: f.outcome ?? null,
      cause: f.cause ?? null,
      preamble: f.preamble ?? null,
      ta: f.ta ?? null,
    };
  }

  ueEvent(
    event: UeEventType,
    rnti: number | null,
    detail: string | null,
    ue: string | null = null,
  ): void {
    this.push({ kind: 'ue', ...this.base(null, ue, rnti), event, detail, oldRnti: null });
  }

  cellEvent(event: CellEventType, detail: string | null): void {
    this.push({ kind: 'cell', ...this.base(null, null, null), event, detail });
  }
}

/** Key of a HARQ process of a UE in the `ulHarq` / `dlHarq` maps. */
export function harqKey(rnti: number, harqId: number): number {
  return rnti * 64 + harqId;
}
