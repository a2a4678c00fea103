import type { PlanLine } from '../allocation/index.ts';
import type { NewHold } from '../ledger/index.ts';

/**
 * The holds for an allocation's plan lines, one per warehouse × SKU × lot. Ids are derived from the
 * order id and the attempt (0 on submit, n for the n-th backorder retry, `override-n` for the n-th
 * allocation override): the caller's id, so a
 * retried commit can never place the same hold twice.
 */
export function holdsFor(orderId: string, attempt: number | string, lines: readonly PlanLine[], createdAt: string, expiresAt: string): NewHold[] {
  const merged = new Map<string, NewHold>();
  for (const l of lines) {
    const sku = l.sku ?? '';
    const lot = l.lot ?? '';
    const id = `${orderId}#${attempt}#${l.warehouse}#${sku}#${lot}`;
    const prior = merged.get(id);
    merged.set(id, { id, orderId, warehouse: l.warehouse, sku, lot, qty: (prior?.qty ?? 0) + l.qty, createdAt, expiresAt });
  }
  return [...merged.values()];
}
