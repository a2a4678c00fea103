import { type Kysely, sql } from 'kysely';
import type { Database, Dialect } from '../store/index.ts';

/**
 * Runs `write` as a commit that does not wait for the disk: on SQLite (WAL) with
 * `synchronous = NORMAL` for just this statement, on PostgreSQL with `synchronous_commit = off`
 * for just this transaction. For bookkeeping whose loss is harmless — a consumer's acknowledged
 * position and its claim's heartbeat: lost in a power failure, the messages after the last durable
 * position come again (at least once; consumers are idempotent by id). Order still holds: the
 * write lands in the log after everything committed before it, and becomes durable with the next
 * durable commit (the ledger's, a publish's), so a position is never durable ahead of the work it
 * acknowledges. It saves one fsync per consumer batch on the event loop (better-sqlite3 waits for
 * it synchronously).
 */
export async function relaxedWrite<T>(db: Kysely<Database>, dialect: Dialect, write: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') {
    return db.transaction().execute(async (tx) => {
      await sql`set local synchronous_commit = off`.execute(tx);
      return write(tx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await write(conn as Kysely<Database>);
    } finally {
      await sql`pragma synchronous = FULL`.execute(conn);
    }
  });
}
