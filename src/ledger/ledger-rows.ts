import { CompiledQuery, type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type { LedgerEvent } from '../domain/index.ts';
import type { Database } from '../store/index.ts';
import type { PositionDelta } from './decide-batch.ts';

/**
 * The bulk writes of a ledger batch, each in the shape its database runs fastest (measured in
 * bench/): on SQLite (in-process, no round trips) one prepared statement run once per row, all rows
 * handed over in one call (the store's per-row statements, see PER_ROW); on PostgreSQL one
 * statement per table whose rows travel as one array per column through `unnest` (one round trip,
 * one parameter per column instead of one per value). The SQL is fixed text, run as a compiled
 * query: Kysely does not build it anew for every batch or row.
 */

type Tx = Transaction<Database>;

/**
 * Marks SQL the SQLite store runs once per row of its one parameter (an array of parameter rows);
 * src/store/open-store.ts spells the same marker. SQLite only.
 */
const PER_ROW = '/* per-row */';

/** Runs `sql` on SQLite for every row of `rows`, in one call. */
export const perRow = (tx: Kysely<Database>, sql: string, rows: readonly Cell[][]) =>
  tx.executeQuery(CompiledQuery.raw(`${PER_ROW} ${sql}`, [rows]));

/** True when the database (or transaction) runs on PostgreSQL. */
export const isPostgres = (db: Kysely<Database>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

const EVENT_COLUMNS = [
  ['chain_seq', 'bigint'],
  ['id', 'text'],
  ['source', 'text'],
  ['source_seq', 'bigint'],
  ['occurred_at', 'text'],
  ['received_at', 'text'],
  ['warehouse_id', 'text'],
  ['sku_id', 'text'],
  ['lot', 'text'],
  ['expiry', 'text'],
  ['quantity', 'bigint'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['reason', 'text'],
  ['order_ref', 'text'],
  ['transfer_ref', 'text'],
  ['ext_sku', 'text'],
  ['ext_unit', 'text'],
  ['ext_quantity', 'text'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
] as const;

const eventValues = (e: LedgerEvent): Cell[] => [
  e.chainSeq,
  e.id,
  e.source,
  e.sourceSeq,
  e.occurredAt,
  e.receivedAt,
  e.warehouse,
  e.sku,
  e.lot,
  e.expiry,
  e.quantity,
  e.fromStatus,
  e.toStatus,
  e.reason,
  e.orderRef,
  e.transferRef,
  e.external.sku,
  e.external.unit,
  e.external.quantity,
  e.prevHash,
  e.hash,
];

const names = EVENT_COLUMNS.map(([c]) => c).join(', ');
const SQLITE_INSERT_EVENT = `insert into events (${names}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`;
const PG_INSERT_EVENTS = `insert into events (${names}) select * from unnest(${EVENT_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`;

export type Cell = string | number | null;

/**
 * One column of rows as a PostgreSQL array literal (`{"a","b",NULL}` / `{1,2,NULL}`), the text the
 * server parses for `$n::text[]`. Written here in one pass: node-postgres' generic array encoder
 * costs several times more per value, and on the ingest path Node's CPU is the scarce side.
 */
function arrayLiteral(rows: readonly Cell[][], c: number): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = (rows[i] as Cell[])[c];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}
const NEEDS_ESCAPE = /[\\"]/;

/** Rows → one array literal per column: `[[a1, b1], [a2, b2]]` → `['{a1,a2}', '{b1,b2}']`. */
export function columns(rows: readonly Cell[][], width: number): string[] {
  return Array.from({ length: width }, (_, c) => arrayLiteral(rows, c));
}

export async function insertEvents(tx: Tx, pg: boolean, events: readonly LedgerEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (pg) {
    await tx.executeQuery(CompiledQuery.raw(PG_INSERT_EVENTS, columns(events.map(eventValues), EVENT_COLUMNS.length)));
    return;
  }
  await perRow(tx, SQLITE_INSERT_EVENT, events.map(eventValues));
}

// A delta adds to the stored quantity; the first expiry known for a position sticks.
const ON_POSITION_CONFLICT = `on conflict (sku_id, warehouse_id, lot, status) do update
  set qty = positions.qty + excluded.qty, expiry = coalesce(positions.expiry, excluded.expiry)`;
const SQLITE_UPSERT_POSITION = `insert into positions (warehouse_id, sku_id, lot, status, qty, held, expiry)
  values (?, ?, ?, ?, ?, 0, ?) ${ON_POSITION_CONFLICT}`;
const PG_UPSERT_POSITIONS = `insert into positions (warehouse_id, sku_id, lot, status, qty, held, expiry)
  select w, s, l, st, q, 0, e from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[]) as x(w, s, l, st, q, e)
  ${ON_POSITION_CONFLICT}`;

/** Adds each delta to its position (creating the position when new). Keys are distinct. */
export async function upsertPositions(tx: Tx, pg: boolean, deltas: readonly PositionDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const rows = deltas.map((x): Cell[] => [x.warehouse, x.sku, x.lot, x.status, x.delta, x.expiry]);
  if (pg) {
    await tx.executeQuery(CompiledQuery.raw(PG_UPSERT_POSITIONS, columns(rows, 6)));
    return;
  }
  await perRow(tx, SQLITE_UPSERT_POSITION, rows);
}

/** Events applied per source in a batch, and the highest sequence among them. */
export interface CursorTotal {
  readonly source: string;
  max: number | null;
  n: number;
}

// The cursor keeps the highest sequence ever seen; a source without sequences keeps null.
const ON_CURSOR_CONFLICT = `on conflict (source) do update set
  max_seq = case when source_cursors.max_seq is null or excluded.max_seq > source_cursors.max_seq
    then coalesce(excluded.max_seq, source_cursors.max_seq) else source_cursors.max_seq end,
  events_total = source_cursors.events_total + excluded.events_total,
  last_event_at = excluded.last_event_at`;
const SQLITE_UPSERT_CURSOR = `insert into source_cursors (source, max_seq, events_total, last_event_at) values (?, ?, ?, ?) ${ON_CURSOR_CONFLICT}`;
const PG_UPSERT_CURSORS = `insert into source_cursors (source, max_seq, events_total, last_event_at)
  select s, m, n, $4::text from unnest($1::text[], $2::bigint[], $3::bigint[]) as x(s, m, n) ${ON_CURSOR_CONFLICT}`;

export async function upsertCursors(tx: Tx, pg: boolean, totals: readonly CursorTotal[], at: string): Promise<void> {
  if (totals.length === 0) return;
  if (pg) {
    await tx.executeQuery(
      CompiledQuery.raw(PG_UPSERT_CURSORS, [totals.map((c) => c.source), totals.map((c) => c.max), totals.map((c) => c.n), at]),
    );
    return;
  }
  await perRow(tx, SQLITE_UPSERT_CURSOR, totals.map((c) => [c.source, c.max, c.n, at]));
}
