/**
 * Watching a folder: a file is ingested once it has stopped changing, and only once; a
 * copy that stalled is read again whole, and its partial reading deleted.
 */
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
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
  const watcher = new FolderWatcher(inbox, new IngestService({ store, engine }), store, {
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

it('replaces the reading of a copy that stalled with the whole file, and keeps a rewritten one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maclog-watch-'));
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  const store = openStore({ dataDir: join(dir, 'data') });
  const watcher = new FolderWatcher(inbox, new IngestService({ store, engine }), store);
  const settle = async () => {
    await watcher.poll(); // seen
    await watcher.poll(); // unchanged: taken
  };

  // A copy that stops for longer than a poll after 4000 bytes (`head -c 4000 | wc -l`: 62
  // whole lines, then part of the 63rd), then ends.
  const text = readFileSync(samplePath('srslte-enb-rach.log'));
  const stalled = join(inbox, 'enb.log');
  writeFileSync(stalled, text.subarray(0, 4000));
  await settle();
  expect(store.listFiles().map((f) => f.lines.lines)).toEqual([63]);
  appendFileSync(stalled, text.subarray(4000));
  await settle();
  expect(store.listFiles().map((f) => f.lines.lines)).toEqual([128]);

  // Another log written under the same name: both are kept.
  writeFileSync(stalled, readFileSync(samplePath('oai-gnb-nrmac-stats.log')));
  await settle();
  expect(
    store
      .listFiles()
      .map((f) => f.lines.lines)
      .sort((a, b) => a - b),
  ).toEqual([13, 128]);
  store.close();
});
