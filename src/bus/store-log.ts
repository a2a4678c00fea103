import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Dialect } from '../store/index.ts';
import type { BusMessage, Delivered } from './bus.ts';

/** One message as the log keeps it. */
export interface LogEntry extends BusMessage {
  readonly subject: string;
  readonly seq: number;
}

// Rows per INSERT: 5 parameters each keeps a statement under SQLite's 32,766 bound parameters.
const ROWS = 1000;
// pg_advisory_xact_lock key of the bus's append lock ("SMBUS" in ASCII).
const APPEND_LOCK = 0x534d425553;

/**
 * Appends messages to the log inside `tx`, in order; an id already in the log is skipped (the
 * first publish wins). On PostgreSQL the transaction first takes the bus's append lock and keeps
 * it until commit, so sequence numbers become visible in increasing order: a reader that has seen
 * seq n can never later see a smaller one commit. (SQLite has one writer at a time already.)
 */
export async function appendToLog(
  tx: Transaction<Database>,
  dialect: Dialect,
  items: readonly { readonly subject: string; readonly message: BusMessage }[],
  createdAt: string,
): Promise<void> {
  if (items.length === 0) return;
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(tx);
  for (let i = 0; i < items.length; i += ROWS) {
    const rows = items.slice(i, i + ROWS).map(({ subject, message: m }) => ({
      subject,
      key: m.key,
      id: m.id,
      payload: m.payload,
      created_at: createdAt,
    }));
    await tx
      .insertInto('bus_messages')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/**
 * Up to `limit` entries after `afterSeq`, in log order, whose subject starts with `prefix` (a
 * coarse SQL pre-filter: LIKE may match more, never less; the caller applies the exact filter).
 */
export async function readLog(db: Kysely<Database>, afterSeq: number, prefix: string, limit: number): Promise<LogEntry[]> {
  let q = db
    .selectFrom('bus_messages')
    .select(['seq', 'subject', 'key', 'id', 'payload'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit);
  if (prefix !== '') q = q.where('subject', 'like', `${prefix}%`);
  const rows = await q.execute();
  return rows.map((r) => ({ seq: Number(r.seq), subject: r.subject, key: r.key, id: r.id, payload: r.payload }));
}

/** Deletes entries written before `before` (ISO time): the log's retention. */
export async function pruneLogBefore(db: Kysely<Database>, before: string): Promise<number> {
  const r = await db.deleteFrom('bus_messages').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes entries up to `seq` (the NATS outbox: rows the relay has handed to JetStream). */
export async function pruneLogUpTo(db: Kysely<Database>, seq: number): Promise<number> {
  const r = await db.deleteFrom('bus_messages').where('seq', '<=', seq).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export const delivered = (e: LogEntry, deliveries: number): Delivered => ({ ...e, deliveries });
