import { atpRows, lockLedgerHead, type NewHold, placeHolds } from '../ledger/index.ts';
import { allocateOne, missingLines } from './allocate-one.ts';
import { AtpPool } from './atp-pool.ts';
import { holdsFor } from './hold-plan.ts';
import { resolveDestination } from './resolve-destination.ts';
import { listBackorders, ordersWithIds, updateOrder, upsertBackorders } from './order-rows.ts';
import type { Backorder, OrderState, StoredOrder } from './order-types.ts';
import type { ReserveContext } from './reserve-batch.ts';
import { TimeSlicer } from './yield-time.ts';

/** What one retry of the queue did. */
export interface BackorderReport {
  readonly tried: number;
  /** Orders whose missing lines are now all held. */
  readonly allocated: readonly string[];
  /** Orders that got part of what they miss. */
  readonly partial: readonly string[];
}

/**
 * Retries the open backorders (or just `only`) in one reservation transaction under the ledger
 * lock: by priority (highest first), then age, each against the shrinking ATP like a submit.
 * What is found is held (hold ids carry the attempt number) and added to the order's allocation.
 */
export async function allocateBackorders(ctx: ReserveContext, only?: readonly string[]): Promise<BackorderReport> {
  const at = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + ctx.config.holdTtlMs).toISOString();
  return ctx.store.db.transaction().execute(async (tx) => {
    await lockLedgerHead(tx, ctx.store.dialect);
    let queue = await listBackorders(tx, 'open', 5000);
    if (only) queue = queue.filter((b) => only.includes(b.orderId));
    if (queue.length === 0) return { tried: 0, allocated: [], partial: [] };
    const orders = await ordersWithIds(tx, queue.map((b) => b.orderId));
    const pool = new AtpPool(await atpRows(tx, [...new Set(queue.flatMap((b) => b.lines.map((l) => l.sku)))]));
    const actx = { md: ctx.md, warehouses: ctx.warehouses, config: ctx.config, asOf: at.slice(0, 10) };
    const holds: NewHold[] = [];
    const changed: Backorder[] = [];
    const allocated: string[] = [];
    const partial: string[] = [];
    const slicer = new TimeSlicer();
    for (const b of queue) {
      await slicer.maybePause();
      const stored = orders.get(b.orderId)?.order;
      if (!stored || stored.state === 'cancelled') {
        changed.push({ ...b, state: 'cancelled' });
        continue;
      }
      const zone = resolveDestination(stored.order.destination, ctx.md, ctx.config.postalRegions);
      const a = await allocateOne(actx, pool, stored.id, b.lines, stored.order, zone);
      const attempts = b.attempts + 1;
      if (a.lines.length === 0) {
        changed.push({ ...b, attempts });
        continue;
      }
      holds.push(...holdsFor(stored.id, attempts, a.lines, at, expiresAt));
      const done = a.unfilled.length === 0;
      (done ? allocated : partial).push(stored.id);
      const state: OrderState = done ? 'allocated' : 'partial';
      const next: StoredOrder = { ...stored, state, allocation: [...stored.allocation, ...a.lines], unfilled: a.unfilled, explanation: a.explanation ?? stored.explanation, updatedAt: at };
      await updateOrder(tx, next);
      changed.push({ ...b, attempts, lines: missingLines(a.unfilled), state: done ? 'allocated' : 'open' });
    }
    await placeHolds(tx, holds);
    await upsertBackorders(tx, changed, at);
    return { tried: queue.length, allocated, partial };
  });
}
