import type { CanonicalStatus } from '../domain/index.ts';
import type { StockChange } from './demo-stock.ts';

/** A position the demo expects the ledger to hold: warehouse × SKU × lot × status. */
export interface ExpectedPosition {
  readonly warehouse: string;
  readonly sku: string;
  /** '' when the SKU is not lot-controlled. */
  readonly lot: string;
  readonly status: CanonicalStatus;
  readonly qty: number;
  readonly expiry: string | null;
}

/**
 * Applies stock changes to positions in memory, the way the ledger applies events (pure). Throws
 * when a change would take a position below zero: that is a bug in the demo data.
 */
export function applyChanges(changes: readonly StockChange[], start: readonly ExpectedPosition[] = []): ExpectedPosition[] {
  const at = new Map<string, { -readonly [K in keyof ExpectedPosition]: ExpectedPosition[K] }>();
  const keyOf = (warehouse: string, sku: string, lot: string, status: string) => `${warehouse}\u0000${sku}\u0000${lot}\u0000${status}`;
  for (const p of start) at.set(keyOf(p.warehouse, p.sku, p.lot, p.status), { ...p });
  const add = (c: StockChange, status: CanonicalStatus, delta: number) => {
    const lot = c.lot ?? '';
    const key = keyOf(c.warehouse, c.sku, lot, status);
    const p = at.get(key) ?? { warehouse: c.warehouse, sku: c.sku, lot, status, qty: 0, expiry: c.expiry ?? null };
    p.qty += delta;
    if (p.qty < 0) throw new Error(`demo stock goes negative: ${c.sku} lot "${lot}" ${status} at ${c.warehouse}`);
    at.set(key, p);
  };
  for (const c of changes) {
    if (c.from !== null) add(c, c.from, -c.qty);
    if (c.to !== null) add(c, c.to, c.qty);
  }
  return [...at.values()].filter((p) => p.qty > 0).sort(comparePositions);
}

/** The ledger's listing order: SKU, warehouse, lot, status. */
export function comparePositions(a: ExpectedPosition, b: ExpectedPosition): number {
  const ka = [a.sku, a.warehouse, a.lot, a.status];
  const kb = [b.sku, b.warehouse, b.lot, b.status];
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i] as string;
    const y = kb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
