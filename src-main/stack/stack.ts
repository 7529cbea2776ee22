/**
 * One interface for the three ways of running the stack: containers the app manages,
 * local binaries as child processes, or services that run elsewhere (external).
 */
import type { Readable } from 'node:stream';
import type { ServiceStatus, StackEvent, StackMode, StackService } from '../../src-shared/stack.js';

export type StackListener = (event: StackEvent) => void;

export interface LogOptions {
  follow?: boolean;
  /** Lines from the end to start with; all when absent. */
  tail?: number;
}

export interface Stack {
  readonly mode: StackMode;
  /** Starts what is not running (pulling and creating as needed) and waits until ready. */
  up(): Promise<ServiceStatus[]>;
  /** Stops what the app started; data is kept. */
  down(): Promise<void>;
  status(): Promise<ServiceStatus[]>;
  /** The service's output (stdout and stderr), as text. */
  logs(service: StackService, options?: LogOptions): Promise<Readable>;
  /** Subscribes to status events; returns the unsubscribe function. */
  onEvent(listener: StackListener): () => void;
}

/** A failure a user can act on; `service` names the part that failed, when one did. */
export class StackError extends Error {
  constructor(
    message: string,
    readonly service?: StackService,
    options?: { cause?: unknown },
  ) {
    super(service ? `${service}: ${message}` : message, options);
    this.name = 'StackError';
  }
}
