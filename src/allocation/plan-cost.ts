import type { CostBreakdown } from './cost-breakdown.ts';
import { lateHours } from './eligibility.ts';
import type { Plan, PlanLine } from './plan-types.ts';
import type { AllocationProblem, Lane, ProblemOrder, ProblemSku, ProblemWarehouse } from './problem-types.ts';

interface CostIndex {
  readonly warehouses: ReadonlyMap<string, ProblemWarehouse>;
  readonly skus: ReadonlyMap<string, ProblemSku>;
  readonly lanes: ReadonlyMap<string, Lane>;
}
const indexes = new WeakMap<AllocationProblem, CostIndex>();

function indexOf(problem: AllocationProblem): CostIndex {
  let ix = indexes.get(problem);
  if (!ix) {
    ix = {
      warehouses: new Map(problem.warehouses.map((w) => [w.id, w])),
      skus: new Map(problem.skus.map((s) => [s.id, s])),
      lanes: new Map(problem.lanes.map((l) => [`${l.from}\u0000${l.to}`, l])),
    };
    indexes.set(problem, ix);
  }
  return ix;
}

/**
 * The cost of a plan, exactly as docs/allocation-format.md defines it, computed from the plan's own
 * lines (not from how it was made): per shipment (order, warehouse) the quote's cost, or the lane's
 * fixed cost + cost per kg × kg + late penalty; plus handling per unit; plus the split penalty per
 * extra shipment; plus the unfilled penalty per unit not shipped. A shipment with no quote or no lane
 * costs Infinity (such a plan also breaks a rule; see `violations`).
 */
export function planCost(problem: AllocationProblem, plan: Pick<Plan, 'allocations'>): number {
  const byOrder = new Map<string, PlanLine[]>();
  for (const a of plan.allocations) byOrder.set(a.order, [...(byOrder.get(a.order) ?? []), ...a.lines]);
  let total = 0;
  for (const o of problem.orders) total += orderCost(problem, o, byOrder.get(o.id) ?? []).total;
  return total;
}

export interface OrderCost {
  readonly shipments: readonly { readonly warehouse: string; readonly units: number; readonly cost: CostBreakdown }[];
  readonly splitPenalty: number;
  readonly unfilledUnits: number;
  readonly unfilledPenalty: number;
  readonly total: number;
}

/** The cost of one order's lines, shipment by shipment. */
export function orderCost(problem: AllocationProblem, o: ProblemOrder, lines: readonly PlanLine[]): OrderCost {
  const byWarehouse = new Map<string, PlanLine[]>();
  for (const l of lines) byWarehouse.set(l.warehouse, [...(byWarehouse.get(l.warehouse) ?? []), l]);
  const shipments = [...byWarehouse].map(([warehouse, ls]) => {
    const units = ls.reduce((a, l) => a + l.qty, 0);
    return { warehouse, units, cost: shipmentCost(problem, o, warehouse, ls) };
  });
  const p = problem.policy;
  const splitPenalty = shipments.length > 1 ? p.splitPenalty * (shipments.length - 1) : 0;
  const unfilledUnits = unfilledUnitsOf(o, lines);
  const unfilledPenalty = p.unfilledPenaltyPerUnit * unfilledUnits;
  const total = shipments.reduce((a, s) => a + s.cost.total, 0) + splitPenalty + unfilledPenalty;
  return { shipments, splitPenalty, unfilledUnits, unfilledPenalty, total };
}

/** Units of an order not shipped: per SKU what was ordered minus what ships (1 for an unshipped order without lines). */
export function unfilledUnitsOf(o: ProblemOrder, lines: readonly PlanLine[]): number {
  if (o.lines.length === 0) return lines.some((l) => l.qty > 0) ? 0 : 1;
  const ordered = new Map<string, number>();
  for (const l of o.lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.qty);
  for (const l of lines) if (l.sku !== undefined && ordered.has(l.sku)) ordered.set(l.sku, (ordered.get(l.sku) as number) - l.qty);
  let u = 0;
  for (const q of ordered.values()) u += Math.max(0, q);
  return u;
}

/** The cost of one shipment of order `o` from `warehouse` carrying `lines`. */
export function shipmentCost(problem: AllocationProblem, o: ProblemOrder, warehouse: string, lines: readonly PlanLine[]): CostBreakdown {
  const ix = indexOf(problem);
  const wh = ix.warehouses.get(warehouse);
  const units = lines.reduce((a, l) => a + l.qty, 0);
  const handling = (wh?.handlingCostPerUnit ?? 0) * units;
  if (o.quotes !== undefined) {
    const q = o.quotes.find((x) => x.warehouse === warehouse);
    const quote = q ? q.cost : Number.POSITIVE_INFINITY;
    return { quote, fixed: 0, weight: 0, late: 0, handling, total: quote + handling };
  }
  const lane = ix.lanes.get(`${warehouse}\u0000${o.destination ?? ''}`);
  if (!lane) return { quote: 0, fixed: Number.POSITIVE_INFINITY, weight: 0, late: 0, handling, total: Number.POSITIVE_INFINITY };
  let kg = 0;
  for (const l of lines) kg += (l.sku === undefined ? 0 : (ix.skus.get(l.sku)?.weightKg ?? 0)) * l.qty;
  const weight = lane.costPerKg * kg;
  const late = problem.policy.latePenaltyPerHour * lateHours(lane.transitHours, o.promiseHours);
  return { quote: 0, fixed: lane.fixedCost, weight, late, handling, total: lane.fixedCost + weight + late + handling };
}
