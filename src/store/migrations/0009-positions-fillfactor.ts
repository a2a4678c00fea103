import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL: `positions` pages keep 30 % free (fillfactor 70) so that the ledger's upserts, which
 * change only `qty` (and `held`, `expiry`, none of them indexed), can write the new row version on
 * the same page (a HOT update) instead of adding entries to both indexes; a batch upserts thousands
 * of positions (bench/: ingest). Applies to pages written from now on. SQLite: nothing to do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table positions set (fillfactor = 70)`.execute(db);
}
