/**
 * Shipping from the UI's API, end to end: a real server and store, a real sample ingested
 * through an upload, shipped to the Loki STAND-IN (test/fixtures/loki), its progress read
 * off the server-sent events. Also: an upload keeps the browser's modification time.
 */
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiErrorBody,
  FileShipment,
  FileSummary,
  IngestResult,
  ShipEvent,
  ShipTarget,
} from '../../src-shared/api.js';
import { startServer } from '../../src-main/serve/server.js';
import { parseStackSettings } from '../../src-shared/stack.js';
import { LokiStandIn } from '../fixtures/loki/loki-standin.js';
import { samplePath } from '../samples.js';
import {
  changeWithoutApiHeader,
  close,
  finished,
  listen,
  testServer,
  upload,
  type TestServer,
} from './helpers.js';

const SAMPLE = 'srsran-gnb-nr.log';
let loki: LokiStandIn;
let t: TestServer;

beforeAll(async () => {
  // Historical lines are fine for the app's own Loki configuration: no old-sample check.
  loki = new LokiStandIn({ rejectOldSamples: false });
  await loki.start();
  t = await testServer({ lokiUrl: loki.url });
});

afterAll(async () => {
  await close(t);
  await loki.stop();
});

async function ingested(name: string, lastModified?: number): Promise<number> {
  const response = await upload(t, name, readFileSync(samplePath(name)), lastModified);
  expect(response.status).toBe(202);
  const { jobs } = (await response.json()) as IngestResult;
  const job = await finished(t.server, jobs[0].id);
  expect(job.state).toBe('done');
  return job.fileId!;
}

/** Uploads the sample to `own`, ships its file, and gives the shipment as it ended. */
async function uploadAndShip(own: TestServer): Promise<FileShipment> {
  const response = await upload(own, SAMPLE, readFileSync(samplePath(SAMPLE)));
  const { jobs } = (await response.json()) as IngestResult;
  const fileId = (await finished(own.server, jobs[0].id)).fileId!;
  const ended = new Promise<FileShipment>((resolve) => {
    own.server.ships.onEvent(({ shipment: s }) => s.state !== 'running' && resolve(s));
  });
  await own.server.ships.ship(fileId);
  return ended;
}

/** Ships as the admin, a change as the page makes it. */
function ship(fileId: number | string, body: object = {}) {
  return t.admin.change('POST', `/api/files/${fileId}/ship`, body);
}

const read = (path: string) => t.admin.request('GET', path);

describe('shipping from the UI', () => {
  it('ships a stored file to Loki with progress events, and keeps the outcome', async () => {
    const fileId = await ingested(SAMPLE);
    const target = (await (await read('/api/ship-target')).json()) as ShipTarget;
    expect(target).toEqual({ url: loki.url, source: 'option', reason: null });

    const events = await listen(t);
    const response = await ship(fileId);
    expect(response.status).toBe(202);
    const started = (await response.json()) as FileShipment;
    expect(started).toMatchObject({ fileId, state: 'running', target: loki.url, entriesDone: 0 });

    const isShip = (state: string) => (e: { type: string; data: unknown }) =>
      e.type === 'ship' && (e.data as ShipEvent).shipment.state === state;
    const done = ((await events.next(isShip('done'))).data as ShipEvent).shipment;
    await events.close();

    // Every entry the shipper counted arrived, and Loki kept them all.
    expect(loki.entries()).toHaveLength(done.entriesTotal);
    expect(done).toMatchObject({
      fileId,
      entriesDone: done.entriesTotal,
      accepted: done.entriesTotal,
      rejected: 0,
      rejectedByReason: {},
      error: null,
    });
    // Progress in between: the sample makes several batches of 1000 entries.
    const progress = events.events.filter(isShip('running'));
    expect(progress.length).toBeGreaterThan(2);
    const seen = progress.map((e) => (e.data as ShipEvent).shipment.entriesDone);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const listed = (await (await read('/api/shipments')).json()) as FileShipment[];
    expect(listed).toEqual([done]);

    // Shipped before: it is not sent again unless asked.
    const again = (await (await ship(fileId)).json()) as FileShipment;
    expect(again).toEqual(done);
    expect(loki.entries()).toHaveLength(done.entriesTotal);
  });

  it('leaves a shipment under way to the next start, which finishes it from its cursor', async () => {
    const own = new LokiStandIn({ rejectOldSamples: false });
    await own.start();
    const first = await testServer({ lokiUrl: own.url });
    try {
      const response = await upload(first, SAMPLE, readFileSync(samplePath(SAMPLE)));
      const { jobs } = (await response.json()) as IngestResult;
      const fileId = (await finished(first.server, jobs[0].id)).fileId!;

      const midway = new Promise<void>((resolve) => {
        first.server.ships.onEvent(({ shipment: s }) => {
          if (s.entriesDone > 0 && s.entriesDone < s.entriesTotal) resolve();
        });
      });
      await first.server.ships.ship(fileId);
      await midway;
      await first.server.close();

      const [left] = first.ctx.store.shipments.list();
      expect(left).toMatchObject({ state: 'running', error: null });
      expect(left.entriesDone).toBeLessThan(left.entriesTotal);

      const second = await startServer(first.ctx, {
        host: '127.0.0.1',
        port: 0,
        uiDir: first.uiDir,
        lokiUrl: own.url,
      });
      const done = await new Promise<FileShipment>((resolve) => {
        second.ships.onEvent(({ shipment: s }) => s.state === 'done' && resolve(s));
      });
      await second.close();
      expect(done).toMatchObject({ id: left.id, accepted: done.entriesTotal, rejected: 0 });
      // Nothing lost; at most the one batch in flight at the stop was sent twice.
      expect(own.entries()).toHaveLength(done.entriesTotal);
    } finally {
      await first.ctx.close();
      await own.stop();
    }
  });

  it('shows a Loki URL without its password, and ships with it', async () => {
    const guarded = new LokiStandIn({
      rejectOldSamples: false,
      basicAuth: { user: 'lab', password: 's3cret' },
    });
    await guarded.start();
    const withPassword = new URL(guarded.url);
    withPassword.username = 'lab';
    withPassword.password = 's3cret';
    const own = await testServer({ lokiUrl: withPassword.href });
    try {
      const shown = await own.admin.request('GET', '/api/ship-target');
      const text = await shown.text();
      expect(text).not.toContain('s3cret');
      expect(JSON.parse(text)).toEqual({ url: guarded.url, source: 'option', reason: null });

      // The stand-in refuses a push without the right basic authentication.
      const final = await uploadAndShip(own);
      expect(final).toMatchObject({ state: 'done', error: null });
      expect(guarded.entries()).toHaveLength(final.entriesTotal);
    } finally {
      await close(own);
      await guarded.stop();
    }
  });

  it("ships to an external stack's Loki with the password in its URL, shown without", async () => {
    const guarded = new LokiStandIn({
      rejectOldSamples: false,
      basicAuth: { user: 'lab', password: 's3cret' },
    });
    await guarded.start();
    const withPassword = guarded.url.replace('//', '//lab:s3cret@');
    const nowhere = 'http://127.0.0.1:9';
    const stackSettings = parseStackSettings({
      mode: 'external',
      external: { lokiUrl: withPassword, prometheusUrl: nowhere, grafanaUrl: nowhere },
    });
    const own = await testServer({ stackSettings });
    try {
      const shown = await (await own.admin.request('GET', '/api/ship-target')).text();
      expect(JSON.parse(shown)).toEqual({ url: guarded.url, source: 'stack', reason: null });
      const status = await (await own.admin.request('GET', '/api/stack')).text();
      expect(status).toContain(guarded.url);
      expect(`${shown}${status}`).not.toContain('s3cret');

      const final = await uploadAndShip(own);
      expect(final).toMatchObject({ state: 'done', error: null });
      expect(final.target).toBe(guarded.url);
      expect(guarded.entries()).toHaveLength(final.entriesTotal);
    } finally {
      await close(own);
      await guarded.stop();
    }
  });

  it('refuses a bad argument naming the field, and a change without the API header', async () => {
    const notBoolean = await ship(1, { again: 'yes' });
    expect(notBoolean.status).toBe(400);
    expect(((await notBoolean.json()) as ApiErrorBody).error).toEqual({
      message: 'again must be true or false',
      field: 'again',
    });

    const missing = await ship(999);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ApiErrorBody).error.field).toBe('fileId');

    // Signed in, with the CSRF token: only the header is missing.
    const noHeader = await changeWithoutApiHeader(t.admin, 'POST', '/api/files/1/ship');
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as ApiErrorBody).error.message).toBe(
      'requests that change data need the x-maclog-api header',
    );
  });

  it('gives an upload the modification time the browser sent, for dateless logs', async () => {
    // The sample's lines have times of day but no date: the date comes from the mtime.
    const lastModified = Date.UTC(2021, 2, 4, 18, 0, 0);
    const fileId = await ingested('srslte-enb-bsr-phr-harq.log', lastModified);
    const file = (await (await read(`/api/files/${fileId}`)).json()) as FileSummary;
    expect(statSync(file.file.path).mtimeMs).toBe(lastModified);
    expect(file.file.mtimeMs).toBe(lastModified);
    const first = new Date(Number(BigInt(file.firstNs!) / 1_000_000n));
    expect(first.toISOString().slice(0, 10)).toBe('2021-03-04');

    const bad = await upload(t, 'x.log', 'x', 'yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiErrorBody).error.field).toBe('lastModified');
  });
});
