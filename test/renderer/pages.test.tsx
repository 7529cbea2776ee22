// @vitest-environment happy-dom
/**
 * The window's one list of pages: Logs, Stack and Dashboards in the desktop app (no
 * accounts, Grafana in the main process's view) and on a shared server (Grafana framed),
 * and Users for a shared server's admin only.
 */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserInfo } from '../../src-shared/api.js';
import {
  AccountsProvider,
  SignedInUserProvider,
  type BrowserAccounts,
} from '../../src-renderer/src/accounts-context.js';
import { App } from '../../src-renderer/src/App.js';
import { GrafanaHostProvider, type GrafanaHost } from '../../src-renderer/src/grafana-host.js';
import { fakeApi, renderWith } from './fake-api.js';

afterEach(cleanup);

function user(role: UserInfo['role']): UserInfo {
  return { id: 2, name: `a ${role}`, role, createdAt: '2024-01-02T03:04:05.000Z', disabled: false };
}

function pagesOffered(): string[] {
  const nav = screen.getByRole('navigation', { name: 'Pages' });
  return within(nav)
    .getAllByRole('button')
    .map((b) => b.textContent ?? '');
}

function renderApp(role: UserInfo['role'] | null) {
  const { api } = fakeApi({
    listFiles: () => Promise.resolve([]),
    listJobs: () => Promise.resolve([]),
    listShipments: () => Promise.resolve([]),
    getShipTarget: () => Promise.resolve({ url: null, source: null, reason: 'no Loki' }),
  });
  // Only whether accounts and a Grafana host exist matters to the page list; the app calls
  // none of their operations here.
  const accounts = role === null ? null : ({} as BrowserAccounts);
  const grafana: GrafanaHost =
    role === null
      ? { kind: 'view', api: {} as Extract<GrafanaHost, { kind: 'view' }>['api'] }
      : { kind: 'frame', api: {} as BrowserAccounts };
  const app =
    role === null ? (
      <App />
    ) : (
      <SignedInUserProvider user={user(role)}>
        <App />
      </SignedInUserProvider>
    );
  renderWith(
    api,
    <AccountsProvider accounts={accounts}>
      <GrafanaHostProvider host={grafana}>{app}</GrafanaHostProvider>
    </AccountsProvider>,
  );
}

describe('the pages of the window', () => {
  it('are Logs, Stack and Dashboards in the desktop app', () => {
    renderApp(null);
    expect(pagesOffered()).toEqual(['Logs', 'Stack', 'Dashboards']);
  });

  it('add Dashboards for an editor of a shared server, and Users for its admin', () => {
    renderApp('editor');
    expect(pagesOffered()).toEqual(['Logs', 'Stack', 'Dashboards']);
    cleanup();
    renderApp('admin');
    expect(pagesOffered()).toEqual(['Logs', 'Stack', 'Dashboards', 'Users']);
  });
});
