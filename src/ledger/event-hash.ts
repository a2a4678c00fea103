import { createHash } from 'node:crypto';
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
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

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
