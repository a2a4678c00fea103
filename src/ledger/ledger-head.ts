import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

/** The newest ledger entry's place and hash; `chainSeq` 0 means nothing was ever appended. */
export async function ledgerHead(db: Kysely<Database>): Promise<{ chainSeq: number; hash: string }> {
  const head = await db.selectFrom('ledger_head').select(['chain_seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { chainSeq: head.chain_seq, hash: head.hash };
}
