/**
 * `maclog stack` as a user runs it, against the real engine: up, status (text and JSON),
 * logs and down (these two without --settings: they take the ones `up` kept), and the exit
 * code and message when no engine answers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, testEngine, testSettings } from './helpers.js';

const runner = resolve(import.meta.dirname, '../fixtures/cli/run-cli.ts');
const engine = await testEngine();
const prefixes: string[] = [];

afterAll(async () => {
  if (engine) for (const prefix of prefixes) await cleanUp(engine, prefix);
}, 180_000);

/** A data folder of this file's own: `stack up` keeps its settings there. */
const dataDir = mkdtempSync(join(tmpdir(), 'maclog-stack-cli-data-'));

/** Runs maclog without blocking the event loop (the stand-ins' probes need it). */
function maclog(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', runner, ...args], {
      env: { ...process.env, MACLOG_DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function settingsFile(): Promise<{ file: string; ports: Record<string, number> }> {
  const settings = await testSettings();
  prefixes.push(settings.namePrefix);
  const file = join(mkdtempSync(join(tmpdir(), 'maclog-stack-cli-')), 'stack.json');
  const { namePrefix, images, ports, appMetricsPort } = settings;
  writeFileSync(file, JSON.stringify({ namePrefix, images, ports, appMetricsPort }));
  return { file, ports };
}

describe('maclog stack without an engine', () => {
  it('fails with exit code 1 and says what it tried', async () => {
    const host = 'unix:///nonexistent/maclog/docker.sock';
    const run = await maclog(['stack', 'status', '--engine', host]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('maclog stack: no container engine answered.');
    expect(run.stderr).toContain(`${host} (settings): no such socket`);
  });

  it('refuses a settings file with a wrong value, naming the field', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'maclog-stack-cli-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ ports: { grafana: 'three thousand' } }));
    const run = await maclog(['stack', 'up', '--settings', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^maclog stack: .*bad\.json: ports\.grafana: /m);
  });
});

describe.runIf(engine)('maclog stack on a real engine', { timeout: 180_000 }, () => {
  it('up, status, status --json, logs, down', async () => {
    const { file, ports } = await settingsFile();
    const up = await maclog(['stack', 'up', '--settings', file]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/^Engine: (podman|docker) /);
    expect(up.stderr).toContain(`grafana: ready at http://127.0.0.1:${ports['grafana']}`);
    expect(up.stdout).toContain(`loki        ready     http://127.0.0.1:${ports['loki']}`);

    const json = await maclog(['stack', 'status', '--json', '--settings', file]);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { service: string; state: string }[];
    expect(list.map((s) => [s.service, s.state])).toEqual([
      ['loki', 'ready'],
      ['prometheus', 'ready'],
      ['grafana', 'ready'],
    ]);

    // Without --settings, the stack `stack up` was given is the one meant.
    const logs = await maclog(['stack', 'logs', 'loki']);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stderr).toContain(
      `Stack settings: ${join(dataDir, 'stack', 'settings.json')} (kept from the last command)`,
    );
    expect(logs.stdout).toContain('stand-in loki: ready endpoint on 0.0.0.0:3100');

    const down = await maclog(['stack', 'down', '--remove', '--volumes', '--settings', file]);
    expect(down.code).toBe(0);
    const after = await maclog(['stack', 'status']);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain(`grafana     missing   http://127.0.0.1:${ports['grafana']}`);
  });
});
