/**
 * Ingest jobs and their results, as the store keeps them and the CLI and UI show them.
 */
import type { RecordKind } from './records.js';
import type { KpiSecond, KpiSubject, SubjectSummary } from './kpis.js';

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobInfo {
  id: number;
  path: string;
  state: JobState;
  bytesDone: number;
  bytesTotal: number;
  /** Format forced by the user, or null to sniff. */
  formatId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why it failed, in words a user can act on (names the file and line where it can). */
  error: string | null;
  /** The stored file once the job is done (also when it was already stored). */
  fileId: number | null;
  /** True when the content was already stored by the same parser version: nothing re-parsed. */
  reused: boolean;
  /** The `maclog serve` user who asked for it; null for the CLI's and the desktop app's. */
  ownerId: number | null;
}

export const SHIPMENT_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export type ShipmentState = (typeof SHIPMENT_STATES)[number];

/** One stored import shipped to one Loki, with its cursor (see src-main/loki/shipper.ts). */
export interface ShipmentInfo {
  id: number;
  ingestId: number;
  /** Loki's base URL. */
  target: string;
  state: ShipmentState;
  entriesTotal: number;
  /** The cursor: entries Loki has answered for, in the shipper's fixed order. */
  entriesDone: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  requests: number;
  error: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface SourceFile {
  path: string;
  name: string;
  /** Bytes on disk. */
  size: number;
  /** Of the content: the file's bytes, or for a .gz file the bytes they decompress to. */
  sha256: string;
  /** Bytes of that content; `size` when not given. */
  contentBytes?: number;
  mtimeMs: number;
}

export interface FormatInfo {
  id: string;
  name: string;
  version: string;
}

export interface LineTally {
  lines: number;
  record: number;
  other: number;
  unrecognised: number;
}

export interface LineExample {
  line: number;
  text: string;
}

/** Per-second KPIs of one UE or cell. */
export interface SubjectSeries {
  subject: KpiSubject;
  seconds: KpiSecond[];
}

/** Everything one ingest of one file produced. */
export interface FileResult {
  file: SourceFile;
  format: FormatInfo;
  lines: LineTally;
  recordsByKind: Partial<Record<RecordKind, number>>;
  /** A few unrecognised lines, first ones first, for the user to look at. */
  unrecognisedExamples: LineExample[];
  /** Unix time in nanoseconds (decimal strings) of the first and last record; null if none. */
  firstNs: string | null;
  lastNs: string | null;
  /** How the times were anchored when the log has no dates, in words; null if it has. */
  timeAnchor: string | null;
  /**
   * Seconds the engine added to the parser's clock to put the file's first line on Unix
   * time (0 for logs with full dates). Reading the records again (to ship them to Loki)
   * needs it; null for results stored before it was kept.
   */
  timeBaseSec: number | null;
  ues: SubjectSummary[];
  cells: SubjectSummary[];
  series: SubjectSeries[];
  /** Things the user should know that did not stop the ingest (e.g. an over-long line). */
  warnings: string[];
  parseMs: number;
}
