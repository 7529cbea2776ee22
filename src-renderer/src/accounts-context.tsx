/**
 * The browser mode's own operations (accounts, Grafana) and the signed-in user, handed down
 * from the top. The desktop app gives no accounts: then there is no sign-in, and the one
 * local user may do everything.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { AccountsApi, DashboardsApi, UserInfo } from '../../src-shared/api.js';
import { mayChangeJob, mayUpload } from '../../src-shared/permissions.js';

export type BrowserAccounts = AccountsApi & DashboardsApi;

const AccountsContext = createContext<BrowserAccounts | null>(null);
const UserContext = createContext<UserInfo | null>(null);

export function AccountsProvider(props: { accounts: BrowserAccounts | null; children: ReactNode }) {
  return (
    <AccountsContext.Provider value={props.accounts}>{props.children}</AccountsContext.Provider>
  );
}

/** Null where there are no accounts (the desktop app). */
export function useAccounts(): BrowserAccounts | null {
  return useContext(AccountsContext);
}

export function SignedInUserProvider(props: { user: UserInfo; children: ReactNode }) {
  return <UserContext.Provider value={props.user}>{props.children}</UserContext.Provider>;
}

/** The signed-in user; null where there are no accounts. */
export function useSignedInUser(): UserInfo | null {
  return useContext(UserContext);
}

/**
 * Whether the page offers to add files and ship them: not to a viewer. The UI offers only
 * what the server allows (the server checks again).
 */
export function useMayUpload(): boolean {
  const user = useSignedInUser();
  return user === null || mayUpload(user);
}

/** Whether the signed-in user may cancel, retry or delete a job with this owner. */
export function useMayChangeJob(): (ownerId: number | null) => boolean {
  const user = useSignedInUser();
  return (ownerId) => user === null || mayChangeJob(user, ownerId);
}
