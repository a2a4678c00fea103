import type { PreparedOrder, PreparedProblem } from './prepared-types.ts';
import type { Remaining } from './remaining.ts';

/**
 * A proven lower bound for a piece of a wave too large for an LP: Lagrangian relaxation of the
 * stock (warehouse × SKU) and capacity constraints that couple the orders. For prices λ ≥ 0 every
 * order is priced alone — with quotes, the cheapest quote plus the prices of what it uses, or
 * unfilled; without, either everything unfilled or one shipment's fixed cost plus, per unit, the
 * cheaper of the unfilled penalty and its cheapest priced source — and L(λ) = Σ orders − Σ λ × what is
 * left is at most the optimum for any λ. Scaled subgradient steps (Polyak, towards the best known plan
 * cost) raise L; λ = 0 gives the simple per-order bound. Weaker than the LP on waves where much demand
 * cannot be served, but it costs milliseconds per step where the LP of a 10,000-order wave does not
 * solve in a minute.
 */
export function lagrangianBound(p: PreparedProblem, orders: readonly number[], left: Remaining, upper: number, now: () => number, deadline: number): number {
  const S = p.S;
  const W = p.W;
  const penalty = p.problem.policy.unfilledPenaltyPerUnit;
  const price = new Float64Array(W * S);
  const capPrice = new Float64Array(W);
  const use = new Float64Array(W * S);
  const load = new Float64Array(W);
  const finiteCap = Float64Array.from(left.capacity, (c) => (Number.isFinite(c) ? c : -1));
  let best = Number.NEGATIVE_INFINITY;
  let theta = 1;
  let stall = 0;
  for (let iter = 0; iter < 500; iter++) {
    use.fill(0);
    load.fill(0);
    let value = 0;
    for (const oi of orders) value += priceOrder(p, p.orders[oi] as PreparedOrder, price, capPrice, penalty, use, load);
    for (let r = 0; r < W * S; r++) if ((price[r] as number) > 0) value -= (price[r] as number) * (left.stock[r] as number);
    for (let w = 0; w < W; w++) if ((capPrice[w] as number) > 0) value -= (capPrice[w] as number) * (finiteCap[w] as number);
    if (value > best + 1e-9) {
      best = value;
      stall = 0;
    } else if (++stall >= 10) {
      theta /= 2;
      stall = 0;
    }
    if (upper - best <= 1e-9 * Math.max(1, Math.abs(upper)) || theta < 1e-4 || now() >= deadline) break;
    // scaled subgradient: each resource's excess relative to its size, so a few large excesses do not
    // freeze the step for all the others (any λ ≥ 0 gives a valid bound, the scaling only speeds it up)
    let norm = 0;
    for (let r = 0; r < W * S; r++) {
      const g = (use[r] as number) - (left.stock[r] as number);
      if (g > 0 || (price[r] as number) > 0) norm += (g * g) / Math.max(1, left.stock[r] as number);
    }
    for (let w = 0; w < W; w++) {
      if ((finiteCap[w] as number) < 0) continue;
      const g = (load[w] as number) - (finiteCap[w] as number);
      if (g > 0 || (capPrice[w] as number) > 0) norm += (g * g) / Math.max(1, finiteCap[w] as number);
    }
    if (norm === 0) break;
    const step = (theta * (upper - value)) / norm;
    for (let r = 0; r < W * S; r++) {
      const g = (use[r] as number) - (left.stock[r] as number);
      if (g !== 0) price[r] = Math.max(0, (price[r] as number) + (step * g) / Math.max(1, left.stock[r] as number));
    }
    for (let w = 0; w < W; w++) {
      if ((finiteCap[w] as number) >= 0) capPrice[w] = Math.max(0, (capPrice[w] as number) + (step * ((load[w] as number) - (finiteCap[w] as number))) / Math.max(1, finiteCap[w] as number));
    }
  }
  return best;
}

/** One order's relaxed cost at these prices; adds what its cheapest relaxed plan uses to `use`/`load`. */
function priceOrder(p: PreparedProblem, o: PreparedOrder, price: Float64Array, capPrice: Float64Array, penalty: number, use: Float64Array, load: Float64Array): number {
  const S = p.S;
  const all = penalty * o.units;
  if (o.quoted) {
    let bestCost = all;
    let bestC = -1;
    o.candidates.forEach((c, i) => {
      let cost = c.quoteCost + (capPrice[c.warehouse] as number) * c.quoteLoad;
      for (const l of o.lines) cost += (price[c.warehouse * S + l.sku] as number) * l.qty;
      if (cost < bestCost) {
        bestCost = cost;
        bestC = i;
      }
    });
    if (bestC >= 0) {
      const c = o.candidates[bestC]!;
      load[c.warehouse] = (load[c.warehouse] as number) + c.quoteLoad;
      for (const l of o.lines) use[c.warehouse * S + l.sku] = (use[c.warehouse * S + l.sku] as number) + l.qty;
    }
    return bestCost;
  }
  if (o.candidates.length === 0) return all;
  let fixed = Number.POSITIVE_INFINITY;
  for (const c of o.candidates) fixed = Math.min(fixed, c.fixed);
  let cost = fixed;
  const source: number[] = [];
  o.lines.forEach((l, k) => {
    let unit = penalty;
    let from = -1;
    for (const c of o.candidates) {
      const u = c.unit[k] as number;
      if (Number.isNaN(u)) continue;
      const priced = u + (price[c.warehouse * S + l.sku] as number) + (capPrice[c.warehouse] as number);
      if (priced < unit) {
        unit = priced;
        from = c.warehouse;
      }
    }
    cost += unit * l.qty;
    source.push(from);
  });
  if (cost >= all) return all;
  o.lines.forEach((l, k) => {
    const w = source[k] as number;
    if (w < 0) return;
    use[w * S + l.sku] = (use[w * S + l.sku] as number) + l.qty;
    load[w] = (load[w] as number) + l.qty;
  });
  return cost;
}
