import type { OrderService } from './order-service.ts';

/**
 * A listener for the ledger consumer (the hub's `Inbound.onApplied`): when a batch applied any
 * event, the backorder queue is retried once, and at most one retry runs at a time (a batch that
 * lands meanwhile schedules one more). Failures go to `onError`; the queue stays for next time.
 */
export function backorderHook(orders: OrderService, onError: (err: unknown) => void = () => {}): (results: readonly { readonly outcome: string }[]) => void {
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    running = true;
    try {
      do {
        again = false;
        await orders.allocateBackorders().catch(onError);
      } while (again);
    } finally {
      running = false;
    }
  };
  return (results) => {
    if (!results.some((r) => r.outcome === 'applied')) return;
    if (running) again = true;
    else void run();
  };
}
