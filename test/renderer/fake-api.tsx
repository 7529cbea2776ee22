/**
 * A MaclogApi for component tests: every operation fails with "not in this test" unless
 * the test gives it, and the tests send events as the server would.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { JobEvent, MaclogApi, ShipEvent } from '../../src-shared/api.js';
import type { StackEvent } from '../../src-shared/stack.js';
import { ApiProvider } from '../../src-renderer/src/api-context.js';
import { ToastProvider } from '../../src-renderer/src/toasts.js';

type Listeners<E> = Set<(event: E) => void>;

function feed<E>(listeners: Listeners<E>) {
  return (listener: (event: E) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}

export function fakeApi(given: Partial<MaclogApi> = {}) {
  const jobs: Listeners<JobEvent> = new Set();
  const ships: Listeners<ShipEvent> = new Set();
  const stacks: Listeners<StackEvent> = new Set();
  const missing = (name: string) => () => Promise.reject(new Error(`${name} is not in this test`));
  const api: MaclogApi = {
    listFiles: missing('listFiles'),
    getFile: missing('getFile'),
    getSeries: missing('getSeries'),
    listJobs: missing('listJobs'),
    ingestFiles: missing('ingestFiles'),
    cancelJob: missing('cancelJob'),
    retryJob: missing('retryJob'),
    deleteJob: missing('deleteJob'),
    getShipTarget: missing('getShipTarget'),
    listShipments: missing('listShipments'),
    shipFile: missing('shipFile'),
    getStackStatus: missing('getStackStatus'),
    startStack: missing('startStack'),
    stopStack: missing('stopStack'),
    getStackLogs: missing('getStackLogs'),
    onJobEvent: feed(jobs),
    onShipEvent: feed(ships),
    onStackEvent: feed(stacks),
    ...given,
  };
  return {
    api,
    sendShip: (event: ShipEvent) => ships.forEach((l) => l(event)),
    sendStack: (event: StackEvent) => stacks.forEach((l) => l(event)),
  };
}

export function renderWith(api: MaclogApi, ui: ReactNode) {
  return render(
    <ApiProvider api={api}>
      <ToastProvider>{ui}</ToastProvider>
    </ApiProvider>,
  );
}
