/**
 * A database made at schema version 1 keeps its data when opened by the current code.
 *
 * The data is written with version 1's own SQL, frozen here, and read back through the
 * current Store API with subset matching: when later migrations add columns or fields,
 * this test must still pass unchanged.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { emptyCounters } from '../../src-shared/kpis.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/migrations.js';
import { openStore } from '../../src-main/store/store.js';
import { sampleFileResult } from '../fixtures/store/file-result.js';
import { makeTempDir, removeDir, storeFile } from './helpers.js';

let dataDir: string;

beforeEach(() => {
  dataDir = makeTempDir();
});

afterEach(() => {
  removeDir(dataDir);
});

const SHA = 'd'.repeat(64);
const AT = '2023-05-06T07:08:09.000Z';
const KPIS_V1 = { dlBytes: 3000, ulBytes: 0, dlMcsMean: 20, raAttempts: 0 };
const LIFE_V1 = {
  firstNs: '1683356889000000000',
  lastNs: '1683356890500000000',
  rntis: [17921],
  created: 1,
  removed: 0,
  rntiChanges: 0,
  ulFailures: 0,
};

/** Version 1's SQL, as it was: do not update it when the schema moves on. */
function createVersion1Database(): void {
  const db = new Database(storeFile(dataDir));
  db.pragma('journal_mode = WAL');
  migrate(db, 1);
  db.exec(`
    INSERT INTO files (id, sha256, path, name, size, mtime_ms, created_at)
      VALUES (1, '${SHA}', '/old/gnb.log', 'gnb.log', 777, 1683356800000, '${AT}');
    INSERT INTO jobs (id, path, state, bytes_done, bytes_total, format_id, options,
        created_at, started_at, finished_at, error, file_id, reused)
      VALUES (1, '/old/gnb.log', 'done', 777, 777, 'oai-gnb', '{"threads":1}',
        '${AT}', '${AT}', '${AT}', NULL, 1, 0),
      (2, '/old/crashed.log', 'running', 50, 900, NULL, '{}', '${AT}', '${AT}', NULL, NULL,
        NULL, 0);
    INSERT INTO ingests (id, file_id, job_id, format_id, format_name, parser_version,
        lines_total, lines_record, lines_other, lines_unrecognised, records_by_kind,
        first_ns, last_ns, time_anchor, warnings, parse_ms, created_at)
      VALUES (1, 1, 1, 'oai-gnb', 'OpenAirInterface gNB', '0.9.0', 100, 80, 19, 1,
        '{"grant":3,"decode":2}', '1683356889000000000', '1683356890500000000', NULL,
        '["one warning"]', 12.5, '${AT}');
    INSERT INTO subjects (id, ingest_id, kind, cell, ue, dl_grants, dl_bytes, dl_mcs_sum,
        dl_mcs_n, kpis, life, dl_mcs_hist, ul_mcs_hist, ra_fail_causes, malperforming, rule)
      VALUES (1, 1, 'ue', '0', 'ue-4601', 3, 3000, 60, 3, '${JSON.stringify(KPIS_V1)}',
        '${JSON.stringify(LIFE_V1)}', '[0,3]', '[]', '{}', 1, 'DL BLER 50 % > 10 %'),
      (2, 1, 'cell', '0', NULL, 3, 3000, 60, 3, '${JSON.stringify(KPIS_V1)}',
        '${JSON.stringify(LIFE_V1)}', '[0,3]', '[]', '{}', 0, NULL);
    INSERT INTO series (id, ingest_id, cell, ue) VALUES (1, 1, '0', 'ue-4601');
    INSERT INTO series_seconds (series_id, t, dl_grants, dl_bytes, phr_sum, phr_n, phr_min)
      VALUES (1, 1683356889, 2, 2000, 0, 0, NULL), (1, 1683356890, 1, 1000, 12, 1, 12);
    INSERT INTO unrecognised_examples (ingest_id, line, text) VALUES (1, 42, '???');
  `);
  db.close();
}

it('keeps the data of a version 1 database', () => {
  createVersion1Database();
  const store = openStore({ dataDir });

  try {
    expect(store.getJob(1)).toMatchObject({
      id: 1,
      path: '/old/gnb.log',
      state: 'done',
      formatId: 'oai-gnb',
      fileId: 1,
      reused: false,
    });
    expect(store.getJobOptions(1)).toEqual({ threads: 1 });

    const result = store.getFileResult(1);
    expect(result).toMatchObject({
      // A file stored before content sizes were kept: its content is its bytes.
      file: { path: '/old/gnb.log', name: 'gnb.log', size: 777, sha256: SHA, contentBytes: 777 },
      format: { id: 'oai-gnb', name: 'OpenAirInterface gNB', version: '0.9.0' },
      lines: { lines: 100, record: 80, other: 19, unrecognised: 1 },
      recordsByKind: { grant: 3, decode: 2 },
      unrecognisedExamples: [{ line: 42, text: '???' }],
      firstNs: '1683356889000000000',
      lastNs: '1683356890500000000',
      timeAnchor: null,
      timeBaseSec: null,
      warnings: ['one warning'],
      parseMs: 12.5,
    });

    const dlCounters = { ...emptyCounters(), dlGrants: 3, dlBytes: 3000, dlMcsSum: 60, dlMcsN: 3 };
    expect(result?.ues).toEqual([
      {
        cell: '0',
        ue: 'ue-4601',
        counters: dlCounters,
        kpis: KPIS_V1,
        life: LIFE_V1,
        dlMcsHist: [0, 3],
        ulMcsHist: [],
        raFailCauses: {},
        malperforming: true,
        rule: 'DL BLER 50 % > 10 %',
        // Stored before schema 8 said it: a flagged UE was judged.
        judged: true,
      },
    ]);
    // Judged again when read, with the default thresholds: 3 MCS samples judge nothing.
    expect(
      result?.cells.map((cell) => [cell.cell, cell.ue, cell.malperforming, cell.judged]),
    ).toEqual([['0', null, false, false]]);
    expect(store.getSeries(1, { cell: '0', ue: 'ue-4601' })).toEqual([
      { t: 1683356889, counters: { ...emptyCounters(), dlGrants: 2, dlBytes: 2000 } },
      {
        t: 1683356890,
        counters: {
          ...emptyCounters(),
          dlGrants: 1,
          dlBytes: 1000,
          phrSum: 12,
          phrN: 1,
          phrMin: 12,
        },
      },
    ]);
    expect(store.findIngest(SHA, 'oai-gnb', '0.9.0')).toBe(1);

    // The old database goes on working: its crashed job recovers, new results go in.
    expect(store.recoverInterrupted().map((job) => [job.id, job.state])).toEqual([[2, 'queued']]);
    const job = store.createJob('/new.log', null);
    const fileId = store.saveResult(job.id, sampleFileResult());
    expect(store.getFileResult(fileId)).toEqual(sampleFileResult());
    expect(store.listFiles().map((file) => file.fileId)).toEqual([fileId, 1]);
  } finally {
    store.close();
  }

  const db = new Database(storeFile(dataDir), { readonly: true });
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  db.close();
});

/** A version 2 database, made with the migrations up to 2, holding a job of the CLI. */
function createVersion2Database(): void {
  const db = new Database(storeFile(dataDir));
  migrate(db, 2);
  db.exec(`
    INSERT INTO jobs (id, path, state, format_id, options, created_at)
      VALUES (1, '/old/queued.log', 'queued', NULL, '{}', '${AT}');
  `);
  db.close();
}

it('gives a version 2 database accounts, and its jobs no owner', () => {
  createVersion2Database();
  const store = openStore({ dataDir });
  try {
    expect(store.getJob(1)).toMatchObject({ path: '/old/queued.log', state: 'queued' });
    expect(store.jobOwner(1)).toBeNull();
    expect(store.accounts.countUsers()).toBe(0);

    const admin = store.accounts.addUser('admin', 'scrypt$stand-in', 'admin', true)!;
    expect(admin).toMatchObject({ id: 1, name: 'admin', role: 'admin', disabled: false });
    expect(store.accounts.addUser('second', 'scrypt$stand-in', 'admin', true)).toBeNull();
    const job = store.createJob('/new.log', null, {}, admin.id);
    expect(store.jobOwner(job.id)).toBe(admin.id);

    // A deleted user's jobs stay, owned by nobody; their sessions go with them.
    store.accounts.addSession('f'.repeat(64), admin.id, Date.now() + 60_000);
    expect(store.accounts.sessionUser('f'.repeat(64))?.name).toBe('admin');
    store.accounts.deleteUser(admin.id);
    expect(store.jobOwner(job.id)).toBeNull();
    expect(store.accounts.sessionUser('f'.repeat(64))).toBeNull();
  } finally {
    store.close();
  }
});

it('numbers migrations 1, 2, 3... in order, the last being the schema version', () => {
  const versions = MIGRATIONS.map((migration) => migration.version);
  expect(versions).toEqual(versions.map((_, i) => i + 1));
  expect(SCHEMA_VERSION).toBe(versions.length);
});
