/**
 * Grafana's dashboards inside the app, signed in by the app's sign-in proxy: framed in the
 * browser mode (as the signed-in user, with their role), a view of the main process's laid
 * over the page in the desktop app (GrafanaView). Where no Grafana answers, the page says
 * why in words instead of showing a broken page. A region of the window's one main
 * landmark (App's), not a main of its own.
 */
import { useEffect, useState } from 'react';
import type { GrafanaInfo } from '../../../src-shared/api.js';
import {
  dashboardUrl,
  type DashboardLinkTarget,
  type DashboardName,
} from '../../../src-shared/grafana.js';
import { useGrafanaHost } from '../grafana-host.js';
import { useToast } from '../toasts.js';
import { GrafanaView } from './GrafanaView.js';

const DASHBOARDS: { name: DashboardName; label: string }[] = [
  { name: 'overview', label: 'Overview' },
  { name: 'cell', label: 'Cell' },
  { name: 'ue', label: 'UE' },
  { name: 'ra', label: 'Random access' },
  { name: 'logs', label: 'Log search' },
];

/** `target`: a dashboard to open first with its variables set (a file's UE, say). */
export function DashboardsPage({ target = null }: { target?: DashboardLinkTarget | null }) {
  const host = useGrafanaHost();
  const toast = useToast();
  const [info, setInfo] = useState<GrafanaInfo | null>(null);
  const [dashboard, setDashboard] = useState<DashboardName>(target?.dashboard ?? 'overview');

  useEffect(() => {
    host?.api.getGrafana().then(setInfo, (err: unknown) => toast.error(err, 'Grafana'));
  }, [host, toast]);

  if (!host) return <p className="empty">Dashboards are not available here.</p>;
  if (info === null) return <p className="empty">Asking Grafana…</p>;
  if (!info.available) {
    return (
      <section className="dashboards" aria-label="Dashboards">
        <p className="empty" role="status" data-testid="grafana-unavailable">
          {info.reason}
        </p>
      </section>
    );
  }

  // The target's variables while its dashboard is shown; another dashboard opens plain.
  const link = target?.dashboard === dashboard ? target : { dashboard };
  const label = DASHBOARDS.find((d) => d.name === dashboard)?.label ?? dashboard;
  const url = dashboardUrl(link, info.baseUrl);
  return (
    <section className="dashboards" aria-label="Dashboards">
      <nav aria-label="Dashboards">
        {DASHBOARDS.map((d) => (
          <button
            key={d.name}
            type="button"
            aria-pressed={d.name === dashboard}
            onClick={() => setDashboard(d.name)}
          >
            {d.label}
          </button>
        ))}
        {host.kind === 'frame' && (
          <a href={url} target="_blank" rel="noopener noreferrer">
            Open in a new tab
          </a>
        )}
      </nav>
      {host.kind === 'view' ? (
        // Only the path: the main process joins it to the proxy's origin.
        <GrafanaView api={host.api} path={dashboardUrl(link)} label={label} />
      ) : (
        // Scripts and its own origin for Grafana, no navigation of this page.
        <iframe
          title={`Grafana: ${label}`}
          src={url}
          sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-downloads"
        />
      )}
    </section>
  );
}
