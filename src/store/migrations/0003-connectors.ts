import type { Kysely } from 'kysely';

/**
 * Connector bookkeeping: where each pulling connector stands in its source's stream (committed
 * only after the sink accepted what came before it), messages refused at the connector's door
 * (bad signature, malformed message, unreadable file) and the last known health of each connector.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connector_cursors')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('max_seq', 'bigint')
    .addColumn('resync_wanted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connector_cursors_pk', ['source', 'stream'])
    .execute();

  await db.schema
    .createTable('connector_rejections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('dialect', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('payload', 'text')
    .addColumn('remote', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('connector_rejections_source').on('connector_rejections').columns(['source', 'received_at']).execute();

  await db.schema
    .createTable('connector_states')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('dialect', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('last_message_at', 'text')
    .addColumn('last_occurred_at', 'text')
    .addColumn('lag_ms', 'bigint')
    .addColumn('messages', 'bigint', (c) => c.notNull())
    .addColumn('errors', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
