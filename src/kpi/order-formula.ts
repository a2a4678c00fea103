import { HOUR_MS, ratio, round4 } from './kpi-math.ts';
import type { KpiFacts, KpiOrder, KpiPlacement, KpiValue } from './kpi-types.ts';

const units = (xs: readonly { qty: number }[]): number => xs.reduce((s, x) => s + x.qty, 0);

/** When the order was completely shipped (its shipments reach the ordered units), else null. */
export function completedAt(o: KpiOrder): number | null {
  const ordered = units(o.lines);
  if (ordered <= 0 || units(o.shipments) < ordered) return null;
  return Math.max(...o.shipments.map((s) => s.at));
}

/** Orders whose shipment completed inside the range. */
export const shippedInRange = (f: KpiFacts): KpiOrder[] =>
  f.orders.filter((o) => {
    const at = completedAt(o);
    return at !== null && at >= f.from && at < f.to;
  });

const byPlace = (xs: readonly KpiPlacement[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(`${x.warehouse}\u0000${x.sku}`, (m.get(`${x.warehouse}\u0000${x.sku}`) ?? 0) + x.qty);
  return m;
};

/** Shipped exactly as held: the same warehouse × SKU pairs with the same units, nothing else shipped. */
export function shippedAsHeld(o: KpiOrder): boolean {
  const held = byPlace(o.held);
  const shipped = byPlace(o.shipments);
  if (held.size !== shipped.size) return false;
  for (const [k, q] of held) if (shipped.get(k) !== q) return false;
  return true;
}

/** Orders completely shipped in the range that shipped exactly as held ÷ those orders. */
export function orderAccuracy(f: KpiFacts): KpiValue {
  const shipped = shippedInRange(f);
  const accurate = shipped.filter(shippedAsHeld).length;
  return { value: ratio(accurate, shipped.length), unit: 'ratio', inputs: { ordersShipped: shipped.length, ordersAccurate: accurate } };
}

/** Units allocated ÷ units ordered (per line, allocated capped at ordered), orders created in the range. */
export function fillRate(f: KpiFacts): KpiValue {
  let ordered = 0;
  let allocated = 0;
  for (const o of f.orders) {
    if (o.createdAt < f.from || o.createdAt >= f.to) continue;
    const perSku = new Map<string, number>();
    for (const a of o.allocated) perSku.set(a.sku, (perSku.get(a.sku) ?? 0) + a.qty);
    for (const l of o.lines) {
      ordered += l.qty;
      allocated += Math.min(l.qty, perSku.get(l.sku) ?? 0);
    }
  }
  return { value: ratio(allocated, ordered), unit: 'ratio', inputs: { unitsOrdered: ordered, unitsAllocated: allocated } };
}

/** Orders with a promise completely shipped by it ÷ orders with a promise completely shipped in the range. */
export function onTimeShipRate(f: KpiFacts): KpiValue {
  let shipped = 0;
  let onTime = 0;
  for (const o of shippedInRange(f)) {
    if (o.promisedHours === null) continue;
    shipped++;
    if ((completedAt(o) as number) <= o.createdAt + o.promisedHours * HOUR_MS) onTime++;
  }
  return { value: ratio(onTime, shipped), unit: 'ratio', inputs: { ordersShipped: shipped, ordersOnTime: onTime } };
}

/** Mean hours from creation to the last shipment, orders completely shipped in the range. */
export function avgTimeToShip(f: KpiFacts): KpiValue {
  const shipped = shippedInRange(f);
  const total = shipped.reduce((s, o) => s + ((completedAt(o) as number) - o.createdAt) / HOUR_MS, 0);
  return { value: shipped.length === 0 ? null : round4(total / shipped.length), unit: 'hours', inputs: { ordersShipped: shipped.length, totalHours: round4(total) } };
}

/** Orders shipped from more than one warehouse ÷ orders completely shipped in the range. */
export function splitShipmentRate(f: KpiFacts): KpiValue {
  const shipped = shippedInRange(f);
  const split = shipped.filter((o) => new Set(o.shipments.map((s) => s.warehouse)).size > 1).length;
  return { value: ratio(split, shipped.length), unit: 'ratio', inputs: { ordersShipped: shipped.length, ordersSplit: split } };
}
