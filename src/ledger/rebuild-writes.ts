import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { type Cell, columns, perRow } from './ledger-rows.ts';
import type { PositionRow } from './rebuild-positions.ts';

type Key = [warehouse: string, sku: string, lot: string, status: string];

/** What a rebuild must write so the stored positions equal the replay (holds of kept positions stay). */
export interface PositionChanges {
  /** Stored positions whose quantity or expiry the replay sets anew. */
  readonly updates: PositionRow[];
  /** Stored positions the replay does not have. */
  readonly deletes: Key[];
  /** Replayed positions the store does not have (held 0). */
  readonly inserts: PositionRow[];
}

const CHUNK = 10_000;
const KEY_MATCH = 'p.sku_id = x.s and p.warehouse_id = x.w and p.lot = x.l and p.status = x.st';
const KEYS = '$1::text[], $2::text[], $3::text[], $4::text[]';
const PG = {
  delete: `delete from positions p using unnest(${KEYS}) as x(s, w, l, st) where ${KEY_MATCH}`,
  update: `update positions p set qty = x.q, expiry = x.e from unnest(${KEYS}, $5::bigint[], $6::text[]) as x(s, w, l, st, q, e) where ${KEY_MATCH}`,
  insert: `insert into positions (warehouse_id, sku_id, lot, status, qty, held, expiry)
    select w, s, l, st, q, 0, e from unnest(${KEYS}, $5::bigint[], $6::text[]) as x(s, w, l, st, q, e)`,
};
const WHERE_KEY = 'sku_id = ? and warehouse_id = ? and lot = ? and status = ?';
const SQLITE = {
  delete: `delete from positions where ${WHERE_KEY}`,
  update: `update positions set qty = ?, expiry = ? where ${WHERE_KEY}`,
  insert: 'insert into positions (warehouse_id, sku_id, lot, status, qty, held, expiry) values (?, ?, ?, ?, ?, 0, ?)',
};

/**
 * Writes the changes: on PostgreSQL as `unnest` statements of up to 10,000 rows, on SQLite as the
 * store's per-row statements (one prepared statement run for every row, in one call).
 */
export async function writePositionChanges(tx: Kysely<Database>, pg: boolean, c: PositionChanges): Promise<void> {
  const run = (sql: string, params: readonly unknown[]) => tx.executeQuery(CompiledQuery.raw(sql, [...params]));
  const keyCells = ([w, s, l, st]: Key): Cell[] => [s, w, l, st];
  const rowCells = ([w, s, l, st, q, e]: PositionRow): Cell[] => [s, w, l, st, q, e];
  if (pg) {
    for (let i = 0; i < c.deletes.length; i += CHUNK) await run(PG.delete, columns(c.deletes.slice(i, i + CHUNK).map(keyCells), 4));
    for (let i = 0; i < c.updates.length; i += CHUNK) await run(PG.update, columns(c.updates.slice(i, i + CHUNK).map(rowCells), 6));
    for (let i = 0; i < c.inserts.length; i += CHUNK) await run(PG.insert, columns(c.inserts.slice(i, i + CHUNK).map(rowCells), 6));
    return;
  }
  if (c.deletes.length > 0) await perRow(tx, SQLITE.delete, c.deletes.map(keyCells));
  if (c.updates.length > 0) await perRow(tx, SQLITE.update, c.updates.map(([w, s, l, st, q, e]) => [q, e, s, w, l, st]));
  if (c.inserts.length > 0) await perRow(tx, SQLITE.insert, c.inserts);
}
