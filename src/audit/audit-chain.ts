import { auditHash, type HashedAuditFields } from './audit-hash.ts';

/** One stored entry as the chain check reads it. */
export interface ChainRow extends HashedAuditFields {
  readonly prevHash: string;
  readonly hash: string;
}

/** The last entry known good: its place and hash (`{ seq: 0, hash: GENESIS_HASH }` before the first). */
export interface ChainPosition {
  readonly seq: number;
  readonly hash: string;
}

/** Where and why the chain breaks. */
export interface ChainBreak {
  /** The first entry that does not verify (or the place of a missing one). */
  readonly seq: number;
  /** What differs, in words a person can act on. */
  readonly reason: string;
}

export type ChainCheck =
  | { readonly ok: true; readonly last: ChainPosition; readonly entries: number }
  | { readonly ok: false; readonly entries: number; readonly broken: ChainBreak };

/**
 * Checks `rows` (in seq order) as the continuation of the chain after `from`: each entry must sit at
 * the next place, point at the previous entry's hash and hash to what it stores. Pure. `lookahead`
 * is the entry after the last row, when there is one: it tells an edited hash column (the fields
 * still hash to what the next entry points at) from edited fields.
 */
export function checkAuditChain(rows: readonly ChainRow[], from: ChainPosition, lookahead?: ChainRow): ChainCheck {
  let last = from;
  let entries = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as ChainRow;
    const fail = (seq: number, reason: string): ChainCheck => ({ ok: false, entries, broken: { seq, reason } });
    const expected = last.seq + 1;
    if (r.seq !== expected) {
      if (r.seq < expected) return fail(r.seq, `entry ${r.seq} appears twice or out of order`);
      const missing = r.seq - 1 === expected ? `entry ${expected} is missing` : `entries ${expected} to ${r.seq - 1} are missing`;
      return fail(expected, `${missing} (the next stored entry is ${r.seq}): entries were deleted`);
    }
    if (r.prevHash !== last.hash) {
      return fail(r.seq, `entry ${r.seq} does not point at the hash of entry ${last.seq}: its prev_hash was edited, or an entry before it was replaced`);
    }
    const h = auditHash(r.prevHash, r);
    if (h !== r.hash) {
      const next = rows[i + 1] ?? lookahead;
      if (next !== undefined && next.seq === r.seq + 1 && next.prevHash === h) {
        return fail(r.seq, `entry ${r.seq}'s stored hash was edited: its fields still hash to what entry ${next.seq} points at`);
      }
      return fail(r.seq, `entry ${r.seq}'s content does not match its hash: one of its fields (at, actor, via, action, target, warehouse, before, after, request id) was edited`);
    }
    last = { seq: r.seq, hash: r.hash };
    entries += 1;
  }
  return { ok: true, last, entries };
}

/** Checks that the head row names the chain's last entry; a chain cut short at its end shows here. */
export function checkAuditHead(head: ChainPosition, last: ChainPosition): ChainBreak | undefined {
  if (head.seq === last.seq && head.hash === last.hash) return undefined;
  if (head.seq > last.seq) {
    return { seq: last.seq + 1, reason: `the audit head names entry ${head.seq} but the chain ends at entry ${last.seq}: entries were deleted from the end` };
  }
  if (head.seq < last.seq) {
    return { seq: head.seq + 1, reason: `the chain holds entries up to ${last.seq} but the audit head names entry ${head.seq}: entries were added around the hub, or the head was edited` };
  }
  return { seq: last.seq, reason: `the audit head's hash differs from entry ${last.seq}'s: the head was edited, or the last entry was replaced` };
}
