/** The bar above the window on a shared server: who is signed in, and signing out. */
import type { UserInfo } from '../../../src-shared/api.js';

interface Props {
  user: UserInfo;
  onSignOut: () => void;
}

export function UserMenu({ user, onSignOut }: Props) {
  return (
    <header className="user-menu">
      <span className="who" data-testid="signed-in-as">
        {user.name} ({user.role})
      </span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
