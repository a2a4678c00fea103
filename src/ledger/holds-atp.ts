import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { isPostgres } from './ledger-rows.ts';

/** Available-to-promise of one lot: `available` quantity minus hub holds on that row. */
export interface AtpRow {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly expiry: string | null;
  readonly atp: number;
}

type Raw = { warehouse_id: string; sku_id: string; lot: string; expiry: string | null; qty: number; held: number };

/**
 * ATP per warehouse × SKU × lot (with expiry) for the given SKUs, only rows with something to
 * promise. Read inside a reservation transaction, after the ledger lock, it is what may be held.
 */
export async function atpRows(tx: Kysely<Database>, skus: readonly string[]): Promise<AtpRow[]> {
  if (skus.length === 0) return [];
  const q = isPostgres(tx)
    ? CompiledQuery.raw(
        `select p.warehouse_id, p.sku_id, p.lot, p.expiry, p.qty, p.held from positions p
         where p.sku_id = any($1::text[]) and p.status = 'available' and p.qty > p.held`,
        [skus],
      )
    : CompiledQuery.raw(
        `select p.warehouse_id, p.sku_id, p.lot, p.expiry, p.qty, p.held from json_each(?) k
         cross join positions p on p.sku_id = k.value where p.status = 'available' and p.qty > p.held`,
        [JSON.stringify(skus)],
      );
  const rows = (await tx.executeQuery(q)).rows as Raw[];
  return rows.map((r) => ({ warehouse: r.warehouse_id, sku: r.sku_id, lot: r.lot, expiry: r.expiry, atp: Number(r.qty) - Number(r.held) }));
}
