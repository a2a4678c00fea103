import { CompiledQuery, type Kysely } from 'kysely';
import type { CanonicalStatus, Position } from '../domain/index.ts';
import type { Database } from '../store/index.ts';
import { isPostgres } from './ledger-rows.ts';

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

/*
 * The ATP query is the API's hottest read (`GET /api/inventory/atp`): its SQL is written once per
 * dialect and sent as a compiled query, so a request builds no Kysely query tree and compiles no SQL,
 * and its text is the same whatever the number of SKUs (the ids travel as one JSON / array
 * parameter): SQLite reuses one cached prepared statement (store/open-store.ts) for every request.
 * `status = 'available'` and the (sku_id, warehouse_id, …) primary key make it an index range per SKU.
 */
const ATP_SELECT = 'select sku_id, warehouse_id, sum(qty) as available, sum(held) as held from positions';
const ATP_ORDER = 'group by sku_id, warehouse_id order by sku_id, warehouse_id';
const ATP_SQL = {
  sqlite: `${ATP_SELECT} where status = 'available' and sku_id in (select value from json_each(?)) ${ATP_ORDER}`,
  sqliteIn: `${ATP_SELECT} where status = 'available' and sku_id in (select value from json_each(?)) and warehouse_id in (select value from json_each(?)) ${ATP_ORDER}`,
  postgres: `${ATP_SELECT} where status = 'available' and sku_id = any($1::text[]) ${ATP_ORDER}`,
  postgresIn: `${ATP_SELECT} where status = 'available' and sku_id = any($1::text[]) and warehouse_id = any($2::text[]) ${ATP_ORDER}`,
} as const;

interface AtpRow {
  readonly sku_id: string;
  readonly warehouse_id: string;
  readonly available: number | string | null;
  readonly held: number | string | null;
}

/** ATP of the given SKUs in every warehouse (or the given ones), from `available` positions. */
export async function atpFor(db: Kysely<Database>, skus: readonly string[], warehouses?: readonly string[]): Promise<Atp[]> {
  if (skus.length === 0) return [];
  const some = warehouses !== undefined && warehouses.length > 0;
  const query = isPostgres(db)
    ? CompiledQuery.raw(some ? ATP_SQL.postgresIn : ATP_SQL.postgres, some ? [[...skus], [...warehouses]] : [[...skus]])
    : CompiledQuery.raw(some ? ATP_SQL.sqliteIn : ATP_SQL.sqlite, some ? [JSON.stringify(skus), JSON.stringify(warehouses)] : [JSON.stringify(skus)]);
  const { rows } = await db.executeQuery<AtpRow>(query);
  return rows.map((r) => {
    const available = Number(r.available);
    const held = Number(r.held);
    return { sku: r.sku_id, warehouse: r.warehouse_id, available, held, atp: Math.max(0, available - held) };
  });
}
