import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { GENESIS_HASH } from '../store/index.ts';
import { rowToEvent } from './batch-state.ts';
import { eventHash } from './event-hash.ts';

export type VerifyResult =
  | { readonly ok: true; readonly events: number; readonly head: string }
  | { readonly ok: false; readonly events: number; readonly chainSeq: number; readonly eventId: string | null; readonly reason: string };

/**
 * Walks the hash chain from the first event: every entry must sit at the next chain position,
 * point at the previous entry's hash and hash to what it stores; the head must name the last.
 * Reports the first entry where that fails.
 */
export async function verifyLedger(
  db: Kysely<Database>,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyResult> {
  const head = await db.selectFrom('ledger_head').select(['chain_seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const total = Number((await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let done = 0;
  const page = 10_000;
  for (;;) {
    const rows = await db.selectFrom('events').selectAll().where('chain_seq', '>=', expectedSeq).orderBy('chain_seq').limit(page).execute();
    for (const r of rows) {
      const fail = (reason: string): VerifyResult => ({ ok: false, events: done, chainSeq: r.chain_seq, eventId: r.id, reason });
      if (r.chain_seq !== expectedSeq) {
        return { ok: false, events: done, chainSeq: expectedSeq, eventId: null, reason: `entry ${expectedSeq} is missing (next is ${r.chain_seq})` };
      }
      if (r.prev_hash !== prev) return fail(`does not point at the previous entry's hash: an entry before it was removed, inserted or reordered`);
      const h = eventHash(prev, r.chain_seq, r.received_at, rowToEvent(r));
      if (h !== r.hash) return fail(`its content does not match its hash: it was edited`);
      prev = r.hash;
      expectedSeq += 1;
      done += 1;
    }
    onProgress?.(done, total);
    if (rows.length < page) break;
  }
  if (head.chain_seq !== expectedSeq - 1 || head.hash !== prev) {
    return {
      ok: false,
      events: done,
      chainSeq: expectedSeq,
      eventId: null,
      reason: `the ledger head names entry ${head.chain_seq} but the chain ends at ${expectedSeq - 1}: entries were removed from the end or the head was edited`,
    };
  }
  return { ok: true, events: done, head: prev };
}
