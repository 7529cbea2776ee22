/**
 * The `maclog` command line as a user runs it: exit codes, messages, JSON for scripts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src-main/simulate/index.js';
import { openStore, STORE_FILE_NAME } from '../../src-main/store/store.js';
import { samplePath } from '../samples.js';

const runner = resolve(import.meta.dirname, '../fixtures/cli/run-cli.ts');

function maclog(args: string[], dataDir: string) {
  const out = spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MACLOG_DATA_DIR: dataDir },
    timeout: 120_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'maclog-cli-'));

interface FileRow {
  fileId: number;
  name: string;
}

describe('maclog ingest', () => {
  it('prints JSON for scripts, and exit code 0', () => {
    const data = fresh();
    const run = maclog(['ingest', '--json', samplePath('srslte-enb-bsr-phr-harq.log')], data);
    expect(run.code).toBe(0);
    const [outcome] = JSON.parse(run.stdout) as {
      error: string | null;
      result: { format: { id: string }; ues: unknown[]; lines: { lines: number } };
    }[];
    expect(outcome.error).toBeNull();
    expect(outcome.result.format.id).toBe('srslte-log');
    expect(outcome.result.lines.lines).toBe(6741);
    expect(outcome.result.ues.length).toBeGreaterThan(0);
  });

  it('prints a summary and a per-UE table, then finds the file already stored', () => {
    const data = fresh();
    const file = samplePath('srsran-gnb-nr.log');
    const first = maclog(['ingest', '--no-progress', file], data);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('srsran-gnb-nr.log: srsRAN Project gNB');
    expect(first.stdout).toContain('9004 lines');
    expect(first.stdout).toMatch(/│ 0 +│ 0 +│ 0x4601/);

    const again = maclog(['ingest', '--no-progress', file], data);
    expect(again.stdout).toContain('already stored as file #1, not parsed again');
    const files = maclog(['files', '--json'], data);
    expect(JSON.parse(files.stdout)).toHaveLength(1);
  });

  it('stores nothing of a forced format that fits few lines, and says which fits', () => {
    const data = fresh();
    const file = samplePath('srsran-gnb-nr.log');
    const run = maclog(['ingest', '--no-progress', '--format', 'oai-gnb', file], data);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('so it is not stored: is the format right?');
    expect(run.stderr).toContain('without --format the file is read as srsran-gnb');
    expect(JSON.parse(maclog(['files', '--json'], data).stdout)).toEqual([]);
  });

  it('shows each reading of a file read in two formats, and lists it as such', () => {
    const data = fresh();
    const file = samplePath('oai-gnb-nr-2020.log');
    expect(maclog(['ingest', '--json', '--format', 'oai-enb', file], data).code).toBe(0);
    expect(maclog(['ingest', '--json', file], data).code).toBe(0);

    const files = maclog(['files'], data);
    expect(files.stdout).toContain(
      'File #1 is read in several formats: `maclog show 1 --format ID` shows one.',
    );
    // The forced reading has its warning counted, and the list says where to read it.
    const columns = (format: string) =>
      files.stdout
        .split('\n')
        .find((l) => l.includes(`${format} v`))!
        .split('│')
        .map((c) => c.trim());
    expect(columns('oai-enb')[8]).toBe('1');
    expect(columns('oai-gnb')[8]).toBe('');
    expect(files.stdout).toContain('`maclog show N` prints the warnings of file #N.');
    const asEnb = maclog(['show', '1', '--format', 'oai-enb'], data);
    expect(asEnb.stdout).toContain('(oai-enb v');
    expect(asEnb.stdout).toContain(
      'warning: read as oai-enb as asked, though it looks like oai-gnb',
    );
    expect(maclog(['show', '1', '--format', 'oai-gnb'], data).stdout).toContain('(oai-gnb v');
    const none = maclog(['show', '1', '--format', 'amarisoft'], data);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no stored file #1 read as amarisoft');
  });

  it('shows retransmissions a log does not tell as null in JSON and - in the table', () => {
    const data = fresh();
    const console = samplePath('srsran-gnb-console-v23.log');
    const mac = samplePath('srslte-enb-bsr-phr-harq.log');
    const table = maclog(['ingest', '--no-progress', console, mac], data).stdout;
    // The console's UE 0x4601: DL and UL retx are "-"; the srsLTE UE 0x46 told 243 n_rtx=0.
    // The columns after the RNTI: rate, MCS, BLER, retx (DL/UL).
    expect(table).toMatch(/│ 0x4601 (│[^│]+){3}│ - +│/);
    expect(table).toMatch(/│ 0x46 (│[^│]+){3}│ 0\/0 +│/);

    type Shown = { ues: { kpis: { dlHarqRetx: number | null; ulHarqRetx: number | null } }[] };
    const shown = (id: string) =>
      (JSON.parse(maclog(['show', id, '--json'], data).stdout) as Shown).ues.map((u) => [
        u.kpis.dlHarqRetx,
        u.kpis.ulHarqRetx,
      ]);
    expect(shown('1')).toEqual([[null, null]]);
    expect(shown('2')).toEqual([[0, 0]]);
  });

  it('refuses a --formats-dir that does not exist, and warns of a bad format file', () => {
    const data = fresh();
    const file = samplePath('srsran-gnb-nr.log');
    const missing = join(data, 'no-such-formats');
    const run = maclog(['ingest', '--no-progress', '--formats-dir', missing, file], data);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`--formats-dir ${missing}: no such folder`);

    const formats = join(data, 'formats');
    mkdirSync(formats);
    writeFileSync(join(formats, 'broken.yaml'), 'id: x\nname: [\n');
    const warned = maclog(['ingest', '--no-progress', '--formats-dir', formats, file], data);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/^maclog: warning: format file skipped: broken\.yaml:\d+:\d+: /m);
  });

  it('judges the stored UEs again with the thresholds `show` is given', () => {
    const data = fresh();
    maclog(['ingest', '--no-progress', samplePath('srsran-gnb-nr.log')], data);
    type Shown = { ues: { malperforming: boolean; rule: string | null }[] };
    const stored = JSON.parse(maclog(['show', '1', '--json', '--bad'], data).stdout) as Shown;
    expect(stored.ues).toHaveLength(1);
    expect(stored.ues[0].rule).toMatch(/BLER/);

    const lenient = JSON.stringify({
      initialBlerMax: 1,
      residualBlerMax: 1,
      mcsMeanMin: 0,
      phrMeanMinDb: -40,
      raFailRatioMax: 1,
    });
    const shown = maclog(['show', '1', '--json', '--bad', '--thresholds', lenient], data);
    expect((JSON.parse(shown.stdout) as Shown).ues).toEqual([]);
  });

  it('fails a bad file with a message naming it, exit code 1, and goes on with the others', () => {
    const dir = fresh();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'shopping list\neggs\nmilk\n');
    const run = maclog(['ingest', notes, samplePath('oai-gnb-nrmac-stats.log')], join(dir, 'd'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`FAILED ${notes}: no known format recognises this file`);
    const missing = maclog(['ingest', join(dir, 'gone.log'), dir], join(dir, 'd'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`FAILED ${join(dir, 'gone.log')}: no such file\n`);
    expect(missing.stderr).toContain(`FAILED ${dir}: this is a folder, not a file`);
    // Neither made a job: a typo stands in no job list as failed for ever.
    const jobs = JSON.parse(maclog(['jobs', '--json'], join(dir, 'd')).stdout) as {
      path: string;
    }[];
    expect(jobs.map((j) => j.path).sort()).toEqual(
      [notes, samplePath('oai-gnb-nrmac-stats.log')].sort(),
    );
    // The messages are for people: no log lines of the engine unless asked for.
    expect(missing.stderr).not.toContain('"level"');
    expect(run.stdout).toContain('oai-gnb-nrmac-stats.log: OpenAirInterface nrMAC_stats.log');
  });

  it('refuses an unknown format name and a bad --anchor with a clear message', () => {
    const data = fresh();
    const file = samplePath('srslte-enb-rach.log');
    const format = maclog(['ingest', '--format', 'nope', file], data);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format "nope"; known formats: srsran-gnb-console');
    // A bad argument that commander checks is a usage error too: exit code 2 for all.
    expect(maclog(['show', 'abc'], data).code).toBe(2);
    // A number too big to be an id, and more workers than make sense (4 per core).
    expect(maclog(['show', '99999999999999999999'], data).code).toBe(2);
    const most = availableParallelism() * 4;
    const workers = maclog(['ingest', '--workers', String(most + 1), file], data);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain(`at most ${most} here (4 per core)`);
    const anchor = maclog(['ingest', '--anchor', 'yesterday', file], data);
    expect(anchor.code).toBe(2);
    expect(anchor.stderr).toContain('--anchor: "yesterday" is not a date');
  });

  it('says in words what the system refused, and exits 1: a failure, not a usage error', () => {
    const notAFolder = samplePath('srslte-enb-rach.log');
    const files = maclog(['files', '--data-dir', notAFolder], fresh());
    expect(files.code).toBe(1);
    expect(files.stderr).toContain(
      `maclog: ${notAFolder}: a file of that name is in the way (a folder was needed)`,
    );
    const out = join(fresh(), 'no-such-folder', 'x.log');
    const simulated = maclog(['simulate', '--out', out], fresh());
    expect(simulated.code).toBe(1);
    expect(simulated.stderr).toContain(`maclog: ${out}: no such file or folder`);
  });

  it('exits 1 when the port it should serve on is taken', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = maclog(['metrics', '--port', String(port)], fresh());
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `maclog: cannot serve metrics on 127.0.0.1:${port}: the port is already in use`,
      );
    } finally {
      taken.close();
    }
  });
});

describe('maclog ingest stopped by Ctrl-C', () => {
  it('cancels the job, stores nothing of it, and exits 130', async () => {
    const dir = fresh();
    const data = join(dir, 'd');
    const log = join(dir, 'big.log');
    // Big enough that one worker is still parsing when the job is seen running.
    await simulate({ format: 'srsran-gnb', level: 'debug', out: log, targetBytes: 150e6, seed: 3 });

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', runner, 'ingest', '--no-progress', '--workers', '1', log],
      { env: { ...process.env, MACLOG_DATA_DIR: data } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    await until(() => existsSync(join(data, STORE_FILE_NAME)) && runningJobs(data) > 0);
    child.kill('SIGINT');

    expect(await exited).toBe(130);
    expect(stderr).toContain(`CANCELLED ${log}: nothing of it is stored`);
    expect(JSON.parse(maclog(['files', '--json'], data).stdout)).toEqual([]);
  }, 120_000);
});

describe('maclog ingest after a kill -9', () => {
  // Run from folders outside the repository, tsx is named by its path.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

  it('restarts the job on the file it was given, from whichever folder it runs', async () => {
    const dir = fresh();
    const data = join(dir, 'd');
    const [first, other] = [join(dir, 'a'), join(dir, 'b')];
    mkdirSync(first);
    mkdirSync(other);
    await simulate({
      format: 'srsran-gnb',
      level: 'debug',
      out: join(first, 'gnb.log'),
      targetBytes: 150e6,
      seed: 4,
    });
    // Another log of the same name in the folder the next command runs from.
    copyFileSync(samplePath('srslte-enb-rach.log'), join(other, 'gnb.log'));

    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, runner, 'ingest', '--no-progress', '--workers', '1', 'gnb.log'],
      { cwd: first, env: { ...process.env, MACLOG_DATA_DIR: data } },
    );
    const exited = new Promise((done) => child.on('exit', done));
    await until(() => existsSync(join(data, STORE_FILE_NAME)) && runningJobs(data) > 0);
    child.kill('SIGKILL');
    await exited;

    const next = spawnSync(
      process.execPath,
      ['--import', tsxLoader, runner, 'ingest', '--json', samplePath('oai-gnb-nrmac-stats.log')],
      { cwd: other, encoding: 'utf8', env: { ...process.env, MACLOG_DATA_DIR: data } },
    );
    expect(next.status).toBe(0);
    const files = JSON.parse(maclog(['files', '--json'], data).stdout) as { path: string }[];
    expect(files.map((f) => f.path).sort()).toEqual(
      [join(first, 'gnb.log'), samplePath('oai-gnb-nrmac-stats.log')].sort(),
    );
  }, 180_000);
});

/** Running jobs in the store of `dataDir`, read as another process would. */
function runningJobs(dataDir: string): number {
  const store = openStore({ dataDir });
  try {
    return store.listJobs({ state: 'running' }).filter((j) => j.bytesDone > 0).length;
  } finally {
    store.close();
  }
}

async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((done) => setTimeout(done, 50));
}

describe('maclog ingest of content already stored', () => {
  it('names the copy given and the stored file, and says what its options did not change', () => {
    const dir = fresh();
    const data = join(dir, 'd');
    const copy = join(dir, 'copy-c.log');
    copyFileSync(samplePath('srslte-enb-rach.log'), copy);
    expect(maclog(['ingest', '--json', samplePath('srslte-enb-rach.log')], data).code).toBe(0);

    // Both UEs of this log fail every UL decode, 1 first transmission each: no default rule
    // judges on 1 sample, a minSamples of 1 does.
    const thresholds = '{"minSamples":1}';
    const run = maclog(
      ['ingest', '--no-progress', '--anchor', '2024-05-14', '--thresholds', thresholds, copy],
      data,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'copy-c.log: srsLTE eNB/UE log (srslte-log v3) - already stored as file #1 (srslte-enb-rach.log)',
    );
    expect(run.stdout).toContain('note: --anchor not applied to the stored reading');
    expect(run.stdout).toContain('note: its times were dated when');
    expect(run.stdout).toContain('note: judged again with --thresholds');
    expect(run.stdout).toContain('2 UEs in 1 cell(s), 2 malperforming');
    expect(run.stdout).toContain('UL initial BLER 100.0% > 15.0% (1 first transmissions)');

    // What is stored keeps the judgement of its ingest.
    const stored = maclog(['show', '1'], data).stdout;
    expect(stored).toContain('2 UEs in 1 cell(s), 0 malperforming');
  });
});

describe('maclog ingest --anchor of a log with dates', () => {
  it('says the anchor changes nothing, at that ingest only', () => {
    const data = fresh();
    const file = samplePath('srsran-gnb-nr.log');
    const first = maclog(['ingest', '--no-progress', '--anchor', '2024-01-01', file], data);
    expect(first.stdout).toContain('time: 2023-11-06 20:04:29');
    expect(first.stdout).toContain('note: --anchor changes nothing here');
    // Stored is the content's reading, with no word of the anchor: later views are clean.
    expect(maclog(['show', '1'], data).stdout).not.toContain('anchor');
    const again = maclog(['ingest', '--no-progress', '--anchor', '2024-01-01', file], data);
    expect(again.stdout).toContain('note: --anchor changes nothing here');
    expect(again.stdout).not.toContain('--anchor not applied');
  });
});

describe('maclog delete', () => {
  it('removes a stored file and its KPIs, keeps the others, and refuses an unknown number', () => {
    const data = fresh();
    const gnb = samplePath('srsran-gnb-nr.log');
    const enb = samplePath('srslte-enb-rach.log');
    expect(maclog(['ingest', '--json', gnb, enb], data).code).toBe(0);
    const before = JSON.parse(maclog(['files', '--json'], data).stdout) as FileRow[];
    expect(before).toHaveLength(2);
    const gnbId = before.find((f) => f.name === 'srsran-gnb-nr.log')!.fileId;

    const run = maclog(['delete', String(gnbId)], data);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Deleted file #${gnbId} (srsran-gnb-nr.log, read as srsran-gnb)`);
    const after = JSON.parse(maclog(['files', '--json'], data).stdout) as FileRow[];
    expect(after.map((f) => f.name)).toEqual(['srslte-enb-rach.log']);
    expect(maclog(['show', String(gnbId)], data).code).toBe(1);

    // The same number again, with one that exists: the one is refused, the other deleted.
    const again = maclog(['delete', String(gnbId), String(after[0].fileId)], data);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No file #${gnbId} is stored.`);
    expect(JSON.parse(maclog(['files', '--json'], data).stdout)).toEqual([]);

    // The content is gone from the store: ingesting it again parses it again.
    const reingest = maclog(['ingest', '--no-progress', gnb], data);
    expect(reingest.stdout).not.toContain('already stored');
    expect(reingest.stdout).toContain('9004 lines');
  });
});

describe('maclog demo', () => {
  it('shows KPIs of a simulated log, and a second demo adds no log and no file', () => {
    const data = fresh();
    const first = maclog(['demo'], data);
    const second = maclog(['demo'], data);

    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/UEs in 1 cell\(s\)/);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('Using the demo log written before');
    expect(second.stdout).toContain('already stored as file #1, not parsed again');
    expect(readdirSync(join(data, 'demo'))).toEqual(['srsran-gnb-demo.log']);
    expect(maclog(['files'], data).stdout).toMatch(/│ 1 │ srsran-gnb-demo\.log/);
    expect(maclog(['files'], data).stdout).not.toMatch(/│ 2 │/);
  });
});

describe('log settings', () => {
  it('says a wrong MACLOG_LOG_LEVEL or MACLOG_LOG_FORMAT and goes on', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', runner, 'formats'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        MACLOG_DATA_DIR: fresh(),
        MACLOG_LOG_LEVEL: 'verbose',
        MACLOG_LOG_FORMAT: 'xml',
      },
    });
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('srsran-gnb');
    expect(out.stderr).toContain('MACLOG_LOG_LEVEL=verbose is not one of fatal, error, warn');
    expect(out.stderr).toContain('MACLOG_LOG_FORMAT=xml is not one of json, pretty');
  });
});

describe('maclog formats', () => {
  it('lists built-in formats and names the file and line of each problem of a user format', () => {
    const dir = fresh();
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\nname: Broken\nversion: "1"\nclock: sometimes\n',
    );
    copyFileSync(
      resolve(import.meta.dirname, '../fixtures/user-formats/several-problems.yaml'),
      join(dir, 'several-problems.yaml'),
    );
    const run = maclog(['formats', '--formats-dir', dir], fresh());
    expect(run.code).toBe(1);
    for (const id of ['srsran-gnb', 'srslte-log', 'oai-gnb', 'amarisoft', 'vendor-gnb']) {
      expect(run.stdout).toContain(id);
    }
    expect(run.stderr).toMatch(/broken\.yaml:4:\d+: clock/);
    // Every problem of the file in one run (the messages: test/engine/user-formats.test.ts).
    const places = [...run.stderr.matchAll(/several-problems\.yaml:(\d+:\d+):/g)].map((m) => m[1]);
    expect(places).toEqual([
      '11:67',
      '12:13',
      '13:3',
      '21:15',
      '22:12',
      '23:32',
      '25:12',
      '28:7',
      '30:33',
    ]);
  });

  it('ingests a file with a user format, recognised without being named', () => {
    const dir = fresh();
    const formats = join(dir, 'formats');
    mkdirSync(formats);
    copyFileSync(
      resolve(import.meta.dirname, '../fixtures/declarative/tiny-sched.yaml'),
      join(formats, 'tiny-sched.yaml'),
    );
    const log = join(dir, 'tiny.log');
    writeFileSync(
      log,
      [
        '10:00:00.000100 [SCHED] DL rnti=4601 h=0 mcs=20 tbs=1000 rv=0',
        '10:00:00.000200 [SCHED] UL rnti=4601 h=1 mcs=10 tbs=200 rv=0',
        '10:00:00.001000 [SCHED] DL rnti=4601 h=0 mcs=20 tbs=1000 rv=2',
        '',
      ].join('\n'),
    );
    const run = maclog(['ingest', '--json', '--formats-dir', formats, log], join(dir, 'd'));
    expect(run.code).toBe(0);
    const [outcome] = JSON.parse(run.stdout) as {
      result: { format: { id: string }; ues: { counters: Record<string, number> }[] };
    }[];
    expect(outcome.result.format.id).toBe('tiny-sched');
    expect(outcome.result.ues[0].counters).toMatchObject({
      dlGrants: 2,
      dlRetxGrants: 1,
      dlBytes: 2000,
      ulGrants: 1,
      ulBytes: 200,
    });
  });
});

describe('maclog simulate', () => {
  it('writes a log that ingest then reads', () => {
    const dir = fresh();
    const out = join(dir, 'sim.log');
    const sim = maclog(['simulate', '--out', out, '--ues', '3', '--duration', '2'], dir);
    expect(sim.code).toBe(0);
    expect(sim.stderr).toMatch(/Wrote .*sim\.log: \d+ lines/);
    const run = maclog(['ingest', '--json', out], join(dir, 'data'));
    const [outcome] = JSON.parse(run.stdout) as { result: { ues: unknown[] } }[];
    expect(outcome.result.ues).toHaveLength(3);
  });
});
