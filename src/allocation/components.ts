import type { PreparedOrder, PreparedProblem } from './prepared-types.ts';
import type { Remaining } from './remaining.ts';

/** Orders that interact through scarce stock or capacity, to be decided together. */
export interface Component {
  readonly orders: readonly number[];
  /** Every order has quotes and no scarce stock links them: a generalized assignment problem. */
  readonly pureAssignment: boolean;
}

/**
 * Splits a wave into independent pieces. A resource (warehouse × SKU stock, warehouse capacity) is
 * scarce when the orders that could draw on it could ask for more than is left; orders that share no
 * scarce resource cannot affect each other, so each piece can be optimised on its own.
 */
export function components(p: PreparedProblem, orders: readonly number[], left: Remaining): Component[] {
  const stockDemand = new Float64Array(p.W * p.S);
  const capDemand = new Float64Array(p.W);
  const each = (o: PreparedOrder, f: (stock: readonly number[], w: number, load: number) => void) => {
    for (const c of o.candidates) {
      const stock: number[] = [];
      let load = 0;
      o.lines.forEach((l, k) => {
        if (o.quoted || !Number.isNaN(c.unit[k] as number)) {
          stock.push(c.warehouse * p.S + l.sku, l.qty);
          load += l.qty;
        }
      });
      f(stock, c.warehouse, o.quoted ? c.quoteLoad : load);
    }
  };
  for (const oi of orders) {
    each(p.orders[oi] as PreparedOrder, (stock, w, load) => {
      for (let i = 0; i < stock.length; i += 2) stockDemand[stock[i] as number] = (stockDemand[stock[i] as number] as number) + (stock[i + 1] as number);
      capDemand[w] = (capDemand[w] as number) + load;
    });
  }
  const parent = new Map<number, number>(orders.map((o) => [o, o]));
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as number;
    let y = x;
    while (y !== r) {
      const n = parent.get(y) as number;
      parent.set(y, r);
      y = n;
    }
    return r;
  };
  const owner = new Map<string, number>();
  const link = (key: string, oi: number) => {
    const first = owner.get(key);
    if (first === undefined) owner.set(key, oi);
    else parent.set(find(oi), find(first));
  };
  const scarceStock = new Set<number>();
  for (const oi of orders) {
    each(p.orders[oi] as PreparedOrder, (stock, w, load) => {
      for (let i = 0; i < stock.length; i += 2) {
        const r = stock[i] as number;
        if ((stockDemand[r] as number) > (left.stock[r] as number) + 1e-9) {
          scarceStock.add(oi);
          link(`s${r}`, oi);
        }
      }
      if (load > 0 && (capDemand[w] as number) > (left.capacity[w] as number) + 1e-9) link(`c${w}`, oi);
    });
  }
  const groups = new Map<number, number[]>();
  for (const oi of orders) {
    const r = find(oi);
    const g = groups.get(r);
    if (g) g.push(oi);
    else groups.set(r, [oi]);
  }
  return [...groups.values()].map((g) => ({
    orders: g.sort((a, b) => a - b),
    pureAssignment: g.every((oi) => (p.orders[oi] as PreparedOrder).quoted && !scarceStock.has(oi)),
  }));
}
