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
 *
 * A live hub keeps appending while this runs, without a long transaction holding it up: the head
 * is read first and the chain is walked up to the entry it names (those entries committed with it).
 * Entries beyond the head are then looked for by reading the highest stored place before the head
 * again: a writer moves both in one transaction, so only rows nobody's head names can be beyond it.
 */
export async function verifyAudit(db: Kysely<Database>, onProgress?: (done: number, total: number) => void): Promise<AuditVerifyResult> {
  const head = await readHead(db);
  const total = Number(
    (await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '<=', head.seq).executeTakeFirstOrThrow()).n,
  );
  let last: ChainPosition = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const rows = (
      await db.selectFrom('audit_log').selectAll().where('seq', '>', last.seq).where('seq', '<=', head.seq).orderBy('seq').limit(PAGE + 1).execute()
    ).map(rowToChain);
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
  const highest = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m ?? 0);
  const now = await readHead(db);
  if (highest > now.seq) {
    const reason = `entries ${now.seq + 1} to ${highest} are stored after the entry the audit head names (${now.seq}): entries were added around the hub`;
    return { ok: false, entries, seq: now.seq + 1, reason };
  }
  return { ok: true, entries, head: last.hash };
}

async function readHead(db: Kysely<Database>): Promise<ChainPosition> {
  const h = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash };
}
