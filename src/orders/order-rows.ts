import { CompiledQuery, type Kysely, PostgresAdapter } from 'kysely';
import type { OrderExplanation, PlanLine } from '../allocation/index.ts';
import type { Database } from '../store/index.ts';
import type { Backorder, BaseLine, OrderInput, OrderState, OrderUnfilled, StoredOrder } from './order-types.ts';

type Db = Kysely<Database>;
type OrderRow = Database['orders'];

/** SQLite runs SQL starting with this marker once per parameter row (src/store/open-store.ts). */
const PER_ROW = '/* per-row */';
const COLS = ['id', 'body_hash', 'body', 'channel', 'priority', 'state', 'lines', 'allocation', 'unfilled', 'explanation', 'created_at', 'updated_at'] as const;
const TYPES = ['text', 'text', 'text', 'text', 'integer', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];
const SQLITE_INSERT = `${PER_ROW} insert into orders (${COLS.join(', ')}) values (${COLS.map(() => '?').join(', ')})`;
const PG_INSERT = `insert into orders (${COLS.join(', ')}) select * from unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;

export interface NewOrderRow {
  readonly order: StoredOrder;
  readonly hash: string;
}

const isPg = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** Inserts new orders in one call per dialect. */
export async function insertOrders(tx: Db, rows: readonly NewOrderRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(({ order: o, hash }) => [
    o.id,
    hash,
    JSON.stringify(o.order),
    o.order.channel ?? null,
    o.order.priority ?? 0,
    o.state,
    JSON.stringify(o.lines),
    JSON.stringify(o.allocation),
    JSON.stringify(o.unfilled),
    o.explanation === null ? null : JSON.stringify(o.explanation),
    o.createdAt,
    o.updatedAt,
  ]);
  if (isPg(tx)) await tx.executeQuery(CompiledQuery.raw(PG_INSERT, COLS.map((_, c) => values.map((v) => v[c]))));
  else await tx.executeQuery(CompiledQuery.raw(SQLITE_INSERT, [values]));
}

export const rowToOrder = (r: OrderRow): StoredOrder => ({
  id: r.id,
  state: r.state as OrderState,
  order: JSON.parse(r.body) as OrderInput,
  lines: JSON.parse(r.lines) as BaseLine[],
  allocation: JSON.parse(r.allocation) as PlanLine[],
  unfilled: JSON.parse(r.unfilled) as OrderUnfilled[],
  explanation: r.explanation === null ? null : (JSON.parse(r.explanation) as OrderExplanation),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const PG_BY_IDS = 'select * from orders where id = any($1::text[])';
const SQLITE_BY_IDS = 'select * from orders where id in (select value from json_each(?))';

/**
 * Stored orders with these ids, with their body hash: one statement for any number of ids (an array
 * parameter on PostgreSQL, `json_each` on SQLite), so nothing is compiled per call on the submit path.
 */
export async function ordersWithIds(db: Db, ids: readonly string[]): Promise<Map<string, { order: StoredOrder; hash: string }>> {
  const out = new Map<string, { order: StoredOrder; hash: string }>();
  if (ids.length === 0) return out;
  const q = isPg(db) ? CompiledQuery.raw(PG_BY_IDS, [ids]) : CompiledQuery.raw(SQLITE_BY_IDS, [JSON.stringify(ids)]);
  const rows = (await db.executeQuery<OrderRow>(q)).rows;
  for (const r of rows) out.set(r.id, { order: rowToOrder(r), hash: r.body_hash });
  return out;
}

/** Rewrites the mutable part of an order (state, allocation, unfilled, explanation). */
export async function updateOrder(db: Db, o: StoredOrder): Promise<void> {
  await db
    .updateTable('orders')
    .set({
      state: o.state,
      allocation: JSON.stringify(o.allocation),
      unfilled: JSON.stringify(o.unfilled),
      explanation: o.explanation === null ? null : JSON.stringify(o.explanation),
      updated_at: o.updatedAt,
    })
    .where('id', '=', o.id)
    .execute();
}

export const rowToBackorder = (r: Database['backorders']): Backorder => ({
  orderId: r.order_id,
  priority: r.priority,
  queuedAt: r.queued_at,
  lines: JSON.parse(r.lines) as BaseLine[],
  reason: r.reason,
  attempts: r.attempts,
  state: r.state as Backorder['state'],
});

/** Queues (or re-queues) backorders. */
export async function upsertBackorders(db: Db, rows: readonly Backorder[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('backorders')
      .values(
        rows.slice(i, i + 500).map((b) => ({
          order_id: b.orderId,
          priority: b.priority,
          queued_at: b.queuedAt,
          lines: JSON.stringify(b.lines),
          reason: b.reason,
          attempts: b.attempts,
          state: b.state,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.column('order_id').doUpdateSet((eb) => ({
          lines: eb.ref('excluded.lines'),
          reason: eb.ref('excluded.reason'),
          attempts: eb.ref('excluded.attempts'),
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** The backorder queue: open entries by priority (highest first), then age. */
export async function listBackorders(db: Db, state: Backorder['state'] = 'open', limit = 1000, offset = 0): Promise<Backorder[]> {
  const rows = await db.selectFrom('backorders').selectAll().where('state', '=', state).orderBy('priority', 'desc').orderBy('queued_at').orderBy('order_id').limit(limit).offset(offset).execute();
  return rows.map(rowToBackorder);
}
