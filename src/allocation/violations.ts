import { lotEligible, orderExclusion } from './eligibility.ts';
import { planCost, unfilledUnitsOf } from './plan-cost.ts';
import type { Plan, PlanLine } from './plan-types.ts';
import type { AllocationProblem } from './problem-types.ts';

export type ViolationKind =
  | 'UNKNOWN_REFERENCE'
  | 'QUANTITY'
  | 'OVERSHIPPED'
  | 'STOCK'
  | 'SHELF_LIFE'
  | 'STORAGE'
  | 'HAZMAT'
  | 'SWITCHED_OFF'
  | 'ORDER_RESTRICTION'
  | 'CAPACITY'
  | 'SPLIT'
  | 'NO_LANE'
  | 'QUOTE'
  | 'UNFILLED_MISMATCH'
  | 'OBJECTIVE';

export interface Violation {
  readonly kind: ViolationKind;
  readonly message: string;
  readonly order?: string;
  readonly warehouse?: string;
}

/**
 * Every rule of docs/allocation-format.md (and of this project's eligibility extensions) that a plan
 * breaks: stock per warehouse × SKU × lot, storage class, hazmat, shelf life, capacity, split, lanes,
 * quotes (whole order, one quoted warehouse), integer quantities, the unfilled list and the objective.
 * An empty list means the plan keeps every rule.
 */
export function violations(problem: AllocationProblem, plan: Plan): Violation[] {
  const out: Violation[] = [];
  const v = (kind: ViolationKind, message: string, order?: string, warehouse?: string) =>
    out.push({ kind, message, ...(order !== undefined ? { order } : {}), ...(warehouse !== undefined ? { warehouse } : {}) });
  const wh = new Map(problem.warehouses.map((w) => [w.id, w]));
  const sk = new Map(problem.skus.map((s) => [s.id, s]));
  const orders = new Map(problem.orders.map((o) => [o.id, o]));
  const lanes = new Set(problem.lanes.map((l) => `${l.from}\u0000${l.to}`));
  const shipped = new Map<string, number>();
  const load = new Map<string, number>();
  const linesOf = new Map<string, PlanLine[]>();
  for (const a of plan.allocations) {
    const o = orders.get(a.order);
    if (!o) {
      v('UNKNOWN_REFERENCE', `unknown order ${a.order}`, a.order);
      continue;
    }
    if (linesOf.has(a.order)) v('UNKNOWN_REFERENCE', `order ${a.order} appears twice in allocations`, a.order);
    linesOf.set(a.order, [...(linesOf.get(a.order) ?? []), ...a.lines]);
  }
  const listedUnfilled = new Map<string, number>();
  for (const u of plan.unfilled) listedUnfilled.set(u.order, (listedUnfilled.get(u.order) ?? 0) + u.qty);
  for (const o of problem.orders) {
    const lines = linesOf.get(o.id) ?? [];
    const ordered = new Map<string, number>();
    for (const l of o.lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.qty);
    const perWh = new Map<string, number>();
    const perSku = new Map<string, number>();
    for (const l of lines) {
      const w = wh.get(l.warehouse);
      if (!Number.isSafeInteger(l.qty) || l.qty <= 0) v('QUANTITY', `${o.id}: quantity ${l.qty} is not a positive integer`, o.id, l.warehouse);
      if (!w) {
        v('UNKNOWN_REFERENCE', `${o.id}: unknown warehouse ${l.warehouse}`, o.id, l.warehouse);
        continue;
      }
      perWh.set(l.warehouse, (perWh.get(l.warehouse) ?? 0) + l.qty);
      const off = orderExclusion(o, w);
      if (off) v(w.enabled ? 'ORDER_RESTRICTION' : 'SWITCHED_OFF', `${o.id} ships from ${w.id}: ${off}`, o.id, w.id);
      if (l.sku === undefined) {
        if (o.lines.length > 0) v('UNKNOWN_REFERENCE', `${o.id}: a line without SKU on an order with lines`, o.id, w.id);
        continue;
      }
      const s = sk.get(l.sku);
      if (!s || !ordered.has(l.sku)) {
        v('OVERSHIPPED', `${o.id}: ships SKU ${l.sku} it did not order`, o.id, w.id);
        continue;
      }
      perSku.set(l.sku, (perSku.get(l.sku) ?? 0) + l.qty);
      if (!w.storage.includes(s.storage)) v('STORAGE', `${o.id}: ${w.id} cannot store ${s.storage} SKU ${s.id}`, o.id, w.id);
      if (s.hazmat && !w.hazmat) v('HAZMAT', `${o.id}: ${w.id} is not approved for hazmat SKU ${s.id}`, o.id, w.id);
      const key = `${w.id}\u0000${s.id}\u0000${l.lot ?? ''}`;
      shipped.set(key, (shipped.get(key) ?? 0) + l.qty);
    }
    for (const [sku, q] of perSku) if (q > (ordered.get(sku) ?? 0)) v('OVERSHIPPED', `${o.id}: ships ${q} of ${sku}, ordered ${ordered.get(sku)}`, o.id);
    if (perWh.size > 1 && !problem.policy.allowSplit) v('SPLIT', `${o.id} ships from ${perWh.size} warehouses; splitting is not allowed`, o.id);
    for (const [w, units] of perWh) {
      if (o.quotes !== undefined) {
        const q = o.quotes.find((x) => x.warehouse === w);
        if (!q) v('QUOTE', `${o.id} ships from ${w}, which it has no quote for`, o.id, w);
        else load.set(w, (load.get(w) ?? 0) + q.load);
      } else {
        if (!lanes.has(`${w}\u0000${o.destination ?? ''}`)) v('NO_LANE', `${o.id}: no lane from ${w} to ${o.destination}`, o.id, w);
        load.set(w, (load.get(w) ?? 0) + units);
      }
    }
    if (o.quotes !== undefined && lines.length > 0) {
      if (perWh.size > 1) v('QUOTE', `${o.id} has quotes but ships from ${perWh.size} warehouses`, o.id);
      const whole = o.lines.length === 0 ? lines.reduce((a, l) => a + l.qty, 0) === 1 : [...ordered].every(([sku, q]) => perSku.get(sku) === q);
      if (!whole) v('QUOTE', `${o.id} has quotes but does not ship whole`, o.id);
    }
    const listed = listedUnfilled.get(o.id) ?? 0;
    const missing = unfilledUnitsOf(o, lines);
    if (listed !== missing) v('UNFILLED_MISMATCH', `${o.id}: ${missing} units not shipped, ${listed} listed as unfilled`, o.id);
  }
  checkStock(problem, shipped, v);
  for (const [w, l] of load) {
    const cap = wh.get(w)?.capacity;
    if (cap !== undefined && l > cap + 1e-9) v('CAPACITY', `${w}: load ${l} exceeds capacity ${cap}`, undefined, w);
  }
  for (const u of plan.unfilled) if (!orders.has(u.order)) v('UNKNOWN_REFERENCE', `unfilled names unknown order ${u.order}`, u.order);
  const cost = planCost(problem, plan);
  if (!(Math.abs(cost - plan.objective) <= 1e-6 * Math.max(1, Math.abs(cost)))) v('OBJECTIVE', `objective ${plan.objective} but the plan costs ${cost}`);
  return out;
}

function checkStock(
  problem: AllocationProblem,
  shipped: ReadonlyMap<string, number>,
  v: (kind: ViolationKind, message: string, order?: string, warehouse?: string) => void,
): void {
  const total = new Map<string, number>();
  const eligible = new Map<string, number>();
  const sk = new Map(problem.skus.map((s) => [s.id, s]));
  for (const r of problem.stock) {
    const key = `${r.warehouse}\u0000${r.sku}\u0000${r.lot ?? ''}`;
    total.set(key, (total.get(key) ?? 0) + r.qty);
    const s = sk.get(r.sku);
    if (s && lotEligible(r.expiry, s, problem.asOf)) eligible.set(key, (eligible.get(key) ?? 0) + r.qty);
  }
  for (const [key, q] of shipped) {
    const [w, s, lot] = key.split('\u0000') as [string, string, string];
    const have = total.get(key) ?? 0;
    const name = `${w} × ${s}${lot ? ` × lot ${lot}` : ''}`;
    if (q > have) v('STOCK', `${name}: ships ${q}, stock ${have}`, undefined, w);
    else if (q > (eligible.get(key) ?? 0)) v('SHELF_LIFE', `${name}: ships ${q}, only ${eligible.get(key) ?? 0} with enough shelf life`, undefined, w);
  }
}
