import { type Kysely, sql } from 'kysely';

/** Master data, ledger, positions and their bookkeeping. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('warehouses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('storage_classes', 'text', (c) => c.notNull())
    .addColumn('hazmat', 'integer', (c) => c.notNull())
    .addColumn('daily_capacity', 'integer', (c) => c.notNull())
    .addColumn('cutoff_time', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('owner_team', 'text', (c) => c.notNull())
    .addColumn('escalation_contact', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gtin', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('base_unit', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'double precision', (c) => c.notNull())
    .addColumn('storage_class', 'text', (c) => c.notNull())
    .addColumn('hazmat', 'integer', (c) => c.notNull())
    .addColumn('lot_controlled', 'integer', (c) => c.notNull())
    .addColumn('expiry_controlled', 'integer', (c) => c.notNull())
    .addColumn('min_shelf_life_days', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sku_units')
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('factor', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sku_units_pk', ['sku_id', 'unit'])
    .execute();

  await db.schema
    .createTable('aliases')
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addPrimaryKeyConstraint('aliases_pk', ['system', 'code'])
    .execute();

  await db.schema
    .createTable('status_maps')
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('external_status', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_maps_pk', ['system', 'external_status'])
    .execute();

  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dialect', 'text', (c) => c.notNull())
    .addColumn('warehouses', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('chain_seq', 'bigint', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_seq', 'bigint')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('lot', 'text', (c) => c.notNull())
    .addColumn('expiry', 'text')
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('order_ref', 'text')
    .addColumn('transfer_ref', 'text')
    .addColumn('ext_sku', 'text', (c) => c.notNull())
    .addColumn('ext_unit', 'text')
    .addColumn('ext_quantity', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_source_seq').on('events').columns(['source', 'source_seq']).unique().execute();
  await db.schema.createIndex('events_sku_wh').on('events').columns(['sku_id', 'warehouse_id']).execute();

  await db.schema
    .createTable('ledger_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('chain_seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into ledger_head (id, chain_seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(db);

  await db.schema
    .createTable('positions')
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('lot', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('qty', 'bigint', (c) => c.notNull())
    .addColumn('held', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('expiry', 'text')
    .addPrimaryKeyConstraint('positions_pk', ['sku_id', 'warehouse_id', 'lot', 'status'])
    .execute();
  await db.schema.createIndex('positions_wh').on('positions').columns(['warehouse_id', 'sku_id']).execute();

  await db.schema
    .createTable('source_cursors')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('max_seq', 'bigint')
    .addColumn('events_total', 'bigint', (c) => c.notNull())
    .addColumn('last_event_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sequence_gaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('from_seq', 'bigint', (c) => c.notNull())
    .addColumn('to_seq', 'bigint', (c) => c.notNull())
    .addColumn('filled', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema.createIndex('sequence_gaps_source').on('sequence_gaps').columns(['source', 'closed_at']).execute();

  await db.schema
    .createTable('dead_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text')
    .addColumn('source', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('dead_letters_event').on('dead_letters').columns(['event_id']).execute();
  await db.schema.createIndex('dead_letters_state').on('dead_letters').columns(['state', 'first_seen_at']).execute();

  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('lines', 'integer', (c) => c.notNull())
    .addColumn('drift_lines', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('drift')
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('lot', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ledger_qty', 'bigint', (c) => c.notNull())
    .addColumn('counted_qty', 'bigint', (c) => c.notNull())
    .addColumn('delta', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('drift_snapshot').on('drift').columns(['snapshot_id']).execute();
}

/** prev_hash of the first ledger event. */
export const GENESIS_HASH = '0'.repeat(64);
