import type { ModelData } from 'highs';
import type { OrderDecision, PreparedOrder, ShipmentDecision } from './prepared-types.ts';
import { shippedQty } from './remaining.ts';
import type { SubProblem } from './solver.ts';

/** A piece of a wave as a mixed-integer program, with the maps between its columns and decisions. */
export interface MipModel {
  readonly data: ModelData;
  readonly columns: number;
  decode(x: ArrayLike<number>): OrderDecision[];
  encode(decisions: readonly OrderDecision[]): Float64Array;
  /** Order i's quote columns by warehouse (empty for an order without quotes). */
  quoteColumns(i: number): ReadonlyMap<number, number>;
}

interface Col {
  cost: number;
  lo: number;
  hi: number;
  int: boolean;
  rows: number[];
  vals: number[];
}

type OrderCols =
  | { kind: 'quoted'; y: Map<number, number>; u: number }
  | { kind: 'free'; z: Map<number, number>; x: Map<number, number[]>; u: number[]; sp: number };

/**
 * The wave model: per order with quotes a binary per quoted warehouse that fits, plus an unfilled
 * slack; per order without quotes a binary per shipment (pays the fixed and late cost), an integer
 * quantity per shipment × line (bounded by stock and capacity left, linked to its shipment), an unfilled
 * slack per line, and a split-penalty variable (or at most one shipment when splitting is not allowed);
 * stock rows per warehouse × SKU and capacity rows per warehouse only where they can bind.
 */
export function buildMip(sub: SubProblem, integer: boolean, maxColumns: number): MipModel | undefined {
  const p = sub.prepared;
  const left = sub.remaining;
  const pen = p.problem.policy.unfilledPenaltyPerUnit;
  const pol = p.problem.policy;
  const cols: Col[] = [];
  const rowLo: number[] = [];
  const rowHi: number[] = [];
  const addRow = (lo: number, hi: number) => {
    rowLo.push(lo);
    rowHi.push(hi);
    return rowLo.length - 1;
  };
  const addCol = (cost: number, lo: number, hi: number, int: boolean) => cols.push({ cost, lo, hi, int, rows: [], vals: [] }) - 1;
  const put = (c: number, r: number, v: number) => {
    (cols[c] as Col).rows.push(r);
    (cols[c] as Col).vals.push(v);
  };
  const orders = sub.orders.map((oi) => p.orders[oi] as PreparedOrder);
  const fits = (o: PreparedOrder, w: number, load: number) =>
    load <= (left.capacity[w] as number) + 1e-9 && o.lines.every((l) => l.qty <= (left.stock[w * p.S + l.sku] as number));
  const ub = (o: PreparedOrder, w: number, k: number) =>
    Number.isNaN(o.candidates.find((c) => c.warehouse === w)?.unit[k] ?? Number.NaN)
      ? 0
      : Math.max(0, Math.min((o.lines[k] as { qty: number }).qty, Math.floor(left.stock[w * p.S + (o.lines[k] as { sku: number }).sku] as number), Math.floor(left.capacity[w] as number)));
  // potential use of every resource, to add only rows that can bind
  const stockUse = new Map<number, number>();
  const capUse = new Map<number, number>();
  let estimate = 0;
  for (const o of orders) {
    for (const c of o.candidates) {
      const w = c.warehouse;
      if (o.quoted) {
        if (!fits(o, w, c.quoteLoad)) continue;
        capUse.set(w, (capUse.get(w) ?? 0) + c.quoteLoad);
        for (const l of o.lines) stockUse.set(w * p.S + l.sku, (stockUse.get(w * p.S + l.sku) ?? 0) + l.qty);
        estimate += 1;
      } else {
        o.lines.forEach((l, k) => {
          const u = ub(o, w, k);
          if (u <= 0) return;
          capUse.set(w, (capUse.get(w) ?? 0) + u);
          stockUse.set(w * p.S + l.sku, (stockUse.get(w * p.S + l.sku) ?? 0) + u);
          estimate += 1;
        });
        estimate += 1;
      }
    }
  }
  if (estimate + 2 * orders.length > maxColumns) return undefined;
  const stockRow = new Map<number, number>();
  for (const [r, use] of stockUse) if (use > (left.stock[r] as number) + 1e-9) stockRow.set(r, addRow(Number.NEGATIVE_INFINITY, left.stock[r] as number));
  const capRow = new Map<number, number>();
  for (const [w, use] of capUse) if (use > (left.capacity[w] as number) + 1e-9) capRow.set(w, addRow(Number.NEGATIVE_INFINITY, left.capacity[w] as number));
  const resources = (c: number, w: number, sku: number, qty: number, load: number) => {
    const sr = stockRow.get(w * p.S + sku);
    if (sr !== undefined && qty > 0) put(c, sr, qty);
    const cr = capRow.get(w);
    if (cr !== undefined && load > 0) put(c, cr, load);
  };
  const maps: OrderCols[] = orders.map((o) => {
    if (o.quoted) {
      const row = addRow(1, 1);
      const y = new Map<number, number>();
      for (const c of o.candidates) {
        if (!fits(o, c.warehouse, c.quoteLoad)) continue;
        const col = addCol(c.quoteCost, 0, 1, true);
        put(col, row, 1);
        const cr = capRow.get(c.warehouse);
        if (cr !== undefined && c.quoteLoad > 0) put(col, cr, c.quoteLoad);
        for (const l of o.lines) resources(col, c.warehouse, l.sku, l.qty, 0);
        y.set(c.warehouse, col);
      }
      const u = addCol(pen * o.units, 0, 1, false);
      put(u, row, 1);
      return { kind: 'quoted', y, u };
    }
    const lineRows = o.lines.map((l) => addRow(l.qty, l.qty));
    const u = o.lines.map((l, k) => {
      const col = addCol(pen, 0, l.qty, false);
      put(col, lineRows[k] as number, 1);
      return col;
    });
    const z = new Map<number, number>();
    const x = new Map<number, number[]>();
    for (const c of o.candidates) {
      const ubs = o.lines.map((_, k) => ub(o, c.warehouse, k));
      if (!ubs.some((v) => v > 0)) continue;
      const zc = addCol(c.fixed, 0, 1, true);
      z.set(c.warehouse, zc);
      x.set(
        c.warehouse,
        o.lines.map((l, k) => {
          const bound = ubs[k] as number;
          if (bound <= 0) return -1;
          const xc = addCol(c.unit[k] as number, 0, bound, true);
          const link = addRow(Number.NEGATIVE_INFINITY, 0);
          put(xc, lineRows[k] as number, 1);
          put(xc, link, 1);
          put(zc, link, -bound);
          resources(xc, c.warehouse, l.sku, 1, 1);
          return xc;
        }),
      );
    }
    let sp = -1;
    if (z.size > 1 && (!pol.allowSplit || pol.splitPenalty > 0)) {
      const row = addRow(Number.NEGATIVE_INFINITY, 1);
      for (const zc of z.values()) put(zc, row, 1);
      if (pol.allowSplit) {
        sp = addCol(pol.splitPenalty, 0, Number.POSITIVE_INFINITY, false);
        put(sp, row, -1);
      }
    }
    return { kind: 'free', z, x, u, sp };
  });
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const c of cols) {
    indices.push(...c.rows);
    values.push(...c.vals);
    starts.push(indices.length);
  }
  const data: ModelData = {
    numCols: cols.length,
    numRows: rowLo.length,
    colCost: cols.map((c) => c.cost),
    colLower: cols.map((c) => c.lo),
    colUpper: cols.map((c) => c.hi),
    rowLower: rowLo,
    rowUpper: rowHi,
    matrix: { format: 'csc', numRows: rowLo.length, numCols: cols.length, starts, indices, values },
    ...(integer ? { integrality: cols.map((c) => (c.int ? 1 : 0)) } : {}),
  };
  return {
    data,
    columns: cols.length,
    decode: (xv) => maps.map((m) => decodeOrder(m, xv)),
    encode: (decisions) => encode(cols.length, maps, orders, decisions),
    quoteColumns: (i) => {
      const m = maps[i];
      return m && m.kind === 'quoted' ? m.y : new Map<number, number>();
    },
  };
}

function decodeOrder(m: OrderCols, xv: ArrayLike<number>): OrderDecision {
  if (m.kind === 'quoted') {
    for (const [w, col] of m.y) if ((xv[col] as number) > 0.5) return [{ warehouse: w, qty: [] }];
    return [];
  }
  const out: ShipmentDecision[] = [];
  for (const [w, xs] of m.x) {
    const qty = xs.map((col) => (col < 0 ? 0 : Math.max(0, Math.round(xv[col] as number))));
    if (qty.some((q) => q > 0)) out.push({ warehouse: w, qty });
  }
  return out;
}

function encode(n: number, maps: readonly OrderCols[], orders: readonly PreparedOrder[], decisions: readonly OrderDecision[]): Float64Array {
  const x = new Float64Array(n);
  maps.forEach((m, i) => {
    const d = decisions[i] ?? [];
    const o = orders[i] as PreparedOrder;
    if (m.kind === 'quoted') {
      const col = d.length > 0 ? m.y.get((d[0] as ShipmentDecision).warehouse) : undefined;
      if (col !== undefined) x[col] = 1;
      else x[m.u] = 1;
      return;
    }
    const shipped = o.lines.map(() => 0);
    for (const s of d) {
      const zc = m.z.get(s.warehouse);
      const xs = m.x.get(s.warehouse);
      if (zc === undefined || !xs) continue;
      x[zc] = 1;
      xs.forEach((col, k) => {
        if (col < 0) return;
        const q = shippedQty(o, s, k);
        x[col] = q;
        shipped[k] = (shipped[k] as number) + q;
      });
    }
    m.u.forEach((col, k) => (x[col] = (o.lines[k] as { qty: number }).qty - (shipped[k] as number)));
    if (m.sp >= 0) x[m.sp] = Math.max(0, d.length - 1);
  });
  return x;
}
