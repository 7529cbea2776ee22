/**
 * The Loki, Prometheus and Grafana stack: the engine it runs on (or why none was found),
 * each service, and starting and stopping it. Failures come back as toasts with the cause.
 */
import { useState } from 'react';
import type { StackStatus } from '../../../src-shared/api.js';
import { useApi } from '../api-context.js';
import { useStack } from '../stack-hooks.js';
import { useToast } from '../toasts.js';
import { EngineInfo } from './EngineInfo.js';
import { ServiceCard } from './ServiceCard.js';

export function StackPage() {
  const api = useApi();
  const toast = useToast();
  const { status, events, show, reload } = useStack();
  const [acting, setActing] = useState<'starting' | 'stopping' | null>(null);

  const act = (what: 'starting' | 'stopping', run: () => Promise<StackStatus>) => {
    setActing(what);
    run()
      .then(show, (err: unknown) => {
        toast.error(err, what === 'starting' ? 'cannot start the stack' : 'cannot stop the stack');
        void reload();
      })
      .finally(() => setActing(null));
  };

  if (!status) return <p>Looking for the stack…</p>;
  const busy = acting ?? status.busy;
  const noEngine = status.engine?.found === false;

  return (
    <article className="stack-page">
      <h2>Stack</h2>
      <EngineInfo status={status} />
      <div className="stack-actions">
        <button
          type="button"
          disabled={busy !== null || noEngine}
          onClick={() => act('starting', () => api.startStack())}
        >
          {busy === 'starting' ? 'Starting…' : 'Start'}
        </button>
        <button
          type="button"
          disabled={busy !== null || noEngine}
          onClick={() => act('stopping', () => api.stopStack())}
        >
          {busy === 'stopping' ? 'Stopping…' : 'Stop'}
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void reload()}>
          Look again
        </button>
      </div>
      {status.error && !noEngine && <p className="job-error">{status.error}</p>}
      <ul className="services" aria-label="Services">
        {status.services.map((s) => (
          <ServiceCard key={s.service} status={s} event={events[s.service]} />
        ))}
      </ul>
    </article>
  );
}
