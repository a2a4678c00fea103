import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { isPostgres, perRow } from './ledger-rows.ts';

/** One hold to place: ids derived by the caller from its order id. */
export interface NewHold {
  readonly id: string;
  readonly orderId: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: number;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** A change of `positions.held` on the available row of warehouse × SKU × lot. */
export interface HeldDelta {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly delta: number;
}

const SQLITE_HELD = `update positions set held = held + ? where sku_id = ? and warehouse_id = ? and lot = ? and status = 'available'`;
const PG_HELD = `update positions p set held = p.held + k.d
  from unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) as k(sku, wh, lot, d)
  where p.sku_id = k.sku and p.warehouse_id = k.wh and p.lot = k.lot and p.status = 'available'`;

/** Adds the deltas to `positions.held` (one call per dialect, whatever the number of rows). */
export async function addHeld(tx: Kysely<Database>, deltas: readonly HeldDelta[]): Promise<void> {
  const merged = new Map<string, { warehouse: string; sku: string; lot: string; delta: number }>();
  for (const d of deltas) {
    const k = `${d.warehouse}\u0000${d.sku}\u0000${d.lot}`;
    const m = merged.get(k);
    if (m) m.delta += d.delta;
    else merged.set(k, { ...d });
  }
  const rows = [...merged.values()].filter((d) => d.delta !== 0);
  if (rows.length === 0) return;
  if (isPostgres(tx)) {
    await tx.executeQuery(CompiledQuery.raw(PG_HELD, [rows.map((r) => r.sku), rows.map((r) => r.warehouse), rows.map((r) => r.lot), rows.map((r) => r.delta)]));
  } else await perRow(tx, SQLITE_HELD, rows.map((r) => [r.delta, r.sku, r.warehouse, r.lot]));
}

const SQLITE_HOLD = `insert into holds (id, order_id, warehouse_id, sku_id, lot, qty, consumed, state, created_at, expires_at) values (?, ?, ?, ?, ?, ?, 0, 'pending', ?, ?)`;
const PG_HOLDS = `insert into holds (id, order_id, warehouse_id, sku_id, lot, qty, consumed, state, created_at, expires_at)
  select id, o, w, s, l, q, 0, 'pending', c, e from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[]) as k(id, o, w, s, l, q, c, e)`;

/**
 * Places pending holds and raises `positions.held` by their quantities, in the caller's
 * transaction (which must hold the ledger lock: see lockLedgerHead).
 */
export async function placeHolds(tx: Kysely<Database>, holds: readonly NewHold[]): Promise<void> {
  if (holds.length === 0) return;
  if (isPostgres(tx)) {
    const col = <T>(f: (h: NewHold) => T): T[] => holds.map(f);
    await tx.executeQuery(
      CompiledQuery.raw(PG_HOLDS, [col((h) => h.id), col((h) => h.orderId), col((h) => h.warehouse), col((h) => h.sku), col((h) => h.lot), col((h) => h.qty), col((h) => h.createdAt), col((h) => h.expiresAt)]),
    );
  } else {
    await perRow(tx, SQLITE_HOLD, holds.map((h) => [h.id, h.orderId, h.warehouse, h.sku, h.lot, h.qty, h.createdAt, h.expiresAt]));
  }
  await addHeld(tx, holds.map((h) => ({ warehouse: h.warehouse, sku: h.sku, lot: h.lot, delta: h.qty })));
}
