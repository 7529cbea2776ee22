// @vitest-environment happy-dom
/**
 * Shipping from the job list: the ship button (disabled with the reason when there is no
 * Loki), the second progress bar fed by ship events, the outcome with rejections by
 * reason, and a failed shipment as a toast with its cause.
 */
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileShipment, ShipTarget } from '../../src-shared/api.js';
import { JobList } from '../../src-renderer/src/components/JobList.js';
import type { LiveJob } from '../../src-renderer/src/hooks.js';
import { fakeApi, renderWith } from './fake-api.js';

afterEach(cleanup);

const JOB: LiveJob = {
  id: 7,
  path: '/data/uploads/u1/gnb.log',
  state: 'done',
  bytesDone: 100,
  bytesTotal: 100,
  formatId: null,
  createdAt: '2024-03-01T12:00:00.000Z',
  startedAt: '2024-03-01T12:00:00.000Z',
  finishedAt: '2024-03-01T12:00:02.500Z',
  error: null,
  fileId: 3,
  reused: false,
  ownerId: null,
  done: 100,
  total: 100,
};

const LOKI: ShipTarget = { url: 'http://127.0.0.1:3100', source: 'stack', reason: null };

function shipment(over: Partial<FileShipment>): FileShipment {
  return {
    id: 1,
    ingestId: 3,
    fileId: 3,
    target: LOKI.url!,
    state: 'running',
    entriesTotal: 2000,
    entriesDone: 0,
    accepted: 0,
    rejected: 0,
    rejectedByReason: {},
    requests: 0,
    error: null,
    startedAt: '2024-03-01T12:01:00.000Z',
    updatedAt: '2024-03-01T12:01:00.000Z',
    finishedAt: null,
    ...over,
  };
}

function setup(target: ShipTarget, shipments: FileShipment[] = []) {
  const shipFile = vi.fn(() => Promise.resolve(shipment({})));
  const fake = fakeApi({
    getShipTarget: () => Promise.resolve(target),
    listShipments: () => Promise.resolve(shipments),
    shipFile,
  });
  renderWith(fake.api, <JobList jobs={[JOB]} onChanged={() => {}} onOpen={() => {}} />);
  return { ...fake, shipFile };
}

describe('shipping in the job row', () => {
  it('ships the file, with a second progress bar and the outcome by reason', async () => {
    const user = userEvent.setup();
    const fake = setup(LOKI);
    const row = screen.getByRole('listitem', { name: 'job gnb.log' });
    const ship = await within(row).findByRole('button', { name: 'Ship to Loki' });
    await vi.waitFor(() => expect(ship).toHaveProperty('disabled', false));

    await user.click(ship);
    expect(fake.shipFile).toHaveBeenCalledWith({ fileId: 3, again: false });

    act(() => fake.sendShip({ shipment: shipment({ entriesDone: 500, accepted: 500 }) }));
    const bar = within(row).getByRole('progressbar', { name: 'ship progress of gnb.log' });
    expect(bar.getAttribute('value')).toBe('25');
    expect(within(row).getByRole('button', { name: 'Shipping…' })).toHaveProperty('disabled', true);
    // The parse bar is still there and full.
    expect(
      within(row).getByRole('progressbar', { name: 'progress of gnb.log' }).getAttribute('value'),
    ).toBe('100');

    const done = shipment({
      state: 'done',
      entriesDone: 2000,
      accepted: 1990,
      rejected: 10,
      rejectedByReason: { 'too far behind': 7, 'line too long': 3 },
    });
    act(() => fake.sendShip({ shipment: done }));
    expect(bar.getAttribute('value')).toBe('100');
    expect(row.textContent).toContain('ship 100% · done');
    expect(row.textContent).toContain('2000 of 2000 lines sent, 1990 kept, 10 rejected');
    const reasons = within(row).getByRole('list', { name: 'rejected by reason' });
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['7 × too far behind', '3 × line too long']);

    await user.click(within(row).getByRole('button', { name: 'Ship again' }));
    expect(fake.shipFile).toHaveBeenLastCalledWith({ fileId: 3, again: true });
  });

  it('disables the button with the reason when there is no Loki', async () => {
    const reason =
      'no Loki to ship to (no container engine found): start the stack, or serve with --loki URL';
    setup({ url: null, source: null, reason });
    const row = screen.getByRole('listitem', { name: 'job gnb.log' });
    await within(row).findByText(reason);
    expect(within(row).getByRole('button', { name: 'Ship to Loki' })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('shows a shipment that failed as a toast with the cause, and offers to resume', async () => {
    const fake = setup(LOKI, [shipment({ entriesDone: 1000 })]);
    const row = screen.getByRole('listitem', { name: 'job gnb.log' });
    await within(row).findByText('ship 50% · running');

    const error = 'Loki at http://127.0.0.1:3100 did not take the entries: connect ECONNREFUSED';
    act(() => fake.sendShip({ shipment: shipment({ state: 'failed', entriesDone: 1000, error }) }));
    const toast = await screen.findByRole('alert');
    expect(toast.textContent).toContain(`shipping file 3 failed: ${error}`);
    expect(within(row).getByRole('button', { name: 'Resume shipping' })).toBeTruthy();
  });
});
