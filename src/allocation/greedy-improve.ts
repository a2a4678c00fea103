import type { OrderDecision, PreparedOrder, PreparedProblem } from './prepared-types.ts';
import { planOrder } from './order-planner.ts';
import { applyDecision, copyRemaining, decisionCost, type Remaining } from './remaining.ts';
import { seededRng } from './rng.ts';

export interface Sequenced {
  readonly decisions: OrderDecision[];
  readonly costs: number[];
  readonly total: number;
}

/** Each order in turn at its cheapest plan given what the earlier ones left. */
export function sequential(p: PreparedProblem, orders: readonly number[], sequence: readonly number[], left: Remaining): Sequenced {
  const r = copyRemaining(left);
  const pos = new Map(orders.map((o, i) => [o, i]));
  const decisions: OrderDecision[] = orders.map(() => []);
  const costs = orders.map(() => 0);
  let total = 0;
  for (const oi of sequence) {
    const o = p.orders[oi] as PreparedOrder;
    const best = planOrder(p, o, r);
    applyDecision(p, r, o, best.decision, 1);
    const i = pos.get(oi) as number;
    decisions[i] = best.decision;
    costs[i] = best.cost;
    total += best.cost;
  }
  return { decisions, costs, total };
}

/**
 * Greedy plus local improvement for any piece of a wave: the best of a few sequences (input order,
 * priority, largest regret first, largest order first), then re-insertion of each order at its best
 * plan given all others, and pairs of orders re-planned together, while the total falls.
 */
export function greedyImprove(p: PreparedProblem, orders: readonly number[], left: Remaining, now: () => number, deadline: number, seed: number): Sequenced {
  const po = (oi: number) => p.orders[oi] as PreparedOrder;
  const alone = new Map(orders.map((oi) => [oi, planOrder(p, po(oi), left).cost]));
  const regret = new Map(
    orders.map((oi) => {
      const o = po(oi);
      const cs = o.quoted ? o.candidates.map((c) => c.quoteCost).sort((a, b) => a - b) : [];
      return [oi, cs.length >= 2 ? (cs[1] as number) - (cs[0] as number) : (alone.get(oi) as number)];
    }),
  );
  const sequences = [
    [...orders],
    [...orders].sort((a, b) => po(b).priority - po(a).priority || a - b),
    [...orders].sort((a, b) => (regret.get(b) as number) - (regret.get(a) as number) || a - b),
    [...orders].sort((a, b) => po(b).units - po(a).units || a - b),
  ];
  let best = sequential(p, orders, sequences[0] as number[], left);
  for (const s of sequences.slice(1)) {
    if (now() >= deadline) break;
    const t = sequential(p, orders, s, left);
    if (t.total < best.total - 1e-9) best = t;
  }
  const decisions = best.decisions;
  const costs = best.costs;
  const r = copyRemaining(left);
  orders.forEach((oi, i) => applyDecision(p, r, po(oi), decisions[i] as OrderDecision, 1));
  const rng = seededRng(seed);
  const idx = orders.map((_, i) => i);
  const reinsert = (i: number): boolean => {
    const o = po(orders[i] as number);
    applyDecision(p, r, o, decisions[i] as OrderDecision, -1);
    const t = planOrder(p, o, r);
    if (t.cost < (costs[i] as number) - 1e-9) {
      decisions[i] = t.decision;
      costs[i] = t.cost;
      applyDecision(p, r, o, t.decision, 1);
      return true;
    }
    applyDecision(p, r, o, decisions[i] as OrderDecision, 1);
    return false;
  };
  const pair = (i: number, k: number): boolean => {
    const oi = po(orders[i] as number);
    const ok = po(orders[k] as number);
    applyDecision(p, r, oi, decisions[i] as OrderDecision, -1);
    applyDecision(p, r, ok, decisions[k] as OrderDecision, -1);
    const old = (costs[i] as number) + (costs[k] as number);
    let bestPair: [OrderDecision, OrderDecision, number] | undefined;
    for (const [a, b] of [[oi, ok], [ok, oi]] as const) {
      const ta = planOrder(p, a, r);
      applyDecision(p, r, a, ta.decision, 1);
      const tb = planOrder(p, b, r);
      applyDecision(p, r, a, ta.decision, -1);
      const total = ta.cost + tb.cost;
      if (total < old - 1e-9 && (!bestPair || total < bestPair[2])) bestPair = a === oi ? [ta.decision, tb.decision, total] : [tb.decision, ta.decision, total];
    }
    if (bestPair) {
      decisions[i] = bestPair[0];
      decisions[k] = bestPair[1];
      costs[i] = decisionCost(p, oi, bestPair[0]);
      costs[k] = decisionCost(p, ok, bestPair[1]);
    }
    applyDecision(p, r, oi, decisions[i] as OrderDecision, 1);
    applyDecision(p, r, ok, decisions[k] as OrderDecision, 1);
    return bestPair !== undefined;
  };
  for (let pass = 0; pass < 50 && now() < deadline; pass++) {
    let improved = false;
    for (let q = idx.length - 1; q > 0; q--) {
      const j = rng.int(q + 1);
      [idx[q], idx[j]] = [idx[j] as number, idx[q] as number];
    }
    for (const i of idx) if (reinsert(i)) improved = true;
    for (let t = 0; t < Math.min(idx.length * 4, 4000) && now() < deadline; t++) {
      const i = rng.int(idx.length);
      const k = rng.int(idx.length);
      if (i !== k && pair(i, k)) improved = true;
    }
    if (!improved) break;
  }
  const total = costs.reduce((a, b) => a + b, 0);
  return { decisions, costs, total };
}
