import { DEFAULT_POLICY, heuristicSolver, type AllocationProblem, type Plan, plan, type Policy } from '../allocation/index.ts';
import { greatCircleLanes, type LaneModel } from './lane-model.ts';

/** Port "where to source": decides one order's plan from a problem holding that order alone. */
export interface SourcingStrategy {
  readonly name: string;
  decide(problem: AllocationProblem): Promise<Plan>;
}

/** Port "when to reserve": on submit (default), or later when the order is released. */
export interface ReserveTiming {
  readonly name: string;
  /** True: hold stock in the submit's own commit. False: store the order as `accepted`; `release()` reserves. */
  reserveOnSubmit(): boolean;
}

/** The default sourcing: the allocation engine's single mode with its heuristic solver. */
export function planSingleSourcing(): SourcingStrategy {
  const solver = heuristicSolver();
  return { name: 'plan-single', decide: (problem) => plan(problem, { mode: 'single', solver, timeLimitSeconds: 1, explain: true }) };
}

export const reserveOnSubmit: ReserveTiming = { name: 'on-submit', reserveOnSubmit: () => true };
export const reserveOnRelease: ReserveTiming = { name: 'on-release', reserveOnSubmit: () => false };

/** The one typed config of the order area: ports and policies. */
export interface OrdersConfig {
  readonly sourcing: SourcingStrategy;
  readonly timing: ReserveTiming;
  readonly lanes: LaneModel;
  readonly policy: Policy;
  /** `partial`: hold what there is and backorder the rest; `complete`: hold nothing unless all of it. */
  readonly fill: 'partial' | 'complete';
  /** How long a pending hold lives before the sweep expires it (default 30 minutes). */
  readonly holdTtlMs: number;
  /** Most submits per reservation transaction (group commit). */
  readonly maxBatch: number;
  /** Postal code prefix → region, for destinations given by postal code (longest prefix wins). */
  readonly postalRegions: Readonly<Record<string, string>>;
}

export function ordersConfig(over: Partial<OrdersConfig> = {}): OrdersConfig {
  return {
    sourcing: over.sourcing ?? planSingleSourcing(),
    timing: over.timing ?? reserveOnSubmit,
    lanes: over.lanes ?? greatCircleLanes(),
    policy: over.policy ?? { ...DEFAULT_POLICY, splitPenalty: 5, latePenaltyPerHour: 1 },
    fill: over.fill ?? 'partial',
    holdTtlMs: over.holdTtlMs ?? 30 * 60_000,
    maxBatch: over.maxBatch ?? 1000,
    postalRegions: over.postalRegions ?? {},
  };
}
