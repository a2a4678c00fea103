import type { StockRow } from '../allocation/index.ts';
import type { AtpRow } from '../ledger/index.ts';

interface Lot {
  readonly warehouse: string;
  readonly lot: string;
  readonly expiry: string | null;
  atp: number;
}

/**
 * The batch's ATP in memory, per SKU: read once under the ledger lock, then lowered order by order
 * as each allocation is decided, so later orders of the batch see what earlier ones left.
 */
export class AtpPool {
  private readonly bySku = new Map<string, Lot[]>();

  constructor(rows: readonly AtpRow[]) {
    for (const r of rows) {
      const list = this.bySku.get(r.sku) ?? [];
      list.push({ warehouse: r.warehouse, lot: r.lot, expiry: r.expiry, atp: r.atp });
      this.bySku.set(r.sku, list);
    }
  }

  /** Stock rows of the problem for these SKUs (only lots with something left). */
  stock(skus: readonly string[]): StockRow[] {
    const out: StockRow[] = [];
    for (const sku of skus) {
      for (const l of this.bySku.get(sku) ?? []) {
        if (l.atp <= 0) continue;
        out.push({
          warehouse: l.warehouse,
          sku,
          qty: l.atp,
          ...(l.lot !== '' ? { lot: l.lot } : {}),
          ...(l.expiry !== null ? { expiry: l.expiry.slice(0, 10) } : {}),
        });
      }
    }
    return out;
  }

  /** Takes `qty` of a lot (the plan never asks for more than the stock it was given). */
  take(warehouse: string, sku: string, lot: string, qty: number): void {
    const l = (this.bySku.get(sku) ?? []).find((x) => x.warehouse === warehouse && x.lot === lot);
    if (!l || l.atp < qty) throw new Error(`allocation took ${qty} of ${sku}/${lot} at ${warehouse}, ATP is ${l?.atp ?? 0}`);
    l.atp -= qty;
  }
}
