import { lateHours, lotEligible, orderExclusion, skuExclusion } from './eligibility.ts';
import { fefoOrder } from './fefo.ts';
import type { AllocationProblem, Lane, ProblemOrder } from './problem-types.ts';
import type { Candidate, EligibleLot, Exclusion, PreparedLine, PreparedOrder, PreparedProblem } from './prepared-types.ts';

/** Indexes a validated problem: eligible stock and lots per warehouse × SKU, candidates per order. */
export function prepare(problem: AllocationProblem): PreparedProblem {
  const W = problem.warehouses.length;
  const S = problem.skus.length;
  const warehouseIndex = new Map(problem.warehouses.map((w, i) => [w.id, i]));
  const skuIndex = new Map(problem.skus.map((s, i) => [s.id, i]));
  const groups = new Map<string, { lot?: string; expiry?: string; qty: number }>();
  const lotsOf: EligibleLot[][] = Array.from({ length: W * S }, () => []);
  for (const row of problem.stock) {
    const w = warehouseIndex.get(row.warehouse) as number;
    const s = skuIndex.get(row.sku) as number;
    const sku = problem.skus[s]!;
    if (row.qty <= 0 || skuExclusion(problem.warehouses[w]!, sku) || !lotEligible(row.expiry, sku, problem.asOf)) continue;
    const key = `${w * S + s}\u0000${row.lot ?? ''}\u0000${row.expiry ?? ''}`;
    const g = groups.get(key);
    if (g) g.qty += row.qty;
    else {
      const lot = { ...(row.lot !== undefined ? { lot: row.lot } : {}), ...(row.expiry !== undefined ? { expiry: row.expiry } : {}), qty: row.qty };
      groups.set(key, lot);
      lotsOf[w * S + s]!.push(lot);
    }
  }
  const available = new Float64Array(W * S);
  lotsOf.forEach((ls, i) => {
    ls.sort(fefoOrder);
    available[i] = ls.reduce((a, l) => a + l.qty, 0);
  });
  const capacity = Float64Array.from(problem.warehouses, (w) => w.capacity ?? Number.POSITIVE_INFINITY);
  const lanes = new Map<string, Lane>(problem.lanes.map((l) => [`${l.from}\u0000${l.to}`, l]));
  const ctx = { problem, W, S, warehouseIndex, skuIndex, available, lanes };
  const orders = problem.orders.map((o, i) => prepareOrder(ctx, o, i));
  const integralCosts =
    problem.warehouses.every((w) => Number.isInteger(w.handlingCostPerUnit)) &&
    problem.orders.every((o) => (o.quotes ?? []).every((q) => Number.isInteger(q.cost))) &&
    [problem.policy.splitPenalty, problem.policy.unfilledPenaltyPerUnit].every(Number.isInteger) &&
    (problem.orders.every((o) => o.quotes !== undefined) ||
      (Number.isInteger(problem.policy.latePenaltyPerHour) &&
        problem.lanes.every((l) => Number.isInteger(l.fixedCost) && Number.isInteger(l.transitHours) && l.costPerKg === 0)));
  return { problem, W, S, warehouseIndex, skuIndex, available, lots: lotsOf, capacity, orders, integralCosts };
}

interface Ctx {
  readonly problem: AllocationProblem;
  readonly W: number;
  readonly S: number;
  readonly skuIndex: ReadonlyMap<string, number>;
  readonly warehouseIndex: ReadonlyMap<string, number>;
  readonly available: Float64Array;
  readonly lanes: ReadonlyMap<string, Lane>;
}

function prepareOrder(ctx: Ctx, o: ProblemOrder, index: number): PreparedOrder {
  const { problem, S } = ctx;
  const merged = new Map<number, number>();
  for (const l of o.lines) {
    const s = ctx.skuIndex.get(l.sku) as number;
    merged.set(s, (merged.get(s) ?? 0) + l.qty);
  }
  const lines: PreparedLine[] = [...merged].map(([sku, qty]) => ({ sku, qty }));
  const units = lines.reduce((a, l) => a + l.qty, 0) || 1;
  const candidates: Candidate[] = [];
  const excluded: Exclusion[] = [];
  const skuWhy = (w: number, line: PreparedLine): string | undefined => {
    const why = skuExclusion(problem.warehouses[w]!, problem.skus[line.sku]!);
    if (why) return why;
    const have = ctx.available[w * S + line.sku] as number;
    return have <= 0 ? `no eligible stock of ${problem.skus[line.sku]!.id}` : undefined;
  };
  if (o.quotes !== undefined) {
    for (const q of o.quotes) {
      const w = ctx.warehouseIndex.get(q.warehouse) as number;
      const wh = problem.warehouses[w]!;
      let why = orderExclusion(o, wh);
      for (const line of lines) {
        if (why) break;
        why = skuExclusion(wh, problem.skus[line.sku]!);
        const have = ctx.available[w * S + line.sku] as number;
        if (!why && have < line.qty) why = `only ${have} eligible units of ${problem.skus[line.sku]!.id}, needs ${line.qty}`;
      }
      if (!why && q.load > (wh.capacity ?? Number.POSITIVE_INFINITY)) why = `load ${q.load} exceeds capacity ${wh.capacity}`;
      if (why) excluded.push({ warehouse: w, reason: why });
      else candidates.push({ warehouse: w, quoteCost: q.cost + wh.handlingCostPerUnit * units, quoteLoad: q.load, fixed: 0, unit: [], lateHours: 0 });
    }
    problem.warehouses.forEach((_, w) => {
      if (!o.quotes!.some((q) => ctx.warehouseIndex.get(q.warehouse) === w)) excluded.push({ warehouse: w, reason: 'no quote' });
    });
  } else {
    problem.warehouses.forEach((wh, w) => {
      const lane = ctx.lanes.get(`${wh.id}\u0000${o.destination ?? ''}`);
      let why = orderExclusion(o, wh) ?? (lane ? undefined : `no lane to ${o.destination}`);
      const reasons = lines.map((line) => skuWhy(w, line));
      if (!why && reasons.every((r) => r !== undefined)) why = reasons.join('; ');
      if (why || !lane) {
        excluded.push({ warehouse: w, reason: why ?? 'no lane' });
        return;
      }
      const late = lateHours(lane.transitHours, o.promiseHours);
      const unit = lines.map((line, k) =>
        reasons[k] === undefined ? lane.costPerKg * problem.skus[line.sku]!.weightKg + wh.handlingCostPerUnit : Number.NaN,
      );
      candidates.push({ warehouse: w, quoteCost: 0, quoteLoad: 0, fixed: lane.fixedCost + problem.policy.latePenaltyPerHour * late, unit, lane, lateHours: late });
    });
  }
  return { index, id: o.id, quoted: o.quotes !== undefined, lines, units, candidates, excluded, priority: o.priority };
}
