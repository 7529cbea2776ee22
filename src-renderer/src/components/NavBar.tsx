/**
 * The pages of the window, in one list: a new page is one more entry in PAGES and one
 * case in App.tsx. Some pages exist only where they mean something: Dashboards where a
 * Grafana host is given (both modes: a frame in the browser, the main process's view in
 * the desktop app), Users for the admin of a shared server.
 */

export const PAGES = [
  { id: 'logs', label: 'Logs' },
  { id: 'stack', label: 'Stack' },
  { id: 'dashboards', label: 'Dashboards' },
  { id: 'users', label: 'Users' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

interface Props {
  page: PageId;
  /** The pages to offer, in PAGES order. */
  available: readonly PageId[];
  onSelect: (page: PageId) => void;
}

export function NavBar({ page, available, onSelect }: Props) {
  return (
    <nav className="nav" aria-label="Pages">
      {PAGES.filter((p) => available.includes(p.id)).map((p) => (
        <button
          key={p.id}
          type="button"
          className={p.id === page ? 'nav-item current' : 'nav-item'}
          aria-current={p.id === page ? 'page' : undefined}
          onClick={() => onSelect(p.id)}
        >
          {p.label}
        </button>
      ))}
    </nav>
  );
}
