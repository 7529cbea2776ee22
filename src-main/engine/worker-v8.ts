/**
 * How V8 should compile and collect garbage for the parse workers.
 *
 * A worker runs the same parser over millions of lines, so it starts on V8's baseline code
 * (Sparkplug) at once, rather than interpreting the parser's bytecode for its first few
 * thousand calls of each function: a one-off ingest of 1 GB on two workers took about 4 %
 * less time.
 *
 * V8 optimises a hot function on a helper thread while the function keeps running in its
 * slower baseline code, and it scavenges the young generation with helper threads too. Both
 * assume a core to spare. When every core runs a parse worker there is none: the helpers
 * get a share of a core that is already busy, an optimised parser arrives seconds later
 * (measured on 2 cores, a one-off ingest of 1 GB: the two workers spent about 5 s more CPU
 * than on a warm engine, one worker alone 1 s), and a parallel scavenge only adds hand-offs
 * between threads that then take turns on the same cores.
 *
 * So a pool with a worker per core makes each worker compile its own hot functions, at once
 * and on its own thread, and scavenge alone. The total work is the same; none of it waits.
 * A pool with a core to spare keeps V8's defaults, which use that core.
 *
 * V8's flags belong to the process. A thread takes the compile flags when it starts and
 * compiles its code, so they are set before the pool's threads start; the scavenge flag is
 * read at each scavenge, so the main thread scavenges alone too, which costs it nothing (it
 * makes little garbage). These may be changed while V8 runs (seen with V8's own tier checks
 * in a worker started after the change); `--single-threaded-gc`, which would do more, may
 * not (V8 aborts on a failed check).
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** True when `workers` parse threads leave no core to V8's helper threads. */
function fillsEveryCore(workers: number): boolean {
  return workers >= availableParallelism();
}

/** Sets V8's flags for a pool of `workers` parse threads about to start. */
export function tuneV8ForWorkers(workers: number): void {
  setFlagsFromString('--always-sparkplug');
  const busy = fillsEveryCore(workers);
  setFlagsFromString(busy ? '--no-concurrent-recompilation' : '--concurrent-recompilation');
  setFlagsFromString(busy ? '--no-parallel-scavenge' : '--parallel-scavenge');
}
