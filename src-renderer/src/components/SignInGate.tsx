/**
 * What stands between a browser and the app on `maclog serve`: until someone is signed in
 * it shows the sign-in form (or, on a new server, the form that creates the admin); then
 * the user's bar above `children` (the app, whose pages include Dashboards and, for an
 * admin, Users). Where there are no accounts (the desktop app) it shows `children` alone.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { SessionInfo, UserInfo } from '../../../src-shared/api.js';
import { SignedInUserProvider, useAccounts, type BrowserAccounts } from '../accounts-context.js';
import { useToast } from '../toasts.js';
import { SignInForm } from './SignInForm.js';
import { UserMenu } from './UserMenu.js';

export function SignInGate({ children }: { children: ReactNode }) {
  const accounts = useAccounts();
  if (!accounts) return <>{children}</>;
  return <Gate accounts={accounts}>{children}</Gate>;
}

function Gate({ accounts, children }: { accounts: BrowserAccounts; children: ReactNode }) {
  const toast = useToast();
  const [session, setSession] = useState<SessionInfo | null>(null);

  const reload = useCallback(() => {
    accounts.getSession().then(setSession, (err: unknown) => toast.error(err, 'no session'));
  }, [accounts, toast]);

  useEffect(() => {
    reload();
    return accounts.onSignedOut(reload);
  }, [accounts, reload]);

  if (session === null) return <p className="empty">Connecting…</p>;
  if (session.user === null) {
    const first = session.needsFirstAdmin;
    const submit = async (name: string, password: string) => {
      const args = { name, password };
      setSession(await (first ? accounts.createFirstAdmin(args) : accounts.signIn(args)));
    };
    return (
      <SignInForm key={String(first)} mode={first ? 'first-admin' : 'sign-in'} onSubmit={submit} />
    );
  }

  const signOut = () => {
    accounts.signOut().then(reload, (err: unknown) => toast.error(err, 'cannot sign out'));
  };
  return (
    <SignedIn user={session.user} onSignOut={signOut}>
      {children}
    </SignedIn>
  );
}

function SignedIn(props: { user: UserInfo; onSignOut: () => void; children: ReactNode }) {
  return (
    <SignedInUserProvider user={props.user}>
      <UserMenu user={props.user} onSignOut={props.onSignOut} />
      {props.children}
    </SignedInUserProvider>
  );
}
