import type { PreparedOrder, PreparedProblem } from './prepared-types.ts';

/**
 * A proven lower bound on one order's cost, whatever the other orders do (it ignores competition for
 * stock and capacity): with quotes, the cheapest quote that could take it whole, or unfilled; without,
 * either everything unfilled, or at least one shipment's fixed cost plus, per unit, the cheaper of the
 * cheapest source and the unfilled penalty. Summed over a piece of a wave, it bounds that piece.
 */
export function orderLowerBound(p: PreparedProblem, o: PreparedOrder): number {
  const penalty = p.problem.policy.unfilledPenaltyPerUnit;
  const all = penalty * o.units;
  if (o.quoted) return o.candidates.reduce((m, c) => Math.min(m, c.quoteCost), all);
  if (o.candidates.length === 0) return all;
  let fixed = Number.POSITIVE_INFINITY;
  for (const c of o.candidates) fixed = Math.min(fixed, c.fixed);
  let units = 0;
  o.lines.forEach((l, k) => {
    let u = penalty;
    for (const c of o.candidates) if (!Number.isNaN(c.unit[k] as number)) u = Math.min(u, c.unit[k] as number);
    units += u * l.qty;
  });
  return Math.min(all, fixed + units);
}
