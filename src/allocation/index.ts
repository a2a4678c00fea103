/**
 * Allocation: where each order ships from, and why (docs/allocation-format.md). A pure core — parse
 * and validate a problem, decide (`plan`), price (`planCost`) and check (`violations`) a plan — with
 * "how to optimise" as a port (`Solver`): a heuristic for any size and HiGHS for proven bounds.
 */
export type {
  AllocationProblem,
  Lane,
  OrderLine,
  Policy,
  ProblemOrder,
  ProblemSku,
  ProblemWarehouse,
  Quote,
  StockRow,
} from './problem-types.ts';
export { DEFAULT_POLICY } from './problem-types.ts';
export type {
  CandidateExplanation,
  OrderExplanation,
  Plan,
  PlanAllocation,
  PlanLine,
  PlanStatus,
  ShipmentExplanation,
  Unfilled,
  UnfilledReason,
} from './plan-types.ts';
export type { CostBreakdown } from './cost-breakdown.ts';
export { parseProblem } from './parse-problem.ts';
export { plan, type PlanOptions } from './plan-allocation.ts';
export { planCost, orderCost, shipmentCost } from './plan-cost.ts';
export { violations, type Violation, type ViolationKind } from './violations.ts';
export { lotEligible, orderExclusion, shelfLifeCutoff, skuExclusion, lateHours } from './eligibility.ts';
export { fefoOrder, pickLots } from './fefo.ts';
export type { SolveBudget, Solver, SubProblem, SubSolution } from './solver.ts';
export { heuristicSolver } from './heuristic-solver.ts';
export { highsSolver, type HighsSolverOptions } from './highs-solver.ts';
export { gapToProblem, readGapInstances, type GapInstance } from './gap-instance.ts';
