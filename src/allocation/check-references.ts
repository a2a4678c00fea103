import { type Problem, problem } from '../domain/index.ts';
import type { Lane, ProblemOrder, ProblemSku, ProblemWarehouse, StockRow } from './problem-types.ts';

interface Parts {
  readonly warehouses: readonly ProblemWarehouse[];
  readonly skus: readonly ProblemSku[];
  readonly stock: readonly StockRow[];
  readonly lanes: readonly Lane[];
  readonly orders: readonly ProblemOrder[];
}

/**
 * Cross-field rules of a problem: ids are unique, every reference names a declared warehouse or SKU,
 * a lane and an order's quote for one warehouse appear once (the cost would be ambiguous otherwise).
 */
export function checkReferences(problems: Problem[], p: Parts): void {
  const fail = (where: string, message: string) => problems.push(problem('MALFORMED_PROBLEM', message, where));
  const unique = (items: readonly { id: string }[], what: string) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      const prev = seen.get(it.id);
      if (prev !== undefined) fail(`${what}[${i}].id`, `duplicate id "${it.id}" (also ${what}[${prev}])`);
      else seen.set(it.id, i);
    });
    return seen;
  };
  const wh = unique(p.warehouses, 'warehouses');
  const sk = unique(p.skus, 'skus');
  unique(p.orders, 'orders');
  p.stock.forEach((s, i) => {
    if (!wh.has(s.warehouse)) fail(`stock[${i}].warehouse`, `unknown warehouse "${s.warehouse}"`);
    if (!sk.has(s.sku)) fail(`stock[${i}].sku`, `unknown SKU "${s.sku}"`);
  });
  const lanes = new Map<string, number>();
  p.lanes.forEach((l, i) => {
    if (!wh.has(l.from)) fail(`lanes[${i}].from`, `unknown warehouse "${l.from}"`);
    const key = `${l.from}\u0000${l.to}`;
    const prev = lanes.get(key);
    if (prev !== undefined) fail(`lanes[${i}]`, `duplicate lane ${l.from} → ${l.to} (also lanes[${prev}])`);
    else lanes.set(key, i);
  });
  p.orders.forEach((o, i) => {
    o.lines.forEach((l, k) => {
      if (!sk.has(l.sku)) fail(`orders[${i}].lines[${k}].sku`, `unknown SKU "${l.sku}"`);
    });
    const quoted = new Map<string, number>();
    (o.quotes ?? []).forEach((q, k) => {
      if (!wh.has(q.warehouse)) fail(`orders[${i}].quotes[${k}].warehouse`, `unknown warehouse "${q.warehouse}"`);
      const prev = quoted.get(q.warehouse);
      if (prev !== undefined) fail(`orders[${i}].quotes[${k}].warehouse`, `second quote for "${q.warehouse}" (also quotes[${prev}])`);
      else quoted.set(q.warehouse, k);
    });
    (o.excludeWarehouses ?? []).forEach((w, k) => {
      if (!wh.has(w)) fail(`orders[${i}].excludeWarehouses[${k}]`, `unknown warehouse "${w}"`);
    });
  });
}
