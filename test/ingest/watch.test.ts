/**
 * Watching a folder: a file is ingested once it has stopped changing, and only once.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import type { IngestOutcome } from '../../src-main/ingest/service.js';
import { IngestService } from '../../src-main/ingest/service.js';
import { FolderWatcher } from '../../src-main/ingest/watch.js';
import { openStore } from '../../src-main/store/store.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 2 });
afterAll(() => engine.close());

it('ingests a file copied into the folder once it stops growing, and only once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maclog-watch-'));
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  const store = openStore({ dataDir: join(dir, 'data') });
  const outcomes: IngestOutcome[] = [];
  const watcher = new FolderWatcher(inbox, new IngestService({ store, engine }), {
    onOutcome: (o) => outcomes.push(o),
  });

  // A file arriving in two writes: not read while it is still changing.
  const text = readFileSync(samplePath('srslte-enb-rach.log'));
  const growing = join(inbox, 'enb.log');
  appendFileSync(growing, text.subarray(0, 4000));
  await watcher.poll();
  appendFileSync(growing, text.subarray(4000));
  await watcher.poll();
  expect(outcomes).toEqual([]);

  await watcher.poll(); // unchanged for one poll: ready
  await watcher.poll(); // and not taken twice
  copyFileSync(samplePath('oai-gnb-nrmac-stats.log'), join(inbox, 'nrMAC_stats.log'));
  await watcher.poll();
  await watcher.poll();

  expect(outcomes.map((o) => [o.job.path, o.error, o.result?.lines.lines])).toEqual([
    [growing, null, 128],
    [join(inbox, 'nrMAC_stats.log'), null, 13],
  ]);
  expect(store.listFiles()).toHaveLength(2);
  store.close();
});
