import type { Kysely } from 'kysely';
import { type Database, GENESIS_HASH } from '../store/index.ts';
import { type ChainPosition, checkAuditChain, checkAuditHead } from './audit-chain.ts';
import { rowToChain } from './audit-rows.ts';

/** The verdict of `verifyAudit`. */
export type AuditVerifyResult =
  | {
      readonly ok: true;
      /** Entries verified. */
      readonly entries: number;
      /** Hash of the last entry (the genesis hash when there is none): note it to anchor the chain. */
      readonly head: string;
    }
  | {
      readonly ok: false;
      /** Entries verified before the first broken one. */
      readonly entries: number;
      /** The first entry that does not verify. */
      readonly seq: number;
      /** What differs. */
      readonly reason: string;
    };

const PAGE = 5_000;

/**
 * Recomputes the audit chain from the first entry and names the first entry that does not verify:
 * an edited field, an edited hash, a deleted entry (a gap, or the head naming more than the chain
 * holds) or an entry added around the hub. Reads page by page; memory stays flat.
 */
export async function verifyAudit(db: Kysely<Database>, onProgress?: (done: number, total: number) => void): Promise<AuditVerifyResult> {
  const headRow = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const head: ChainPosition = { seq: Number(headRow.seq), hash: headRow.hash };
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let last: ChainPosition = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const rows = (await db.selectFrom('audit_log').selectAll().where('seq', '>', last.seq).orderBy('seq').limit(PAGE + 1).execute()).map(rowToChain);
    const page = rows.slice(0, PAGE);
    const check = checkAuditChain(page, last, rows[PAGE]);
    if (!check.ok) return { ok: false, entries: entries + check.entries, seq: check.broken.seq, reason: check.broken.reason };
    entries += check.entries;
    last = check.last;
    onProgress?.(entries, total);
    if (rows.length <= PAGE) break;
  }
  const broken = checkAuditHead(head, last);
  if (broken) return { ok: false, entries, seq: broken.seq, reason: broken.reason };
  return { ok: true, entries, head: last.hash };
}
