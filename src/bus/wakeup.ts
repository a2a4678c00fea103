import { sleep } from './sleep.ts';

/**
 * Wakes sleeping consumers of this process when something was published, so delivery does not wait
 * for the next poll. `soon()` is for writes inside a caller's transaction: the commit has not
 * happened yet, so a waiter polls again quickly for a short while (1, 2, 4 … ms) instead of once.
 */
export class Wakeup {
  private waiters = new Set<() => void>();
  private burstUntil = 0;

  /** Wakes every waiter now. */
  now(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  /** Wakes every waiter now and keeps them polling quickly for `ms`. */
  soon(ms = 500): void {
    this.burstUntil = Math.max(this.burstUntil, Date.now() + ms);
    this.now();
  }

  /** Whether a `soon()` burst is running. */
  get bursting(): boolean {
    return Date.now() < this.burstUntil;
  }

  /** Sleeps up to `ms`, less if woken or aborted. */
  async wait(ms: number, signal?: AbortSignal): Promise<void> {
    const ctl = new AbortController();
    const wake = (): void => ctl.abort();
    this.waiters.add(wake);
    const onAbort = (): void => ctl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await sleep(ms, ctl.signal);
    } finally {
      this.waiters.delete(wake);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
