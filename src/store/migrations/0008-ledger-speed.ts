import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Fewer B-trees written per ingested event (bench/: ingest). Nothing reads differently: same
 * tables, same columns, same keys, same rows.
 *
 * - `events_sku_wh` (sku_id, warehouse_id) is dropped on both databases: no query reads the ledger
 *   by SKU or warehouse (positions answer those), so it was one more index written per event.
 * - SQLite: `events.chain_seq` becomes `integer primary key`, SQLite's rowid alias, where it was
 *   `bigint primary key` (a separate index beside the hidden rowid); `positions` becomes a
 *   `WITHOUT ROWID` table clustered on its primary key (one tree per upsert instead of the rowid
 *   table plus the key index). Both tables are rebuilt in one transaction, rows copied as they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index if exists events_sku_wh`.execute(db);
    return;
  }
  await db.transaction().execute(async (tx) => {
    await sql`create table events_next (
      chain_seq integer primary key,
      id text not null unique,
      source text not null,
      source_seq bigint,
      occurred_at text not null,
      received_at text not null,
      warehouse_id text not null,
      sku_id text not null,
      lot text not null,
      expiry text,
      quantity bigint not null,
      from_status text,
      to_status text,
      reason text not null,
      order_ref text,
      transfer_ref text,
      ext_sku text not null,
      ext_unit text,
      ext_quantity text not null,
      prev_hash text not null,
      hash text not null
    )`.execute(tx);
    await sql`insert into events_next (chain_seq, id, source, source_seq, occurred_at, received_at, warehouse_id, sku_id, lot,
      expiry, quantity, from_status, to_status, reason, order_ref, transfer_ref, ext_sku, ext_unit, ext_quantity, prev_hash, hash)
      select chain_seq, id, source, source_seq, occurred_at, received_at, warehouse_id, sku_id, lot,
      expiry, quantity, from_status, to_status, reason, order_ref, transfer_ref, ext_sku, ext_unit, ext_quantity, prev_hash, hash
      from events order by chain_seq`.execute(tx);
    await sql`drop table events`.execute(tx);
    await sql`alter table events_next rename to events`.execute(tx);
    await sql`create unique index events_source_seq on events (source, source_seq)`.execute(tx);

    await sql`create table positions_next (
      warehouse_id text not null,
      sku_id text not null,
      lot text not null,
      status text not null,
      qty bigint not null,
      held bigint not null default 0,
      expiry text,
      constraint positions_pk primary key (sku_id, warehouse_id, lot, status)
    ) without rowid`.execute(tx);
    await sql`insert into positions_next (warehouse_id, sku_id, lot, status, qty, held, expiry)
      select warehouse_id, sku_id, lot, status, qty, held, expiry from positions order by sku_id, warehouse_id, lot, status`.execute(tx);
    await sql`drop table positions`.execute(tx);
    await sql`alter table positions_next rename to positions`.execute(tx);
    await sql`create index positions_wh on positions (warehouse_id, sku_id)`.execute(tx);
  });
}
