/**
 * The UI's operations, one function each, and the schemas their arguments must pass.
 *
 * The browser reaches them over HTTP (`maclog serve`), the desktop app will reach them
 * through its preload; neither transport appears here. The server validates every
 * argument with these schemas, and a refused argument comes back as an ApiError that
 * names the field.
 */
import { z } from 'zod';
import type { FileResult, FormatInfo, JobInfo, LineTally, ShipmentInfo } from './ingest.js';
import type { KpiSecond } from './kpis.js';
import { STACK_SERVICES, type ServiceStatus, type StackEvent, type StackMode } from './stack.js';

// ---- arguments ----

const id = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int()
    .min(1, `${what} must be 1 or more`);

export const FileIdArgs = z.strictObject({ fileId: id('fileId') });
export type FileIdArgs = z.infer<typeof FileIdArgs>;

export const JobIdArgs = z.strictObject({ jobId: id('jobId') });
export type JobIdArgs = z.infer<typeof JobIdArgs>;

/** A UE is {cell, ue}; a cell is {cell, ue: null}. */
export const SeriesArgs = z.strictObject({
  fileId: id('fileId'),
  cell: z.string().max(200).nullable(),
  ue: z.string().max(200).nullable(),
});
export type SeriesArgs = z.infer<typeof SeriesArgs>;

export const ListJobsArgs = z.strictObject({
  limit: z.number().int().min(1).max(1000).optional(),
});
export type ListJobsArgs = z.infer<typeof ListJobsArgs>;

/** Options of an ingest; the files themselves travel by the transport's own means. */
export const IngestOptions = z.strictObject({
  formatId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'formatId must be a format id (see `maclog formats`)')
    .nullable()
    .optional(),
});
export type IngestOptions = z.infer<typeof IngestOptions>;

/** A file to ingest: a browser File, or anything with a name and the bytes. */
export interface IngestFile {
  readonly name: string;
  readonly size: number;
  /**
   * The file's modification time (Unix ms), as a browser File has it. The engine anchors
   * logs without dates on it, so an upload keeps it rather than taking the upload's time.
   */
  readonly lastModified?: number;
}

/** The fields sent with each uploaded file, before it: its modification time. */
export const UploadFileFields = z.strictObject({
  lastModified: z.coerce
    .number({ error: 'lastModified must be a number' })
    .int('lastModified must be whole milliseconds')
    .min(0, 'lastModified must be 0 or more'),
});
export type UploadFileFields = z.infer<typeof UploadFileFields>;

/** `again`: ship from the beginning even when the file was shipped before. */
export const ShipFileArgs = z.strictObject({
  fileId: id('fileId'),
  again: z.boolean({ error: 'again must be true or false' }).optional(),
});
export type ShipFileArgs = z.infer<typeof ShipFileArgs>;

/** `remove`: also remove the containers and the network (data volumes are kept). */
export const StopStackArgs = z.strictObject({
  remove: z.boolean({ error: 'remove must be true or false' }).optional(),
});
export type StopStackArgs = z.infer<typeof StopStackArgs>;

export const StackLogsArgs = z.strictObject({
  service: z.enum(STACK_SERVICES, { error: 'service must be loki, prometheus or grafana' }),
  tail: z
    .number({ error: 'tail must be a number' })
    .int()
    .min(1, 'tail must be 1 or more')
    .max(5000, 'tail must be 5000 or less')
    .optional(),
});
export type StackLogsArgs = z.infer<typeof StackLogsArgs>;

// ---- results ----

/** One stored ingest of one file, as the list of files shows it. */
export interface FileListEntry {
  fileId: number;
  ingestId: number;
  path: string;
  name: string;
  size: number;
  sha256: string;
  mtimeMs: number;
  format: FormatInfo;
  lines: LineTally;
  /** All records, all kinds. */
  records: number;
  firstNs: string | null;
  lastNs: string | null;
  ueCount: number;
  cellCount: number;
  malperformingUeCount: number;
  malperformingCellCount: number;
  parseMs: number;
  /** When this ingest was stored (ISO 8601). */
  ingestedAt: string;
}

/** A file's result without its per-second series (those are fetched one subject at a time). */
export type FileSummary = Omit<FileResult, 'series'> & { fileId: number };

/** What became of the files sent to be ingested: a job each, or why not. */
export interface IngestResult {
  jobs: JobInfo[];
  refused: { name: string; message: string; status: number }[];
}

/** A job's progress, as it moves (also sent once when it ends). */
export interface JobEvent {
  job: JobInfo;
  bytesDone: number;
  bytesTotal: number;
}

/** A shipment, named by the stored file it ships. */
export interface FileShipment extends ShipmentInfo {
  fileId: number;
}

/** A shipment's progress, as it moves (also sent once when it ends). */
export interface ShipEvent {
  shipment: FileShipment;
}

/** Where shipping goes: a Loki URL, or null with the reason there is none. */
export interface ShipTarget {
  url: string | null;
  /** Where the URL comes from: `maclog serve --loki`, or the stack's own Loki. */
  source: 'option' | 'stack' | null;
  reason: string | null;
}

/** The container engine as the stack found it (managed mode only). */
export type EngineStatus =
  | { found: true; kind: 'docker' | 'podman'; version: string; host: string; source: string }
  | {
      found: false;
      /** Every socket or pipe tried, and why it did not answer. */
      tried: { host: string; source: string; reason: string }[];
      reason: string;
    };

export interface StackStatus {
  mode: StackMode;
  /** Null outside the managed mode, which needs no engine. */
  engine: EngineStatus | null;
  /** A start or stop under way (from this server). */
  busy: 'starting' | 'stopping' | null;
  /** Empty when the services could not be asked (see `error`). */
  services: ServiceStatus[];
  error: string | null;
}

export interface MaclogApi {
  listFiles(): Promise<FileListEntry[]>;
  getFile(args: FileIdArgs): Promise<FileSummary>;
  getSeries(args: SeriesArgs): Promise<KpiSecond[]>;
  listJobs(args?: ListJobsArgs): Promise<JobInfo[]>;
  /**
   * Starts one job per file that some format recognises; resolves once the files are
   * accepted (not parsed). Rejects only when no file was accepted.
   */
  ingestFiles(files: readonly IngestFile[], options?: IngestOptions): Promise<IngestResult>;
  cancelJob(args: JobIdArgs): Promise<JobInfo>;
  /** A new job for the same file as a failed or cancelled one. */
  retryJob(args: JobIdArgs): Promise<JobInfo>;
  /** Removes the job and the file's records from the store. */
  deleteJob(args: JobIdArgs): Promise<void>;
  /** Calls `listener` with each progress event; returns the function that stops it. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;

  /** Where `shipFile` would ship to, or why it cannot. */
  getShipTarget(): Promise<ShipTarget>;
  /** The latest shipment of every stored file that has one. */
  listShipments(): Promise<FileShipment[]>;
  /**
   * Starts (or resumes from its cursor) shipping a stored file to Loki; resolves once the
   * shipment has started, with its progress then arriving as ship events.
   */
  shipFile(args: ShipFileArgs): Promise<FileShipment>;
  onShipEvent(listener: (event: ShipEvent) => void): () => void;

  getStackStatus(): Promise<StackStatus>;
  /** Pulls, creates and starts what is missing; resolves when every service is ready. */
  startStack(): Promise<StackStatus>;
  /** Stops the services (data is kept). */
  stopStack(args?: StopStackArgs): Promise<StackStatus>;
  /** The last `tail` lines (default 200) of a service's output. */
  getStackLogs(args: StackLogsArgs): Promise<string>;
  /** Pull progress and service state changes while a start or stop runs. */
  onStackEvent(listener: (event: StackEvent) => void): () => void;
}

// ---- errors ----

/** What the server sends back for a refused request. */
export interface ApiErrorBody {
  error: { message: string; field: string | null };
}

/** An error with the server's own message, and the field that was wrong if one was. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Validates `value` with `schema`; an ApiError naming the first wrong field otherwise. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  let field = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  if (issue?.code === 'unrecognized_keys') field = issue.keys[0] ?? field;
  const message = issue ? issue.message : 'invalid arguments';
  const named = field && !message.startsWith(field) ? `${field}: ${message}` : message;
  throw new ApiError(named, field, 400);
}
