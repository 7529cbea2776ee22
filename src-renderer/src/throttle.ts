/**
 * `fn` at most once per `ms`: the first call of a burst at once, and the last one when the
 * burst's time is up, so whatever follows the calls (a view following its placeholder)
 * always ends where the last call left it.
 */
export function throttle(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;

  const wait = () => {
    timer = setTimeout(() => {
      timer = null;
      if (!pending) return;
      pending = false;
      fn();
      wait();
    }, ms);
  };
  const throttled = () => {
    if (timer !== null) {
      pending = true;
      return;
    }
    fn();
    wait();
  };
  throttled.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = false;
  };
  return throttled;
}
