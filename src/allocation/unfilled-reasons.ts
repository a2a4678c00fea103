import type { Unfilled, UnfilledReason } from './plan-types.ts';
import type { OrderDecision, PreparedOrder, PreparedProblem } from './prepared-types.ts';
import type { Remaining } from './remaining.ts';
import { shippedQty } from './remaining.ts';

/**
 * What an order leaves unfilled, per SKU, and why, judged against what is left after the whole plan:
 * no eligible stock anywhere, no lane / no quoted warehouse able to ship it, stock or capacity taken
 * by other orders, splitting forbidden, or simply cheaper to leave unfilled than to ship.
 */
export function unfilledOf(p: PreparedProblem, o: PreparedOrder, d: OrderDecision, left: Remaining): Unfilled[] {
  const out: Unfilled[] = [];
  if (o.lines.length === 0) {
    if (d.length === 0) out.push({ order: o.id, qty: 1, reason: quotedReason(p, o, left) });
    return out;
  }
  o.lines.forEach((line, k) => {
    const shipped = d.reduce((a, s) => a + shippedQty(o, s, k), 0);
    const missing = line.qty - shipped;
    if (missing <= 0) return;
    const sku = p.problem.skus[line.sku]!.id;
    out.push({ order: o.id, sku, qty: missing, reason: o.quoted ? quotedReason(p, o, left) : freeReason(p, o, d, k, left) });
  });
  return out;
}

function quotedReason(p: PreparedProblem, o: PreparedOrder, left: Remaining): UnfilledReason {
  if (o.candidates.length === 0) return 'NO_FEASIBLE_QUOTE';
  let stockShort = false;
  let capShort = false;
  for (const c of o.candidates) {
    if (o.lines.some((l) => (left.stock[c.warehouse * p.S + l.sku] as number) < l.qty)) stockShort = true;
    else if ((left.capacity[c.warehouse] as number) < c.quoteLoad - 1e-9) capShort = true;
    else return 'CHEAPER_UNFILLED';
  }
  return capShort ? 'CAPACITY' : stockShort ? 'INSUFFICIENT_STOCK' : 'CHEAPER_UNFILLED';
}

function freeReason(p: PreparedProblem, o: PreparedOrder, d: OrderDecision, k: number, left: Remaining): UnfilledReason {
  const line = o.lines[k] as { sku: number; qty: number };
  const sources = o.candidates.filter((c) => !Number.isNaN(c.unit[k] as number));
  if (sources.length === 0) {
    const elsewhere = o.excluded.some((e) => (p.available[e.warehouse * p.S + line.sku] as number) > 0);
    return elsewhere ? 'NO_LANE' : 'NO_ELIGIBLE_STOCK';
  }
  const withStock = sources.filter((c) => (left.stock[c.warehouse * p.S + line.sku] as number) >= 1);
  if (withStock.length === 0) return 'INSUFFICIENT_STOCK';
  const withCap = withStock.filter((c) => (left.capacity[c.warehouse] as number) >= 1);
  if (withCap.length === 0) return 'CAPACITY';
  if (!p.problem.policy.allowSplit && d.length > 0 && withCap.every((c) => c.warehouse !== d[0]!.warehouse)) return 'SPLIT_NOT_ALLOWED';
  return 'CHEAPER_UNFILLED';
}
