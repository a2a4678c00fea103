/** Monotonic wall-clock timing in milliseconds. */

export const nowMs = (): number => performance.now();

/** A started stopwatch: `ms()` is the time since it started. */
export function stopwatch(): { ms(): number } {
  const t0 = performance.now();
  return { ms: () => performance.now() - t0 };
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/** Items per second for `n` items in `ms` milliseconds. */
export const perSecond = (n: number, ms: number): number => (ms > 0 ? (n * 1000) / ms : Number.POSITIVE_INFINITY);
