/**
 * The store's schema, as a list of versioned migrations.
 *
 * The version a database is at lives in `PRAGMA user_version` (0 for a new file). Each
 * migration runs in its own IMMEDIATE transaction together with the bump of user_version,
 * so a crash leaves the database at the previous version, never half-migrated; and two
 * processes opening a new database at once cannot both apply the same migration.
 *
 * Rules for whoever adds a migration: never edit one that has shipped (databases out there
 * are already past it), append a new one with the next version, and keep every SQL text
 * here literal: a migration must not depend on code that changes later (such as
 * COUNTER_NAMES).
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The KPI counters of schema version 1, one column each (snake case of the KpiCounters
 * field names). Frozen: a counter added to KpiCounters later gets its column in a later
 * migration (openStore refuses to start while a counter has no column).
 */
const V1_COUNTER_COLUMNS = [
  'dl_grants',
  'dl_retx_grants',
  'dl_bytes',
  'dl_new_bytes',
  'dl_mcs_sum',
  'dl_mcs_n',
  'ul_grants',
  'ul_retx_grants',
  'ul_bytes',
  'ul_new_bytes',
  'ul_mcs_sum',
  'ul_mcs_n',
  'dl_decodes',
  'dl_fails',
  'dl_first_decodes',
  'dl_first_fails',
  'dl_ok_bytes',
  'ul_decodes',
  'ul_fails',
  'ul_first_decodes',
  'ul_first_fails',
  'ul_ok_bytes',
  'dl_harq_retx',
  'ul_harq_retx',
  'dl_discards',
  'ul_discards',
  'phr_sum',
  'phr_n',
  'phr_min',
  'bsr_sum',
  'bsr_n',
  'bsr_max',
  'cqi_sum',
  'cqi_n',
  'sinr_sum',
  'sinr_n',
  'ra_attempts',
  'ra_ok',
  'ra_fail',
] as const;

/**
 * Counter columns as SQL. INTEGER affinity keeps whole numbers as integers (SQLite stores
 * 0 and 1 in no payload byte at all, and small counts in 1 to 3 bytes) while sums of
 * fractional dB values stay REAL. phr_min is NULL while no PHR was seen (the counters'
 * +Infinity).
 */
function counterColumnsSql(): string {
  return V1_COUNTER_COLUMNS.map((name) =>
    name === 'phr_min' ? `  ${name} REAL` : `  ${name} INTEGER NOT NULL DEFAULT 0`,
  ).join(',\n');
}

/*
 * Version 1, table by table:
 *
 * files: one row per distinct content (sha256), whatever its path; the path, name and mtime
 *   are those of the last time it was ingested.
 * jobs: one ingest request of a path, with its progress and outcome.
 * ingests: one successful parse of a file by one format and parser version. UNIQUE on
 *   (file, format, parser version), and files are unique by sha256, so the same content is
 *   never stored twice by the same parser (and the store keeps only the latest saved
 *   ingest of a file by a format, see save-result.ts).
 * subjects: the whole-file summary of one UE (ue not null) or one cell (kind 'cell').
 *   Counters are columns, the derived KPIs, life, histograms and RA causes are JSON (read
 *   whole, never filtered on); cell, ue, malperforming and rule are columns to filter on.
 * series + series_seconds: per-second counters of one UE or cell. One row per subject per
 *   second is the bulk of the database (an hour of 100 UEs is 360 000 rows), so the
 *   counters are columns, not JSON: a typical mostly-zero row takes about 65 bytes on
 *   disk (measured, b-tree included) where the counters as a JSON object with names take
 *   over 500, SQL can sum and filter them directly with no JSON parsing, and WITHOUT
 *   ROWID with the key (series_id, t) stores the rows in the
 *   order they are read back (one range scan per subject) with no separate index. The
 *   subject's cell and ue are kept once per series, not on every second.
 * unrecognised_examples: a few unrecognised lines per ingest, in the order given.
 */
const V1_SQL = `
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX files_by_size ON files (size);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  bytes_done INTEGER NOT NULL DEFAULT 0,
  bytes_total INTEGER NOT NULL DEFAULT 0,
  format_id TEXT,
  options TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error TEXT,
  file_id INTEGER REFERENCES files (id) ON DELETE SET NULL,
  reused INTEGER NOT NULL DEFAULT 0,
  -- The process running the job, so that another live process does not take it over.
  owner_pid INTEGER
);
CREATE INDEX jobs_by_state ON jobs (state);
CREATE INDEX jobs_by_file ON jobs (file_id);

CREATE TABLE ingests (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  format_id TEXT NOT NULL,
  format_name TEXT NOT NULL,
  parser_version TEXT NOT NULL,
  lines_total INTEGER NOT NULL,
  lines_record INTEGER NOT NULL,
  lines_other INTEGER NOT NULL,
  lines_unrecognised INTEGER NOT NULL,
  records_by_kind TEXT NOT NULL,
  first_ns TEXT,
  last_ns TEXT,
  time_anchor TEXT,
  warnings TEXT NOT NULL,
  parse_ms REAL NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (file_id, format_id, parser_version)
);
CREATE INDEX ingests_by_job ON ingests (job_id);

CREATE TABLE subjects (
  id INTEGER PRIMARY KEY,
  ingest_id INTEGER NOT NULL REFERENCES ingests (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('ue', 'cell')),
  cell TEXT,
  ue TEXT,
${counterColumnsSql()},
  kpis TEXT NOT NULL,
  life TEXT NOT NULL,
  dl_mcs_hist TEXT NOT NULL,
  ul_mcs_hist TEXT NOT NULL,
  ra_fail_causes TEXT NOT NULL,
  malperforming INTEGER NOT NULL,
  rule TEXT
);
CREATE INDEX subjects_by_ingest ON subjects (ingest_id, kind, malperforming);
CREATE INDEX subjects_by_ue ON subjects (ue);
CREATE INDEX subjects_by_cell ON subjects (cell);
CREATE INDEX subjects_malperforming ON subjects (ingest_id) WHERE malperforming = 1;

CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  ingest_id INTEGER NOT NULL REFERENCES ingests (id) ON DELETE CASCADE,
  cell TEXT,
  ue TEXT
);
CREATE INDEX series_by_subject ON series (ingest_id, ue, cell);

CREATE TABLE series_seconds (
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  t INTEGER NOT NULL,
${counterColumnsSql()},
  PRIMARY KEY (series_id, t)
) WITHOUT ROWID;

CREATE TABLE unrecognised_examples (
  id INTEGER PRIMARY KEY,
  ingest_id INTEGER NOT NULL REFERENCES ingests (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX unrecognised_examples_by_ingest ON unrecognised_examples (ingest_id);
`;

/**
 * Version 2: shipping to Loki.
 *
 * ingests.time_base_sec: seconds the engine added to the parser's clock (null for ingests
 *   stored before; they must be ingested again to be shipped).
 * shipments: one per ingest and Loki. `entries_done` is the cursor: entries are made in a
 *   fixed order (the file's records, then per-second KPIs, then summaries), and the first
 *   `entries_done` of them were delivered or refused by Loki for good. It moves only after
 *   Loki answered, in the same transaction as the counts, so a restart resumes there.
 */
const V2_SQL = `
ALTER TABLE ingests ADD COLUMN time_base_sec INTEGER;

CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  ingest_id INTEGER NOT NULL REFERENCES ingests (id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
  entries_total INTEGER NOT NULL,
  entries_done INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  rejected_by_reason TEXT NOT NULL DEFAULT '{}',
  requests INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  owner_pid INTEGER,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT,
  UNIQUE (ingest_id, target)
);
CREATE INDEX shipments_by_state ON shipments (state);
`;

/**
 * Version 3: local accounts for `maclog serve` on a shared server.
 *
 * users: name unique whatever its case (COLLATE NOCASE, so "Alice" cannot sign up beside
 *   "alice"), a scrypt hash of the password with its parameters, a role, and a disabled
 *   flag (a disabled user keeps their jobs but cannot sign in).
 * sessions: a signed-in browser. Only the SHA-256 of the cookie's random token is kept, so
 *   a copy of the database signs nobody in; a session ends at `expires_ms` or at sign-out,
 *   and with its user.
 * secrets: random per-install keys of the server (cookie signing, CSRF tokens), made once.
 * jobs.owner_id: who uploaded the file; NULL for jobs of the CLI and for users since
 *   deleted. The job's file is the user's through it.
 */
const V3_SQL = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

ALTER TABLE jobs ADD COLUMN owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX jobs_by_owner ON jobs (owner_id);
`;

/*
 * Version 4:
 * files.content_size: bytes of content, which the sha256 is of: the file's size, or what a
 *   .gz file decompresses to. A file's ISIZE trailer gives that size (modulo 2^32) without
 *   decompressing, so a .gz of stored content is found before it is parsed. Files stored
 *   before keep their size, and a .gz among them the SHA-256 of its compressed bytes.
 */
const V4_SQL = `
ALTER TABLE files ADD COLUMN content_size INTEGER;
UPDATE files SET content_size = size;
DROP INDEX files_by_size;
CREATE INDEX files_by_content_size ON files (content_size);
`;

/*
 * Version 5: counters of whether a log tells retransmissions (KpiCounters.dlRetxTold and
 *   the like), on summaries and per-second series. Rows stored before get 0 for all four,
 *   which derives the retransmission counts they showed then (a number, never unknown).
 */
const V5_SQL = `
ALTER TABLE subjects ADD COLUMN dl_retx_told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subjects ADD COLUMN ul_retx_told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subjects ADD COLUMN dl_retx_untold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subjects ADD COLUMN ul_retx_untold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE series_seconds ADD COLUMN dl_retx_told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE series_seconds ADD COLUMN ul_retx_told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE series_seconds ADD COLUMN dl_retx_untold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE series_seconds ADD COLUMN ul_retx_untold INTEGER NOT NULL DEFAULT 0;
`;

/*
 * Version 6: retransmissions known only by their failure (KpiCounters.dlFailedRetx and
 *   ulFailedRetx), on summaries and per-second series. Rows stored before get 0, which
 *   derives the counts they showed then.
 */
const V6_SQL = `
ALTER TABLE subjects ADD COLUMN dl_failed_retx INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subjects ADD COLUMN ul_failed_retx INTEGER NOT NULL DEFAULT 0;
ALTER TABLE series_seconds ADD COLUMN dl_failed_retx INTEGER NOT NULL DEFAULT 0;
ALTER TABLE series_seconds ADD COLUMN ul_failed_retx INTEGER NOT NULL DEFAULT 0;
`;

/*
 * Version 7: ids of deleted files and ingests are never given again. SQLite gives a new row
 *   the highest id in use plus one, so deleting the newest file gave its id to the next, and
 *   its lines already in Loki (labelled with the import id) would have joined the new
 *   file's. retired_ids keeps the highest id deleted from each table; inserts take the next
 *   id above both (see nextId in save-result.ts). Foreign-key cascades fire the triggers
 *   too, so the ingests of a deleted file are retired with it.
 */
const V7_SQL = `
CREATE TABLE retired_ids (
  table_name TEXT PRIMARY KEY,
  max_id INTEGER NOT NULL
);
CREATE TRIGGER files_retire_id AFTER DELETE ON files BEGIN
  INSERT OR REPLACE INTO retired_ids (table_name, max_id) VALUES ('files',
    max(OLD.id, coalesce((SELECT max_id FROM retired_ids WHERE table_name = 'files'), 0)));
END;
CREATE TRIGGER ingests_retire_id AFTER DELETE ON ingests BEGIN
  INSERT OR REPLACE INTO retired_ids (table_name, max_id) VALUES ('ingests',
    max(OLD.id, coalesce((SELECT max_id FROM retired_ids WHERE table_name = 'ingests'), 0)));
END;
`;

/*
 * Version 8: whether any malperforming rule had enough samples to judge a subject
 *   (SubjectSummary.judged). Rows stored before have NULL, and are judged again with the
 *   default thresholds when read.
 */
const V8_SQL = `
ALTER TABLE subjects ADD COLUMN judged INTEGER;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'files, jobs, ingests, summaries, series', sql: V1_SQL },
  { version: 2, description: 'shipping to Loki', sql: V2_SQL },
  { version: 3, description: 'accounts, sessions, job owners', sql: V3_SQL },
  { version: 4, description: 'content size of files (gzip decompressed)', sql: V4_SQL },
  { version: 5, description: 'whether a log tells retransmissions', sql: V5_SQL },
  { version: 6, description: 'retransmissions known only by their failure', sql: V6_SQL },
  { version: 7, description: 'ids of deleted files and ingests are not given again', sql: V7_SQL },
  { version: 8, description: 'whether any rule could judge a UE or cell', sql: V8_SQL },
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function schemaVersionOf(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` up to `target` (the latest by default; tests pass an older one to build an
 * old database). Throws if the database is already newer than this code knows.
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): void {
  const current = schemaVersionOf(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `${db.name} has schema version ${current}, newer than this MAC Log Studio knows ` +
        `(${SCHEMA_VERSION}): update MAC Log Studio, or point MACLOG_DATA_DIR elsewhere`,
    );
  }

  for (const migration of MIGRATIONS) {
    if (migration.version > current && migration.version <= target) {
      applyOne(db, migration);
    }
  }
}

function applyOne(db: Database, migration: Migration): void {
  const apply = db.transaction(() => {
    // Another process may have applied it between our read and our write lock.
    if (schemaVersionOf(db) >= migration.version) return;
    db.exec(migration.sql);
    db.pragma(`user_version = ${migration.version}`);
  });

  try {
    apply.immediate();
  } catch (error) {
    throw new Error(
      `${db.name}: migration ${migration.version} (${migration.description}) failed: ` +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );
  }
}
