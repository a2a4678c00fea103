import type { CanonicalEvent, CanonicalStatus } from '../domain/index.ts';

/** A hold still reserving stock (pending or confirmed), as the matching rule sees it. */
export interface ActiveHold {
  readonly id: string;
  readonly orderId: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  /** Units still reserved: qty − consumed. Lowered in memory as the batch consumes it. */
  remaining: number;
}

/** The active holds a batch may consume, keyed by `holdKey(order, warehouse, sku)`, oldest first. */
export interface HoldState {
  readonly byKey: Map<string, ActiveHold[]>;
}

/** Part of a hold taken over by a WMS event of the same order (written in the event's transaction). */
export interface HoldConsumption {
  readonly holdId: string;
  readonly eventId: string;
  readonly warehouse: string;
  readonly sku: string;
  /** The hold's own lot: `positions.held` is lowered on that row. */
  readonly lot: string;
  readonly qty: number;
  /** True when the hold has nothing left: it becomes `consumed`. */
  readonly exhausted: boolean;
}

export const holdKey = (orderId: string, warehouse: string, sku: string): string => `${orderId}\u0000${warehouse}\u0000${sku}`;

/** Statuses stock moves to when the WMS works the order: these moves take over the hub's hold. */
const WORKED: ReadonlySet<CanonicalStatus | null> = new Set<CanonicalStatus | null>(['allocated', 'picking', 'in_transit', null]);

/**
 * The matching rule: an event for an order (`orderRef`) that takes stock out of `available` — to
 * allocated, picking or in transit, or out of the books (shipped) — is the WMS doing what the hub
 * reserved. Later moves (allocated → picking → shipped) start elsewhere and touch no hold.
 */
export function consumesHolds(e: CanonicalEvent): boolean {
  return e.orderRef !== null && e.fromStatus === 'available' && WORKED.has(e.toStatus);
}

/**
 * Consumes min(remaining, event quantity) of the order's active holds at the event's warehouse ×
 * SKU: the hold on the event's own lot first, then the others oldest first (the WMS may pick a
 * different lot than the hub held). Lowers `remaining` in `state` so later events of the same batch
 * see what is left. Units beyond the holds consume nothing: the WMS moved more than was reserved.
 */
export function matchHolds(state: HoldState, e: CanonicalEvent): HoldConsumption[] {
  if (!consumesHolds(e) || e.orderRef === null) return [];
  const holds = state.byKey.get(holdKey(e.orderRef, e.warehouse, e.sku));
  if (!holds || holds.length === 0) return [];
  const ordered = [...holds.filter((h) => h.lot === e.lot), ...holds.filter((h) => h.lot !== e.lot)];
  const out: HoldConsumption[] = [];
  let left = e.quantity;
  for (const h of ordered) {
    if (left === 0) break;
    if (h.remaining <= 0) continue;
    const take = Math.min(h.remaining, left);
    h.remaining -= take;
    left -= take;
    out.push({ holdId: h.id, eventId: e.id, warehouse: h.warehouse, sku: h.sku, lot: h.lot, qty: take, exhausted: h.remaining === 0 });
  }
  return out;
}
