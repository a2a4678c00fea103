import { denseSearch } from './dense-search.ts';
import { fromDense, toDense, toDenseAssignment } from './dense-model.ts';
import { greedyImprove } from './greedy-improve.ts';
import { planOrder } from './order-planner.ts';
import type { OrderDecision, PreparedOrder } from './prepared-types.ts';
import { decisionCost } from './remaining.ts';
import type { SolveBudget, Solver, SubProblem, SubSolution } from './solver.ts';

/**
 * The default "how to optimise" for any size, no model solver: one order at its cheapest plan;
 * a piece of orders with quotes competing for capacity by weighting local search (shift/swap with
 * adaptive overload weights) from a regret-greedy start; any other piece by greedy plus re-insertion
 * and pair moves.
 */
export function heuristicSolver(): Solver {
  return {
    name: 'heuristic',
    solve: (sub, budget) => Promise.resolve(solveHeuristically(sub, budget)),
  };
}

export interface HeuristicHints {
  /** Stop as soon as a plan costs this much (a proven lower bound). */
  readonly target?: number;
  /** A plan to start from (used when cheaper than the greedy one; it may overload warehouses). */
  readonly start?: readonly OrderDecision[];
  /** Pieces with quotes: per order × warehouse (dense, row-major), 1 where the search may assign it. */
  readonly keep?: Uint8Array;
}

export function solveHeuristically(sub: SubProblem, budget: SolveBudget, hints: HeuristicHints = {}): SubSolution {
  const { target, start, keep } = hints;
  const p = sub.prepared;
  if (sub.orders.length === 1) {
    const t = planOrder(p, p.orders[sub.orders[0] as number] as PreparedOrder, sub.remaining);
    return { decisions: [t.decision], cost: t.cost, bound: null, status: 'heuristic' };
  }
  const t0 = budget.now();
  const greedyUntil = sub.pureAssignment ? t0 + Math.min(50, (budget.deadline - t0) * 0.05) : budget.deadline;
  const greedy = greedyImprove(p, sub.orders, sub.remaining, budget.now, greedyUntil, budget.seed);
  if (!sub.pureAssignment) return { decisions: greedy.decisions, cost: greedy.total, bound: null, status: 'heuristic' };
  const g = toDense(p, sub.orders, sub.remaining);
  if (keep) keep.forEach((k, i) => (k ? undefined : (g.cost[i] = Number.POSITIVE_INFINITY)));
  const first = start ?? greedy.decisions;
  const r = denseSearch(g, { now: budget.now, deadline: budget.deadline, seed: budget.seed, ...(target !== undefined ? { target } : {}) }, toDenseAssignment(first));
  const decisions = r.cost < greedy.total ? fromDense(r.assignment) : greedy.decisions;
  return { decisions, cost: costOf(sub, decisions), bound: null, status: 'heuristic' };
}

export function costOf(sub: SubProblem, decisions: readonly OrderDecision[]): number {
  let c = 0;
  sub.orders.forEach((oi, i) => (c += decisionCost(sub.prepared, sub.prepared.orders[oi] as PreparedOrder, decisions[i] ?? [])));
  return c;
}
