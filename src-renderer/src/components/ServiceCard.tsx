/**
 * One service of the stack: its state (the latest event while a start or stop runs),
 * where it answers, its health, the image being pulled, and its logs on demand.
 */
import { useState } from 'react';
import type { ServiceStatus, StackEvent } from '../../../src-shared/stack.js';
import { ServiceLogs } from './ServiceLogs.js';

const TITLES = { loki: 'Loki', prometheus: 'Prometheus', grafana: 'Grafana' } as const;

interface Props {
  status: ServiceStatus;
  /** The service's latest event since the status was read. */
  event?: StackEvent | undefined;
}

function health(status: ServiceStatus, event: StackEvent | undefined): string {
  if (event?.state === 'failed') return event.reason;
  if (event) return event.state === 'ready' ? 'answers its readiness check' : '';
  if (status.state === 'ready') return 'answers its readiness check';
  return status.detail ?? '';
}

export function ServiceCard({ status, event }: Props) {
  const [showLogs, setShowLogs] = useState(false);
  const state = event?.state ?? status.state;
  const port = new URL(status.url).port;
  const title = TITLES[status.service];

  return (
    <li className={`service service-${state}`} aria-label={title}>
      <div className="service-head">
        <strong>{title}</strong>
        <span className="service-state" data-testid={`state-${status.service}`}>
          {state}
        </span>
      </div>
      <div className="service-where">
        {state === 'ready' ? <a href={status.url}>{status.url}</a> : status.url}{' '}
        <span className="muted">(port {port})</span>
      </div>
      <div className="service-health">{health(status, event)}</div>
      {event?.state === 'pulling' && (
        <div className="service-pull">
          <span>pulling {event.image}</span>
          <progress
            max={100}
            // No value while the engine has not said how large the layers are.
            {...(event.percent === null ? {} : { value: event.percent })}
            aria-label={`pull progress of ${title}`}
          />
          <span>{event.percent === null ? '…' : `${event.percent}%`}</span>
        </div>
      )}
      {status.image && <div className="muted service-image">{status.image}</div>}
      <button type="button" onClick={() => setShowLogs((v) => !v)} aria-expanded={showLogs}>
        {showLogs ? 'Hide logs' : 'Logs'}
      </button>
      {showLogs && <ServiceLogs service={status.service} />}
    </li>
  );
}
