import type { KpiFacts, KpiOrder } from './kpi-types.ts';

/** A slice of the facts: some warehouses, optionally some SKU categories, optionally a sub-range. */
export interface KpiSlice {
  readonly warehouses: ReadonlySet<string>;
  /** null = every category. */
  readonly categories: ReadonlySet<string> | null;
  /** Keep warehouse-less records (unplaced orders, network-wide exceptions): only the unfiltered network view does. */
  readonly includeUnplaced: boolean;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/**
 * The facts of one slice. SKU-level records (stock, movements, picks, lots, exceptions about a
 * SKU) keep those of the slice's warehouses and categories. An order belongs to a warehouse when
 * it was allocated or shipped there, and to a category when one of its lines is of it; an order
 * placed nowhere yet belongs only to a view with `includeUnplaced`. With a sub-range, on-hand at
 * its end is rebuilt from the range's end by taking back the movements after it. Pure.
 */
export function restrictFacts(f: KpiFacts, s: KpiSlice): KpiFacts {
  const okWh = (w: string): boolean => s.warehouses.has(w);
  const okSku = (sku: string): boolean => s.categories === null || s.categories.has(f.skuCategory.get(sku) ?? '');
  const ok = (x: { warehouse: string; sku: string }): boolean => okWh(x.warehouse) && okSku(x.sku);
  const from = s.from ?? f.from;
  const to = s.to ?? f.to;
  const flows = f.flows.filter(ok);
  const after = new Map<string, number>();
  for (const m of flows) if (m.at >= to) after.set(`${m.warehouse}\u0000${m.sku}`, (after.get(`${m.warehouse}\u0000${m.sku}`) ?? 0) + m.qty);
  const onHandAtTo = f.onHandAtTo.filter(ok).map((p) => ({ ...p, qty: p.qty - (after.get(`${p.warehouse}\u0000${p.sku}`) ?? 0) }));
  const orderIn = (o: KpiOrder): boolean => {
    const places = [...o.allocated.map((a) => a.warehouse), ...o.shipments.map((x) => x.warehouse)];
    const placed = places.length === 0 ? s.includeUnplaced : places.some(okWh);
    return placed && (s.categories === null || o.lines.some((l) => okSku(l.sku)));
  };
  return {
    ...f,
    from,
    to,
    warehouses: f.warehouses.filter((w) => okWh(w.id)),
    onHandAtTo,
    flows: flows.filter((m) => m.at >= from && m.at < to),
    picks: f.picks.filter((p) => ok(p) && p.at >= from && p.at < to),
    orders: f.orders.filter(orderIn),
    exceptions: f.exceptions.filter((e) => {
      const whOk = e.warehouse === null ? s.includeUnplaced : okWh(e.warehouse);
      const catOk = s.categories === null || (e.sku !== null && okSku(e.sku));
      return whOk && catOk && e.resolvedAt >= from && e.resolvedAt < to;
    }),
    lots: f.lots.filter(ok),
    includeUnplaced: s.includeUnplaced,
  };
}
