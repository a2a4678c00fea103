import type { Kysely } from 'kysely';
import type { Database, Store } from '../store/index.ts';
import { addHeld } from './hold-rows.ts';
import { lockLedgerHead } from './lock-ledger.ts';

/** A hold as stored (see docs/orders.md for its lifecycle). */
export interface Hold {
  readonly id: string;
  readonly orderId: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: number;
  readonly consumed: number;
  readonly state: HoldStateName;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
}

export type HoldStateName = 'pending' | 'confirmed' | 'released' | 'expired' | 'consumed';

const ACTIVE = ['pending', 'confirmed'] as const;

type HoldRow = Database['holds'];

export const rowToHold = (r: HoldRow): Hold => ({
  id: r.id,
  orderId: r.order_id,
  warehouse: r.warehouse_id,
  sku: r.sku_id,
  lot: r.lot,
  qty: r.qty,
  consumed: r.consumed,
  state: r.state as HoldStateName,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
});

/**
 * Resolves active holds once: they end in `state` and `positions.held` falls by what each still
 * reserved (qty − consumed). Holds already resolved are left alone (the `state in active` guard),
 * so a second release, a late expiry or a release racing a consumption changes nothing.
 */
async function resolve(tx: Kysely<Database>, rows: readonly HoldRow[], state: 'released' | 'expired', at: string, by: string): Promise<Hold[]> {
  const live = rows.filter((r) => r.state === 'pending' || r.state === 'confirmed');
  if (live.length === 0) return [];
  for (let i = 0; i < live.length; i += 500) {
    await tx
      .updateTable('holds')
      .set({ state, resolved_at: at, resolved_by: by })
      .where('id', 'in', live.slice(i, i + 500).map((r) => r.id))
      .where('state', 'in', [...ACTIVE])
      .execute();
  }
  await addHeld(tx, live.map((r) => ({ warehouse: r.warehouse_id, sku: r.sku_id, lot: r.lot, delta: -(r.qty - r.consumed) })));
  return live.map((r) => rowToHold({ ...r, state, resolved_at: at, resolved_by: by }));
}

/** Releases the order's active holds inside the caller's transaction (which holds the ledger lock). */
export async function releaseHoldsInTx(tx: Kysely<Database>, orderId: string, at: string, by: string): Promise<Hold[]> {
  const rows = await tx.selectFrom('holds').selectAll().where('order_id', '=', orderId).where('state', 'in', [...ACTIVE]).execute();
  return resolve(tx, rows, 'released', at, by);
}

/**
 * Releases one hold by id inside the caller's transaction (which holds the ledger lock). Returns
 * the released hold, the hold as it is when it was already resolved (nothing changes), or
 * undefined when there is no such hold.
 */
export async function releaseHoldByIdInTx(tx: Kysely<Database>, holdId: string, at: string, by: string): Promise<{ readonly hold: Hold; readonly released: boolean } | undefined> {
  const row = await tx.selectFrom('holds').selectAll().where('id', '=', holdId).executeTakeFirst();
  if (!row) return undefined;
  const [released] = await resolve(tx, [row], 'released', at, by);
  return released ? { hold: released, released: true } : { hold: rowToHold(row), released: false };
}

/** Releases every active hold of an order (cancel). Returns the holds released now. */
export async function releaseHolds(store: Store, orderId: string, now: Date, by = 'cancel'): Promise<Hold[]> {
  return store.db.transaction().execute(async (tx) => {
    await lockLedgerHead(tx, store.dialect);
    return releaseHoldsInTx(tx, orderId, now.toISOString(), by);
  });
}

/** The periodic sweep: every pending hold whose expiry is at or before `now` expires (confirmed ones never do). */
export async function expireHolds(store: Store, now: Date): Promise<Hold[]> {
  const at = now.toISOString();
  return store.db.transaction().execute(async (tx) => {
    await lockLedgerHead(tx, store.dialect);
    const rows = await tx.selectFrom('holds').selectAll().where('state', '=', 'pending').where('expires_at', '<=', at).execute();
    return resolve(tx, rows, 'expired', at, 'expiry');
  });
}

/** The WMS confirmed the order: its pending holds become confirmed (and no longer expire). */
export async function confirmHolds(store: Store, orderId: string, now: Date): Promise<Hold[]> {
  return store.db.transaction().execute(async (tx) => {
    await lockLedgerHead(tx, store.dialect);
    const rows = await tx.selectFrom('holds').selectAll().where('order_id', '=', orderId).where('state', '=', 'pending').execute();
    if (rows.length === 0) return [];
    await tx.updateTable('holds').set({ state: 'confirmed' }).where('order_id', '=', orderId).where('state', '=', 'pending').execute();
    return rows.map((r) => rowToHold({ ...r, state: 'confirmed' }));
  });
}

/** Holds, optionally of one order, oldest first. */
export async function listHolds(
  db: Kysely<Database>,
  f: { order?: string | undefined; holdId?: string | undefined; state?: HoldStateName | undefined; warehouses?: readonly string[] | null | undefined; limit?: number | undefined; offset?: number | undefined } = {},
): Promise<Hold[]> {
  let q = db.selectFrom('holds').selectAll();
  if (f.order) q = q.where('order_id', '=', f.order);
  if (f.holdId) q = q.where('id', '=', f.holdId);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.warehouses) {
    if (f.warehouses.length === 0) return [];
    q = q.where('warehouse_id', 'in', [...f.warehouses]);
  }
  return (await q.orderBy('created_at').orderBy('id').limit(f.limit ?? 10000).offset(f.offset ?? 0).execute()).map(rowToHold);
}
