/**
 * The message a worker thread posts once its modules are loaded. Node 20 aborts the whole
 * process ("v8::Module::IsGraphAsync ... instantiated module") when a thread is stopped
 * while it still loads its modules, which happens when a small file is done before the
 * last thread has started: so the engine waits for this message from every thread before
 * it stops the pool.
 */
export const WORKER_LOADED = 'maclog-worker-loaded';

export function isWorkerLoaded(message: unknown): boolean {
  return typeof message === 'object' && message !== null && WORKER_LOADED in message;
}
