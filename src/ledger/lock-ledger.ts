import type { Transaction } from 'kysely';
import type { Database, Dialect } from '../store/index.ts';

/**
 * Takes the ledger's write lock as the first act of a transaction and returns the chain head.
 * PostgreSQL: `SELECT … FOR UPDATE` on the one head row serialises writers across hub processes.
 * SQLite: a no-op UPDATE first takes the database write lock (waiting up to busy_timeout), so a
 * second process on the same file (a CLI import beside a running hub) waits its turn instead of
 * failing when its read snapshot turns stale.
 */
export async function lockLedgerHead(tx: Transaction<Database>, dialect: Dialect): Promise<{ chainSeq: number; hash: string }> {
  let q = tx.selectFrom('ledger_head').select(['chain_seq', 'hash']).where('id', '=', 1);
  if (dialect === 'postgres') q = q.forUpdate();
  else await tx.updateTable('ledger_head').set((eb) => ({ chain_seq: eb.ref('chain_seq') })).where('id', '=', 1).execute();
  const head = await q.executeTakeFirstOrThrow();
  return { chainSeq: head.chain_seq, hash: head.hash };
}
