// @vitest-environment happy-dom
/**
 * Where the window is lives in the address's hash: a reload opens the same file, Back goes
 * back, and an address that names nothing (or a page not offered) is the Logs page.
 */
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/src/App.js';
import { AccountsProvider } from '../../src-renderer/src/accounts-context.js';
import { GrafanaHostProvider, type GrafanaHost } from '../../src-renderer/src/grafana-host.js';
import { hashOf, placeOf } from '../../src-renderer/src/place.js';
import { fakeApi, renderWith } from './fake-api.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('placeOf and hashOf', () => {
  it('read the page and the open file, and write them back', () => {
    expect(placeOf('#/logs/12')).toEqual({ page: 'logs', fileId: 12 });
    expect(placeOf('#/stack')).toEqual({ page: 'stack', fileId: null });
    expect(hashOf({ page: 'logs', fileId: 12 })).toBe('#/logs/12');
    expect(hashOf({ page: 'stack', fileId: 12 })).toBe('#/stack');
  });

  it('take the Logs page for an address that names nothing they know', () => {
    const home = { page: 'logs', fileId: null };
    for (const hash of [
      '',
      '#',
      '#/',
      '#/nope',
      '#/logs/abc',
      '#/logs/0',
      '#/logs/1/2',
      '#/stack/3',
    ]) {
      expect(placeOf(hash)).toEqual(home);
    }
  });
});

function renderApp() {
  const { api } = fakeApi({
    listFiles: () => Promise.resolve([]),
    listJobs: () => Promise.resolve([]),
    listShipments: () => Promise.resolve([]),
    getShipTarget: () => Promise.resolve({ url: null, source: null, reason: 'no Loki' }),
    getFile: ({ fileId }) => Promise.reject(new Error(`no stored file #${fileId}`)),
    getStackStatus: () => new Promise(() => undefined),
  });
  renderWith(
    api,
    <AccountsProvider accounts={null}>
      <GrafanaHostProvider host={{ kind: 'view', api: {} } as GrafanaHost}>
        <App />
      </GrafanaHostProvider>
    </AccountsProvider>,
  );
}

it('opens the file the address names, and follows the pages chosen and Back', async () => {
  const user = userEvent.setup();
  window.location.hash = '#/logs/7';
  renderApp();
  // The fake store has no file 7: the page says so rather than loading for ever.
  expect(await screen.findByText('Cannot open file 7: no stored file #7')).toBeTruthy();

  await user.click(screen.getByRole('button', { name: 'Stack' }));
  expect(window.location.hash).toBe('#/stack');

  // Back: the browser sets the hash again.
  await act(async () => {
    window.location.hash = '#/logs/7';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await Promise.resolve();
  });
  expect(await screen.findByText('Cannot open file 7: no stored file #7')).toBeTruthy();
});
