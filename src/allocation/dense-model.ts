import type { DenseAssignment, DenseGap } from './dense-gap.ts';
import type { OrderDecision, PreparedOrder, PreparedProblem } from './prepared-types.ts';
import type { Remaining } from './remaining.ts';

/**
 * The dense generalized assignment form of a piece of a wave whose orders all have quotes and compete
 * only for capacity: item j = the piece's j-th order, cost = quote + handling, load = the quote's load.
 */
export function toDense(p: PreparedProblem, orders: readonly number[], left: Remaining): DenseGap {
  const n = orders.length;
  const W = p.W;
  const cost = new Float64Array(n * W).fill(Number.POSITIVE_INFINITY);
  const load = new Float64Array(n * W);
  const unfilledCost = new Float64Array(n);
  orders.forEach((oi, j) => {
    const o = p.orders[oi] as PreparedOrder;
    unfilledCost[j] = p.problem.policy.unfilledPenaltyPerUnit * o.units;
    for (const c of o.candidates) {
      if (c.quoteLoad > (left.capacity[c.warehouse] as number) + 1e-9) continue;
      if (!o.lines.every((l) => l.qty <= (left.stock[c.warehouse * p.S + l.sku] as number))) continue;
      cost[j * W + c.warehouse] = c.quoteCost;
      load[j * W + c.warehouse] = c.quoteLoad;
    }
  });
  return { items: n, warehouses: W, cost, load, capacity: Float64Array.from(left.capacity), unfilledCost };
}

export function fromDense(a: DenseAssignment): OrderDecision[] {
  return Array.from(a, (w) => (w < 0 ? [] : [{ warehouse: w, qty: [] }]));
}

export function toDenseAssignment(decisions: readonly OrderDecision[]): DenseAssignment {
  return Int32Array.from(decisions, (d) => (d.length > 0 ? (d[0] as { warehouse: number }).warehouse : -1));
}
