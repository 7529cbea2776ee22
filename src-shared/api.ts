/**
 * The UI's operations, one function each, and the schemas their arguments must pass.
 *
 * The browser reaches them over HTTP (`maclog serve`), the desktop app through its
 * preload (API_OPERATIONS below is that bridge's allow-list); neither transport appears
 * here. Both sides validate every argument with these schemas, and a refused argument
 * comes back as an ApiError that names the field.
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

const formatId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'formatId must be a format id (see `maclog formats`)')
  .nullable()
  .optional();

/** Options of an ingest; the files themselves travel by the transport's own means. */
export const IngestOptions = z.strictObject({ formatId });
export type IngestOptions = z.infer<typeof IngestOptions>;

/** Bytes of an upload sent so far, of all it sends. */
export type UploadListener = (sentBytes: number, totalBytes: number) => void;

/**
 * An absolute path on POSIX (`/…`) or Windows (`C:\…`, `\\server\share\…`). A relative
 * path would be read against the main process's working folder, which the user never sees.
 */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

const absolutePath = z
  .string({ error: 'a path must be text' })
  .min(1)
  .max(4096)
  .refine((p) => ABSOLUTE_PATH.test(p), 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not contain a NUL character');

/** Files on this machine to ingest (the desktop app, which knows the dropped files' paths). */
export const IngestPathsArgs = z.strictObject({
  paths: z.array(absolutePath).min(1, 'paths must name at least one file').max(1000),
  formatId,
});
export type IngestPathsArgs = z.infer<typeof IngestPathsArgs>;

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

/** Wider and taller than any window's content; a bound past it is a bug, not a layout. */
export const MAX_VIEW_SIDE = 16_384;

const viewPixels = z
  .number({ error: 'must be a number' })
  .int('must be whole pixels')
  .min(0, 'must be 0 or more')
  .max(MAX_VIEW_SIDE, `must be ${MAX_VIEW_SIDE} or less`);

/** A rectangle of the window's content, in the page's CSS pixels. */
export const ViewBounds = z.strictObject({
  x: viewPixels,
  y: viewPixels,
  width: viewPixels,
  height: viewPixels,
});
export type ViewBounds = z.infer<typeof ViewBounds>;

/** C0 controls and DEL: no Grafana path has them, and URL parsing drops tabs and newlines. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * A path of Grafana's (`/d/<uid>?…`), joined by the main process to the sign-in proxy's
 * origin. `//host/…` is a URL of another host, and URL parsing reads a backslash as `/`
 * and drops tabs and newlines, so `/\host` or `/<tab>/host` would be one too: all refused.
 */
const grafanaPath = z
  .string({ error: 'path must be text' })
  .max(2048, 'must be 2048 characters or fewer')
  .refine((p) => p.startsWith('/') && !p.startsWith('//'), 'must be a Grafana path, as /d/…')
  .refine((p) => !p.includes('\\'), 'must not contain a backslash')
  .refine((p) => !hasControlCharacter(p), 'must not contain control characters');

export const ShowGrafanaArgs = z.strictObject({ path: grafanaPath, bounds: ViewBounds });
export type ShowGrafanaArgs = z.infer<typeof ShowGrafanaArgs>;

// ---- results ----

/** One stored ingest of one file, as the list of files shows it. */
export interface FileListEntry {
  fileId: number;
  ingestId: number;
  path: string;
  name: string;
  size: number;
  /** Of the content: the file's bytes, or what a .gz file decompresses to. */
  sha256: string;
  /** Bytes of that content. */
  contentBytes: number;
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
  /** What the ingest warned of: a gzip file cut short, lines skipped, a date not used. */
  warnings: string[];
  /** When this ingest was stored (ISO 8601). */
  ingestedAt: string;
}

/** A file's result without its per-second series (those are fetched one subject at a time). */
export type FileSummary = Omit<FileResult, 'series'> & {
  fileId: number;
  /** The stored ingest, the `import` label of its lines in Loki (null if none). */
  ingestId: number | null;
};

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
   * accepted (not parsed). Rejects only when no file was accepted. In the browser the files
   * are uploaded first, and `onUpload` hears how far (the desktop app reads them in place).
   */
  ingestFiles(
    files: readonly IngestFile[],
    options?: IngestOptions,
    onUpload?: UploadListener,
  ): Promise<IngestResult>;
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

// ---- accounts: the browser mode only ----
//
// `maclog serve` on a shared server has local accounts; the desktop app has one local user
// (an admin) and no sign-in, so these operations are not part of MaclogApi and need not
// exist over IPC. The UI asks for them separately (see src-renderer/src/accounts-context.tsx)
// and, where none are given, shows no sign-in at all.

/**
 * What a role may do. viewer: read every file and job; editor: also upload, and cancel,
 * retry and delete their own jobs; admin: everything, users included.
 */
export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const userName = z
  .string({ error: 'name must be text' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'name must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  );

/** Long enough to resist guessing; bounded so that hashing cannot be made to take long. */
const password = z
  .string({ error: 'password must be text' })
  .min(10, 'password must have at least 10 characters')
  .max(200, 'password must have at most 200 characters');

const role = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });

export const SignInArgs = z.strictObject({
  name: z.string({ error: 'name must be text' }).min(1, 'name is missing').max(64),
  password: z.string({ error: 'password must be text' }).min(1, 'password is missing').max(200),
});
export type SignInArgs = z.infer<typeof SignInArgs>;

export const CreateFirstAdminArgs = z.strictObject({ name: userName, password });
export type CreateFirstAdminArgs = z.infer<typeof CreateFirstAdminArgs>;

export const AddUserArgs = z.strictObject({ name: userName, password, role });
export type AddUserArgs = z.infer<typeof AddUserArgs>;

export const UserIdArgs = z.strictObject({ userId: id('userId') });
export type UserIdArgs = z.infer<typeof UserIdArgs>;

/** A change to a user: any of a new role, disabled or enabled, a new password (a reset). */
export const UpdateUserArgs = z.strictObject({
  userId: id('userId'),
  role: role.optional(),
  disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
  password: password.optional(),
});
export type UpdateUserArgs = z.infer<typeof UpdateUserArgs>;

export interface UserInfo {
  id: number;
  name: string;
  role: Role;
  /** ISO 8601. */
  createdAt: string;
  disabled: boolean;
}

/** Who this browser is signed in as, if anyone, and the token its changes must carry. */
export interface SessionInfo {
  user: UserInfo | null;
  /** True only while no account exists: the page offers to create the admin. */
  needsFirstAdmin: boolean;
  /** Sent with every change (the CSRF token, tied to this session). */
  csrfToken: string;
}

export interface AccountsApi {
  getSession(): Promise<SessionInfo>;
  signIn(args: SignInArgs): Promise<SessionInfo>;
  signOut(): Promise<void>;
  /** Only while no account exists; signs the new admin in. */
  createFirstAdmin(args: CreateFirstAdminArgs): Promise<SessionInfo>;
  listUsers(): Promise<UserInfo[]>;
  addUser(args: AddUserArgs): Promise<UserInfo>;
  updateUser(args: UpdateUserArgs): Promise<UserInfo>;
  deleteUser(args: UserIdArgs): Promise<void>;
  /** Calls `listener` when the server says this browser is no longer signed in. */
  onSignedOut(listener: () => void): () => void;
}

// ---- dashboards ----

/** Where the UI embeds Grafana from, or why it cannot. */
export type GrafanaInfo =
  // baseUrl: the sign-in proxy's origin, as this browser reaches it.
  { available: true; baseUrl: string } | { available: false; reason: string };

/**
 * The Dashboards page's one question. The browser mode answers it from its own sign-in
 * proxy; the desktop app can answer it from its proxy too, which is why it stands apart
 * from the accounts.
 */
export interface DashboardsApi {
  getGrafana(): Promise<GrafanaInfo>;
}

/**
 * The desktop app's Dashboards page: its pages may frame nothing, so the main process lays
 * a Grafana view of its own (its own partition, signed in by the proxy) over a placeholder
 * of the page. The page names only a path; the origin is always the proxy's.
 */
export interface GrafanaViewApi {
  /**
   * Shows Grafana at `path` over `bounds` of the window; called again with the same path,
   * it only moves the view (what the user did inside Grafana stays).
   */
  showGrafana(args: ShowGrafanaArgs): Promise<void>;
  /** Takes the view off the window; the next show loads its path afresh. */
  hideGrafana(): Promise<void>;
}

// ---- the desktop bridge ----

/**
 * What the desktop app's main process answers: every MaclogApi operation except the two
 * that belong to a transport (uploading browser Files, the event subscription), plus
 * ingest by path, and the Dashboards page's Grafana.
 */
export interface MaclogOperations
  extends Omit<MaclogApi, 'ingestFiles' | EventSubscription>, DashboardsApi, GrafanaViewApi {
  ingestPaths(args: IngestPathsArgs): Promise<IngestResult>;
}

/** The operations that subscribe to events: the bridge has its own channel for each. */
type EventSubscription = 'onJobEvent' | 'onShipEvent' | 'onStackEvent';
export type ApiOperation = keyof MaclogOperations;

/**
 * The preload's allow-list: operation name -> schema of its one argument (null: none).
 * The preload exposes exactly these and the main process answers exactly these, both
 * validating with the same schema. A new operation is a line here, a method in
 * MaclogOperations (or an interface it extends), a handler in src-main/electron/handlers.ts
 * and a call in src-renderer/src/ipc-api.ts; the compiler points at whichever is missing.
 */
export const API_OPERATIONS = {
  listFiles: null,
  getFile: FileIdArgs,
  getSeries: SeriesArgs,
  listJobs: ListJobsArgs.optional(),
  ingestPaths: IngestPathsArgs,
  cancelJob: JobIdArgs,
  retryJob: JobIdArgs,
  deleteJob: JobIdArgs,
  getShipTarget: null,
  listShipments: null,
  shipFile: ShipFileArgs,
  getStackStatus: null,
  startStack: null,
  stopStack: StopStackArgs.optional(),
  getStackLogs: StackLogsArgs,
  getGrafana: null,
  showGrafana: ShowGrafanaArgs,
  hideGrafana: null,
} as const satisfies { readonly [K in ApiOperation]: z.ZodType | null };

/** Each schema's output is exactly the operation's argument (none: null). Checked by tsc. */
type ArgumentOf<K extends ApiOperation> = Parameters<MaclogOperations[K]>[0];
type SchemaFits<K extends ApiOperation> =
  (typeof API_OPERATIONS)[K] extends z.ZodType<infer Out>
    ? [Out] extends [ArgumentOf<K>]
      ? [ArgumentOf<K>] extends [Out]
        ? true
        : false
      : false
    : [ArgumentOf<K>] extends [undefined]
      ? true
      : false;
type AllFit = { [K in ApiOperation]: SchemaFits<K> }[ApiOperation] extends true ? true : never;
const schemasFit: AllFit = true;
void schemasFit;

/**
 * The operation's argument, checked with its schema (undefined for one that takes none);
 * an ApiError naming the field otherwise. The preload and the main process both call it.
 */
export function checkArgument(operation: ApiOperation, arg: unknown): unknown {
  const schema: z.ZodType | null = API_OPERATIONS[operation];
  return schema === null ? undefined : validate(schema, arg);
}

/** The IPC channel of an operation. */
export function apiChannel(operation: ApiOperation): `maclog:${ApiOperation}` {
  return `maclog:${operation}`;
}

/** The channels the main process sends events on: jobs, shipments and the stack. */
export const EVENT_CHANNELS = {
  job: 'maclog:event:job',
  ship: 'maclog:event:ship',
  stack: 'maclog:event:stack',
} as const;

/** What an operation's result is, unwrapped from its promise. */
export type OperationResult<K extends ApiOperation> = Awaited<ReturnType<MaclogOperations[K]>>;

/** How a reply crosses IPC: the value, or the error in plain data (an Error loses its fields). */
export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: IpcError };
export interface IpcError {
  message: string;
  field: string | null;
  status: number | null;
}

/** The error as plain data, keeping an ApiError's field and status. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof ApiError) {
    return { message: err.message, field: err.field, status: err.status };
  }
  return { message: err instanceof Error ? err.message : String(err), field: null, status: null };
}

/** The value of a reply, or its error rebuilt as an ApiError. */
export function unwrapReply<T>(reply: IpcReply<T>): T {
  if (reply.ok) return reply.value;
  throw new ApiError(reply.error.message, reply.error.field, reply.error.status);
}

/**
 * `window.maclog` in the desktop app: one function per operation, resolving to the reply
 * (never rejecting, so the error's field survives the context bridge), plus job events
 * and the path of a dropped or picked file.
 */
export type MaclogBridge = {
  readonly [K in ApiOperation]: (
    ...args: Parameters<MaclogOperations[K]>
  ) => Promise<IpcReply<OperationResult<K>>>;
} & Pick<MaclogApi, EventSubscription> & {
    /** The file's path on this machine ('' for one that has none, e.g. made in the page). */
    pathForFile(file: IngestFile): string;
  };

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
