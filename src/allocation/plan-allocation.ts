import { buildPlan } from './build-plan.ts';
import { components } from './components.ts';
import { sequential } from './greedy-improve.ts';
import { highsSolver } from './highs-solver.ts';
import { lagrangianBound } from './lagrangian-bound.ts';
import { lagrangianImprove } from './lagrangian-plan.ts';
import { orderLowerBound } from './lower-bound.ts';
import type { Plan } from './plan-types.ts';
import { prepare } from './prepare.ts';
import type { OrderDecision, PreparedOrder, PreparedProblem } from './prepared-types.ts';
import type { AllocationProblem } from './problem-types.ts';
import { applyDecision, decisionCost, fullRemaining } from './remaining.ts';
import type { Solver, SubProblem } from './solver.ts';

export interface PlanOptions {
  /** `single`: each order in turn at its cheapest plan; `wave` (default): least total cost for the batch. */
  readonly mode?: 'single' | 'wave';
  /** How to optimise (default: HiGHS with the heuristic as its start). */
  readonly solver?: Solver;
  /** Wall-clock budget in seconds (default 8). */
  readonly timeLimitSeconds?: number;
  /** Milliseconds clock (default `performance.now`). */
  readonly now?: () => number;
  /** Add the per-order explanations (default true). */
  readonly explain?: boolean;
  readonly seed?: number;
}

/** Orders by priority (highest first), then input order. */
export function prioritySequence(p: PreparedProblem): number[] {
  return p.orders.map((o) => o.index).sort((a, b) => (p.orders[b] as PreparedOrder).priority - (p.orders[a] as PreparedOrder).priority || a - b);
}

/**
 * The pure allocation decision: a validated problem in, a plan with its reasons out. Nothing is
 * read or written outside; the clock and the solver are injected.
 */
export async function plan(problem: AllocationProblem, options: PlanOptions = {}): Promise<Plan> {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const deadline = t0 + 1000 * (options.timeLimitSeconds ?? 8) * 0.92;
  const solver = options.solver ?? highsSolver();
  const mode = options.mode ?? 'wave';
  const seed = options.seed ?? 1;
  const p = prepare(problem);
  const sequence = prioritySequence(p);
  const meta = { mode, solver: solver.name, explain: options.explain ?? true };
  if (mode === 'single') {
    const left = fullRemaining(p);
    const decisions: OrderDecision[] = p.orders.map(() => []);
    for (let i = 0; i < sequence.length; i++) {
      const oi = sequence[i] as number;
      const share = (deadline - now()) / (sequence.length - i);
      const sol = await solver.solve({ prepared: p, orders: [oi], remaining: left, pureAssignment: false }, { now, deadline: now() + Math.max(1, share), seed });
      decisions[oi] = sol.decisions[0] ?? [];
      applyDecision(p, left, p.orders[oi] as PreparedOrder, decisions[oi] as OrderDecision, 1);
    }
    return buildPlan(p, decisions, sequence, { ...meta, status: 'heuristic', bound: null, seconds: (now() - t0) / 1000 });
  }
  const left = fullRemaining(p);
  const subs = bundle(p, components(p, sequence, left).map((c) => ({ prepared: p, orders: c.orders, remaining: left, pureAssignment: c.pureAssignment })));
  const weight = (s: SubProblem) => s.orders.reduce((a, oi) => a + 1 + (p.orders[oi] as PreparedOrder).candidates.length, 0);
  subs.sort((a, b) => weight(a) - weight(b));
  let remainingWeight = subs.reduce((a, s) => a + weight(s), 0);
  const decisions: OrderDecision[] = p.orders.map(() => []);
  let bound = 0;
  let status: 'feasible' | 'heuristic' = 'heuristic';
  for (const sub of subs) {
    const w = weight(sub);
    const until = now() + Math.max(Math.min(50, (deadline - now()) / 2), ((deadline - now()) * w) / Math.max(1, remainingWeight));
    remainingWeight -= w;
    // pieces of several orders keep a tenth of their time to prove a Lagrangian bound (pure assignment
    // pieces only use what their solver leaves: its LP bound is at least as strong)
    const multi = sub.orders.length > 1;
    // other pieces of several orders leave half their time (large ones 85 %) to the Lagrangian rounds:
    // a proven bound and plans priced by its dual prices
    const share = sub.orders.length > LARGE_PIECE ? 0.15 : 0.5;
    const solveUntil = multi && !sub.pureAssignment ? now() + (until - now()) * share : until;
    const sol = await solver.solve(sub, { now, deadline: solveUntil, seed });
    sub.orders.forEach((oi, i) => (decisions[oi] = sol.decisions[i] ?? []));
    let pieceBound = Math.max(sol.bound ?? Number.NEGATIVE_INFINITY, sub.orders.reduce((a, oi) => a + orderLowerBound(p, p.orders[oi] as PreparedOrder), 0));
    if (multi && pieceBound < sol.cost - 1e-9 && now() < until) {
      if (sub.pureAssignment) pieceBound = Math.max(pieceBound, lagrangianBound(p, sub.orders, left, sol.cost, now, until));
      else {
        const better = lagrangianImprove(p, sub.orders, left, { decisions: [...sol.decisions], total: sol.cost }, now, until, seed);
        sub.orders.forEach((oi, i) => (decisions[oi] = better.decisions[i] ?? []));
        pieceBound = Math.max(pieceBound, better.bound);
      }
    }
    bound += pieceBound;
    if (sol.status === 'feasible') status = 'feasible';
  }
  // a wave never does worse than taking the orders one by one
  const single = sequential(p, p.orders.map((o) => o.index), sequence, left);
  const total = p.orders.reduce((a, o, i) => a + decisionCost(p, o, decisions[i] ?? []), 0);
  const chosen = single.total < total - 1e-9 ? single.decisions : decisions;
  return buildPlan(p, chosen, sequence, { ...meta, status, bound, seconds: (now() - t0) / 1000 });
}

/** Pieces with more orders than this are too large for a model solver; the Lagrangian rounds get most of their time. */
const LARGE_PIECE = 2000;

/** Groups one-order pieces into bundles (they do not interact), so a model solver is called fewer times. */
function bundle(p: PreparedProblem, subs: SubProblem[]): SubProblem[] {
  const out: SubProblem[] = [];
  let cur: number[] = [];
  let pure = true;
  const flush = () => {
    if (cur.length > 0) out.push({ prepared: p, orders: cur, remaining: subs[0]!.remaining, pureAssignment: pure });
    cur = [];
    pure = true;
  };
  for (const s of subs) {
    if (s.orders.length > 1) {
      out.push(s);
      continue;
    }
    cur.push(s.orders[0] as number);
    pure = pure && s.pureAssignment;
    if (cur.length >= 200) flush();
  }
  flush();
  return out;
}
