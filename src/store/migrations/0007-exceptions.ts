import { type Kysely, PostgresAdapter } from 'kysely';

/** Default owner per exception type, seeded once (editable afterwards through the API). */
const DEFAULT_OWNERS: readonly (readonly [type: string, team: string, contact: string | null, routeTo: 'warehouse' | 'type', escalateAfterMinutes: number])[] = [
  ['source_silent', 'integration', 'integration-oncall@example.com', 'type', 60],
  ['sequence_gap', 'integration', 'integration-oncall@example.com', 'type', 120],
  ['snapshot_drift', 'inventory-control', 'inventory-control@example.com', 'warehouse', 240],
  ['negative_stock', 'inventory-control', 'inventory-control@example.com', 'warehouse', 30],
  ['dead_letters', 'integration', 'integration-oncall@example.com', 'type', 120],
  ['order_at_risk', 'customer-service', 'cs-lead@example.com', 'warehouse', 60],
  ['stockout_risk', 'planning', 'planning@example.com', 'type', 480],
  ['aged_stock', 'planning', 'planning@example.com', 'warehouse', 1440],
  ['expiring_stock', 'quality', 'quality@example.com', 'warehouse', 720],
  ['mdm_conflict', 'master-data', 'master-data@example.com', 'type', 1440],
];

/**
 * Exceptions (src/exceptions): one row per problem, its steps (who did what when), the owner per
 * exception type, and the outbox of signed webhook notifications. `active_fingerprint` holds the
 * fingerprint while the exception is unresolved and NULL afterwards: its unique index makes "one
 * unresolved exception per fingerprint" hold even with two sweeping processes (NULLs are
 * distinct on both databases).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text')
    .addColumn('sku_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('active_fingerprint', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('evidence_href', 'text', (c) => c.notNull())
    .addColumn('evidence_facts', 'text', (c) => c.notNull())
    .addColumn('owner_team', 'text', (c) => c.notNull())
    .addColumn('owner_contact', 'text')
    .addColumn('owner_from', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema.createIndex('exceptions_active_fingerprint').on('exceptions').column('active_fingerprint').unique().execute();
  await db.schema.createIndex('exceptions_fingerprint').on('exceptions').columns(['fingerprint', 'resolved_at']).execute();
  await db.schema.createIndex('exceptions_state').on('exceptions').columns(['state', 'detected_at']).execute();
  await db.schema.createIndex('exceptions_resolved').on('exceptions').column('resolved_at').execute();

  await db.schema
    .createTable('exception_steps')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('exception_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('exception_steps_exception').on('exception_steps').columns(['exception_id', 'seq']).execute();

  await db.schema
    .createTable('exception_owners')
    .addColumn('type', 'text', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('escalation_contact', 'text')
    .addColumn('route_to', 'text', (c) => c.notNull())
    .addColumn('escalate_after_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  const seededAt = new Date().toISOString();
  await (db as Kysely<{ exception_owners: Record<string, unknown> }>)
    .insertInto('exception_owners')
    .values(
      DEFAULT_OWNERS.map(([type, team, contact, routeTo, minutes]) => ({
        type,
        team,
        escalation_contact: contact,
        route_to: routeTo,
        escalate_after_minutes: minutes,
        updated_at: seededAt,
        updated_by: 'system',
      })),
    )
    .execute();

  await db.schema
    .createTable('exception_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exception_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('exception_notifications_due').on('exception_notifications').columns(['delivered_at', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exception_notifications').execute();
  await db.schema.dropTable('exception_owners').execute();
  await db.schema.dropTable('exception_steps').execute();
  await db.schema.dropTable('exceptions').execute();
}
