/**
 * The stack's status, with what its events say since it was read: pull progress per
 * image and each service's latest state change.
 */
import { useCallback, useEffect, useState } from 'react';
import type { StackStatus } from '../../src-shared/api.js';
import type { StackEvent, StackService } from '../../src-shared/stack.js';
import { useApi } from './api-context.js';
import { useToast } from './toasts.js';

export type LiveEvents = Partial<Record<StackService, StackEvent>>;

export function useStack() {
  const api = useApi();
  const toast = useToast();
  const [status, setStatus] = useState<StackStatus | null>(null);
  const [events, setEvents] = useState<LiveEvents>({});

  /** A fresh status replaces what the events said before it, but for why a service failed. */
  const show = useCallback((next: StackStatus) => {
    setStatus(next);
    setEvents((all) => failuresOf(all, next));
  }, []);

  const reload = useCallback(async () => {
    try {
      show(await api.getStackStatus());
    } catch (err) {
      toast.error(err, 'cannot read the stack status');
    }
  }, [api, toast, show]);

  useEffect(() => {
    api.getStackStatus().then(show, (err: unknown) => {
      toast.error(err, 'cannot read the stack status');
    });
    return api.onStackEvent((event) => {
      setEvents((all) => ({ ...all, [event.service]: event }));
    });
  }, [api, toast, show]);

  return { status, events, show, reload };
}

/** The failures a status cannot tell (it says stopped or missing), kept until it is ready. */
function failuresOf(events: LiveEvents, status: StackStatus): LiveEvents {
  const kept: LiveEvents = {};
  for (const s of status.services) {
    const event = events[s.service];
    if (event?.state === 'failed' && s.state !== 'ready') kept[s.service] = event;
  }
  return kept;
}
