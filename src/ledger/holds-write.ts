import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { HoldConsumption } from './hold-matching.ts';
import { addHeld } from './hold-rows.ts';

/**
 * Writes the hold consumptions decided with a ledger batch, in the batch's transaction, after
 * writeBatch: each hold's `consumed` grows (an exhausted hold becomes `consumed`, resolved by the
 * event that finished it) and `positions.held` falls by the same units on the hold's own lot.
 */
export async function writeHoldConsumptions(tx: Kysely<Database>, consumptions: readonly HoldConsumption[], at: string): Promise<void> {
  if (consumptions.length === 0) return;
  const perHold = new Map<string, { qty: number; exhausted: boolean; eventId: string }>();
  for (const c of consumptions) {
    const h = perHold.get(c.holdId);
    if (h) {
      h.qty += c.qty;
      h.exhausted ||= c.exhausted;
      h.eventId = c.eventId;
    } else perHold.set(c.holdId, { qty: c.qty, exhausted: c.exhausted, eventId: c.eventId });
  }
  for (const [id, h] of perHold) {
    await tx
      .updateTable('holds')
      .set((eb) => ({
        consumed: eb('consumed', '+', h.qty),
        ...(h.exhausted ? { state: 'consumed', resolved_at: at, resolved_by: `event:${h.eventId}` } : {}),
      }))
      .where('id', '=', id)
      .execute();
  }
  await addHeld(tx, consumptions.map((c) => ({ warehouse: c.warehouse, sku: c.sku, lot: c.lot, delta: -c.qty })));
}
