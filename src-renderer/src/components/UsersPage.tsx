/**
 * The admin's page: every account with its role, disabling, a password reset and deletion,
 * and a form to add one. The server refuses what may not be done (the last admin, one's
 * own account) and its words come up as a toast.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROLES, type Role, type UserInfo } from '../../../src-shared/api.js';
import { useAccounts, type BrowserAccounts } from '../accounts-context.js';
import { useToast } from '../toasts.js';

export function UsersPage({ me }: { me: UserInfo }) {
  const accounts = useAccounts();
  const toast = useToast();
  const [users, setUsers] = useState<UserInfo[]>([]);

  const reload = useCallback(() => {
    accounts?.listUsers().then(setUsers, (err: unknown) => toast.error(err, 'cannot list users'));
  }, [accounts, toast]);
  useEffect(reload, [reload]);

  if (!accounts) return null;
  const act = (what: string, action: Promise<unknown>) => {
    action.then(reload, (err: unknown) => toast.error(err, what));
  };

  return (
    <main className="users">
      <h2>Users</h2>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Disabled</th>
            <th>Since</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} me={me} accounts={accounts} act={act} />
          ))}
        </tbody>
      </table>
      <AddUser accounts={accounts} act={act} />
    </main>
  );
}

interface RowProps {
  user: UserInfo;
  me: UserInfo;
  accounts: BrowserAccounts;
  act: (what: string, action: Promise<unknown>) => void;
}

function UserRow({ user, me, accounts, act }: RowProps) {
  const userId = user.id;
  const reset = () => {
    const password = window.prompt(`New password for ${user.name} (10 characters or more)`);
    if (password)
      act(`cannot reset ${user.name}'s password`, accounts.updateUser({ userId, password }));
  };
  const remove = () => {
    if (window.confirm(`Delete ${user.name}? Their jobs and files stay.`)) {
      act(`cannot delete ${user.name}`, accounts.deleteUser({ userId }));
    }
  };
  return (
    <tr aria-label={`user ${user.name}`}>
      <td>
        {user.name}
        {user.id === me.id && ' (you)'}
      </td>
      <td>
        <select
          aria-label={`role of ${user.name}`}
          value={user.role}
          onChange={(e) =>
            act(
              `cannot change ${user.name}'s role`,
              accounts.updateUser({ userId, role: e.target.value as Role }),
            )
          }
        >
          {ROLES.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${user.name} disabled`}
          checked={user.disabled}
          onChange={(e) =>
            act(
              `cannot change ${user.name}`,
              accounts.updateUser({ userId, disabled: e.target.checked }),
            )
          }
        />
      </td>
      <td>{user.createdAt.slice(0, 10)}</td>
      <td>
        <button type="button" onClick={reset}>
          Reset password
        </button>
        <button type="button" onClick={remove}>
          Delete
        </button>
      </td>
    </tr>
  );
}

function AddUser(props: {
  accounts: BrowserAccounts;
  act: (what: string, action: Promise<unknown>) => void;
}) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const added = props.accounts.addUser({ name, password, role }).then(() => {
      setName('');
      setPassword('');
    });
    props.act(`cannot add ${name}`, added);
  };

  return (
    <form className="add-user" onSubmit={submit} aria-label="Add a user">
      <h3>Add a user</h3>
      <input
        aria-label="name"
        placeholder="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
      />
      <input
        aria-label="password"
        placeholder="password (10 or more)"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      <select aria-label="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <button type="submit">Add</button>
    </form>
  );
}
