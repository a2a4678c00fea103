import { CompiledQuery, type Kysely, PostgresAdapter } from 'kysely';
import type { Database } from '../store/index.ts';
import type { Prepared } from './decide-batch.ts';
import { type ActiveHold, consumesHolds, holdKey, type HoldState } from './hold-matching.ts';

/**
 * Loads, inside the batch's transaction (after loadBatchState took the ledger lock), the active
 * holds of every order the batch's events work (see hold-matching.ts): exactly those, oldest first.
 * One statement whatever the number of orders (their ids travel as one JSON list on SQLite, one
 * array on PostgreSQL), and none at all when no hold is active (one indexed probe says so).
 */
export async function loadHoldState(tx: Kysely<Database>, batch: readonly Prepared[]): Promise<HoldState> {
  const orders = new Set<string>();
  for (const p of batch) if (p.ok && p.event.orderRef !== null && consumesHolds(p.event)) orders.add(p.event.orderRef);
  const byKey = new Map<string, ActiveHold[]>();
  if (orders.size === 0 || !(await anyActiveHold(tx))) return { byKey };
  const ids = [...orders];
  const pg = tx.getExecutor().adapter instanceof PostgresAdapter;
  const q = CompiledQuery.raw(
    `select id, order_id, warehouse_id, sku_id, lot, qty, consumed from holds
     where order_id ${pg ? '= any($1::text[])' : 'in (select value from json_each(?))'} and state in ('pending', 'confirmed')
     order by created_at, id`,
    [pg ? ids : JSON.stringify(ids)],
  );
  const rows = (await tx.executeQuery(q)).rows as Pick<Database['holds'], 'id' | 'order_id' | 'warehouse_id' | 'sku_id' | 'lot' | 'qty' | 'consumed'>[];
  for (const r of rows) {
    const k = holdKey(r.order_id, r.warehouse_id, r.sku_id);
    const list = byKey.get(k) ?? [];
    list.push({ id: r.id, orderId: r.order_id, warehouse: r.warehouse_id, sku: r.sku_id, lot: r.lot, remaining: r.qty - r.consumed });
    byKey.set(k, list);
  }
  return { byKey };
}

async function anyActiveHold(tx: Kysely<Database>): Promise<boolean> {
  const row = await tx.selectFrom('holds').select('id').where('state', 'in', ['pending', 'confirmed']).limit(1).executeTakeFirst();
  return row !== undefined;
}
