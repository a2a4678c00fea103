import type { CostBreakdown } from './cost-breakdown.ts';

/** One shipped quantity: a SKU (absent for pure assignment orders) from a warehouse and lot. */
export interface PlanLine {
  readonly sku?: string;
  readonly warehouse: string;
  readonly lot?: string;
  readonly qty: number;
}

export interface PlanAllocation {
  readonly order: string;
  readonly lines: readonly PlanLine[];
}

export type UnfilledReason =
  | 'NO_ELIGIBLE_STOCK'
  | 'NO_LANE'
  | 'NO_FEASIBLE_QUOTE'
  | 'INSUFFICIENT_STOCK'
  | 'CAPACITY'
  | 'SPLIT_NOT_ALLOWED'
  | 'CHEAPER_UNFILLED';

export interface Unfilled {
  readonly order: string;
  /** Absent for an order without lines (a pure assignment). */
  readonly sku?: string;
  readonly qty: number;
  readonly reason: UnfilledReason;
}

/** Why a warehouse was or was not a candidate for an order (extension `explanations`). */
export interface CandidateExplanation {
  readonly warehouse: string;
  /** Present when the warehouse could not serve the order at all. */
  readonly excluded?: string;
  /** Rank by the cost of shipping the whole order from it alone (1 = cheapest), when it could. */
  readonly rank?: number;
  readonly cost?: number;
}

export interface ShipmentExplanation {
  readonly warehouse: string;
  readonly units: number;
  readonly cost: CostBreakdown;
}

export interface OrderExplanation {
  readonly order: string;
  readonly candidates: readonly CandidateExplanation[];
  /** Candidates left out of the list (it is capped). */
  readonly more?: number;
  readonly shipments: readonly ShipmentExplanation[];
  readonly splitPenalty: number;
  readonly unfilledPenalty: number;
  readonly total: number;
}

export type PlanStatus = 'optimal' | 'feasible' | 'heuristic';

export interface Plan {
  readonly status: PlanStatus;
  /** The cost of this plan as docs/allocation-format.md defines it. */
  readonly objective: number;
  /** A proven lower bound on the optimal cost, or null. */
  readonly bound: number | null;
  /** (objective - bound) / objective, or null. */
  readonly gap: number | null;
  readonly allocations: readonly PlanAllocation[];
  readonly unfilled: readonly Unfilled[];
  readonly seconds: number;
  /** Extension: how the plan was made. */
  readonly mode?: 'single' | 'wave';
  readonly solver?: string;
  /** Extension: per order, the candidates and the cost of the chosen shipments. */
  readonly explanations?: readonly OrderExplanation[];
}
