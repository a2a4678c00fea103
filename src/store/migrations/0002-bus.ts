import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * The embedded bus's log and its durable consumers (src/bus). `bus_messages.seq` orders the log:
 * AUTOINCREMENT on SQLite (a deleted top row's number is never reused, so a consumer's acked
 * sequence never points at a newer message), bigserial on PostgreSQL. `id` is unique: publishing
 * the same message id again is a no-op, the embedded counterpart of JetStream's de-duplication.
 * With NATS the same table is the transactional outbox the relay drains.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('bus_messages')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bus_messages_id').on('bus_messages').column('id').unique().execute();
  await db.schema.createIndex('bus_messages_created').on('bus_messages').column('created_at').execute();

  await db.schema
    .createTable('bus_consumers')
    .addColumn('durable', 'text', (c) => c.primaryKey())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('acked_seq', 'bigint', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
