/**
 * Accounts of `maclog serve` over real HTTP against a real server and SQLite store: the
 * first admin, sign-in and sign-out, cookies, CSRF, rate limiting, and what each role may
 * do on every route, shipping to Loki (a stand-in) and the stack's included.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiErrorBody,
  FileShipment,
  IngestResult,
  JobEvent,
  SessionInfo,
  StackStatus,
  UserInfo,
} from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { startServer, type RunningServer } from '../../src-main/serve/server.js';
import { STORE_FILE_NAME } from '../../src-main/store/store.js';
import { parseStackSettings } from '../../src-shared/stack.js';
import { LokiStandIn } from '../fixtures/loki/loki-standin.js';
import { TestBrowser } from '../fixtures/serve/browser.js';
import { samplePath } from '../samples.js';
import { standInUi } from './helpers.js';

const PASSWORD = 'correct horse battery';
let ctx: AppContext;
let server: RunningServer;
let dataDir: string;
let admin: TestBrowser;
let loki: LokiStandIn;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'maclog-accounts-'));
  dataDir = join(root, 'data');
  const uiDir = standInUi(root);
  ctx = openContext({ dataDir, workers: 1 });
  // The samples are historical: the app's own Loki configuration takes old lines.
  loki = new LokiStandIn({ rejectOldSamples: false });
  await loki.start();
  server = await startServer(ctx, {
    host: '127.0.0.1',
    port: 0,
    uiDir,
    lokiUrl: loki.url,
    // A socket nobody listens on: a stack route that wrongly let a non-admin through
    // would fail against it rather than start containers on whatever engine is about.
    stackSettings: parseStackSettings({ engineHost: `unix://${join(root, 'no-engine.sock')}` }),
  });
  admin = new TestBrowser(server.url);
});

afterAll(async () => {
  await server.close();
  await ctx.close();
  await loki.stop();
});

async function errorOf(response: Response): Promise<ApiErrorBody['error']> {
  return ((await response.json()) as ApiErrorBody).error;
}

/** A new browser, signed in as a new user with `role` (added by the admin). */
async function userWith(name: string, role: UserInfo['role']): Promise<TestBrowser> {
  const added = await admin.change('POST', '/api/users', { name, password: PASSWORD, role });
  expect(added.status).toBe(201);
  const browser = new TestBrowser(server.url);
  expect((await browser.signIn(name, PASSWORD)).status).toBe(200);
  return browser;
}

function finished(jobId: number): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = server.runner.onEvent((event: JobEvent) => {
      if (event.job.id === jobId && ['done', 'failed', 'cancelled'].includes(event.job.state)) {
        stop();
        resolve(event.job);
      }
    });
  });
}

async function uploadSample(browser: TestBrowser): Promise<JobInfo> {
  const response = await browser.upload(
    'srsran-gnb-nr.log',
    readFileSync(samplePath('srsran-gnb-nr.log')),
  );
  expect(response.status).toBe(202);
  const { jobs } = (await response.json()) as IngestResult;
  return finished(jobs[0].id);
}

/** The shipment of `fileId` once it has ended; listen before asking for the shipment. */
function shipmentEnded(fileId: number): Promise<FileShipment> {
  return new Promise((resolve) => {
    const stop = server.ships.onEvent(({ shipment }) => {
      if (shipment.fileId === fileId && shipment.state !== 'running') {
        stop();
        resolve(shipment);
      }
    });
  });
}

/** A job as `maclog ingest` leaves it: no owner. */
function cliJob(): JobInfo {
  const job = ctx.store.createJob('/lab/cli.log', null);
  ctx.store.failJob(job.id, 'stand-in failure');
  return job;
}

describe('the first run', () => {
  it('offers to create the admin only while no account exists, and signs them in', async () => {
    const stranger = new TestBrowser(server.url);
    expect(await stranger.session()).toMatchObject({ user: null, needsFirstAdmin: true });
    expect((await stranger.request('GET', '/api/files')).status).toBe(401);

    const created = await admin.createFirstAdmin('Lab-Admin', PASSWORD);
    expect(created.status).toBe(200);
    const session = (await created.json()) as SessionInfo;
    expect(session).toMatchObject({
      user: { name: 'Lab-Admin', role: 'admin', disabled: false },
      needsFirstAdmin: false,
    });
    const cookie = admin.lastSetCookies.find((c) => c.startsWith('maclog_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect((await admin.request('GET', '/api/files')).status).toBe(200);

    // Afterwards: sign-in only, for everyone.
    expect(await stranger.session()).toMatchObject({ user: null, needsFirstAdmin: false });
    const second = await stranger.createFirstAdmin('intruder', PASSWORD);
    expect(second.status).toBe(409);
    expect(await errorOf(second)).toMatchObject({ field: 'name' });
  });

  it('keeps only a hash of the session token and of the password', () => {
    const db = new Database(join(dataDir, STORE_FILE_NAME), { readonly: true });
    const user = db.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    const tokens = db.prepare('SELECT token_hash FROM sessions').pluck().all() as string[];
    db.close();
    expect(user.password_hash).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(user.password_hash).not.toContain(PASSWORD);
    const token = admin.cookies.get('maclog_session')!;
    expect(tokens).not.toContain(token);
    expect(tokens).toHaveLength(1);
  });
});

describe('sign-in and sign-out', () => {
  it('refuses a wrong password or name in the same words, and a missing field by name', async () => {
    const browser = new TestBrowser(server.url);
    const wrong = await browser.signIn('Lab-Admin', 'not the password');
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toEqual({ message: 'wrong name or password', field: 'password' });
    const unknown = await browser.signIn('nobody', 'not the password');
    expect(await errorOf(unknown)).toEqual({
      message: 'wrong name or password',
      field: 'password',
    });
    const missing = await browser.change('POST', '/api/session', { name: 'Lab-Admin' });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).field).toBe('password');
  });

  it('takes the name in any case, and ends the session on the server at sign-out', async () => {
    const browser = new TestBrowser(server.url);
    expect((await browser.signIn('lab-admin', PASSWORD)).status).toBe(200);
    const token = browser.cookies.get('maclog_session')!;
    expect((await browser.request('GET', '/api/jobs')).status).toBe(200);

    expect((await browser.change('DELETE', '/api/session')).status).toBe(204);
    expect(browser.cookies.has('maclog_session')).toBe(false);
    // The old cookie, kept by someone, signs nobody in any more.
    const replay = new TestBrowser(server.url);
    replay.cookies.set('maclog_session', token);
    expect((await replay.request('GET', '/api/jobs')).status).toBe(401);
  });

  it('limits sign-in attempts per address and name', async () => {
    const browser = new TestBrowser(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await browser.signIn('guess-me', 'x')).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const limited = await browser.signIn('guess-me', 'x');
    expect((await errorOf(limited)).message).toMatch(/^too many sign-in attempts: try again in/);
    // Another name from the same address is not held up by it.
    expect((await browser.signIn('Lab-Admin', PASSWORD)).status).toBe(200);
  }, 30_000);
});

describe('CSRF', () => {
  it('refuses a change without the session’s token, or with another session’s', async () => {
    const editor = await userWith('csrf-editor', 'editor');
    const job = await uploadSample(editor);

    const without = await editor.request('POST', `/api/jobs/${job.id}/retry`, {
      headers: { 'x-maclog-api': '1' },
    });
    expect(without.status).toBe(403);
    expect(await errorOf(without)).toEqual({
      message: 'this change lacks the CSRF token of your session: reload the page',
      field: 'x-csrf-token',
    });

    const other = await editor.request('DELETE', `/api/jobs/${job.id}`, {
      headers: { 'x-maclog-api': '1', 'x-csrf-token': admin.csrfToken },
    });
    expect(other.status).toBe(403);
    expect((await editor.change('DELETE', `/api/jobs/${job.id}`)).status).toBe(204);
  });
});

describe('roles', () => {
  let editor: TestBrowser;
  let otherEditor: TestBrowser;
  let viewer: TestBrowser;
  let editorJob: JobInfo;

  beforeAll(async () => {
    editor = await userWith('erin', 'editor');
    otherEditor = await userWith('omar', 'editor');
    viewer = await userWith('vic', 'viewer');
    editorJob = await uploadSample(editor);
  }, 60_000);

  it('let a viewer read every file and job, and change nothing', async () => {
    for (const path of [
      '/api/files',
      `/api/files/${editorJob.fileId}`,
      '/api/jobs',
      '/api/session',
      '/api/ship-target',
      '/api/shipments',
    ]) {
      expect([path, (await viewer.request('GET', path)).status]).toEqual([path, 200]);
    }
    const upload = await viewer.upload('a.log', 'x');
    expect(upload.status).toBe(403);
    expect(await errorOf(upload)).toEqual({
      message: 'vic is a viewer: uploading needs the editor or admin role',
      field: 'files',
    });
    for (const [method, path] of [
      ['POST', `/api/jobs/${editorJob.id}/cancel`],
      ['POST', `/api/jobs/${editorJob.id}/retry`],
      ['DELETE', `/api/jobs/${editorJob.id}`],
    ] as const) {
      const refused = await viewer.change(method, path);
      expect([path, refused.status]).toEqual([path, 403]);
      expect(await errorOf(refused)).toEqual({
        message: 'vic is a viewer and changes no job',
        field: 'jobId',
      });
    }
    expect((await viewer.request('GET', '/api/users')).status).toBe(403);
  });

  it('let an editor change their own jobs only; CLI jobs are the admin’s to change', async () => {
    const notTheirs = await otherEditor.change('DELETE', `/api/jobs/${editorJob.id}`);
    expect(notTheirs.status).toBe(403);
    expect(await errorOf(notTheirs)).toEqual({
      message: `job ${editorJob.id} is not omar's: only its owner or an admin may change it`,
      field: 'jobId',
    });
    const fromCli = cliJob();
    expect((await editor.change('POST', `/api/jobs/${fromCli.id}/retry`)).status).toBe(403);
    expect((await editor.change('DELETE', `/api/jobs/${fromCli.id}`)).status).toBe(403);
    expect((await admin.change('DELETE', `/api/jobs/${fromCli.id}`)).status).toBe(204);

    // The same content sent again by someone else is their job; deleting it keeps erin's file.
    const again = await uploadSample(otherEditor);
    expect(again).toMatchObject({ state: 'done', reused: true, fileId: editorJob.fileId });
    expect((await otherEditor.change('DELETE', `/api/jobs/${again.id}`)).status).toBe(204);
    expect((await editor.request('GET', `/api/files/${editorJob.fileId}`)).status).toBe(200);

    const retried = await editor.change('POST', `/api/jobs/${editorJob.id}/retry`);
    expect(retried.status).toBe(409); // done: allowed to ask, refused for its state
    expect((await editor.request('GET', '/api/users')).status).toBe(403);
  });

  it('let an admin change anyone’s job', async () => {
    const job = await uploadSample(otherEditor);
    expect((await admin.change('DELETE', `/api/jobs/${job.id}`)).status).toBe(204);
  });

  it('let an editor or admin ship a stored file to Loki, and not a viewer', async () => {
    const fileId = editorJob.fileId!;
    const refused = await viewer.change('POST', `/api/files/${fileId}/ship`, {});
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toEqual({
      message: 'vic is a viewer: shipping to Loki needs the editor or admin role',
      field: 'fileId',
    });
    expect(await (await viewer.request('GET', '/api/shipments')).json()).toEqual([]);

    // Every stored file is everyone's: omar ships the one erin uploaded.
    const ended = shipmentEnded(fileId);
    const shipped = await otherEditor.change('POST', `/api/files/${fileId}/ship`, {});
    expect(shipped.status).toBe(202);
    expect(await shipped.json()).toMatchObject({ fileId, state: 'running', target: loki.url });
    const done = await ended;
    expect(done).toMatchObject({ state: 'done', error: null });
    expect(loki.entries()).toHaveLength(done.entriesTotal);

    // The admin gets past the role check: what stops them is the file that does not exist.
    const missing = await admin.change('POST', '/api/files/999999/ship', {});
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).field).toBe('fileId');
  });

  it('let only an admin start or stop the stack or read its logs; its status is everyone’s', async () => {
    for (const [name, browser] of [
      ['erin', editor],
      ['vic', viewer],
    ] as const) {
      for (const [method, path, body] of [
        ['POST', '/api/stack/start', undefined],
        ['POST', '/api/stack/stop', {}],
        ['POST', '/api/stack/stop', { remove: true }],
        ['GET', '/api/stack/logs/loki', undefined],
      ] as const) {
        const response =
          method === 'GET'
            ? await browser.request(method, path)
            : await browser.change(method, path, body);
        expect([name, path, response.status]).toEqual([name, path, 403]);
        expect(await errorOf(response)).toEqual({
          message: `${name} is not an admin: only admins run the stack`,
          field: null,
        });
      }
    }

    for (const browser of [viewer, editor, admin]) {
      const response = await browser.request('GET', '/api/stack');
      expect(response.status).toBe(200);
      const status = (await response.json()) as StackStatus;
      expect(status).toMatchObject({ mode: 'managed', busy: null, engine: { found: false } });
    }

    // The admin gets past the role check: what stops them is the engine nobody runs.
    const start = await admin.change('POST', '/api/stack/start');
    expect(start.status).toBe(502);
    expect((await errorOf(start)).message).toMatch(/^no container engine answered/);
    expect((await admin.request('GET', '/api/stack/logs/loki')).status).toBe(409);
  });

  it('need a signed-in user on every route but the sign-in ones', async () => {
    const stranger = new TestBrowser(server.url);
    await stranger.session();
    for (const [method, path] of [
      ['GET', '/api/files'],
      ['GET', `/api/files/${editorJob.fileId}`],
      ['GET', `/api/files/${editorJob.fileId}/series?cell=0`],
      ['GET', '/api/jobs'],
      ['GET', '/api/events'],
      ['GET', '/api/users'],
      ['GET', '/api/grafana'],
      ['GET', '/api/ship-target'],
      ['GET', '/api/shipments'],
      ['GET', '/api/stack'],
      ['GET', '/api/stack/logs/loki'],
      ['POST', `/api/files/${editorJob.fileId}/ship`],
      ['POST', '/api/stack/start'],
      ['POST', '/api/stack/stop'],
      ['POST', '/api/jobs'],
      ['POST', `/api/jobs/${editorJob.id}/cancel`],
      ['DELETE', `/api/jobs/${editorJob.id}`],
      ['POST', '/api/users'],
      ['PATCH', '/api/users/1'],
      ['DELETE', '/api/users/1'],
    ] as const) {
      const response =
        method === 'GET'
          ? await stranger.request(method, path)
          : await stranger.change(method, path);
      expect([method, path, response.status]).toEqual([method, path, 401]);
    }
  });
});

describe('the admin’s user list', () => {
  const patch = (userId: number, body: Record<string, unknown>) =>
    admin.change('PATCH', `/api/users/${userId}`, body);

  it('adds users with a role, and refuses a taken name or a bad field by name', async () => {
    const taken = await admin.change('POST', '/api/users', {
      name: 'LAB-ADMIN',
      password: PASSWORD,
      role: 'viewer',
    });
    expect(taken.status).toBe(409);
    expect(await errorOf(taken)).toEqual({ message: 'the name Lab-Admin is taken', field: 'name' });
    const short = await admin.change('POST', '/api/users', {
      name: 'sam',
      password: 'short',
      role: 'viewer',
    });
    expect(await errorOf(short)).toEqual({
      message: 'password must have at least 10 characters',
      field: 'password',
    });
    const role = await admin.change('POST', '/api/users', {
      name: 'sam',
      password: PASSWORD,
      role: 'root',
    });
    expect(await errorOf(role)).toMatchObject({ field: 'role' });
  });

  it('changes a role, which applies at the user’s next request', async () => {
    const browser = await userWith('rita', 'viewer');
    const rita = (await browser.session()).user!;
    expect((await browser.upload('a.log', 'x')).status).toBe(403);
    const promoted = await patch(rita.id, { role: 'editor' });
    expect(((await promoted.json()) as UserInfo).role).toBe('editor');
    expect((await browser.session()).user?.role).toBe('editor');
    expect((await browser.upload('notes.txt', 'shopping list\n')).status).toBe(422);
  });

  it('disables a user, ending their sessions, and enables them again', async () => {
    const browser = await userWith('dora', 'editor');
    const dora = (await browser.session()).user!;
    expect(((await (await patch(dora.id, { disabled: true })).json()) as UserInfo).disabled).toBe(
      true,
    );
    expect((await browser.request('GET', '/api/jobs')).status).toBe(401);
    const refused = await browser.signIn('dora', PASSWORD);
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toEqual({
      message: 'the account dora is disabled',
      field: 'name',
    });
    await patch(dora.id, { disabled: false });
    expect((await browser.signIn('dora', PASSWORD)).status).toBe(200);
  });

  it('resets a password, ending the sessions signed in with the old one', async () => {
    const browser = await userWith('paul', 'viewer');
    const paul = (await browser.session()).user!;
    expect((await patch(paul.id, { password: 'a brand new secret' })).status).toBe(200);
    expect((await browser.request('GET', '/api/jobs')).status).toBe(401);
    expect((await browser.signIn('paul', PASSWORD)).status).toBe(401);
    expect((await browser.signIn('paul', 'a brand new secret')).status).toBe(200);
  });

  it('deletes a user, whose jobs stay, owned by nobody', async () => {
    const browser = await userWith('dan', 'editor');
    const dan = (await browser.session()).user!;
    const job = ctx.store.createJob('/lab/dan.log', null, {}, dan.id);
    expect((await admin.change('DELETE', `/api/users/${dan.id}`)).status).toBe(204);
    expect((await browser.request('GET', '/api/jobs')).status).toBe(401);
    expect(ctx.store.jobOwner(job.id)).toBeNull();
    const users = (await (await admin.request('GET', '/api/users')).json()) as UserInfo[];
    expect(users.map((u) => u.name)).not.toContain('dan');
    expect(users[0]).not.toHaveProperty('passwordHash');
  });

  it('never leaves the server without an enabled admin', async () => {
    const me = (await admin.session()).user!;
    const demote = await patch(me.id, { role: 'editor' });
    expect(demote.status).toBe(409);
    expect(await errorOf(demote)).toEqual({
      message: 'Lab-Admin is the last admin and cannot be demoted: make another user admin first',
      field: 'userId',
    });
    expect((await patch(me.id, { disabled: true })).status).toBe(409);
    expect((await admin.change('DELETE', `/api/users/${me.id}`)).status).toBe(409);
  });
});
