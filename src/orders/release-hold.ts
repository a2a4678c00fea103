import type { PlanLine } from '../allocation/index.ts';
import { problem, StockmeshError } from '../domain/index.ts';
import { type Hold, lockLedgerHead, releaseHoldByIdInTx } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import { missingLines } from './allocate-one.ts';
import { mergeLines } from './merge-lines.ts';
import { ordersWithIds, rowToBackorder, updateOrder, upsertBackorders } from './order-rows.ts';
import type { OrderState, StoredOrder } from './order-types.ts';

/** What a release by hand did: the released hold and its order as it is now (null if the order is gone). */
export interface HoldRelease {
  readonly hold: Hold;
  readonly order: StoredOrder | null;
}

/**
 * Takes `qty` of warehouse × SKU × lot off an order's plan lines, newest first (the lines a hold
 * stood for), and drops lines that reach zero.
 */
export function withoutHeld(allocation: readonly PlanLine[], h: Pick<Hold, 'warehouse' | 'sku' | 'lot'>, qty: number): PlanLine[] {
  const out = [...allocation];
  let left = qty;
  for (let i = out.length - 1; i >= 0 && left > 0; i--) {
    const l = out[i] as PlanLine;
    if (l.warehouse !== h.warehouse || (l.sku ?? '') !== h.sku || (l.lot ?? '') !== h.lot) continue;
    const take = Math.min(left, l.qty);
    left -= take;
    out[i] = { ...l, qty: l.qty - take };
  }
  return out.filter((l) => l.qty > 0);
}

/**
 * Releases one hold by hand (permission `holds:release`), under the ledger lock: the hold ends
 * `released` (resolved by `hand:<who>`), `positions.held` falls by what it still reserved, and its
 * order gives that quantity up: it leaves the order's allocation, becomes `unfilled` with reason
 * `HOLD_RELEASED`, and goes back on the backorder queue (an order that must not be re-sourced is
 * cancelled instead). A hold already resolved is HOLD_CLOSED and changes nothing.
 */
export async function releaseHold(store: Store, holdId: string, now: Date, by: string): Promise<HoldRelease> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (tx) => {
    await lockLedgerHead(tx, store.dialect);
    const r = await releaseHoldByIdInTx(tx, holdId, at, `hand:${by}`);
    if (!r) throw new StockmeshError('NOT_FOUND', `no hold "${holdId}"`, [problem('NOT_FOUND', `no hold "${holdId}"`, 'id')]);
    if (!r.released) {
      const msg = `hold "${holdId}" is already ${r.hold.state}: only pending or confirmed holds can be released`;
      throw new StockmeshError('HOLD_CLOSED', msg, [problem('HOLD_CLOSED', msg, 'id')]);
    }
    const h = r.hold;
    const stored = (await ordersWithIds(tx, [h.orderId])).get(h.orderId)?.order;
    if (!stored) return { hold: h, order: null };
    const freed = h.qty - h.consumed;
    if (stored.state === 'cancelled' || freed <= 0) return { hold: h, order: stored };
    const allocation = withoutHeld(stored.allocation, h, freed);
    const state: OrderState = allocation.length > 0 ? 'partial' : 'backordered';
    const next: StoredOrder = {
      ...stored,
      state,
      allocation,
      unfilled: [...stored.unfilled, { order: stored.id, sku: h.sku, qty: freed, reason: 'HOLD_RELEASED' }],
      updatedAt: at,
    };
    await updateOrder(tx, next);
    const row = await tx.selectFrom('backorders').selectAll().where('order_id', '=', stored.id).executeTakeFirst();
    const prior = row ? rowToBackorder(row) : undefined;
    const lines = mergeLines([...(prior?.state === 'open' ? prior.lines : missingLines(stored.unfilled)), { sku: h.sku, qty: freed }]);
    await upsertBackorders(
      tx,
      [{ orderId: stored.id, priority: stored.order.priority ?? 0, queuedAt: prior?.queuedAt ?? at, lines, reason: 'HOLD_RELEASED', attempts: prior?.attempts ?? 0, state: 'open' }],
      at,
    );
    return { hold: h, order: next };
  });
}
