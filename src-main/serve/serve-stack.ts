/**
 * The stack as `maclog serve`'s Stack page drives it: the same Stack (src-main/stack) that
 * `maclog stack` uses, opened on first use and again after a failure, so an engine started
 * after the server is found without a restart. Its events are passed on to the browser.
 */
import { ApiError, type StackStatus } from '../../src-shared/api.js';
import type { StackEvent, StackService, StackSettings } from '../../src-shared/stack.js';
import { logger } from '../log.js';
import { engineNotFound, engineOf, logText, stopStack } from '../stack/control.js';
import { createStack, NativeStack, type Stack } from '../stack/index.js';

const log = logger('serve-stack');

export type OpenStack = (settings: StackSettings, dataDir: string) => Promise<Stack>;

export class ServeStack {
  /** The stack being opened or opened; null after a failure, to look again next time. */
  private opening: Promise<Stack> | null = null;
  private unsubscribe: (() => void) | null = null;
  private native: NativeStack | null = null;
  private busy: StackStatus['busy'] = null;
  private readonly listeners = new Set<(event: StackEvent) => void>();

  constructor(
    private readonly settings: StackSettings,
    private readonly dataDir: string,
    private readonly open: OpenStack = createStack,
  ) {}

  async status(): Promise<StackStatus> {
    const base = { mode: this.settings.mode, busy: this.busy };
    let stack: Stack;
    try {
      stack = await this.opened();
    } catch (error) {
      return { ...base, engine: engineNotFound(error), services: [], error: messageOf(error) };
    }
    try {
      return { ...base, engine: engineOf(stack), services: await stack.status(), error: null };
    } catch (error) {
      // The engine went away after it was found: look for it again next time.
      this.forget();
      return { ...base, engine: engineOf(stack), services: [], error: messageOf(error) };
    }
  }

  /** Resolves when every service is ready; rejects with the stack's own message. */
  async start(): Promise<StackStatus> {
    await this.whileBusy('starting', async (stack) => {
      await stack.up();
    });
    return this.status();
  }

  async stop(options: { remove?: boolean } = {}): Promise<StackStatus> {
    await this.whileBusy('stopping', (stack) => stopStack(stack, options));
    return this.status();
  }

  async logs(service: StackService, tail: number): Promise<string> {
    try {
      return await logText(await this.opened(), service, tail);
    } catch (error) {
      // The stack's own words name the service when it is the service's fault.
      throw new ApiError(messageOf(error), null, 409);
    }
  }

  /** Loki's URL when it answers, for shipping; otherwise why not, in a few words. */
  async loki(): Promise<{ url: string | null; reason: string | null }> {
    const status = await this.status();
    const loki = status.services.find((s) => s.service === 'loki');
    if (loki?.state === 'ready') return { url: this.shipUrl(loki.url), reason: null };
    if (status.engine?.found === false) return { url: null, reason: 'no container engine found' };
    const reason = loki ? `the stack's Loki is ${loki.state}` : (status.error ?? 'no Loki');
    return { url: null, reason };
  }

  /**
   * An external Loki's status shows its URL without the password it may carry; shipping
   * needs the URL as configured.
   */
  private shipUrl(shown: string): string {
    const external = this.settings.external.lokiUrl;
    return this.settings.mode === 'external' && external ? external : shown;
  }

  onEvent(listener: (event: StackEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Native services are this server's children: they stop with it. Containers keep running. */
  async close(): Promise<void> {
    await this.native?.down();
  }

  private async whileBusy(
    what: 'starting' | 'stopping',
    run: (stack: Stack) => Promise<void>,
  ): Promise<void> {
    if (this.busy) throw new ApiError(`the stack is already ${this.busy}`, null, 409);
    this.busy = what;
    try {
      const stack = await this.opened();
      log.info({ mode: stack.mode }, what);
      await run(stack);
    } catch (error) {
      log.warn({ err: messageOf(error) }, `${what} the stack failed`);
      throw error instanceof ApiError ? error : new ApiError(messageOf(error), null, 502);
    } finally {
      this.busy = null;
    }
  }

  private opened(): Promise<Stack> {
    this.opening ??= this.open(this.settings, this.dataDir).then(
      (stack) => {
        this.unsubscribe = stack.onEvent((event) => {
          for (const listener of this.listeners) listener(event);
        });
        if (stack instanceof NativeStack) this.native = stack;
        return stack;
      },
      (error: unknown) => {
        this.opening = null;
        throw error;
      },
    );
    return this.opening;
  }

  private forget(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.opening = null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
