/** The pages of the window; a new page is one more entry in PAGES. */

export const PAGES = [
  { id: 'logs', label: 'Logs' },
  { id: 'stack', label: 'Stack' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

interface Props {
  page: PageId;
  onSelect: (page: PageId) => void;
}

export function NavBar({ page, onSelect }: Props) {
  return (
    <nav className="nav" aria-label="Pages">
      {PAGES.map((p) => (
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
