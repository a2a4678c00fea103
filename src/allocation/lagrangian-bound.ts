import type { PreparedOrder, PreparedProblem } from './prepared-types.ts';
import type { Remaining } from './remaining.ts';

/** Prices of the relaxed resources: per `w * S + s` stock and per warehouse capacity (all ≥ 0). */
export interface ResourcePrices {
  readonly stock: Float64Array;
  readonly capacity: Float64Array;
}

/** What the dual ascent found: the best proven bound, the prices that gave it, and iterations run. */
export interface LagrangianResult {
  readonly bound: number;
  readonly prices: ResourcePrices;
  readonly iterations: number;
}

/** Orders with more distinct lines than this are priced by the weaker per-line relaxation (3^L work). */
const EXACT_LINES = 6;

/** Share of the last direction kept in the next (deflected subgradient); 0.9 measured best on the wave bench. */
const DEFLECT = 0.9;

/**
 * A proven lower bound for a piece of a wave too large for an LP: Lagrangian relaxation of the stock
 * (warehouse × SKU) and capacity constraints that couple the orders. For prices λ ≥ 0 every order is
 * priced alone and exactly — with quotes, the cheapest quote plus the prices of what it uses, or
 * unfilled; without, the cheapest partition of its lines into shipments (each shipment pays its fixed
 * cost, each line in it the cheaper of the unfilled penalty and its priced unit cost there, and every
 * shipment after the first the split penalty), or everything unfilled — and
 * L(λ) = Σ orders − Σ λ × what is left is at most the optimum for any λ. Because each order's
 * sub-problem is solved as an integer problem, the best L is at least the LP relaxation's value.
 * Prices follow a subgradient method with Polyak steps towards `upper` (the best known plan cost),
 * halving the step after a run without progress.
 */
export function lagrangianBound(p: PreparedProblem, orders: readonly number[], left: Remaining, upper: number, now: () => number, deadline: number): number {
  return lagrangianDual(p, orders, left, upper, now, deadline).bound;
}

/** The dual ascent behind {@link lagrangianBound}, also returning the prices (for a priced plan). */
export function lagrangianDual(
  p: PreparedProblem,
  orders: readonly number[],
  left: Remaining,
  upper: number,
  now: () => number,
  deadline: number,
  start?: ResourcePrices,
  maxIterations = 5000,
): LagrangianResult {
  const S = p.S;
  const W = p.W;
  const pol = p.problem.policy;
  const price = start ? Float64Array.from(start.stock) : new Float64Array(W * S);
  const capPrice = start ? Float64Array.from(start.capacity) : new Float64Array(W);
  const bestPrice = Float64Array.from(price);
  const bestCap = Float64Array.from(capPrice);
  const use = new Float64Array(W * S);
  const load = new Float64Array(W);
  // only resources the piece could over-use can carry a price (the others never bind)
  const demand = new Float64Array(W * S);
  const capDemand = new Float64Array(W);
  for (const oi of orders) {
    const o = p.orders[oi] as PreparedOrder;
    for (const c of o.candidates) {
      let l = 0;
      o.lines.forEach((line, k) => {
        if (o.quoted || !Number.isNaN(c.unit[k] as number)) {
          demand[c.warehouse * S + line.sku] = (demand[c.warehouse * S + line.sku] as number) + line.qty;
          l += line.qty;
        }
      });
      capDemand[c.warehouse] = (capDemand[c.warehouse] as number) + (o.quoted ? c.quoteLoad : l);
    }
  }
  const rows: number[] = [];
  for (let r = 0; r < W * S; r++) if ((demand[r] as number) > (left.stock[r] as number) + 1e-9) rows.push(r);
  else price[r] = 0;
  const caps: number[] = [];
  for (let w = 0; w < W; w++) if ((capDemand[w] as number) > (left.capacity[w] as number) + 1e-9) caps.push(w);
  else capPrice[w] = 0;
  const priced = orders.map((oi) => pricer(p, p.orders[oi] as PreparedOrder, pol.unfilledPenaltyPerUnit, pol.splitPenalty, pol.allowSplit));
  const dir = new Float64Array(rows.length + caps.length);
  let best = Number.NEGATIVE_INFINITY;
  let theta = 1;
  let stall = 0;
  let iter = 0;
  for (; iter < maxIterations; iter++) {
    for (const r of rows) use[r] = 0;
    for (const w of caps) load[w] = 0;
    let value = 0;
    for (const f of priced) value += f(price, capPrice, use, load);
    for (const r of rows) value -= (price[r] as number) * (left.stock[r] as number);
    for (const w of caps) value -= (capPrice[w] as number) * (left.capacity[w] as number);
    if (!Number.isFinite(best) || value > best + 1e-9 * Math.max(1, Math.abs(best))) {
      if (!Number.isFinite(best) || value > best + 1e-4 * Math.max(1, Math.abs(upper - best))) stall = 0;
      best = value;
      for (const r of rows) bestPrice[r] = price[r] as number;
      for (const w of caps) bestCap[w] = capPrice[w] as number;
    }
    if (++stall >= 20) {
      theta /= 2;
      stall = 0;
    }
    if (upper - best <= 1e-9 * Math.max(1, Math.abs(upper)) || theta < 1e-5 || now() >= deadline) break;
    // deflected subgradient: the direction keeps part of the last one, damping the zig-zag between
    // resources that trade demand back and forth (any λ ≥ 0 still gives a valid bound)
    let norm = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      let g = (use[r] as number) - (left.stock[r] as number);
      if (g < 0 && (price[r] as number) <= 0) g = 0;
      const d = g + DEFLECT * (dir[i] as number);
      dir[i] = d;
      norm += d * d;
    }
    for (let i = 0; i < caps.length; i++) {
      const w = caps[i] as number;
      let g = (load[w] as number) - (left.capacity[w] as number);
      if (g < 0 && (capPrice[w] as number) <= 0) g = 0;
      const d = g + DEFLECT * (dir[rows.length + i] as number);
      dir[rows.length + i] = d;
      norm += d * d;
    }
    if (norm === 0) break;
    const step = (theta * Math.max(upper - value, 1e-6 * Math.max(1, Math.abs(upper)))) / norm;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      price[r] = Math.max(0, (price[r] as number) + step * (dir[i] as number));
    }
    for (let i = 0; i < caps.length; i++) {
      const w = caps[i] as number;
      capPrice[w] = Math.max(0, (capPrice[w] as number) + step * (dir[rows.length + i] as number));
    }
  }
  return { bound: best, prices: { stock: bestPrice, capacity: bestCap }, iterations: iter };
}

type Pricer = (price: Float64Array, capPrice: Float64Array, use: Float64Array, load: Float64Array) => number;

/**
 * One order's relaxed cost at given prices, solved exactly (adds what its cheapest relaxed plan uses
 * to `use`/`load`). The arrays are built once per order so each iteration only does arithmetic.
 */
function pricer(p: PreparedProblem, o: PreparedOrder, penalty: number, split: number, allowSplit: boolean): Pricer {
  const S = p.S;
  const all = penalty * o.units;
  const C = o.candidates.length;
  const L = o.lines.length;
  if (C === 0) return () => all;
  const wh = Int32Array.from(o.candidates, (c) => c.warehouse);
  const skus = Int32Array.from(o.lines, (l) => l.sku);
  const qty = Float64Array.from(o.lines, (l) => l.qty);
  if (o.quoted) {
    const cost = Float64Array.from(o.candidates, (c) => c.quoteCost);
    const qload = Float64Array.from(o.candidates, (c) => c.quoteLoad);
    return (price, capPrice, use, load) => {
      let bestCost = all;
      let bestC = -1;
      for (let i = 0; i < C; i++) {
        const w = wh[i] as number;
        let c = (cost[i] as number) + (capPrice[w] as number) * (qload[i] as number);
        for (let k = 0; k < L; k++) c += (price[w * S + (skus[k] as number)] as number) * (qty[k] as number);
        if (c < bestCost) {
          bestCost = c;
          bestC = i;
        }
      }
      if (bestC >= 0) {
        const w = wh[bestC] as number;
        load[w] = (load[w] as number) + (qload[bestC] as number);
        for (let k = 0; k < L; k++) use[w * S + (skus[k] as number)] = (use[w * S + (skus[k] as number)] as number) + (qty[k] as number);
      }
      return bestCost;
    };
  }
  const fixed = Float64Array.from(o.candidates, (c) => c.fixed);
  const unit = new Float64Array(C * L);
  o.candidates.forEach((c, i) => o.lines.forEach((_, k) => (unit[i * L + k] = c.unit[k] as number)));
  const v = new Float64Array(C * L);
  if (L > EXACT_LINES || split < 0) {
    // weaker but valid: one fixed cost (the cheapest) plus, per line, its cheapest priced source
    let minFixed = Number.POSITIVE_INFINITY;
    for (const f of fixed) minFixed = Math.min(minFixed, f);
    const from = new Int32Array(L);
    return (price, capPrice, use, load) => {
      let cost = minFixed;
      for (let k = 0; k < L; k++) {
        let u = penalty;
        let src = -1;
        for (let i = 0; i < C; i++) {
          const base = unit[i * L + k] as number;
          if (Number.isNaN(base)) continue;
          const w = wh[i] as number;
          const pr = base + (price[w * S + (skus[k] as number)] as number) + (capPrice[w] as number);
          if (pr < u) {
            u = pr;
            src = w;
          }
        }
        cost += u * (qty[k] as number);
        from[k] = src;
      }
      if (cost >= all) return all;
      for (let k = 0; k < L; k++) {
        const w = from[k] as number;
        if (w < 0) continue;
        use[w * S + (skus[k] as number)] = (use[w * S + (skus[k] as number)] as number) + (qty[k] as number);
        load[w] = (load[w] as number) + (qty[k] as number);
      }
      return cost;
    };
  }
  const M = 1 << L;
  const full = M - 1;
  const blockCost = new Float64Array(M);
  const blockFrom = new Int32Array(M);
  const sums = new Float64Array(M);
  const lowBit = new Int32Array(M);
  for (let m = 1; m < M; m++) lowBit[m] = 31 - Math.clz32(m & -m);
  const f = new Float64Array(M);
  const fChoice = new Int32Array(M);
  return (price, capPrice, use, load) => {
    // priced unit cost per candidate × line (the unfilled penalty where cheaper or impossible)
    for (let i = 0; i < C; i++) {
      const w = wh[i] as number;
      const cp = capPrice[w] as number;
      for (let k = 0; k < L; k++) {
        const base = unit[i * L + k] as number;
        const pr = Number.isNaN(base) ? penalty : base + (price[w * S + (skus[k] as number)] as number) + cp;
        v[i * L + k] = pr < penalty ? pr * (qty[k] as number) : penalty * (qty[k] as number);
      }
    }
    // the cheapest single shipment for every set of lines
    for (let i = 0; i < C; i++) {
      sums[0] = fixed[i] as number;
      for (let m = 1; m < M; m++) {
        const c = (sums[m & (m - 1)] as number) + (v[i * L + (lowBit[m] as number)] as number);
        sums[m] = c;
        if (i === 0 || c < (blockCost[m] as number)) {
          blockCost[m] = c;
          blockFrom[m] = i;
        }
      }
    }
    // the cheapest partition of the lines into shipments (two shipments from one warehouse are never
    // cheaper than one, so the partition need not keep warehouses distinct)
    let total: number;
    let choice: number;
    if (!allowSplit || L === 1) {
      total = blockCost[full] as number;
      choice = -1;
    } else {
      f[0] = -split;
      for (let t = 1; t < M; t++) {
        const low = t & -t;
        let bestT = Number.POSITIVE_INFINITY;
        let bestS = t;
        for (let s = t; s > 0; s = (s - 1) & t) {
          if (!(s & low)) continue;
          const c = (blockCost[s] as number) + split + (f[t ^ s] as number);
          if (c < bestT) {
            bestT = c;
            bestS = s;
          }
        }
        f[t] = bestT;
        fChoice[t] = bestS;
      }
      total = f[full] as number;
      choice = 0;
    }
    if (total >= all) return all;
    // what the chosen shipments use (each block in turn, from the last split of the partition)
    for (let t = full; t > 0; ) {
      const m = choice < 0 ? full : (fChoice[t] as number);
      const i = blockFrom[m] as number;
      const w = wh[i] as number;
      for (let k = 0; k < L; k++) {
        if (!(m & (1 << k))) continue;
        const base = unit[i * L + k] as number;
        if (Number.isNaN(base) || (v[i * L + k] as number) >= penalty * (qty[k] as number)) continue;
        use[w * S + (skus[k] as number)] = (use[w * S + (skus[k] as number)] as number) + (qty[k] as number);
        load[w] = (load[w] as number) + (qty[k] as number);
      }
      t ^= m;
    }
    return total;
  };
}

/** One order's relaxed cost at these prices (its Lagrangian sub-problem, solved exactly). */
export function relaxedOrderCost(p: PreparedProblem, o: PreparedOrder, prices: ResourcePrices): number {
  const pol = p.problem.policy;
  const scratch = new Float64Array(p.W * p.S);
  return pricer(p, o, pol.unfilledPenaltyPerUnit, pol.splitPenalty, pol.allowSplit)(prices.stock, prices.capacity, scratch, new Float64Array(p.W));
}
