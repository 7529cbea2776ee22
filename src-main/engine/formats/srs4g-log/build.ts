/**
 * Record builders: every record this format yields is made here, so that the fields a
 * kind carries and their defaults are written down once.
 */
import type {
  BsrRecord,
  CsiRecord,
  DecodeRecord,
  Direction,
  GrantRecord,
  HarqRecord,
  PhrRecord,
  RaRecord,
  RaStep,
  StatsRecord,
  UeEventRecord,
  UeEventType,
} from '../../../../src-shared/records.js';

/** Where and when a record comes from: the line that produced it. */
export interface LineCtx {
  tSec: number;
  tNsec: number;
  line: number;
}

/**
 * A srsUE log names no UE either, and has no RNTI until a random access completes: what
 * it says of the UE itself (random access, BSR, PHR, radio-link failure) is about the UE
 * writing it, which gets this id. So it is a UE of its own in the summary, and its C-RNTI
 * joins it once a random access completes.
 */
export const OWN_UE = 'srsue';

/** The record, as one about the UE that writes the log. */
export function ownUe<T extends { ue: string | null }>(r: T): T {
  r.ue = OWN_UE;
  return r;
}

/** srsLTE and srsRAN 4G name no UE index in their logs: UEs are known by RNTI only. */
function base(at: LineCtx, rnti: number | null, cell: string | null) {
  return { tSec: at.tSec, tNsec: at.tNsec, line: at.line, cell, ue: null, rnti };
}

export interface GrantFields {
  dir: Direction;
  rnti: number;
  cell: string | null;
  harqId: number | null;
  retx: number | null;
  tbs: number | null;
  prb: [number, number] | null;
  msg3: boolean;
}

export function grant(at: LineCtx, g: GrantFields): GrantRecord {
  return {
    kind: 'grant',
    ...base(at, g.rnti, g.cell),
    dir: g.dir,
    harqId: g.harqId,
    rv: null,
    retx: g.retx,
    mcs: null,
    prbStart: g.prb === null ? null : g.prb[0],
    prbCount: g.prb === null ? null : g.prb[1] - g.prb[0],
    tbs: g.tbs,
    k: null,
    msg3: g.msg3,
  };
}

export interface DecodeFields {
  dir: Direction;
  rnti: number;
  cell: string | null;
  ok: boolean;
  harqId: number | null;
  retx: number | null;
  rv: number | null;
  tbs: number | null;
  mcs: number | null;
  sinrDb: number | null;
}

export function decode(at: LineCtx, d: DecodeFields): DecodeRecord {
  return {
    kind: 'decode',
    ...base(at, d.rnti, d.cell),
    dir: d.dir,
    ok: d.ok,
    harqId: d.harqId,
    retx: d.retx,
    rv: d.rv,
    tbs: d.tbs,
    mcs: d.mcs,
    sinrDb: d.sinrDb,
  };
}

export interface DiscardFields {
  dir: Direction;
  rnti: number | null;
  cell: string | null;
  harqId: number | null;
  retx: number | null;
  tbs: number | null;
}

export function discard(at: LineCtx, d: DiscardFields): HarqRecord {
  return {
    kind: 'harq',
    ...base(at, d.rnti, d.cell),
    dir: d.dir,
    event: 'discard',
    harqId: d.harqId,
    retx: d.retx,
    tbs: d.tbs,
  };
}

export function bsr(
  at: LineCtx,
  rnti: number | null,
  type: BsrRecord['type'],
  lcg: number | null,
  bytes: number,
): BsrRecord {
  return { kind: 'bsr', ...base(at, rnti, null), type, lcg, bytes };
}

export function phr(at: LineCtx, rnti: number | null, phDb: number): PhrRecord {
  return { kind: 'phr', ...base(at, rnti, null), phDb, pcmaxDbm: null };
}

export interface CsiFields {
  cqi: number | null;
  ri: number | null;
  pmi: number | null;
}

export function csi(at: LineCtx, rnti: number, cell: string | null, c: CsiFields): CsiRecord {
  return { kind: 'csi', ...base(at, rnti, cell), cqi: c.cqi, ri: c.ri, pmi: c.pmi };
}

export interface RaFields {
  step: RaStep;
  outcome: 'ok' | 'fail' | null;
  cause: string | null;
  preamble: number | null;
  ta: number | null;
}

export function ra(at: LineCtx, rnti: number | null, cell: string | null, f: RaFields): RaRecord {
  return {
    kind: 'ra',
    ...base(at, rnti, cell),
    step: f.step,
    outcome: f.outcome,
    cause: f.cause,
    preamble: f.preamble,
    ta: f.ta,
  };
}

export function ueEvent(
  at: LineCtx,
  rnti: number | null,
  event: UeEventType,
  detail: string | null,
  oldRnti: number | null = null,
): UeEventRecord {
  return { kind: 'ue', ...base(at, rnti, null), event, detail, oldRnti };
}

export function stats(
  at: LineCtx,
  rnti: number,
  source: string,
  values: Record<string, number | null>,
): StatsRecord {
  return { kind: 'stats', ...base(at, rnti, null), scope: 'ue', source, periodSec: null, values };
}
