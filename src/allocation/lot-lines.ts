import { pickLots } from './fefo.ts';
import type { PlanLine } from './plan-types.ts';
import type { OrderDecision, PreparedOrder, PreparedProblem } from './prepared-types.ts';

/**
 * Turns decisions into plan lines, choosing lots first-expiry-first-out within each warehouse.
 * Orders take lots in the sequence given (earlier orders get the earlier-expiring lots).
 */
export function lotLines(p: PreparedProblem, sequence: readonly number[], decisions: readonly OrderDecision[]): Map<number, PlanLine[]> {
  const taken = new Map<number, number[]>();
  const out = new Map<number, PlanLine[]>();
  for (const oi of sequence) {
    const o = p.orders[oi] as PreparedOrder;
    const d = decisions[oi] ?? [];
    const lines: PlanLine[] = [];
    for (const s of d) {
      const warehouse = p.problem.warehouses[s.warehouse]!.id;
      if (o.lines.length === 0) {
        lines.push({ warehouse, qty: 1 });
        continue;
      }
      o.lines.forEach((line, k) => {
        const q = o.quoted ? line.qty : (s.qty[k] ?? 0);
        if (q <= 0) return;
        const key = s.warehouse * p.S + line.sku;
        const t = taken.get(key) ?? [];
        taken.set(key, t);
        const sku = p.problem.skus[line.sku]!.id;
        for (const pick of pickLots(p.lots[key] ?? [], t, q)) lines.push({ sku, warehouse, ...(pick.lot !== undefined ? { lot: pick.lot } : {}), qty: pick.qty });
      });
    }
    out.set(oi, lines);
  }
  return out;
}
