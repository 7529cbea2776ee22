/**
 * The Loki shipper end to end, with real parts (a SQLite store, the worker pool, a real
 * sample log) against the Loki STAND-IN (test/fixtures/loki), which enforces Loki's push
 * API and validation. Expected values are counted from the sample's text here, not by
 * the engine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { IngestService } from '../../src-main/ingest/service.js';
import { LokiClient } from '../../src-main/loki/client.js';
import { Shipper } from '../../src-main/loki/shipper.js';
import { createMetrics } from '../../src-main/metrics/metrics.js';
import { openStore, type Store } from '../../src-main/store/store.js';
import { LokiStandIn } from '../fixtures/loki/loki-standin.js';
import { samplePath } from '../samples.js';

const SAMPLE = samplePath('srsran-gnb-nr.log');
const engine = new ParseEngine({ workers: 2 });
const stores: Store[] = [];
const lokis: LokiStandIn[] = [];

afterAll(() => engine.close());
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const l of lokis.splice(0)) await l.stop();
});

/** The sample's lines, and what they say, counted with plain regular expressions. */
const text = readFileSync(SAMPLE, 'utf8').split('\n');
const puschKo = text.filter((l) => / PUSCH: .*crc=KO/.test(l)).length;
const puschOk = text.filter((l) => / PUSCH: .*crc=OK/.test(l)).length;

/** Historical lines are fine for our Loki: like the app's own config, no old-sample check. */
async function startLoki(options: ConstructorParameters<typeof LokiStandIn>[0] = {}) {
  const loki = new LokiStandIn({ rejectOldSamples: false, ...options });
  lokis.push(loki);
  await loki.start();
  return loki;
}

async function imported(dataDir?: string) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'maclog-ship-'));
  const store = openStore({ dataDir: dir });
  stores.push(store);
  const outcome = await new IngestService({ store, engine }).ingest({ path: SAMPLE });
  if (!outcome.result || outcome.fileId === null) throw new Error(String(outcome.error));
  const records = Object.values(outcome.result.recordsByKind).reduce((a, b) => a + (b ?? 0), 0);
  const summaries = outcome.result.ues.length + outcome.result.cells.length;
  return { dir, store, fileId: outcome.fileId, result: outcome.result, records, summaries };
}

function shipper(
  store: Store,
  url: string,
  options: { batchLines?: number; retries?: number } = {},
) {
  const client = new LokiClient({
    url,
    requestsPerSecond: 1000,
    retries: options.retries ?? 3,
    minRetryMs: 10,
    maxRetryMs: 50,
  });
  return new Shipper({
    store,
    catalog: engine.catalog,
    client,
    batchLines: options.batchLines ?? 500,
    metrics: createMetrics(),
  });
}

function byKind(loki: LokiStandIn): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of loki.entries()) counts[e.labels.kind] = (counts[e.labels.kind] ?? 0) + 1;
  return counts;
}

describe('shipping an import to Loki', () => {
  it('sends every record, second and summary once, on the log’s own time', async () => {
    const loki = await startLoki();
    const { store, fileId, result, records, summaries } = await imported();
    const shipment = await shipper(store, loki.url).ship({ fileId });

    const seconds = result.series.reduce((n, s) => n + s.seconds.length, 0);
    expect(shipment).toMatchObject({
      state: 'done',
      entriesTotal: records + seconds + summaries,
      entriesDone: records + seconds + summaries,
      accepted: records + seconds + summaries,
      rejected: 0,
    });
    expect(loki.entries()).toHaveLength(records + seconds + summaries);
    expect(loki.duplicates).toBe(0);

    // Per kind, what the import counted; and the UL decodes are the sample's PUSCH lines.
    const kinds = byKind(loki);
    for (const [kind, n] of Object.entries(result.recordsByKind)) expect(kinds[kind], kind).toBe(n);
    expect(kinds.kpi).toBe(seconds);
    const ulDecodes = loki
      .entries()
      .filter((e) => e.labels.kind === 'decode' && / dir=ul/.test(e.line));
    expect(ulDecodes.filter((e) => / ok=false/.test(e.line))).toHaveLength(puschKo);
    expect(ulDecodes.filter((e) => / ok=true/.test(e.line))).toHaveLength(puschOk);
  });

  it('stamps each entry with its source line’s time and names that line', async () => {
    const loki = await startLoki();
    const { store, fileId } = await imported();
    await shipper(store, loki.url).ship({ fileId });

    const decodes = loki
      .entries()
      .filter((e) => e.labels.kind === 'decode' && / dir=ul/.test(e.line));
    for (const e of decodes.slice(0, 50)) {
      const lineNo = Number(/(?:^| )line=(\d+)/.exec(e.line)![1]);
      const source = text[lineNo - 1];
      expect(source).toMatch(/ PUSCH: /);
      // "2023-11-06T20:04:31.413022" read as UTC, to the microsecond.
      const iso = source.slice(0, 26);
      const ms = Date.parse(`${iso.slice(0, 23)}Z`);
      const expected = BigInt(ms) * 1_000_000n + BigInt(Number(iso.slice(23, 26)) * 1000);
      expect(e.tsNs).toBe(expected);
    }
    expect(decodes.length).toBeGreaterThan(50);
  });

  it('keeps labels few: format, file, import, cell and kind, never a UE or RNTI', async () => {
    const loki = await startLoki();
    const { store, fileId } = await imported();
    await shipper(store, loki.url).ship({ fileId });

    const names = new Set(loki.entries().flatMap((e) => Object.keys(e.labels)));
    expect([...names].sort()).toEqual(['app', 'cell', 'file', 'format', 'import', 'kind']);
    const streams = new Set(loki.entries().map((e) => e.stream));
    expect(streams.size).toBeLessThan(40);
  });

  it('resumes after Loki goes away mid-job, losing and repeating nothing', async () => {
    const loki = await startLoki();
    const { store, fileId, records } = await imported();
    const ship = shipper(store, loki.url, { batchLines: 100, retries: 2 });

    let stopped = false;
    const failed = await ship
      .ship({
        fileId,
        onProgress: (s) => {
          if (!stopped && s.entriesDone >= 1000) {
            stopped = true;
            void loki.stop();
          }
        },
      })
      .catch((err: Error) => err);
    expect(failed).toBeInstanceOf(Error);
    const [interrupted] = store.shipments.list();
    expect(interrupted).toMatchObject({ state: 'failed' });
    expect(interrupted.entriesDone).toBeGreaterThanOrEqual(1000);
    expect(interrupted.entriesDone).toBeLessThan(records);
    expect(interrupted.error).toMatch(/did not take the entries/);

    await loki.start();
    const done = await ship.ship({ fileId });
    expect(done.state).toBe('done');
    expect(loki.entries()).toHaveLength(done.entriesTotal);
    expect(loki.duplicates).toBe(0);
  });

  it('retries 429 (with Retry-After), 5xx and refused connections; counts every request', async () => {
    const loki = await startLoki({ retryAfterSec: 0 });
    const { store, fileId } = await imported();
    loki.failNext(2, 429, 'Ingestion rate limit exceeded');
    loki.failNext(1, 503, 'ingester not ready');
    const shipment = await shipper(store, loki.url, { batchLines: 2000 }).ship({ fileId });

    const batches = Math.ceil(shipment.entriesTotal / 2000);
    expect(shipment.state).toBe('done');
    expect(shipment.requests).toBe(batches + 3);
    expect(loki.requests.map((r) => r.status).slice(0, 4)).toEqual([429, 429, 503, 204]);
    expect(loki.entries()).toHaveLength(shipment.entriesTotal);
  });

  it('honours a real rate limit: 429 until the bucket refills, nothing lost', async () => {
    const { store, fileId } = await imported();
    // Measure the import's bytes first, then allow a third of them per second.
    const measure = await startLoki();
    const total = (await shipper(store, measure.url).ship({ fileId })).entriesTotal;
    const bytes = measure.entries().reduce((n, e) => n + e.line.length, 0);
    expect(total).toBeGreaterThan(0);

    const loki = await startLoki({ ingestionRateBytes: bytes / 3, ingestionBurstBytes: bytes / 3 });
    const client = new LokiClient({ url: loki.url, retries: 30, minRetryMs: 100, maxRetryMs: 400 });
    const shipment = await new Shipper({
      store,
      catalog: engine.catalog,
      client,
      batchLines: 200,
    }).ship({ fileId });

    expect(loki.requests.some((r) => r.status === 429)).toBe(true);
    expect(shipment.state).toBe('done');
    expect(loki.entries()).toHaveLength(shipment.entriesTotal);
  });

  it('counts refused entries by reason and never sends them again', async () => {
    // Loki's defaults: samples older than a week are refused, and the sample is from 2023.
    const loki = await startLoki({ rejectOldSamples: true, maxLineSize: 120 });
    const { store, fileId } = await imported();
    const shipment = await shipper(store, loki.url, { batchLines: 1000 }).ship({ fileId });

    expect(shipment.state).toBe('done');
    expect(shipment.accepted).toBe(0);
    expect(shipment.rejected).toBe(shipment.entriesTotal);
    const reasons = shipment.rejectedByReason;
    expect(Object.keys(reasons).sort()).toEqual(['timestamp too old']);
    expect(loki.requests).toHaveLength(Math.ceil(shipment.entriesTotal / 1000));
  });

  it('counts lines over Loki’s size limit, and keeps the rest of the batch', async () => {
    const loki = await startLoki({ maxLineSize: 90 });
    const { store, fileId } = await imported();
    const shipment = await shipper(store, loki.url).ship({ fileId });

    const long = shipment.rejectedByReason['line too long'] ?? 0;
    expect(long).toBeGreaterThan(0);
    expect(shipment.accepted + long).toBe(shipment.entriesTotal);
    expect(loki.entries()).toHaveLength(shipment.accepted);
    expect(loki.entries().every((e) => Buffer.byteLength(e.line) <= 90)).toBe(true);
  });

  it('sorts each batch by time, so out-of-order PHY lines are not refused as too far behind', async () => {
    // A window of 0: any entry older than its stream's newest would be refused.
    const loki = await startLoki({ maxChunkAgeSec: 0 });
    const { store, fileId } = await imported();
    const shipment = await shipper(store, loki.url, { batchLines: 5000 }).ship({ fileId });
    expect(shipment.rejected).toBe(0);
    expect(loki.entries()).toHaveLength(shipment.entriesTotal);
  });

  it('counts entries Loki finds too far behind their stream, and keeps the rest', async () => {
    const loki = await startLoki();
    const client = new LokiClient({ url: loki.url, retries: 0 });
    const stream = { stream: '{app="maclog"}', labels: { app: 'maclog' } };
    const hour = 3_600_000_000_000n;
    const at = (ns: bigint, line: string) => ({ ...stream, tsNs: ns.toString(), line });
    const t0 = 1_700_000_000_000_000_000n;

    await client.push([at(t0, 'newest')]);
    // Loki takes entries down to max_chunk_age / 2 (1 h by default) before the newest.
    const answer = await client.push([at(t0 - 2n * hour, 'old'), at(t0 - hour / 2n, 'recent')]);
    expect(answer).toMatchObject({
      accepted: 1,
      rejected: { byReason: { 'entry too far behind': 1 }, total: 1 },
    });
    expect(loki.entries().map((e) => e.line)).toEqual(['recent', 'newest']);
  });

  it('reports a stream Loki refuses for its labels, with Loki’s reason', async () => {
    const loki = await startLoki();
    const client = new LokiClient({ url: loki.url, retries: 0 });
    const labels: Record<string, string> = {};
    for (let i = 0; i < 16; i++) labels[`l${i}`] = 'x';
    const entry = { stream: '{many}', labels, tsNs: '1700000000000000000', line: 'a=1' };
    const ok = {
      stream: '{app="maclog"}',
      labels: { app: 'maclog' },
      tsNs: '1700000000000000000',
      line: 'b=2',
    };
    const answer = await client.push([entry, ok]);
    expect(answer.rejected.total).toBe(2);
    expect(Object.keys(answer.rejected.byReason)[0]).toMatch(/has 16 label names; limit 15/);
    // Loki kept the valid stream, though the body names no entry of it.
    expect(loki.entries().map((e) => e.line)).toEqual(['b=2']);
  });

  it('ships again on demand; Loki keeps one copy of each entry', async () => {
    const loki = await startLoki();
    const { store, fileId } = await imported();
    const ship = shipper(store, loki.url);
    const first = await ship.ship({ fileId });
    const idle = await ship.ship({ fileId });
    expect(idle).toEqual(first);
    expect(loki.requests).toHaveLength(Math.ceil(first.entriesTotal / 500));

    const again = await ship.ship({ fileId, again: true });
    expect(again).toMatchObject({ state: 'done', entriesDone: first.entriesTotal });
    expect(loki.duplicates).toBe(first.entriesTotal);
    expect(loki.entries()).toHaveLength(first.entriesTotal);
  });
});

describe('kill -9 in the middle of a shipment', () => {
  const child = resolve(import.meta.dirname, '../fixtures/loki/ship-child.ts');
  let loki: LokiStandIn;

  beforeAll(async () => {
    loki = new LokiStandIn({ rejectOldSamples: false });
    await loki.start();
  });
  afterAll(() => loki.stop());

  it('resumes at the cursor in the next process: every entry kept once', async () => {
    const { dir, store, fileId } = await imported();
    store.close();

    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', child, dir, String(fileId), loki.url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((done, fail) => {
      proc.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('shipped 600')) {
          proc.kill('SIGKILL');
          done();
        }
      });
      proc.on('exit', (code) => fail(new Error(`child exited (${code}) before it was killed`)));
    });
    await new Promise((r) => proc.once('exit', r));

    const after = openStore({ dataDir: dir });
    stores.push(after);
    const [left] = after.shipments.list();
    expect(left.state).toBe('running');
    expect(after.shipments.interrupted().map((s) => s.id)).toEqual([left.id]);

    const done = await shipper(after, loki.url, { batchLines: 100 }).ship({ fileId });
    expect(done.state).toBe('done');
    expect(loki.entries()).toHaveLength(done.entriesTotal);
    // At most the one batch in flight at the kill was sent twice; Loki kept it once.
    expect(loki.duplicates).toBeLessThanOrEqual(100);
  });
});
