import type { Highs } from 'highs';
import { highsRuntime, withUnrefTimers } from './highs-runtime.ts';
import { costOf, solveHeuristically } from './heuristic-solver.ts';
import { buildMip, type MipModel } from './mip-model.ts';
import type { OrderDecision, PreparedOrder, PreparedProblem } from './prepared-types.ts';
import { applyDecision, copyRemaining, decisionFits } from './remaining.ts';
import type { SolveBudget, Solver, SubProblem, SubSolution } from './solver.ts';

export interface HighsSolverOptions {
  /** Largest model (columns) handed to HiGHS; bigger pieces are left to the heuristic. */
  readonly maxColumns?: number;
  /** Share of the time the heuristic gets before the MIP (pieces without quotes). */
  readonly heuristicShare?: number;
}

/**
 * "How to optimise" with HiGHS (npm `highs`, WebAssembly) under the time limit. For a piece of
 * orders with quotes competing for capacity (a generalized assignment problem): the LP relaxation
 * gives a proven bound and a rounded start, the weighting local search runs against that bound, and
 * the MIP, seeded with the best assignment, uses the rest of the time (it may prove optimality and
 * tighten the bound). For any other piece: greedy plus improvement first, then the MIP seeded with
 * it. A MIP answer is used only when it fits and costs less; the bound is HiGHS's dual bound.
 */
export function highsSolver(options: HighsSolverOptions = {}): Solver {
  const maxColumns = options.maxColumns ?? 40_000;
  const share = options.heuristicShare ?? 0.3;
  return {
    name: 'highs',
    async solve(sub, budget) {
      if (sub.orders.length === 1 && (exactAlone(sub) || budget.deadline - budget.now() < MIN_MIP_MS)) {
        const h = solveHeuristically(sub, budget);
        return exactAlone(sub) ? { ...h, bound: h.cost, status: 'feasible' } : h;
      }
      const highs = await highsRuntime();
      return sub.pureAssignment && sub.orders.length > 1 ? assignment(highs, sub, budget, maxColumns) : general(highs, sub, budget, maxColumns, share);
    },
  };
}

/** Below this many milliseconds a one-order MIP is not worth starting. */
const MIN_MIP_MS = 25;

/** One order whose own best plan the order planner finds exactly (quotes, no split, or one usable warehouse). */
function exactAlone(sub: SubProblem): boolean {
  const o = sub.prepared.orders[sub.orders[0] as number] as PreparedOrder;
  return o.quoted || !sub.prepared.problem.policy.allowSplit || o.candidates.length <= 1;
}

function secondsLeft(b: SolveBudget): number {
  return Math.max(0.01, (b.deadline - b.now()) / 1000);
}

/** A valid lower bound from a solver value with tolerances: ceil for integral costs, a hair lower otherwise. */
function safeBound(sub: SubProblem, value: number): number {
  return sub.prepared.integralCosts ? Math.ceil(value - 1e-6) : value - 1e-6 * Math.max(1, Math.abs(value));
}

function assignment(highs: Highs, sub: SubProblem, budget: SolveBudget, maxColumns: number): SubSolution {
  const t0 = budget.now();
  const total = budget.deadline - t0;
  const at = (share: number) => t0 + total * share;
  const lpModel = buildMip(sub, false, maxColumns);
  let bound: number | null = null;
  let lpStart: OrderDecision[] | undefined;
  let keep: Uint8Array | undefined;
  if (lpModel) {
    const lp = run(highs, lpModel, secondsLeft(budget) * 0.3, false);
    if (lp.optimal && lp.x && lp.reducedCosts) {
      bound = safeBound(sub, lp.objective);
      const rounded = roundLp(sub, lpModel, lp.x);
      lpStart = rounded;
      if (rounded) keep = candidateLists(sub.prepared, sub, lpModel, lp.reducedCosts, rounded);
    }
  }
  const target = bound ?? undefined;
  const proven = (s: SubSolution) => bound !== null && s.cost <= bound + 1e-9;
  const small = lpModel !== undefined && lpModel.columns <= SMALL_MIP && sub.orders.length <= SMALL_ORDERS;
  // 1. weighting local search over the options the LP prices low, from the rounded LP, in independent
  //    runs of a third of 85 % of the time each (more if one stalls early): different seeds end far
  //    apart on tight instances, the best wins; small pieces once and briefly (a quarter of the time,
  //    at most a second): the MIP below usually closes them
  const phaseEnd = small ? Math.min(at(0.25), t0 + 1000) : at(0.85);
  const slot = (phaseEnd - budget.now()) / (small ? 1 : RESTARTS);
  const restart = (k: number): SubSolution => {
    const until = Math.min(phaseEnd, budget.now() + slot);
    return { ...solveHeuristically(sub, { ...budget, seed: budget.seed + 7919 * k, deadline: until }, { target, start: lpStart, keep }), bound, status: 'feasible' };
  };
  let best = restart(0);
  for (let k = 1; !small && !proven(best) && budget.now() < phaseEnd - 10; k++) {
    const next = restart(k);
    if (next.cost < best.cost - 1e-9) best = next;
  }
  if (proven(best)) return best;
  // 2. small pieces: the MIP seeded with the best plan; it proves optimality or tightens the bound
  const mip = small ? buildMip(sub, true, maxColumns) : undefined;
  if (mip) {
    const r = run(highs, mip, Math.max(0.01, (at(0.75) - budget.now()) / 1000), true, mip.encode(best.decisions));
    if (r.dualBound !== null) bound = Math.max(bound ?? Number.NEGATIVE_INFINITY, safeBound(sub, r.dualBound));
    const better = r.x ? accept(sub, mip.decode(r.x), best.cost) : undefined;
    best = better ? { decisions: better.decisions, cost: better.cost, bound, status: 'feasible' } : { ...best, bound };
    if (proven(best)) return best;
  }
  // 3. the local search over every option, from the best so far, for the rest of the time
  const again = solveHeuristically(sub, { ...budget, seed: budget.seed + 1 }, { target: bound ?? undefined, start: best.decisions });
  return again.cost < best.cost - 1e-9 ? { ...again, bound, status: 'feasible' } : { ...best, bound };
}

/** Pieces this small go to the MIP right after a brief local search (HiGHS closes them in well under a second). */
const SMALL_MIP = 2000;
const SMALL_ORDERS = 80;
/** Independent runs of the restricted local search on larger pieces. */
const RESTARTS = 3;

/**
 * Candidate lists from LP reduced costs: each order keeps its two cheapest options by reduced cost and
 * every option under the threshold that keeps about four options per order on average (near-optimal
 * plans use almost only options the LP prices near zero).
 */
function candidateLists(p: PreparedProblem, sub: SubProblem, m: MipModel, rc: Float64Array, lpStart: readonly OrderDecision[]): Uint8Array {
  const W = p.W;
  const keep = new Uint8Array(sub.orders.length * W);
  const all: number[] = [];
  const per = sub.orders.map((_, j) => [...m.quoteColumns(j)].map(([w, col]) => ({ w, rc: rc[col] as number })).sort((a, b) => a.rc - b.rc));
  for (const opts of per) for (const o of opts) all.push(o.rc);
  all.sort((a, b) => a - b);
  const tau = all[Math.min(all.length - 1, 4 * sub.orders.length)] ?? Number.POSITIVE_INFINITY;
  per.forEach((opts, j) => {
    opts.forEach((o, k) => {
      if (k < 2 || o.rc <= tau) keep[j * W + o.w] = 1;
    });
    const d = lpStart[j];
    if (d && d.length > 0) keep[j * W + (d[0] as { warehouse: number }).warehouse] = 1;
  });
  return keep;
}

function general(highs: Highs, sub: SubProblem, budget: SolveBudget, maxColumns: number, share: number): SubSolution {
  const t0 = budget.now();
  const h = solveHeuristically(sub, { ...budget, deadline: t0 + (budget.deadline - t0) * share });
  const mip = buildMip(sub, true, maxColumns);
  if (!mip) return h;
  const r = run(highs, mip, secondsLeft(budget), true, mip.encode(h.decisions));
  const bound = r.dualBound === null ? null : safeBound(sub, r.dualBound);
  const better = r.x ? accept(sub, mip.decode(r.x), h.cost) : undefined;
  return better ? { decisions: better.decisions, cost: better.cost, bound, status: 'feasible' } : { ...h, bound, status: 'feasible' };
}

interface RunResult {
  readonly reducedCosts?: Float64Array;
  readonly optimal: boolean;
  readonly objective: number;
  readonly dualBound: number | null;
  readonly x: Float64Array | undefined;
}

function run(highs: Highs, m: MipModel, seconds: number, mip: boolean, start?: Float64Array): RunResult {
  const model = highs.createModel(m.data);
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, seconds), mip_rel_gap: 1e-9 });
    if (start) model.setSolution({ colValue: start });
    withUnrefTimers(() => model.run());
    const optimal = model.getModelStatus() === highs.constants.modelStatus.optimal;
    const hasX = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const dual = mip ? Number(model.info.get('mip_dual_bound')) : optimal ? model.getObjectiveValue() : Number.NaN;
    return {
      optimal,
      objective: hasX ? model.getObjectiveValue() : Number.NaN,
      dualBound: Number.isFinite(dual) ? dual : null,
      x: hasX ? Float64Array.from(model.getSolution().colValue) : undefined,
      ...(!mip && optimal ? { reducedCosts: Float64Array.from(model.getSolution().colDual) } : {}),
    };
  } finally {
    model.dispose();
  }
}

/** Decisions from a solver's vector, kept only when they fit what is left and cost less than `than`. */
function accept(sub: SubProblem, decisions: OrderDecision[], than: number): { decisions: OrderDecision[]; cost: number } | undefined {
  const r = copyRemaining(sub.remaining);
  for (let i = 0; i < sub.orders.length; i++) {
    const o = sub.prepared.orders[sub.orders[i] as number] as PreparedOrder;
    const d = decisions[i] ?? [];
    if (!decisionFits(sub.prepared, r, o, d)) return undefined;
    applyDecision(sub.prepared, r, o, d, 1);
  }
  const cost = costOf(sub, decisions);
  return cost < than - 1e-9 ? { decisions, cost } : undefined;
}

/** The LP solution rounded: each order at its quote with the largest value (capacity may overflow; the search repairs it). */
function roundLp(sub: SubProblem, m: MipModel, x: Float64Array | undefined): OrderDecision[] | undefined {
  if (!x) return undefined;
  return sub.orders.map((_, j) => {
    let bestW = -1;
    let bestV = 1e-6;
    for (const [w, col] of m.quoteColumns(j)) {
      if ((x[col] as number) > bestV) {
        bestV = x[col] as number;
        bestW = w;
      }
    }
    return bestW < 0 ? [] : [{ warehouse: bestW, qty: [] }];
  });
}
