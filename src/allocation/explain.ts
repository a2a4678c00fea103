import { type OrderCost, orderCost } from './plan-cost.ts';
import type { CandidateExplanation, OrderExplanation, PlanLine } from './plan-types.ts';
import type { PreparedOrder, PreparedProblem } from './prepared-types.ts';

const MAX_CANDIDATES = 12;

/**
 * Why an order ships as it does: every candidate warehouse ranked by the cost of shipping the whole
 * order from it alone (with all eligible stock), every excluded warehouse with its reason (at most
 * `MAX_CANDIDATES` entries, ranked ones first), and the cost breakdown of the chosen shipments
 * (`priced`: that breakdown when the caller already computed it for these lines).
 */
export function explainOrder(p: PreparedProblem, o: PreparedOrder, lines: readonly PlanLine[], priced?: OrderCost): OrderExplanation {
  const pol = p.problem.policy;
  const alone = o.candidates.map((c) => {
    if (o.quoted) return { c, cost: c.quoteCost };
    let cost = c.fixed;
    o.lines.forEach((l, k) => {
      const u = c.unit[k] as number;
      const q = Number.isNaN(u) ? 0 : Math.min(l.qty, p.available[c.warehouse * p.S + l.sku] as number);
      cost += q * (Number.isNaN(u) ? 0 : u) + (l.qty - q) * pol.unfilledPenaltyPerUnit;
    });
    return { c, cost };
  });
  alone.sort((a, b) => a.cost - b.cost || a.c.warehouse - b.c.warehouse);
  const candidates: CandidateExplanation[] = alone.map((a, i) => ({ warehouse: p.problem.warehouses[a.c.warehouse]!.id, rank: i + 1, cost: round(a.cost) }));
  for (const e of o.excluded) candidates.push({ warehouse: p.problem.warehouses[e.warehouse]!.id, excluded: e.reason });
  const cost = priced ?? orderCost(p.problem, p.problem.orders[o.index]!, lines);
  return {
    order: o.id,
    candidates: candidates.slice(0, MAX_CANDIDATES),
    ...(candidates.length > MAX_CANDIDATES ? { more: candidates.length - MAX_CANDIDATES } : {}),
    shipments: cost.shipments,
    splitPenalty: cost.splitPenalty,
    unfilledPenalty: cost.unfilledPenalty,
    total: cost.total,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
