import type { Kysely } from 'kysely';
import type { CanonicalStatus, Position } from '../domain/index.ts';
import type { Database } from '../store/index.ts';

export interface PositionFilter {
  readonly sku?: string | undefined;
  readonly warehouse?: string | undefined;
  /** Only these warehouses (a caller's scope); none = every warehouse. */
  readonly warehouses?: readonly string[] | undefined;
  /** Include positions whose quantity is zero (default false). */
  readonly includeZero?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** Positions (warehouse × SKU × lot × status) of the global view, in a stable order. */
export async function listPositions(db: Kysely<Database>, f: PositionFilter = {}): Promise<Position[]> {
  let q = db.selectFrom('positions').select(['warehouse_id', 'sku_id', 'lot', 'status', 'qty', 'held', 'expiry']);
  if (f.sku) q = q.where('sku_id', '=', f.sku);
  if (f.warehouse) q = q.where('warehouse_id', '=', f.warehouse);
  if (f.warehouses) q = q.where('warehouse_id', 'in', f.warehouses.length > 0 ? [...f.warehouses] : ['']);
  if (!f.includeZero) q = q.where((eb) => eb.or([eb('qty', '!=', 0), eb('held', '!=', 0)]));
  q = q.orderBy('sku_id').orderBy('warehouse_id').orderBy('lot').orderBy('status');
  if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
  const rows = await q.execute();
  return rows.map((r) => ({
    warehouse: r.warehouse_id,
    sku: r.sku_id,
    lot: r.lot,
    status: r.status as CanonicalStatus,
    qty: r.qty,
    held: r.held,
    expiry: r.expiry,
  }));
}

/** Available-to-promise of one SKU at one warehouse: available minus hub holds, over all lots. */
export interface Atp {
  readonly sku: string;
  readonly warehouse: string;
  readonly available: number;
  readonly held: number;
  readonly atp: number;
}

/** ATP of the given SKUs in every warehouse (or the given ones), from `available` positions. */
export async function atpFor(db: Kysely<Database>, skus: readonly string[], warehouses?: readonly string[]): Promise<Atp[]> {
  if (skus.length === 0) return [];
  let q = db
    .selectFrom('positions')
    .select((eb) => ['sku_id', 'warehouse_id', eb.fn.sum<number>('qty').as('available'), eb.fn.sum<number>('held').as('held')])
    .where('status', '=', 'available')
    .where('sku_id', 'in', skus);
  if (warehouses && warehouses.length > 0) q = q.where('warehouse_id', 'in', warehouses);
  const rows = await q.groupBy(['sku_id', 'warehouse_id']).orderBy('sku_id').orderBy('warehouse_id').execute();
  return rows.map((r) => {
    const available = Number(r.available);
    const held = Number(r.held);
    return { sku: r.sku_id, warehouse: r.warehouse_id, available, held, atp: Math.max(0, available - held) };
  });
}
