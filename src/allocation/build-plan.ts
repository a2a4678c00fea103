import { explainOrder } from './explain.ts';
import { lotLines } from './lot-lines.ts';
import { type OrderCost, orderCost, planCost } from './plan-cost.ts';
import type { Plan, PlanAllocation, PlanStatus, Unfilled } from './plan-types.ts';
import type { OrderDecision, PreparedProblem } from './prepared-types.ts';
import { applyDecision, fullRemaining } from './remaining.ts';
import { unfilledOf } from './unfilled-reasons.ts';

export interface PlanMeta {
  /** Status when the bound does not prove optimality. */
  readonly status: Exclude<PlanStatus, 'optimal'>;
  readonly bound: number | null;
  readonly seconds: number;
  readonly mode: 'single' | 'wave';
  readonly solver: string;
  readonly explain: boolean;
}

/** Relative tolerance under which objective and bound count as equal (bounds carry a 1e-6 safety margin). */
export const OPTIMALITY_TOLERANCE = 2e-6;

/**
 * The plan document for a set of decisions (one per order, by index): lots chosen FEFO in `sequence`,
 * unfilled units with reasons, the objective recomputed from the plan's own lines (`planCost`), and
 * status/bound/gap reported honestly ('optimal' only when the bound proves it).
 */
export function buildPlan(p: PreparedProblem, decisions: readonly OrderDecision[], sequence: readonly number[], meta: PlanMeta): Plan {
  const lines = lotLines(p, sequence, decisions);
  const allocations: PlanAllocation[] = [];
  p.orders.forEach((o, i) => {
    const ls = lines.get(i) ?? [];
    if (ls.length > 0) allocations.push({ order: o.id, lines: ls });
  });
  const left = fullRemaining(p);
  p.orders.forEach((o, i) => applyDecision(p, left, o, decisions[i] ?? [], 1));
  const unfilled: Unfilled[] = [];
  p.orders.forEach((o, i) => unfilled.push(...unfilledOf(p, o, decisions[i] ?? [], left)));
  // Each order priced once, for the objective and for its explanation. With unique order ids this
  // sum is planCost's own (same orders, same lines, same order of addition); otherwise planCost
  // merges the lines of equal ids and is used as is.
  const costs: OrderCost[] = p.orders.map((o, i) => orderCost(p.problem, p.problem.orders[o.index]!, lines.get(i) ?? []));
  const unique = new Set(p.problem.orders.map((o) => o.id)).size === p.problem.orders.length;
  const objective = unique ? costs.reduce((a, c) => a + c.total, 0) : planCost(p.problem, { allocations });
  const bound = meta.bound === null ? null : Math.min(meta.bound, objective);
  const proven = bound !== null && objective - bound <= OPTIMALITY_TOLERANCE * Math.max(1, Math.abs(objective));
  const gap = bound === null ? null : objective === 0 ? 0 : Math.max(0, (objective - bound) / Math.abs(objective));
  return {
    status: proven ? 'optimal' : meta.status,
    objective,
    bound,
    gap,
    allocations,
    unfilled,
    seconds: Math.round(meta.seconds * 1000) / 1000,
    mode: meta.mode,
    solver: meta.solver,
    ...(meta.explain ? { explanations: p.orders.map((o, i) => explainOrder(p, o, lines.get(i) ?? [], costs[i])) } : {}),
  };
}
