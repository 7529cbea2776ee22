/**
 * `maclog ingest --loki` and `maclog ship` as a user runs them, against the Loki STAND-IN
 * (test/fixtures/loki). The CLI runs as a child process, asynchronously, so that the
 * stand-in in this process can answer it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore, STORE_FILE_NAME } from '../../src-main/store/store.js';
import { LokiStandIn } from '../fixtures/loki/loki-standin.js';
import { samplePath } from '../samples.js';

const runner = resolve(import.meta.dirname, '../fixtures/cli/run-cli.ts');
const run = promisify(execFile);

async function maclog(args: string[], dataDir: string) {
  try {
    const out = await run(process.execPath, ['--import', 'tsx', runner, ...args], {
      env: { ...process.env, MACLOG_DATA_DIR: dataDir },
      timeout: 120_000,
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let loki: LokiStandIn;
beforeAll(async () => {
  loki = new LokiStandIn({ rejectOldSamples: false });
  await loki.start();
});
afterAll(() => loki.stop());

describe('maclog and Loki', () => {
  it('ingests and ships in one command, then finds the file already shipped', async () => {
    const data = mkdtempSync(join(tmpdir(), 'maclog-cli-ship-'));
    const file = samplePath('srsran-gnb-nr.log');
    const first = await maclog(['ingest', '--no-progress', '--loki', loki.url, file], data);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/file #1: done, (\d+) entries kept by Loki, 0 refused/);
    const kept = Number(/done, (\d+) entries kept/.exec(first.stdout)![1]);
    expect(loki.entries()).toHaveLength(kept);

    const again = await maclog(['ship', '1', '--loki', loki.url], data);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('file #1: already shipped');

    const list = await maclog(['shipments', '--json'], data);
    const [shipment] = JSON.parse(list.stdout) as { state: string; entriesDone: number }[];
    expect(shipment).toMatchObject({ state: 'done', entriesDone: kept });
  });

  it('fails with the reason and a hint when Loki is not there, exit code 1', async () => {
    const data = mkdtempSync(join(tmpdir(), 'maclog-cli-ship-'));
    await maclog(['ingest', '--no-progress', samplePath('srsran-gnb-nr.log')], data);
    // A port nothing listens on: this stand-in, stopped.
    const gone = new LokiStandIn();
    const url = await gone.start();
    await gone.stop();

    const out = await maclog(['ship', '1', '--loki', url, '--no-progress', '--retries', '1'], data);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`file #1: not shipped: Loki at ${url} did not take the entries`);
    expect(out.stderr).toContain('run the same command again to resume');
    expect(out.stderr).toMatch(/ECONNREFUSED [\d.:]+ \(attempt 1, 1 retries left\)/);

    // A usage error, as every bad argument: exit code 2.
    const bad = await maclog(['ship', '1', '--loki', 'notaurl'], data);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a URL: "notaurl" (write it as http://host:port)');

    const missing = await maclog(['ship', '7', '--loki', url], data);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('file #7: not shipped: no stored file #7');
    expect(missing.stderr).not.toContain('resume');
  });

  it('lists a shipment whose process was killed as interrupted, not running', async () => {
    const data = mkdtempSync(join(tmpdir(), 'maclog-cli-ship-'));
    await maclog(['ingest', '--no-progress', samplePath('srsran-gnb-nr.log')], data);
    const store = openStore({ dataDir: data });
    const [file] = store.listFiles();
    store.shipments.start(file.ingestId, loki.url, 100, false);
    store.close();
    // The shipment's owner: a process that has exited since, as after a kill -9.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const db = new Database(join(data, STORE_FILE_NAME));
    db.prepare('UPDATE shipments SET owner_pid = ?').run(dead);
    db.close();

    const list = await maclog(['shipments'], data);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/│ interrupted/);
    expect(list.stdout).toContain('interrupted: the process shipping it is gone');
    expect(list.stdout).not.toMatch(/│ running/);
    const json = await maclog(['shipments', '--json'], data);
    const [entry] = JSON.parse(json.stdout) as { state: string; interrupted: boolean }[];
    expect(entry).toMatchObject({ state: 'running', interrupted: true });
  });

  it('ships to a Loki URL with a path prefix and a password, and never shows the password', async () => {
    const guarded = new LokiStandIn({
      rejectOldSamples: false,
      pathPrefix: '/logs',
      basicAuth: { user: 'lab', password: 's3cret' },
    });
    await guarded.start();
    try {
      const data = mkdtempSync(join(tmpdir(), 'maclog-cli-ship-'));
      await maclog(['ingest', '--no-progress', samplePath('srsran-gnb-nr.log')], data);
      const url = guarded.url.replace('http://', 'http://lab:s3cret@') + '/logs';
      const shipped = await maclog(['ship', '1', '--no-progress', '--loki', url], data);
      expect(shipped.code).toBe(0);
      expect(shipped.stdout).toContain(`requests to ${guarded.url}/logs)`);
      expect(guarded.entries().length).toBeGreaterThan(0);

      const list = await maclog(['shipments', '--json'], data);
      const [shipment] = JSON.parse(list.stdout) as { target: string; state: string }[];
      expect(shipment).toMatchObject({ target: `${guarded.url}/logs`, state: 'done' });
      for (const out of [shipped.stdout, shipped.stderr, list.stdout]) {
        expect(out).not.toContain('s3cret');
      }
    } finally {
      await guarded.stop();
    }
  });
});
