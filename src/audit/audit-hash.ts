import { createHash } from 'node:crypto';
import { canonicalJson } from '../orders/index.ts';

/** The stored columns of one audit entry that its hash covers (before/after as stored text). */
export interface HashedAuditFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly via: string;
  readonly action: string;
  readonly targetKind: string;
  readonly targetId: string;
  readonly warehouse: string | null;
  readonly beforeJson: string | null;
  readonly afterJson: string | null;
  readonly requestId: string | null;
}

/**
 * Hash of one audit entry, the ledger's recipe (src/ledger event-hash): sha-256 over the previous
 * entry's hash, a line feed, and the JSON array of the entry's place and every field in a fixed
 * order. Before/after enter as their stored canonical JSON text, so verification recomputes the
 * hash from exactly what is stored, byte for byte, on either database.
 */
export function auditHash(prevHash: string, f: HashedAuditFields): string {
  const content = JSON.stringify([
    f.seq,
    f.at,
    f.actor,
    f.via,
    f.action,
    f.targetKind,
    f.targetId,
    f.warehouse,
    f.beforeJson,
    f.afterJson,
    f.requestId,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Canonical JSON text of a before/after state, or null for none. The value is first taken
 * through JSON (dates become ISO text, undefined fields vanish), then written with sorted keys, so
 * one state always stores, and hashes, as the same text.
 */
export function stateJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return plain === null ? null : canonicalJson(plain);
}
