/** The last lines of one service's output, read when opened and on Refresh. */
import { useCallback, useEffect, useState } from 'react';
import type { StackService } from '../../../src-shared/stack.js';
import { useApi } from '../api-context.js';
import { useToast } from '../toasts.js';

const TAIL = 200;

export function ServiceLogs({ service }: { service: StackService }) {
  const api = useApi();
  const toast = useToast();
  const [text, setText] = useState<string | null>(null);

  const load = useCallback(() => {
    api.getStackLogs({ service, tail: TAIL }).then(setText, (err: unknown) => {
      toast.error(err, `cannot read the logs of ${service}`);
      setText('');
    });
  }, [api, toast, service]);
  useEffect(load, [load]);

  return (
    <section className="service-logs" aria-label={`Logs of ${service}`}>
      <div className="service-logs-head">
        <span className="muted">last {TAIL} lines</span>
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      <pre>{text === null ? 'Loading…' : text || '(no output)'}</pre>
    </section>
  );
}
