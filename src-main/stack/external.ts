/**
 * The external mode: Loki, Prometheus and Grafana that run elsewhere (how teams scale
 * out). The app starts and stops nothing; it only probes the URLs it was given.
 */
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import {
  STACK_SERVICES,
  type ServiceStatus,
  type StackService,
  type StackSettings,
} from '../../src-shared/stack.js';
import { shownUrl } from '../url-credentials.js';
import { READY_PATHS, probeOnce, waitReady } from './probe.js';
import { StackError, type Stack, type StackListener } from './stack.js';

export class ExternalStack implements Stack {
  readonly mode = 'external' as const;
  private readonly events = new EventEmitter();

  constructor(private readonly settings: StackSettings) {}

  onEvent(listener: StackListener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** The URL as configured, with the user name and password it may carry. */
  url(service: StackService): string {
    // The settings schema requires all three URLs in this mode.
    return (this.settings.external[`${service}Url`] ?? '').replace(/\/+$/, '');
  }

  /** The URL as users see it (status, events): without credentials. */
  private shown(service: StackService): string {
    return shownUrl(this.url(service));
  }

  /** Waits until each service answers; starts nothing. */
  async up(): Promise<ServiceStatus[]> {
    for (const service of STACK_SERVICES) {
      this.events.emit('event', { service, state: 'starting' });
      try {
        await waitReady(`${this.url(service)}${READY_PATHS[service]}`, {
          timeoutMs: this.settings.readyTimeoutSeconds * 1000,
        });
      } catch (error) {
        const reason = `${(error as Error).message} (external; is it running?)`;
        this.events.emit('event', { service, state: 'failed', reason });
        throw new StackError(reason, service, { cause: error });
      }
      this.events.emit('event', { service, state: 'ready', url: this.shown(service) });
    }
    return this.status();
  }

  down(): Promise<void> {
    return Promise.resolve();
  }

  async status(): Promise<ServiceStatus[]> {
    return Promise.all(
      STACK_SERVICES.map(async (service): Promise<ServiceStatus> => {
        const answer = await probeOnce(`${this.url(service)}${READY_PATHS[service]}`);
        const ready = answer === 200;
        return {
          service,
          url: this.shown(service),
          id: null,
          image: null,
          state: ready ? 'ready' : 'failed',
          detail: ready ? null : `readiness answered ${answer}`,
        };
      }),
    );
  }

  logs(service: StackService): Promise<Readable> {
    return Promise.reject(
      new StackError('runs elsewhere (external mode): read its logs where it runs', service),
    );
  }
}
