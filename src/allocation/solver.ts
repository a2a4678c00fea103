import type { OrderDecision, PreparedProblem } from './prepared-types.ts';
import type { Remaining } from './remaining.ts';

/** A piece of work for a solver: orders to decide together, given what is left of stock and capacity. */
export interface SubProblem {
  readonly prepared: PreparedProblem;
  /** Order indices into `prepared.orders`. */
  readonly orders: readonly number[];
  /** What is left; the solver must not change it. */
  readonly remaining: Remaining;
  /** Every order has quotes and they compete only for capacity (a generalized assignment problem). */
  readonly pureAssignment: boolean;
}

export interface SubSolution {
  /** One decision per order of the sub-problem, in the same sequence. */
  readonly decisions: readonly OrderDecision[];
  readonly cost: number;
  /** A proven lower bound on this sub-problem's optimal cost, or null. */
  readonly bound: number | null;
  /** 'heuristic' when no optimisation model was solved, else 'feasible'. */
  readonly status: 'feasible' | 'heuristic';
}

/** Time the solver may use: an injected clock in milliseconds and a deadline on it. */
export interface SolveBudget {
  readonly now: () => number;
  readonly deadline: number;
  readonly seed: number;
}

/**
 * "How to optimise": a port with two implementations here (heuristic, HiGHS). A solver gets one
 * independent piece of a wave, or one order in single mode, and returns decisions that fit in what is
 * left — it never returns an infeasible plan, only a worse one.
 */
export interface Solver {
  readonly name: string;
  solve(sub: SubProblem, budget: SolveBudget): Promise<SubSolution>;
}
