// @vitest-environment happy-dom
/**
 * The sign-in gate: the admin form only while the server has no account, sign-in
 * otherwise, the server's refusal shown in its words, and the app once signed in.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type SessionInfo, type UserInfo } from '../../src-shared/api.js';
import { AccountsProvider, type BrowserAccounts } from '../../src-renderer/src/accounts-context.js';
import { DashboardsPage } from '../../src-renderer/src/components/DashboardsPage.js';
import { GrafanaHostProvider } from '../../src-renderer/src/grafana-host.js';
import { SignInGate } from '../../src-renderer/src/components/SignInGate.js';
import { ToastProvider } from '../../src-renderer/src/toasts.js';

afterEach(cleanup);

const ADMIN: UserInfo = {
  id: 1,
  name: 'lab-admin',
  role: 'admin',
  createdAt: '2024-01-02T03:04:05.000Z',
  disabled: false,
};
const signedOut = (needsFirstAdmin: boolean): SessionInfo => ({
  user: null,
  needsFirstAdmin,
  csrfToken: 't',
});

function fakeAccounts(first: SessionInfo) {
  const fake = {
    session: first,
    getSession: vi.fn(() => Promise.resolve(fake.session)),
    signIn: vi.fn((_args: unknown): Promise<SessionInfo> =>
      Promise.resolve({ user: ADMIN, needsFirstAdmin: false, csrfToken: 'u' }),
    ),
    signOut: vi.fn(() => {
      fake.session = signedOut(false);
      return Promise.resolve();
    }),
    createFirstAdmin: vi.fn(() =>
      Promise.resolve({ user: ADMIN, needsFirstAdmin: false, csrfToken: 'u' }),
    ),
    listUsers: vi.fn(() => Promise.resolve([ADMIN])),
    addUser: vi.fn(),
    updateUser: vi.fn(),
    deleteUser: vi.fn(),
    onSignedOut: vi.fn(() => () => {}),
    getGrafana: vi.fn(() => Promise.resolve({ available: false as const, reason: 'none here' })),
  };
  return fake;
}

function renderGate(accounts: BrowserAccounts | null) {
  render(
    <ToastProvider>
      <AccountsProvider accounts={accounts}>
        <SignInGate>
          <p>the files page</p>
        </SignInGate>
      </AccountsProvider>
    </ToastProvider>,
  );
}

describe('SignInGate', () => {
  it('offers to create the admin on a new server, then shows the app', async () => {
    const user = userEvent.setup();
    const accounts = fakeAccounts(signedOut(true));
    renderGate(accounts);
    await screen.findByRole('heading', { name: 'Create the admin account' });
    await user.type(screen.getByLabelText('Name'), 'lab-admin');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Create and sign in' }));

    await screen.findByText('the files page');
    expect(accounts.createFirstAdmin).toHaveBeenCalledWith({
      name: 'lab-admin',
      password: 'correct horse battery',
    });
    expect(screen.getByTestId('signed-in-as').textContent).toBe('lab-admin (admin)');
  });

  it('shows only sign-in afterwards, with the server’s refusal in its words', async () => {
    const user = userEvent.setup();
    const accounts = fakeAccounts(signedOut(false));
    accounts.signIn.mockRejectedValueOnce(new ApiError('wrong name or password', 'password', 401));
    renderGate(accounts);
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(screen.queryByText('Create the admin account')).toBeNull();

    await user.type(screen.getByLabelText('Name'), 'lab-admin');
    await user.type(screen.getByLabelText('Password'), 'not it');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('wrong name or password');
    expect(screen.queryByText('the files page')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('the files page');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(accounts.signOut).toHaveBeenCalledTimes(1);
  });

  it('says in words when Grafana is not there, instead of a frame', async () => {
    const accounts = fakeAccounts({ user: ADMIN, needsFirstAdmin: false, csrfToken: 'u' });
    render(
      <ToastProvider>
        <AccountsProvider accounts={accounts}>
          <GrafanaHostProvider host={{ kind: 'frame', api: accounts }}>
            <DashboardsPage />
          </GrafanaHostProvider>
        </AccountsProvider>
      </ToastProvider>,
    );
    expect((await screen.findByTestId('grafana-unavailable')).textContent).toBe('none here');
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('shows the app as it is where there are no accounts (the desktop app)', () => {
    renderGate(null);
    expect(screen.getByText('the files page')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });
});
