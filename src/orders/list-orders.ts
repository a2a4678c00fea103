import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { rowToOrder } from './order-rows.ts';
import type { OrderState, StoredOrder } from './order-types.ts';

/** Which orders to list: state, created in [from, to) (ISO-8601 UTC), and a warehouse scope. */
export interface OrderFilter {
  readonly state?: OrderState | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /**
   * Only orders that hold (or held) stock in one of these warehouses; null or absent = all orders.
   * An order is seen through its holds: an order never allocated anywhere belongs to no warehouse.
   */
  readonly warehouses?: readonly string[] | null | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Orders, newest first (created time, then id). */
export async function listOrders(db: Kysely<Database>, f: OrderFilter): Promise<StoredOrder[]> {
  let q = db.selectFrom('orders').selectAll();
  if (f.state) q = q.where('state', '=', f.state);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  if (f.warehouses) {
    if (f.warehouses.length === 0) return [];
    const ws = [...f.warehouses];
    q = q.where('id', 'in', (eb) => eb.selectFrom('holds').select('order_id').where('warehouse_id', 'in', ws));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  return rows.map(rowToOrder);
}
