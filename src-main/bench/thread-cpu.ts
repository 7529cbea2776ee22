/**
 * CPU time of this process's threads by role, for `npm run bench`: how much of the cores
 * the parse workers had, and how much went to the main thread (hashing, merging, the
 * store) and to helper threads (V8's compiler and garbage collector, libuv's file reads).
 * On two cores every second of the helpers' is a second the workers wait for.
 *
 * Read from /proc/self/task, so Linux only; elsewhere `threadCpu()` gives null.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** /proc counts CPU time in clock ticks of 1/100 s (USER_HZ, fixed by the kernel's ABI). */
const TICKS_PER_SECOND = 100;

/** CPU seconds by thread id. */
export type ThreadTimes = Map<number, number>;

export interface CpuByRole {
  workers: number;
  main: number;
  helpers: number;
}

export function threadCpu(): ThreadTimes | null {
  let ids: string[];
  try {
    ids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const times: ThreadTimes = new Map();
  for (const id of ids) {
    const seconds = threadSeconds(id);
    if (seconds !== null) times.set(Number(id), seconds);
  }
  return times;
}

/** utime + stime of one thread; null when it ended between the listing and the read. */
function threadSeconds(id: string): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The name in parentheses may hold spaces; the fields after it are space-separated,
  // utime and stime being the 12th and 13th of them (fields 14 and 15 of proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * The CPU time spent between two readings, by role: `workerIds` are the engine's worker
 * threads, the process id is the main thread, every other thread is a helper.
 */
export function cpuBetween(
  before: ThreadTimes,
  after: ThreadTimes,
  workerIds: ReadonlySet<number>,
): CpuByRole {
  const spent: CpuByRole = { workers: 0, main: 0, helpers: 0 };
  for (const [id, seconds] of after) {
    const used = seconds - (before.get(id) ?? 0);
    if (workerIds.has(id)) spent.workers += used;
    else if (id === process.pid) spent.main += used;
    else spent.helpers += used;
  }
  return spent;
}
