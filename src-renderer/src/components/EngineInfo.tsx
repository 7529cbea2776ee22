/** Which container engine the stack runs on, or every place looked at and why it failed. */
import type { StackStatus } from '../../../src-shared/api.js';

export function EngineInfo({ status }: { status: StackStatus }) {
  const { engine, mode } = status;
  if (!engine) {
    return (
      <p className="engine" data-testid="engine">
        Mode <strong>{mode}</strong>: no container engine needed.
      </p>
    );
  }
  if (engine.found) {
    return (
      <p className="engine engine-found" data-testid="engine">
        Mode <strong>{mode}</strong>: {engine.kind === 'podman' ? 'Podman' : 'Docker'}{' '}
        {engine.version} at <code>{engine.host}</code>{' '}
        <span className="muted">({engine.source})</span>
      </p>
    );
  }
  return (
    <div className="engine engine-missing" data-testid="engine">
      <p>
        Mode <strong>{mode}</strong>: <strong>no container engine found.</strong> Start Docker or
        Podman (<code>podman system service</code>), or set DOCKER_HOST, then look again.
      </p>
      <ul aria-label="Engines tried">
        {engine.tried.map((t) => (
          <li key={t.host}>
            <code>{t.host}</code> <span className="muted">({t.source})</span>: {t.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
