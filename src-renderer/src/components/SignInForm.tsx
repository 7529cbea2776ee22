/**
 * The page before anything else: sign in, or, on a server with no account yet, create the
 * admin account. The server's refusal (wrong password, too many attempts, a too short
 * password) is shown as it said it, next to the form.
 */
import { useState, type FormEvent } from 'react';

interface Props {
  /** `first-admin` only while the server has no account at all. */
  mode: 'sign-in' | 'first-admin';
  onSubmit: (name: string, password: string) => Promise<void>;
}

export function SignInForm({ mode, onSubmit }: Props) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = mode === 'first-admin';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    onSubmit(name, password).then(
      () => setBusy(false),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };

  return (
    <main className="sign-in">
      <h1>MAC Log Studio</h1>
      <form onSubmit={submit} aria-label={first ? 'Create the admin account' : 'Sign in'}>
        <h2>{first ? 'Create the admin account' : 'Sign in'}</h2>
        {first && (
          <p className="hint">
            No account exists yet. The admin adds the others, each with a role.
          </p>
        )}
        <label>
          Name
          <input
            name="name"
            autoComplete="username"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={first ? 'new-password' : 'current-password'}
            minLength={first ? 10 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {first ? 'Create and sign in' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
