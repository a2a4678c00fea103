/**
 * A generalized assignment instance in dense form: `cost[j*W+w]` and `load[j*W+w]` of item j at
 * warehouse w (`cost` is `Infinity` where w is no option), one capacity per warehouse, and the cost of
 * leaving each item unfilled. Orders that ship whole from one quoted warehouse are exactly this.
 */
export interface DenseGap {
  readonly items: number;
  readonly warehouses: number;
  readonly cost: Float64Array;
  readonly load: Float64Array;
  readonly capacity: Float64Array;
  readonly unfilledCost: Float64Array;
}

/** Warehouse per item, -1 for unfilled. */
export type DenseAssignment = Int32Array;

export function denseCost(g: DenseGap, a: DenseAssignment): number {
  let c = 0;
  for (let j = 0; j < g.items; j++) {
    const w = a[j] as number;
    c += w < 0 ? (g.unfilledCost[j] as number) : (g.cost[j * g.warehouses + w] as number);
  }
  return c;
}

export function denseFeasible(g: DenseGap, a: DenseAssignment): boolean {
  const used = new Float64Array(g.warehouses);
  for (let j = 0; j < g.items; j++) {
    const w = a[j] as number;
    if (w < 0) continue;
    if (!Number.isFinite(g.cost[j * g.warehouses + w] as number)) return false;
    used[w] = (used[w] as number) + (g.load[j * g.warehouses + w] as number);
  }
  for (let w = 0; w < g.warehouses; w++) if ((used[w] as number) > (g.capacity[w] as number) + 1e-9) return false;
  return true;
}
