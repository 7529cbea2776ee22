import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-shared/ingest.js';
import { migrate, SCHEMA_VERSION } from '../../src-main/store/migrations.js';
import {
  defaultDataDir,
  JobStateError,
  openStore,
  type Store,
  type StoredFile,
} from '../../src-main/store/store.js';
import { counters, sampleFileResult } from '../fixtures/store/file-result.js';
import { countRows, fixedClock, makeTempDir, NOW, removeDir, storeFile } from './helpers.js';

let dataDir: string;
let store: Store | undefined;

beforeEach(() => {
  dataDir = makeTempDir();
});

afterEach(() => {
  store?.close();
  store = undefined;
  removeDir(dataDir);
});

function open(): Store {
  store = openStore({ dataDir, now: fixedClock });
  return store;
}

function queuedJob(id: number, filePath: string, formatId: string | null = null): JobInfo {
  return {
    id,
    path: filePath,
    state: 'queued',
    bytesDone: 0,
    bytesTotal: 0,
    formatId,
    createdAt: NOW,
    startedAt: null,
    finishedAt: null,
    error: null,
    fileId: null,
    reused: false,
    ownerId: null,
  };
}

/** Runs a job for `result` from creation to saved; returns the job id and file id. */
function ingest(s: Store, result = sampleFileResult()): { jobId: number; fileId: number } {
  const job = s.createJob(result.file.path, null);
  s.startJob(job.id, result.file.size);
  return { jobId: job.id, fileId: s.saveResult(job.id, result) };
}

describe('opening', () => {
  it('creates the schema in an empty file, with WAL and foreign keys', () => {
    fs.writeFileSync(storeFile(dataDir), '');
    const s = open();

    expect(s.settings()).toEqual({
      journalMode: 'wal',
      foreignKeys: true,
      synchronous: 'NORMAL',
      busyMs: 5000,
    });
    s.close();
    store = undefined;

    const db = new Database(storeFile(dataDir), { readonly: true });
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    expect(tables).toEqual([
      'files',
      'ingests',
      'jobs',
      'retired_ids',
      'secrets',
      'series',
      'series_seconds',
      'sessions',
      'shipments',
      'subjects',
      'unrecognised_examples',
      'users',
    ]);
  });

  it('creates a missing data folder', () => {
    const nested = path.join(dataDir, 'a', 'b');
    const s = openStore({ dataDir: nested });
    expect(s.path).toBe(storeFile(nested));
    s.close();
  });

  it('refuses a database from a newer version, and leaves it alone', () => {
    const db = new Database(storeFile(dataDir));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    expect(() => open()).toThrow(
      `${storeFile(dataDir)} has schema version ${SCHEMA_VERSION + 1}, newer than this ` +
        `MAC Log Studio knows (${SCHEMA_VERSION})`,
    );

    const after = new Database(storeFile(dataDir), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(after.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
    after.close();
  });

  it('refuses a file that is not a database, naming it', () => {
    fs.writeFileSync(storeFile(dataDir), 'this is a log, not a database\n'.repeat(100));
    expect(() => open()).toThrow(`cannot open the store ${storeFile(dataDir)}: `);
  });

  it('refuses a schema that lacks a column for a KPI counter', () => {
    const db = new Database(storeFile(dataDir));
    migrate(db);
    db.exec('ALTER TABLE series_seconds DROP COLUMN ra_fail');
    db.close();

    expect(() => open()).toThrow('table series_seconds has no column for ra_fail');
  });

  it('defaults to the per-user data folder, or MACLOG_DATA_DIR', () => {
    expect(defaultDataDir({ MACLOG_DATA_DIR: 'some/dir' })).toBe(path.resolve('some/dir'));
    if (process.platform === 'linux') {
      const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
      expect(defaultDataDir({})).toBe(path.join(base, 'mac-log-studio'));
    }
  });
});

describe('jobs', () => {
  it('goes queued -> running -> done and reports progress', () => {
    const s = open();
    const job = s.createJob('/logs/a.log', 'srsran-enb', { threads: 2 });
    expect(job).toEqual(queuedJob(1, '/logs/a.log', 'srsran-enb'));
    expect(s.getJobOptions(job.id)).toEqual({ threads: 2 });

    expect(s.startJob(job.id, 1000)).toEqual({
      ...queuedJob(1, '/logs/a.log', 'srsran-enb'),
      state: 'running',
      bytesTotal: 1000,
      startedAt: NOW,
    });
    s.updateProgress(job.id, 400);
    expect(s.getJob(job.id)?.bytesDone).toBe(400);

    const fileId = s.saveResult(job.id, sampleFileResult());
    expect(s.getJob(job.id)).toEqual({
      ...queuedJob(1, '/logs/a.log', 'srsran-enb'),
      state: 'done',
      bytesDone: 1000,
      bytesTotal: 1000,
      startedAt: NOW,
      finishedAt: NOW,
      fileId,
    });
  });

  it('refuses transitions the state does not allow', () => {
    const s = open();
    const a = s.createJob('/a', null);
    const b = s.createJob('/b', null);

    s.updateProgress(a.id, 50); // not running yet: ignored
    expect(s.getJob(a.id)?.bytesDone).toBe(0);

    expect(s.cancelJob(a.id)).toBe(true);
    expect(s.cancelJob(a.id)).toBe(false);
    expect(() => s.startJob(a.id, 10)).toThrow(JobStateError);
    expect(() => s.startJob(a.id, 10)).toThrow('job 1 is cancelled: cannot start it');
    expect(() => s.saveResult(a.id, sampleFileResult())).toThrow(
      'job 1 is cancelled: cannot save its result',
    );
    expect(countRows(dataDir)).toMatchObject({ files: 0, ingests: 0, series_seconds: 0 });

    s.startJob(b.id, 10);
    expect(s.failJob(b.id, 'line 3: not a srsRAN log')).toBe(true);
    expect(s.failJob(b.id, 'again')).toBe(false);
    expect(s.getJob(b.id)).toMatchObject({ state: 'failed', error: 'line 3: not a srsRAN log' });

    expect(() => s.startJob(99, 10)).toThrow('no job 99');
    expect(s.getJob(99)).toBeNull();
  });

  it('lists newest first, by state, with a limit, and counts by state', () => {
    const s = open();
    for (const name of ['a', 'b', 'c', 'd']) s.createJob(`/${name}`, null);
    s.startJob(2, 1);
    s.startJob(4, 1);

    expect(s.listJobs().map((job) => job.path)).toEqual(['/d', '/c', '/b', '/a']);
    expect(s.listJobs({ state: 'running' }).map((job) => job.id)).toEqual([4, 2]);
    expect(s.listJobs({ limit: 1 }).map((job) => job.id)).toEqual([4]);
    expect(s.countJobsByState()).toEqual({
      queued: 2,
      running: 2,
      done: 0,
      failed: 0,
      cancelled: 0,
    });
  });

  it('puts jobs left running back in the queue, and only those', () => {
    const s = open();
    const ids = ['queued', 'run1', 'done', 'failed', 'cancelled', 'run2'].map(
      (name) => s.createJob(`/${name}`, null).id,
    );
    const [queued, run1, done, failed, cancelled, run2] = ids;
    for (const id of [run1, done, failed, run2]) s.startJob(id, 100);
    s.updateProgress(run1, 60);
    s.saveResult(done, sampleFileResult());
    s.failJob(failed, 'boom');
    s.cancelJob(cancelled);
    const before = ids.map((id) => s.getJob(id));

    const recovered = s.recoverInterrupted();

    expect(recovered).toEqual([
      { ...before[1], state: 'queued', bytesDone: 0, startedAt: null },
      { ...before[5], state: 'queued', bytesDone: 0, startedAt: null },
    ]);
    expect(ids.map((id) => s.getJob(id))).toEqual([
      before[0],
      recovered[0],
      before[2],
      before[3],
      before[4],
      recovered[1],
    ]);
    expect(s.getJob(queued)?.state).toBe('queued');
    expect(s.recoverInterrupted()).toEqual([]);
  });

  it('names the running jobs whose process is gone, without changing them', () => {
    const s = open();
    const [running, queued] = ['/running', '/queued'].map((p) => s.createJob(p, null).id);
    s.startJob(running, 100);
    const before = [running, queued].map((id) => s.getJob(id));
    expect([...s.orphanedJobIds(() => false)]).toEqual([running]);
    expect([...s.orphanedJobIds(() => true)]).toEqual([]);
    expect([running, queued].map((id) => s.getJob(id))).toEqual(before);
  });

  it('leaves a running job alone while the process that runs it is alive', () => {
    const s = open();
    const id = s.createJob('/busy', null).id;
    s.startJob(id, 100);
    const seen: number[] = [];

    const recovered = s.recoverInterrupted((pid) => {
      seen.push(pid);
      return true;
    });

    expect(recovered).toEqual([]);
    expect(seen).toEqual([process.pid]);
    expect(s.getJob(id)?.state).toBe('running');
    expect(s.recoverInterrupted(() => false).map((j) => j.id)).toEqual([id]);
  });
});

describe('results', () => {
  it('gives back exactly the result it stored', () => {
    const s = open();
    const { fileId } = ingest(s);

    expect(s.getFileResult(fileId)).toEqual(sampleFileResult());
    expect(s.getFileResult(fileId, 'srsran-enb')).toEqual(sampleFileResult());
    expect(s.getFileResult(fileId, 'oai-gnb')).toBeNull();
    expect(s.getFileResult(fileId, undefined, { series: false })).toEqual({
      ...sampleFileResult(),
      series: [],
    });
    expect(s.getFileResult(fileId + 1)).toBeNull();
  });

  it('keeps +Infinity as the lowest PHR of a subject that never reported one', () => {
    const s = open();
    const { fileId } = ingest(s);
    const ue2 = s.getFileResult(fileId)?.ues[1];
    expect(ue2?.ue).toBe('ue-2');
    expect(ue2?.counters.phrMin).toBe(Infinity);
  });

  it('gives one series by subject, cell series included', () => {
    const s = open();
    const { fileId } = ingest(s);
    const expected = sampleFileResult().series;

    expect(s.getSeries(fileId, { cell: '0', ue: 'ue-1' })).toEqual(expected[0].seconds);
    expect(s.getSeries(fileId, { cell: '0', ue: null })).toEqual(expected[2].seconds);
    expect(s.getSeries(fileId, { cell: '0', ue: 'ue-9' })).toBeNull();
    expect(s.getSeries(fileId, { cell: null, ue: 'ue-1' })).toBeNull();
    expect(s.getSeries(fileId + 1, { cell: '0', ue: 'ue-1' })).toBeNull();
  });

  it('lists stored files with their counts', () => {
    const s = open();
    const { fileId } = ingest(s);
    const result = sampleFileResult();

    const expected: StoredFile = {
      fileId,
      ingestId: 1,
      ...result.file,
      contentBytes: result.file.size,
      format: result.format,
      lines: result.lines,
      records: 200 + 200 + 3 + 4 + 15 + 3 + 4,
      firstNs: result.firstNs,
      lastNs: result.lastNs,
      ueCount: 2,
      cellCount: 1,
      malperformingUeCount: 1,
      malperformingCellCount: 0,
      parseMs: result.parseMs,
      warnings: result.warnings,
      ingestedAt: NOW,
    };
    expect(s.listFiles()).toEqual([expected]);
  });

  it('recognises content it already stored, and reuses it without a second copy', () => {
    const s = open();
    const result = sampleFileResult();
    const { fileId } = ingest(s, result);
    const { sha256 } = result.file;

    const ingestId = s.findIngest(sha256, 'srsran-enb', '1.2.0');
    expect(ingestId).toBe(s.listFiles()[0].ingestId);
    expect(s.findIngest(sha256, 'srsran-enb', '1.3.0')).toBeNull();
    expect(s.findIngest(sha256, 'oai-gnb', '1.2.0')).toBeNull();
    expect(s.findIngest('0'.repeat(64), 'srsran-enb', '1.2.0')).toBeNull();

    // The same bytes under another name: the engine finds them and parses nothing.
    const copy = s.createJob('/tmp/copy-of-enb.log', null);
    s.startJob(copy.id, result.file.size);
    expect(s.hasContentOfSize(result.file.size)).toBe(true);
    expect(s.hasContentOfSize(result.file.size + 1)).toBe(false);
    expect(s.findFile(sha256)).toBe(fileId);
    expect(s.findFile('0'.repeat(64))).toBeNull();
    s.markReused(copy.id, fileId, result.file.size);

    expect(s.getJob(copy.id)).toMatchObject({
      state: 'done',
      reused: true,
      fileId,
      bytesDone: result.file.size,
    });
    expect(countRows(dataDir)).toMatchObject({ files: 1, ingests: 1, subjects: 3 });
  });

  it('stores the same content once even when saved twice', () => {
    const s = open();
    ingest(s);
    const renamed = sampleFileResult();
    renamed.file = { ...renamed.file, path: '/elsewhere/renamed.log', name: 'renamed.log' };
    const { fileId } = ingest(s, renamed);

    expect(countRows(dataDir)).toEqual({
      files: 1,
      ingests: 1,
      subjects: 3,
      series: 3,
      series_seconds: 7,
      unrecognised_examples: 3,
      jobs: 2,
    });
    expect(s.getFileResult(fileId)).toEqual(renamed);
  });

  it('replaces an ingest by an older parser version with the newer one', () => {
    const s = open();
    const old = sampleFileResult();
    const { fileId } = ingest(s, old);

    const newer = sampleFileResult();
    newer.format = { ...newer.format, version: '1.10.0' };
    newer.lines = { lines: 48_210, record: 41_005, other: 7_205, unrecognised: 0 };
    newer.unrecognisedExamples = [];
    newer.ues = newer.ues.slice(0, 1);
    newer.series = [{ subject: { cell: '0', ue: 'ue-1' }, seconds: [] }];
    expect(ingest(s, newer).fileId).toBe(fileId);

    expect(s.getFileResult(fileId)).toEqual(newer);
    expect(s.findIngest(old.file.sha256, 'srsran-enb', '1.2.0')).toBeNull();
    expect(s.findIngest(old.file.sha256, 'srsran-enb', '1.10.0')).not.toBeNull();
    expect(countRows(dataDir)).toEqual({
      files: 1,
      ingests: 1,
      subjects: 2,
      series: 1,
      series_seconds: 0,
      unrecognised_examples: 0,
      jobs: 2,
    });
  });

  it('keeps ingests of the same file by different formats apart', () => {
    const s = open();
    const asEnb = sampleFileResult();
    const { fileId } = ingest(s, asEnb);
    const asOai = sampleFileResult();
    asOai.format = { id: 'oai-enb', name: 'OpenAirInterface eNB', version: '0.1.0' };
    asOai.ues = [];
    ingest(s, asOai);

    expect(s.getFileResult(fileId, 'srsran-enb')).toEqual(asEnb);
    expect(s.getFileResult(fileId, 'oai-enb')).toEqual(asOai);
    expect(s.getFileResult(fileId)).toEqual(asOai); // the latest
    expect(s.listFiles().map((f) => [f.fileId, f.format.id, f.ueCount])).toEqual([
      [fileId, 'oai-enb', 0],
      [fileId, 'srsran-enb', 2],
    ]);
  });

  it('deletes a file with everything under it, and nothing else', () => {
    const s = open();
    const { jobId, fileId } = ingest(s);
    const other = sampleFileResult();
    other.file = { ...other.file, sha256: 'c'.repeat(64), path: '/other.log' };
    const kept = ingest(s, other);

    expect(s.deleteFile(fileId)).toBe(true);

    expect(countRows(dataDir)).toEqual({
      files: 1,
      ingests: 1,
      subjects: 3,
      series: 3,
      series_seconds: 7,
      unrecognised_examples: 3,
      jobs: 2,
    });
    expect(s.getFileResult(fileId)).toBeNull();
    expect(s.getFileResult(kept.fileId)).toEqual(other);
    expect(s.getJob(jobId)).toMatchObject({ state: 'done', fileId: null });
    expect(s.deleteFile(fileId)).toBe(false);
  });

  it('never gives the id of a deleted file or ingest again, also after a restart', () => {
    const withSha = (c: string) => {
      const r = sampleFileResult();
      r.file = { ...r.file, sha256: c.repeat(64), path: `/${c}.log` };
      return r;
    };
    const ids = (s: Store) => s.listFiles().map((f) => [f.fileId, f.ingestId]);
    let s = open();
    ingest(s, withSha('a'));
    const newest = ingest(s, withSha('b'));
    expect(ids(s)).toEqual([
      [2, 2],
      [1, 1],
    ]);

    // Deleting the newest file (and its ingest, by cascade) retires ids 2.
    s.deleteFile(newest.fileId);
    ingest(s, withSha('c'));
    expect(ids(s)).toEqual([
      [3, 3],
      [1, 1],
    ]);

    s.deleteFile(3);
    s.close();
    s = open();
    ingest(s, withSha('d'));
    expect(ids(s)).toEqual([
      [4, 4],
      [1, 1],
    ]);
  });

  it('refuses a series with the same second twice, and stores nothing of it', () => {
    const s = open();
    const result = sampleFileResult();
    result.series[1].seconds.push({ t: 1_700_000_001, counters: counters({ dlGrants: 1 }) });
    const job = s.createJob(result.file.path, null);

    expect(() => s.saveResult(job.id, result)).toThrow(
      'series of cell 0 ue ue-2 has second 1700000001 twice',
    );
    expect(countRows(dataDir)).toMatchObject({ files: 0, ingests: 0, subjects: 0, series: 0 });
    expect(s.getJob(job.id)?.state).toBe('queued');
  });
});
