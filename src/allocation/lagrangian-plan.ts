import { lagrangianDual, relaxedOrderCost, type ResourcePrices } from './lagrangian-bound.ts';
import { planOrder } from './order-planner.ts';
import type { OrderDecision, PreparedOrder, PreparedProblem, ShipmentDecision } from './prepared-types.ts';
import { applyDecision, copyRemaining, decisionCost, decisionFits, type Remaining } from './remaining.ts';
import { seededRng } from './rng.ts';

/** A plan for a piece of a wave: one decision per order of the piece (same sequence) and its cost. */
export interface PiecePlan {
  readonly decisions: OrderDecision[];
  readonly total: number;
}

const EXACT_LINES = 6;

/**
 * A Lagrangian heuristic: the orders in turn, each at the plan that is cheapest at its real cost plus
 * the dual prices of the stock and capacity it uses (so early orders leave scarce stock and capacity to
 * the orders that need them most), within what is really left; then re-insertion of every order at
 * its cheapest real plan given all others, while the total falls. Always fits what is left.
 */
export function pricedPlan(
  p: PreparedProblem,
  orders: readonly number[],
  left: Remaining,
  prices: ResourcePrices,
  now: () => number,
  deadline: number,
  seed: number,
): PiecePlan {
  const r = copyRemaining(left);
  const po = (oi: number) => p.orders[oi] as PreparedOrder;
  const decisions: OrderDecision[] = orders.map(() => []);
  const costs = orders.map(() => 0);
  // orders whose priced plan is dearest per unit first: they have the fewest good alternatives
  const seq = orders.map((_, i) => i);
  const key = orders.map((oi) => -(po(oi).priority * 1e12) - relaxedPerUnit(p, po(oi), prices));
  seq.sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
  for (const i of seq) {
    const o = po(orders[i] as number);
    let d = pricedChoice(p, o, r, prices);
    if (!d || !decisionFits(p, r, o, d)) d = planOrder(p, o, r).decision;
    decisions[i] = d;
    costs[i] = decisionCost(p, o, d);
    applyDecision(p, r, o, d, 1);
  }
  const rng = seededRng(seed);
  const idx = orders.map((_, i) => i);
  for (let pass = 0; pass < 20 && now() < deadline; pass++) {
    let improved = false;
    for (let q = idx.length - 1; q > 0; q--) {
      const j = rng.int(q + 1);
      [idx[q], idx[j]] = [idx[j] as number, idx[q] as number];
    }
    for (let n = 0; n < idx.length; n++) {
      if ((n & 255) === 255 && now() >= deadline) break;
      const i = idx[n] as number;
      const o = po(orders[i] as number);
      applyDecision(p, r, o, decisions[i] as OrderDecision, -1);
      const t = planOrder(p, o, r);
      if (t.cost < (costs[i] as number) - 1e-9) {
        decisions[i] = t.decision;
        costs[i] = t.cost;
        improved = true;
      }
      applyDecision(p, r, o, decisions[i] as OrderDecision, 1);
    }
    if (!improved) break;
  }
  // reduced cost of each order's plan at these prices (its real cost plus the prices of what it
  // uses, minus its relaxed cost): where the plan's distance from the bound sits
  const reduced = (i: number) => {
    const o = po(orders[i] as number);
    let c = costs[i] as number;
    for (const s of decisions[i] as OrderDecision) {
      o.lines.forEach((l, k) => {
        const q = o.quoted ? l.qty : (s.qty[k] ?? 0);
        c += q * (prices.stock[s.warehouse * p.S + l.sku] as number);
        if (!o.quoted) c += q * (prices.capacity[s.warehouse] as number);
      });
      if (o.quoted) c += (prices.capacity[s.warehouse] as number) * (o.candidates.find((x) => x.warehouse === s.warehouse)?.quoteLoad ?? 0);
    }
    return c - (relaxedCost[i] as number);
  };
  const relaxedCost = orders.map((oi) => relaxedOrderCost(p, po(oi), prices));
  repairPairs(p, orders, r, decisions, costs, now, deadline, rng, reduced);
  return { decisions, total: costs.reduce((a, b) => a + b, 0) };
}

/**
 * Targeted pair moves: an order that leaves units unfilled although some warehouse holds eligible
 * stock for them is re-planned together with an order that uses that warehouse (the other order may
 * move elsewhere and free the capacity or stock); kept when the pair's total falls.
 */
function repairPairs(
  p: PreparedProblem,
  orders: readonly number[],
  r: Remaining,
  decisions: OrderDecision[],
  costs: number[],
  now: () => number,
  deadline: number,
  rng: { int(n: number): number },
  reduced: (i: number) => number,
): void {
  const po = (i: number) => p.orders[orders[i] as number] as PreparedOrder;
  const users: Set<number>[] = Array.from({ length: p.W }, () => new Set<number>());
  decisions.forEach((d, i) => d.forEach((s) => users[s.warehouse]!.add(i)));
  const shipped = (i: number) => {
    let u = 0;
    for (const s of decisions[i] as OrderDecision) for (let k = 0; k < po(i).lines.length; k++) u += po(i).quoted ? (po(i).lines[k] as { qty: number }).qty : (s.qty[k] ?? 0);
    return po(i).quoted ? ((decisions[i] as OrderDecision).length > 0 ? po(i).units : 0) : u;
  };
  const setDecision = (i: number, d: OrderDecision) => {
    for (const s of decisions[i] as OrderDecision) users[s.warehouse]!.delete(i);
    decisions[i] = d;
    costs[i] = decisionCost(p, po(i), d);
    for (const s of d) users[s.warehouse]!.add(i);
  };
  const pair = (i: number, k: number): boolean => {
    const oi = po(i);
    const ok = po(k);
    applyDecision(p, r, oi, decisions[i] as OrderDecision, -1);
    applyDecision(p, r, ok, decisions[k] as OrderDecision, -1);
    const old = (costs[i] as number) + (costs[k] as number);
    const ta = planOrder(p, oi, r);
    applyDecision(p, r, oi, ta.decision, 1);
    const tb = planOrder(p, ok, r);
    if (ta.cost + tb.cost < old - 1e-9) {
      applyDecision(p, r, ok, tb.decision, 1);
      setDecision(i, ta.decision);
      setDecision(k, tb.decision);
      return true;
    }
    applyDecision(p, r, oi, ta.decision, -1);
    applyDecision(p, r, oi, decisions[i] as OrderDecision, 1);
    applyDecision(p, r, ok, decisions[k] as OrderDecision, 1);
    return false;
  };
  for (let pass = 0; pass < 5 && now() < deadline; pass++) {
    let improved = false;
    // orders left unfilled where stock exists, then every order far from its relaxed plan, worst first
    const score = orders.map((_, i) => (po(i).candidates.length === 0 ? 0 : (shipped(i) < po(i).units ? 1e9 : 0) + reduced(i)));
    const needy = orders.map((_, i) => i).filter((i) => (score[i] as number) > REDUCED_MIN).sort((a, b) => (score[b] as number) - (score[a] as number));
    for (const i of needy) {
      if (now() >= deadline) return;
      let done = false;
      for (const c of po(i).candidates) {
        if (done) break;
        const us = [...(users[c.warehouse] as Set<number>)];
        for (let t = 0; t < Math.min(us.length, PAIR_SAMPLE) && !done; t++) {
          const j = us.splice(rng.int(us.length), 1)[0] as number;
          if (j !== i && pair(i, j)) done = true;
        }
      }
      if (done) improved = true;
    }
    if (!improved) break;
  }
}

/** Orders whose plan is this far above their relaxed plan (reduced cost) are re-planned in pairs. */
const REDUCED_MIN = 1;

/** Orders using a warehouse tried as the partner of one needy order there, per pass. */
const PAIR_SAMPLE = 24;

/** An order's relaxed cost per unit at these prices, cheapest single shipment (for sequencing). */
function relaxedPerUnit(p: PreparedProblem, o: PreparedOrder, prices: ResourcePrices): number {
  const pen = p.problem.policy.unfilledPenaltyPerUnit;
  let best = pen * o.units;
  for (const c of o.candidates) {
    let cost = o.quoted ? c.quoteCost + (prices.capacity[c.warehouse] as number) * c.quoteLoad : c.fixed;
    o.lines.forEach((l, k) => {
      const pr = prices.stock[c.warehouse * p.S + l.sku] as number;
      if (o.quoted) cost += pr * l.qty;
      else {
        const u = c.unit[k] as number;
        cost += l.qty * (Number.isNaN(u) ? pen : Math.min(pen, u + pr + (prices.capacity[c.warehouse] as number)));
      }
    });
    best = Math.min(best, cost);
  }
  return best / o.units;
}

/**
 * The plan cheapest at real cost plus prices for one order within what is left: with quotes, the
 * cheapest quote that fits; without, the cheapest partition of its lines into shipments, each line
 * shipping what stock and capacity allow (the rest unfilled). Undefined when the order has too many
 * lines to enumerate (the caller falls back to the real-cost planner).
 */
function pricedChoice(p: PreparedProblem, o: PreparedOrder, r: Remaining, prices: ResourcePrices): OrderDecision | undefined {
  const S = p.S;
  const pol = p.problem.policy;
  const pen = pol.unfilledPenaltyPerUnit;
  if (o.quoted) {
    let best = pen * o.units;
    let choice: OrderDecision = [];
    for (const c of o.candidates) {
      if (c.quoteLoad > (r.capacity[c.warehouse] as number) + 1e-9) continue;
      if (!o.lines.every((l) => l.qty <= (r.stock[c.warehouse * S + l.sku] as number))) continue;
      let cost = c.quoteCost + (prices.capacity[c.warehouse] as number) * c.quoteLoad;
      for (const l of o.lines) cost += (prices.stock[c.warehouse * S + l.sku] as number) * l.qty;
      if (cost < best) {
        best = cost;
        choice = [{ warehouse: c.warehouse, qty: [] }];
      }
    }
    return choice;
  }
  const L = o.lines.length;
  if (L > EXACT_LINES || pol.splitPenalty < 0) return undefined;
  const C = o.candidates.length;
  if (C === 0) return [];
  const M = 1 << L;
  const blockCost = new Float64Array(M).fill(Number.POSITIVE_INFINITY);
  const blockQty: (number[] | undefined)[] = new Array(M);
  const blockFrom = new Int32Array(M).fill(-1);
  const order = o.lines.map((_, k) => k);
  for (let i = 0; i < C; i++) {
    const c = o.candidates[i]!;
    const w = c.warehouse;
    const cp = prices.capacity[w] as number;
    const cap = Math.floor(r.capacity[w] as number);
    const a = o.lines.map((l, k) => {
      const u = c.unit[k] as number;
      return Number.isNaN(u) ? Number.POSITIVE_INFINITY : u + (prices.stock[w * S + l.sku] as number) + cp;
    });
    order.sort((x, y) => (a[x] as number) - (a[y] as number));
    for (let m = 1; m < M; m++) {
      let capLeft = cap;
      let cost = c.fixed;
      let shipped = 0;
      const qty = o.lines.map(() => 0);
      for (const k of order) {
        if (!(m & (1 << k))) continue;
        const l = o.lines[k]!;
        const ak = a[k] as number;
        let x = 0;
        if (ak < pen) x = Math.max(0, Math.min(l.qty, Math.floor(r.stock[w * S + l.sku] as number), capLeft));
        capLeft -= x;
        shipped += x;
        qty[k] = x;
        cost += x * ak + (l.qty - x) * pen;
      }
      if (shipped === 0) continue;
      if (cost < (blockCost[m] as number)) {
        blockCost[m] = cost;
        blockQty[m] = qty;
        blockFrom[m] = i;
      }
    }
  }
  // blocks that ship nothing: every line of the block unfilled, no shipment
  const unfilledCost = new Float64Array(M);
  for (let m = 1; m < M; m++) {
    let c = 0;
    for (let k = 0; k < L; k++) if (m & (1 << k)) c += pen * (o.lines[k] as { qty: number }).qty;
    unfilledCost[m] = c;
  }
  // f[t]: cheapest way to cover lines t with shipments (t's unfilled part kept apart), shipments counted
  const f = new Float64Array(M);
  const fChoice = new Int32Array(M);
  const fShip = new Int32Array(M);
  f[0] = 0;
  for (let t = 1; t < M; t++) {
    const low = t & -t;
    let best = (unfilledCost[t] as number);
    let bs = -1;
    for (let s = t; s > 0; s = (s - 1) & t) {
      if (!(s & low)) continue;
      // block s as one shipment
      if (Number.isFinite(blockCost[s] as number)) {
        const rest = t ^ s;
        const c = (blockCost[s] as number) + (f[rest] as number) + (rest !== 0 && (fShip[rest] as number) > 0 ? pol.splitPenalty : 0);
        if (c < best && (pol.allowSplit || (fShip[rest] as number) === 0)) {
          best = c;
          bs = s;
        }
      }
      // block s unfilled
      if (s !== t) {
        const c = (unfilledCost[s] as number) + (f[t ^ s] as number);
        if (c < best) {
          best = c;
          bs = -2 - s;
        }
      }
    }
    f[t] = best;
    fChoice[t] = bs;
    fShip[t] = bs >= 0 ? 1 + (fShip[t ^ bs] as number) : bs === -1 ? 0 : (fShip[t ^ (-2 - bs)] as number);
  }
  const byWarehouse = new Map<number, number[]>();
  for (let t = M - 1; t > 0; ) {
    const bs = fChoice[t] as number;
    if (bs === -1) break;
    if (bs < -1) {
      t ^= -2 - bs;
      continue;
    }
    const w = o.candidates[blockFrom[bs] as number]!.warehouse;
    const q = blockQty[bs] as number[];
    const have = byWarehouse.get(w);
    if (have) q.forEach((x, k) => (have[k] = (have[k] as number) + x));
    else byWarehouse.set(w, [...q]);
    t ^= bs;
  }
  const d: ShipmentDecision[] = [...byWarehouse].map(([warehouse, qty]) => ({ warehouse, qty }));
  return d;
}

/** The best plan and bound found for a piece by {@link lagrangianImprove}. */
export interface ImprovedPiece extends PiecePlan {
  readonly bound: number;
}

/**
 * The dual ascent (a proven bound, and prices), then the priced plan built from those prices, then the
 * dual ascent again from the same prices aiming at the better plan; stops early when plan and bound
 * meet. Starts from a plan the caller already has and never returns a costlier one.
 */
/** Shares of {@link lagrangianImprove}'s time: the dual ascent first, then the priced plan, the rest the dual again. */
const DUAL_SHARE = 0.45;
const PLAN_SHARE = 0.45;

export function lagrangianImprove(
  p: PreparedProblem,
  orders: readonly number[],
  left: Remaining,
  start: PiecePlan,
  now: () => number,
  deadline: number,
  seed: number,
): ImprovedPiece {
  let best = start;
  const t0 = now();
  const span = deadline - t0;
  // 1. the dual ascent alone: the priced plan needs settled prices (its repair follows reduced costs)
  const first = lagrangianDual(p, orders, left, best.total, now, t0 + DUAL_SHARE * span);
  let bound = first.bound;
  if (best.total - bound <= 1e-9 * Math.max(1, Math.abs(best.total)) || now() >= deadline) return { ...best, bound };
  // 2. one priced plan from those prices
  const cand = pricedPlan(p, orders, left, first.prices, now, t0 + (DUAL_SHARE + PLAN_SHARE) * span, seed);
  if (cand.total < best.total - 1e-9) best = cand;
  // 3. the dual again, from the same prices, aiming at the better plan (Polyak steps shrink with the gap)
  if (now() < deadline && best.total - bound > 1e-9 * Math.max(1, Math.abs(best.total))) {
    bound = Math.max(bound, lagrangianDual(p, orders, left, best.total, now, deadline, first.prices).bound);
  }
  return { ...best, bound };
}
