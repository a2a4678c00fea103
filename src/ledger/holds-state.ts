import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { Prepared } from './decide-batch.ts';
import { type ActiveHold, consumesHolds, holdKey, type HoldState } from './hold-matching.ts';

const CHUNK = 500;

/**
 * Loads, inside the batch's transaction (after loadBatchState took the ledger lock), the active
 * holds of every order the batch's events work (see hold-matching.ts): exactly those, oldest first.
 */
export async function loadHoldState(tx: Kysely<Database>, batch: readonly Prepared[]): Promise<HoldState> {
  const orders = new Set<string>();
  for (const p of batch) if (p.ok && p.event.orderRef !== null && consumesHolds(p.event)) orders.add(p.event.orderRef);
  const byKey = new Map<string, ActiveHold[]>();
  const ids = [...orders];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx
      .selectFrom('holds')
      .select(['id', 'order_id', 'warehouse_id', 'sku_id', 'lot', 'qty', 'consumed'])
      .where('order_id', 'in', ids.slice(i, i + CHUNK))
      .where('state', 'in', ['pending', 'confirmed'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const k = holdKey(r.order_id, r.warehouse_id, r.sku_id);
      const list = byKey.get(k) ?? [];
      list.push({ id: r.id, orderId: r.order_id, warehouse: r.warehouse_id, sku: r.sku_id, lot: r.lot, remaining: r.qty - r.consumed });
      byKey.set(k, list);
    }
  }
  return { byKey };
}
