import { addDays } from './calendar.ts';
import type { ProblemOrder, ProblemSku, ProblemWarehouse } from './problem-types.ts';

/**
 * Sourcing rules of the contract and of this project's extensions, as pure functions that say why
 * not (a reason) or undefined when allowed.
 */

/** May this warehouse hold and ship this SKU at all? (storage class, hazmat, switched off) */
export function skuExclusion(w: ProblemWarehouse, s: ProblemSku): string | undefined {
  if (!w.enabled) return 'warehouse switched off';
  if (!w.storage.includes(s.storage)) return `cannot store ${s.storage} SKU ${s.id}`;
  if (s.hazmat && !w.hazmat) return `not approved for hazmat SKU ${s.id}`;
  return undefined;
}

/** Earliest expiry a lot of this SKU may have to ship on `asOf`. */
export function shelfLifeCutoff(s: ProblemSku, asOf: string): string {
  return addDays(asOf, s.minShelfLifeDays);
}

/** A lot ships only when it has no expiry or expires no earlier than asOf + minShelfLifeDays. */
export function lotEligible(expiry: string | undefined, s: ProblemSku, asOf: string): boolean {
  return expiry === undefined || expiry >= shelfLifeCutoff(s, asOf);
}

/** May this order ship from this warehouse at all? (switched off, channel, customer exclusion) */
export function orderExclusion(o: ProblemOrder, w: ProblemWarehouse): string | undefined {
  if (!w.enabled) return 'warehouse switched off';
  if (o.excludeWarehouses?.includes(w.id)) return 'excluded by the order';
  if (w.channels !== undefined && (o.channel === undefined || !w.channels.includes(o.channel))) {
    return `serves only channel${w.channels.length === 1 ? '' : 's'} ${w.channels.join(', ')}`;
  }
  return undefined;
}

/** Hours a lane arrives after the promise (0 when on time or when the order promises nothing). */
export function lateHours(transitHours: number, promiseHours: number | undefined): number {
  return promiseHours === undefined ? 0 : Math.max(0, transitHours - promiseHours);
}
