import type { OrderService } from './order-service.ts';

/**
 * Runs the hold expiry sweep every `intervalMs` (default 60 s) until stopped. Errors go to
 * `onError`; the next tick tries again. The timer does not keep the process alive.
 */
export function startHoldSweep(orders: OrderService, intervalMs = 60_000, onError: (err: unknown) => void = () => {}): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    orders
      .expireHolds()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
