/**
 * Store.totals(): what /metrics reads at every scrape. Whole totals compared, and the query
 * plans checked, for it must stay cheap however many per-second rows the store holds.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../../src-shared/ingest.js';
import { openStore, type Store } from '../../src-main/store/store.js';
import { TOTALS_SQL } from '../../src-main/store/totals.js';
import { sampleFileResult } from '../fixtures/store/file-result.js';
import { fixedClock, makeTempDir, removeDir, storeFile } from './helpers.js';

let dataDir: string;
let store: Store;

beforeEach(() => {
  dataDir = makeTempDir();
  store = openStore({ dataDir, now: fixedClock });
});

afterEach(() => {
  store.close();
  removeDir(dataDir);
});

function ingest(result: FileResult): number {
  const job = store.createJob(result.file.path, null);
  store.startJob(job.id, result.file.size);
  return store.saveResult(job.id, result);
}

/** Another file of the same format, its UEs without a cell summary (a UE's own log). */
function cellLessResult(): FileResult {
  const result = sampleFileResult();
  result.file = { ...result.file, sha256: 'b'.repeat(64), path: '/ue.log', size: 1000 };
  result.cells = [];
  result.lines = { ...result.lines, unrecognised: 5 };
  result.recordsByKind = { grant: 10, ra: 1 };
  return result;
}

describe('store totals', () => {
  it('are zero for an empty store', () => {
    expect(store.totals()).toEqual({ files: 0, bytes: 0, formats: [], records: [] });
  });

  it('sum every ingest, by format, with failures from the cells or else the UEs', () => {
    // The fixture's cell sums its two UEs: DL 7 + 9 failures, UL 3; one UE malperforming.
    const fileId = ingest(sampleFileResult());
    ingest(cellLessResult());
    // The first file read again by another format: the same file, one ingest more. Its cell
    // counts more DL failures than its UEs (as a log's own cell statistics may): the cell's
    // are the ones counted.
    const asOai = sampleFileResult();
    asOai.format = { id: 'oai-enb', name: 'OpenAirInterface eNB', version: '0.1.0' };
    asOai.recordsByKind = { decode: 7 };
    asOai.cells[0].counters.dlFails = 20;
    ingest(asOai);

    expect(store.totals()).toEqual({
      files: 2,
      bytes: 5_242_880 + 1000,
      formats: [
        {
          format: 'oai-enb',
          ingests: 1,
          unrecognisedLines: 3,
          ues: 2,
          malperformingUes: 1,
          dlFailures: 20,
          ulFailures: 3,
        },
        // The cell-less file's UEs are the fixture's: 16 and 3 failures again.
        {
          format: 'srsran-enb',
          ingests: 2,
          unrecognisedLines: 3 + 5,
          ues: 4,
          malperformingUes: 2,
          dlFailures: 32,
          ulFailures: 6,
        },
      ],
      records: [
        { format: 'oai-enb', kind: 'decode', count: 7 },
        { format: 'srsran-enb', kind: 'bsr', count: 3 },
        { format: 'srsran-enb', kind: 'csi', count: 15 },
        { format: 'srsran-enb', kind: 'decode', count: 200 },
        { format: 'srsran-enb', kind: 'grant', count: 210 },
        { format: 'srsran-enb', kind: 'phr', count: 4 },
        { format: 'srsran-enb', kind: 'ra', count: 4 },
        { format: 'srsran-enb', kind: 'ue', count: 4 },
      ],
    });

    // A deleted file leaves the totals with everything under it.
    store.deleteFile(fileId);
    expect(store.totals()).toEqual({
      files: 1,
      bytes: 1000,
      formats: [
        {
          format: 'srsran-enb',
          ingests: 1,
          unrecognisedLines: 5,
          ues: 2,
          malperformingUes: 1,
          dlFailures: 16,
          ulFailures: 3,
        },
      ],
      records: [
        { format: 'srsran-enb', kind: 'grant', count: 10 },
        { format: 'srsran-enb', kind: 'ra', count: 1 },
      ],
    });
  });

  it('read no per-second rows, and subjects only through their index', () => {
    ingest(sampleFileResult());
    const db = new Database(storeFile(dataDir), { readonly: true });
    try {
      const steps = Object.values(TOTALS_SQL).flatMap((sql) =>
        db
          .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all()
          .map((row) => row.detail),
      );
      expect(steps.filter((step) => /\bseries/.test(step))).toEqual([]);
      const subjectSteps = steps.filter((step) => step.includes('subjects'));
      expect(subjectSteps.length).toBeGreaterThan(0);
      for (const step of subjectSteps) {
        expect(step).toMatch(/^SEARCH subjects USING (COVERING )?INDEX subjects_by_ingest \(/);
      }
      // The tables scanned whole hold a row per file or per ingest.
      const scanned = steps.filter((step) => step.startsWith('SCAN')).map((s) => s.split(' ')[1]);
      expect(new Set(scanned)).toEqual(new Set(['files', 'i', 'r']));
    } finally {
      db.close();
    }
  });
});
