import * as crypto from 'node:crypto';
import type { CanonicalEvent } from '../domain/index.ts';

/**
 * Hash of one ledger entry: sha-256 over the previous entry's hash, the entry's place in the
 * chain and every canonical field in a fixed order. Editing, removing, inserting or reordering any
 * entry breaks the chain from that entry on, which `verifyLedger` reports.
 */
export function eventHash(prevHash: string, chainSeq: number, receivedAt: string, e: CanonicalEvent): string {
  const content = JSON.stringify([
    chainSeq,
    e.id,
    e.source,
    e.sourceSeq,
    e.occurredAt,
    receivedAt,
    e.warehouse,
    e.sku,
    e.lot,
    e.expiry,
    e.quantity,
    e.fromStatus,
    e.toStatus,
    e.reason,
    e.orderRef,
    e.transferRef,
    e.external.sku,
    e.external.unit,
    e.external.quantity,
  ]);
  return sha256Hex(`${prevHash}\n${content}`);
}

/**
 * sha-256 of a text (UTF-8) as hex, in one call: `crypto.hash` (Node ≥ 20.12) where there is one,
 * else a Hash object. Same digest either way: the chain's recipe is sha-256 over
 * `prevHash + "\n" + content`, which is what three `update` calls on one Hash object also hashed.
 */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** True when two events carry the same content (what a harmless duplicate looks like). */
export function sameContent(a: CanonicalEvent, b: CanonicalEvent): boolean {
  return (
    a.source === b.source &&
    a.sourceSeq === b.sourceSeq &&
    a.occurredAt === b.occurredAt &&
    a.warehouse === b.warehouse &&
    a.sku === b.sku &&
    a.lot === b.lot &&
    a.expiry === b.expiry &&
    a.quantity === b.quantity &&
    a.fromStatus === b.fromStatus &&
    a.toStatus === b.toStatus &&
    a.reason === b.reason &&
    a.orderRef === b.orderRef &&
    a.transferRef === b.transferRef
  );
}
