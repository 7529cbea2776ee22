/**
 * The normalised record model: what every log format is turned into.
 *
 * A parser reads one line (or one multi-line block) of a vendor log and pushes zero or more
 * of these records. Everything downstream (KPIs, the store, Loki, the UI) works on records
 * only and never on vendor text, so a new format needs a parser and nothing else.
 *
 * Units are fixed here so that no consumer has to guess: sizes in bytes, powers in dB/dBm,
 * rates in bits per second, time as whole seconds plus nanoseconds.
 */

export type Direction = 'dl' | 'ul';

export const RECORD_KINDS = [
  'grant',
  'decode',
  'harq',
  'bsr',
  'phr',
  'csi',
  'ra',
  'ue',
  'cell',
  'stats',
] as const;

export type RecordKind = (typeof RECORD_KINDS)[number];

/** Fields every record carries. */
export interface RecordBase {
  /**
   * Seconds of the log's own time. Parsers fill it on their format's clock (see
   * `ClockKind` in the engine); the engine turns it into Unix seconds before anyone else
   * sees the record.
   */
  tSec: number;
  /** Nanoseconds within `tSec`, 0 to 999 999 999. */
  tNsec: number;
  /** 1-based line number in the source file of the line that produced the record. */
  line: number;
  /** Cell or sector as the log names it ("0", "1", "pci1"), or null when the line lacks it. */
  cell: string | null;
  /** UE id as the log names it (srsRAN ue index, OAI UE id, vendor UE id), or null. */
  ue: string | null;
  /** RNTI as a number, or null. */
  rnti: number | null;
}

/** A DL or UL scheduling decision: a transport block was granted. */
export interface GrantRecord extends RecordBase {
  kind: 'grant';
  dir: Direction;
  harqId: number | null;
  /** Redundancy version, where the log gives one. */
  rv: number | null;
  /** 0 for a first transmission, n for the n-th retransmission; null when unknown. */
  retx: number | null;
  mcs: number | null;
  prbStart: number | null;
  prbCount: number | null;
  /** Transport block size in bytes. */
  tbs: number | null;
  /** k1 (DL, PDSCH to HARQ feedback) or k2 (UL, DCI to PUSCH), in slots. */
  k: number | null;
  /** True for Msg3 and other grants made during random access. */
  msg3: boolean;
}

/** The outcome of decoding one transport block: PUSCH CRC (UL) or HARQ ACK/NACK (DL). */
export interface DecodeRecord extends RecordBase {
  kind: 'decode';
  dir: Direction;
  ok: boolean;
  harqId: number | null;
  /** 0 for a first transmission, n for the n-th retransmission; null when unknown. */
  retx: number | null;
  rv: number | null;
  tbs: number | null;
  mcs: number | null;
  /** SINR or SNR in dB as the PHY reports it. */
  sinrDb: number | null;
  /**
   * True when the log prints failed decodes only (the OAI eNB's "ULSCH in error"), never
   * successes: the record is a CRC failure, but no base for a BLER, and its SNR is that of
   * a failed TB only.
   */
  failuresOnly?: boolean;
}

/** A HARQ process event: a retransmission was scheduled, or the TB was given up. */
export interface HarqRecord extends RecordBase {
  kind: 'harq';
  dir: Direction;
  event: 'retx' | 'discard';
  harqId: number | null;
  retx: number | null;
  tbs: number | null;
}

/** A buffer status report. */
export interface BsrRecord extends RecordBase {
  kind: 'bsr';
  /** Short, long, truncated, or the scheduler's own view of the UL buffer. */
  type: 'short' | 'long' | 'truncated' | 'other';
  /** Logical channel group, for a short BSR. */
  lcg: number | null;
  /** Reported bytes summed over the groups in the report. */
  bytes: number;
}

/** A power headroom report. */
export interface PhrRecord extends RecordBase {
  kind: 'phr';
  /** Power headroom in dB (for a range, its lower bound). */
  phDb: number;
  pcmaxDbm: number | null;
}

/** Channel state: CQI, rank, precoder. */
export interface CsiRecord extends RecordBase {
  kind: 'csi';
  cqi: number | null;
  ri: number | null;
  pmi: number | null;
}

export type RaStep = 'preamble' | 'rar' | 'msg3' | 'contention-resolution' | 'msg4' | 'complete';

/** One step of a random-access procedure, with its outcome where the step decides one. */
export interface RaRecord extends RecordBase {
  kind: 'ra';
  step: RaStep;
  /** 'ok' or 'fail' where this step ends the procedure or decides it; null otherwise. */
  outcome: 'ok' | 'fail' | null;
  /**
   * Why it failed, in a few words ("msg3 crc", "no msg4 ack", "timeout"): the procedure
   * when `outcome` is 'fail', or a step the procedure retries after when it is null.
   */
  cause: string | null;
  preamble: number | null;
  /** Timing advance or preamble offset as logged, in the log's unit. */
  ta: number | null;
}

export type UeEventType =
  | 'created'
  | 'removed'
  | 'rnti-change'
  | 'connected'
  | 'release'
  | 'ul-failure'
  | 'rlf'
  | 'handover'
  | 'state';

/** A change in a UE's life: created, removed, RNTI changed, link failure. */
export interface UeEventRecord extends RecordBase {
  kind: 'ue';
  event: UeEventType;
  /** Free text from the log that explains the event. */
  detail: string | null;
  /** For 'rnti-change': the RNTI before. */
  oldRnti: number | null;
}

export type CellEventType =
  'configured' | 'started' | 'stopped' | 'activated' | 'deactivated' | 'state';

/** A change in a cell: configured, started, stopped, a secondary cell (de)activated. */
export interface CellEventRecord extends RecordBase {
  kind: 'cell';
  event: CellEventType;
  detail: string | null;
}

/**
 * A periodic statistics snapshot the log prints itself (srsRAN metrics lines and console
 * tables, OAI MAC statistics blocks). Values use the well-known keys in `STATS_KEYS`
 * where one fits, so that summaries from different formats can be compared.
 */
export interface StatsRecord extends RecordBase {
  kind: 'stats';
  scope: 'ue' | 'cell';
  /** Which printer produced it, e.g. "srsran-metrics", "srsran-console", "oai-mac-stats". */
  source: string;
  /** Length of the period the values cover, in seconds; null for cumulative counters. */
  periodSec: number | null;
  values: Record<string, number | null>;
}

export type MacRecord =
  | GrantRecord
  | DecodeRecord
  | HarqRecord
  | BsrRecord
  | PhrRecord
  | CsiRecord
  | RaRecord
  | UeEventRecord
  | CellEventRecord
  | StatsRecord;

/**
 * Well-known keys for `StatsRecord.values`. A parser uses these names when the log's value
 * means the same thing, converted to the unit named in the key; anything else keeps a
 * snake_case name of its own.
 */
export const STATS_KEYS = {
  dlBitrate: 'dl_brate_bps',
  ulBitrate: 'ul_brate_bps',
  dlOk: 'dl_ok',
  dlNok: 'dl_nok',
  ulOk: 'ul_ok',
  ulNok: 'ul_nok',
  dlMcs: 'dl_mcs',
  ulMcs: 'ul_mcs',
  cqi: 'cqi',
  ri: 'ri',
  phr: 'phr_db',
  pcmax: 'pcmax_dbm',
  bsr: 'bsr_bytes',
  dlBuffer: 'dl_bs_bytes',
  puschSnr: 'pusch_snr_db',
  rsrp: 'rsrp_dbm',
  ta: 'ta_us',
  /** Cumulative counters, as OAI prints them. */
  dlTxBytes: 'dl_tx_bytes',
  ulRxBytes: 'ul_rx_bytes',
  dlErrors: 'dl_errors',
  ulErrors: 'ul_errors',
  dlBler: 'dl_bler',
  ulBler: 'ul_bler',
} as const;
