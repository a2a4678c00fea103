import type { OrderDecision, PreparedOrder, PreparedProblem, ShipmentDecision } from './prepared-types.ts';

/** What is left to allocate: eligible stock per `w * S + s` and capacity per warehouse. */
export interface Remaining {
  readonly stock: Float64Array;
  readonly capacity: Float64Array;
}

export function fullRemaining(p: PreparedProblem): Remaining {
  return { stock: Float64Array.from(p.available), capacity: Float64Array.from(p.capacity) };
}

export function copyRemaining(r: Remaining): Remaining {
  return { stock: Float64Array.from(r.stock), capacity: Float64Array.from(r.capacity) };
}

/** Units of line k a shipment carries (an order with quotes ships every line whole). */
export function shippedQty(o: PreparedOrder, s: ShipmentDecision, k: number): number {
  return o.quoted ? (o.lines[k] as { qty: number }).qty : (s.qty[k] ?? 0);
}

/** Load a shipment puts on its warehouse: the quote's load, or its units. */
export function shipmentLoad(o: PreparedOrder, s: ShipmentDecision): number {
  if (o.quoted) return o.candidates.find((c) => c.warehouse === s.warehouse)?.quoteLoad ?? 0;
  let u = 0;
  for (const q of s.qty) u += q;
  return u;
}

/** Takes (sign 1) or gives back (sign -1) what a decision uses. */
export function applyDecision(p: PreparedProblem, r: Remaining, o: PreparedOrder, d: OrderDecision, sign: 1 | -1): void {
  for (const s of d) {
    r.capacity[s.warehouse] = (r.capacity[s.warehouse] as number) - sign * shipmentLoad(o, s);
    o.lines.forEach((line, k) => {
      const i = s.warehouse * p.S + line.sku;
      r.stock[i] = (r.stock[i] as number) - sign * shippedQty(o, s, k);
    });
  }
}

/** Whether a decision fits in what is left (small tolerance for fractional loads). */
export function decisionFits(p: PreparedProblem, r: Remaining, o: PreparedOrder, d: OrderDecision): boolean {
  for (const s of d) {
    if (shipmentLoad(o, s) > (r.capacity[s.warehouse] as number) + 1e-9) return false;
    for (let k = 0; k < o.lines.length; k++) {
      if (shippedQty(o, s, k) > (r.stock[s.warehouse * p.S + (o.lines[k] as { sku: number }).sku] as number) + 1e-9) return false;
    }
  }
  return true;
}

/** The cost of a decision by the contract's rules, from prepared data. */
export function decisionCost(p: PreparedProblem, o: PreparedOrder, d: OrderDecision): number {
  const pol = p.problem.policy;
  let cost = 0;
  let shipped = 0;
  for (const s of d) {
    const c = o.candidates.find((x) => x.warehouse === s.warehouse);
    if (!c) return Number.POSITIVE_INFINITY;
    if (o.quoted) {
      cost += c.quoteCost;
      shipped += o.units;
      continue;
    }
    cost += c.fixed;
    s.qty.forEach((q, k) => {
      if (q > 0) {
        cost += q * (c.unit[k] as number);
        shipped += q;
      }
    });
  }
  if (d.length > 1) cost += pol.splitPenalty * (d.length - 1);
  return cost + pol.unfilledPenaltyPerUnit * (o.units - shipped);
}
