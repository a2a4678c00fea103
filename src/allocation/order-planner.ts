import type { Candidate, OrderDecision, PreparedOrder, PreparedProblem, ShipmentDecision } from './prepared-types.ts';
import type { Remaining } from './remaining.ts';

export interface PlannedOrder {
  readonly decision: OrderDecision;
  readonly cost: number;
}

/**
 * The cheapest plan for one order given what is left: exact for orders with quotes (every quoted
 * warehouse that can take it whole, or unfilled) and for orders that may not split (every single
 * warehouse); for orders that may split, the best single warehouse grown greedily by adding and
 * dropping warehouses while the cost falls (units go to the cheapest per-unit source of the set).
 */
export function planOrder(p: PreparedProblem, o: PreparedOrder, r: Remaining): PlannedOrder {
  const unfilledAll = p.problem.policy.unfilledPenaltyPerUnit * o.units;
  if (o.quoted) {
    let best: PlannedOrder = { decision: [], cost: unfilledAll };
    for (const c of o.candidates) {
      if (c.quoteCost > best.cost || (c.quoteCost === best.cost && best.decision.length > 0)) continue;
      if (c.quoteLoad > (r.capacity[c.warehouse] as number) + 1e-9) continue;
      if (!o.lines.every((l) => l.qty <= (r.stock[c.warehouse * p.S + l.sku] as number))) continue;
      best = { decision: [{ warehouse: c.warehouse, qty: [] }], cost: c.quoteCost };
    }
    return best;
  }
  const usable = o.candidates.filter((c) => (r.capacity[c.warehouse] as number) >= 1 && o.lines.some((l, k) => !Number.isNaN(c.unit[k] as number) && (r.stock[c.warehouse * p.S + l.sku] as number) >= 1));
  let best: PlannedOrder = { decision: [], cost: unfilledAll };
  let bestSet: Candidate[] = [];
  for (const c of usable) {
    const t = fill(p, o, r, [c]);
    if (t.cost < best.cost) {
      best = t;
      bestSet = [c];
    }
  }
  if (!p.problem.policy.allowSplit || usable.length < 2) return best;
  for (let round = 0; round < 2 * usable.length; round++) {
    let improved = false;
    for (const c of usable) {
      const set = bestSet.includes(c) ? bestSet.filter((x) => x !== c) : [...bestSet, c];
      if (set.length === 0) continue;
      const t = fill(p, o, r, set);
      if (t.cost < best.cost - 1e-9) {
        best = t;
        bestSet = set.filter((x) => t.decision.some((s) => s.warehouse === x.warehouse));
        improved = true;
      }
    }
    if (!improved) break;
  }
  return best;
}

/** Fills an order from a set of warehouses, each unit from its cheapest source with stock and capacity left. */
function fill(p: PreparedProblem, o: PreparedOrder, r: Remaining, set: readonly Candidate[]): PlannedOrder {
  const pol = p.problem.policy;
  const pairs: { c: number; k: number; unit: number }[] = [];
  set.forEach((c, ci) =>
    o.lines.forEach((_, k) => {
      const u = c.unit[k] as number;
      if (!Number.isNaN(u) && u < pol.unfilledPenaltyPerUnit) pairs.push({ c: ci, k, unit: u });
    }),
  );
  pairs.sort((a, b) => a.unit - b.unit || a.c - b.c);
  const need = o.lines.map((l) => l.qty);
  const cap = set.map((c) => r.capacity[c.warehouse] as number);
  const qty = set.map(() => o.lines.map(() => 0));
  for (const { c, k } of pairs) {
    const cand = set[c] as Candidate;
    const take = Math.min(need[k] as number, Math.floor(r.stock[cand.warehouse * p.S + (o.lines[k] as { sku: number }).sku] as number), Math.floor(cap[c] as number));
    if (take <= 0) continue;
    need[k] = (need[k] as number) - take;
    cap[c] = (cap[c] as number) - take;
    (qty[c] as number[])[k] = take;
  }
  const decision: ShipmentDecision[] = [];
  let cost = 0;
  set.forEach((c, ci) => {
    const q = qty[ci] as number[];
    if (!q.some((x) => x > 0)) return;
    decision.push({ warehouse: c.warehouse, qty: q });
    cost += c.fixed;
    q.forEach((x, k) => {
      if (x > 0) cost += x * (c.unit[k] as number);
    });
  });
  if (decision.length > 1) cost += pol.splitPenalty * (decision.length - 1);
  cost += pol.unfilledPenaltyPerUnit * need.reduce((a, b) => a + b, 0);
  if (decision.length === 0) return { decision: [], cost: pol.unfilledPenaltyPerUnit * o.units };
  return { decision, cost };
}
