/** The bar above the pages: where to go, who is signed in, and signing out. */
import type { UserInfo } from '../../../src-shared/api.js';

export type ShellPage = 'files' | 'dashboards' | 'users';

interface Props {
  user: UserInfo;
  page: ShellPage;
  onPage: (page: ShellPage) => void;
  onSignOut: () => void;
}

const PAGES: { page: ShellPage; label: string; adminOnly: boolean }[] = [
  { page: 'files', label: 'Files', adminOnly: false },
  { page: 'dashboards', label: 'Dashboards', adminOnly: false },
  { page: 'users', label: 'Users', adminOnly: true },
];

export function UserMenu({ user, page, onPage, onSignOut }: Props) {
  return (
    <header className="user-menu">
      <nav aria-label="Pages">
        {PAGES.filter((p) => !p.adminOnly || user.role === 'admin').map((p) => (
          <button
            key={p.page}
            type="button"
            aria-current={p.page === page ? 'page' : undefined}
            onClick={() => onPage(p.page)}
          >
            {p.label}
          </button>
        ))}
      </nav>
      <span className="who" data-testid="signed-in-as">
        {user.name} ({user.role})
      </span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
