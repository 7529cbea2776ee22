// @vitest-environment happy-dom
/**
 * The job list offers each user only what the server lets them do: an editor changes their
 * own jobs, an admin any job, a viewer none and ships nothing; the desktop app's one user
 * does everything. (The server's own checks are tested in test/serve/accounts.test.ts.)
 */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileShipment, Role, ShipTarget, UserInfo } from '../../src-shared/api.js';
import { SignedInUserProvider } from '../../src-renderer/src/accounts-context.js';
import { JobList } from '../../src-renderer/src/components/JobList.js';
import type { LiveJob } from '../../src-renderer/src/hooks.js';
import { fakeApi, renderWith } from './fake-api.js';

afterEach(cleanup);

const EDITOR_ID = 5;

function job(id: number, state: LiveJob['state'], ownerId: number | null): LiveJob {
  return {
    id,
    path: `/data/uploads/log-${id}.log`,
    state,
    bytesDone: 100,
    bytesTotal: 100,
    formatId: null,
    createdAt: '2024-03-01T12:00:00.000Z',
    startedAt: '2024-03-01T12:00:00.000Z',
    finishedAt: '2024-03-01T12:00:02.000Z',
    error: state === 'failed' ? 'log-1.log: no format recognised' : null,
    fileId: state === 'done' ? id : null,
    reused: false,
    ownerId,
    done: 100,
    total: 100,
  };
}

/** The editor's failed job, someone else's failed job, and a done job of the CLI. */
const JOBS = [job(1, 'failed', EDITOR_ID), job(2, 'failed', 9), job(3, 'done', null)];

const LOKI: ShipTarget = { url: 'http://127.0.0.1:3100', source: 'stack', reason: null };

/** Job 3's file, shipped: 3476 lines kept of 3476. */
const SHIPPED: FileShipment = {
  id: 1,
  ingestId: 3,
  fileId: 3,
  target: LOKI.url!,
  state: 'done',
  entriesTotal: 3476,
  entriesDone: 3476,
  accepted: 3476,
  rejected: 0,
  rejectedByReason: {},
  requests: 4,
  error: null,
  startedAt: '2024-03-01T12:01:00.000Z',
  updatedAt: '2024-03-01T12:01:09.000Z',
  finishedAt: '2024-03-01T12:01:09.000Z',
};

function show(role: Role | null, shipments: FileShipment[] = []) {
  const fake = fakeApi({
    getShipTarget: () => Promise.resolve(LOKI),
    listShipments: () => Promise.resolve(shipments),
  });
  const list = <JobList jobs={JOBS} onChanged={() => {}} onOpen={() => {}} />;
  if (role === null) return renderWith(fake.api, list);
  const user: UserInfo = {
    id: EDITOR_ID,
    name: 'ana',
    role,
    createdAt: '2024-03-01T00:00:00.000Z',
    disabled: false,
  };
  return renderWith(fake.api, <SignedInUserProvider user={user}>{list}</SignedInUserProvider>);
}

/** The names of the buttons in the row of `log-N.log`. */
function buttons(n: number): string[] {
  const row = screen.getByRole('listitem', { name: `job log-${n}.log` });
  return within(row)
    .queryAllByRole('button')
    .map((b) => b.textContent ?? '');
}

describe('job actions by role', () => {
  it('lets an editor retry and delete their own job only', () => {
    show('editor');
    expect(buttons(1)).toEqual(['Retry', 'Delete']);
    expect(buttons(2)).toEqual([]);
    // The CLI's job is the admin's to delete; anyone may open it, an editor may ship it.
    expect(buttons(3)).toContain('Open');
    expect(buttons(3)).not.toContain('Delete');
    expect(buttons(3)).toContain('Ship to Loki');
  });

  it('lets an admin change every job', () => {
    show('admin');
    expect(buttons(1)).toEqual(['Retry', 'Delete']);
    expect(buttons(2)).toEqual(['Retry', 'Delete']);
    expect(buttons(3)).toContain('Delete');
  });

  it('offers a viewer only to open a file, and no shipping', () => {
    show('viewer');
    expect(buttons(1)).toEqual([]);
    expect(buttons(2)).toEqual([]);
    expect(buttons(3)).toEqual(['Open']);
  });

  it('offers everything where there are no accounts (the desktop app)', () => {
    show(null);
    expect(buttons(1)).toEqual(['Retry', 'Delete']);
    expect(buttons(2)).toEqual(['Retry', 'Delete']);
    expect(buttons(3)).toEqual(expect.arrayContaining(['Open', 'Delete', 'Ship to Loki']));
  });

  it('shows a viewer how far a file was shipped, without the button', async () => {
    show('viewer', [SHIPPED]);
    const row = screen.getByRole('listitem', { name: 'job log-3.log' });
    expect(
      await within(row).findByText('3476 of 3476 lines sent, 3476 kept, 0 rejected'),
    ).toBeDefined();
    expect(buttons(3)).toEqual(['Open']);
  });
});
