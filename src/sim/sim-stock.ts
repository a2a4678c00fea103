import type { CanonicalStatus } from '../domain/index.ts';
import type { StockChange } from './demo-stock.ts';

/** One position a simulated WMS holds, in canonical terms (hub SKU id, base units, canonical status). */
export interface SimPosition {
  readonly sku: string;
  /** '' when the SKU is not lot-controlled. */
  readonly lot: string;
  readonly expiry: string | null;
  readonly status: CanonicalStatus;
  readonly qty: number;
}

const keyOf = (sku: string, lot: string, status: string): string => `${sku}\u0000${lot}\u0000${status}`;

/**
 * The stock a simulated WMS keeps for itself — its own truth, not the hub's view — so it never
 * ships, picks or moves what it does not have. Every change is applied here first, then sent in
 * the WMS's dialect; a snapshot lists exactly this.
 */
export class SimStock {
  private readonly at = new Map<string, { -readonly [K in keyof SimPosition]: SimPosition[K] }>();

  constructor(positions: readonly SimPosition[] = []) {
    for (const p of positions) if (p.qty > 0) this.at.set(keyOf(p.sku, p.lot, p.status), { ...p });
  }

  qty(sku: string, lot: string, status: CanonicalStatus): number {
    return this.at.get(keyOf(sku, lot, status))?.qty ?? 0;
  }

  /** Whether the change can be applied (nothing goes below zero). */
  allows(c: StockChange): boolean {
    return c.qty > 0 && (c.from === null || this.qty(c.sku, c.lot ?? '', c.from) >= c.qty);
  }

  /** Applies a change; throws when it would take a position below zero (a bug in the planner). */
  apply(c: StockChange): void {
    if (!this.allows(c)) throw new Error(`simulated WMS at ${c.warehouse}: ${c.qty} ${c.sku} lot "${c.lot ?? ''}" not in ${c.from}`);
    const lot = c.lot ?? '';
    if (c.from !== null) this.add(c.sku, lot, c.from, -c.qty, c.expiry ?? null);
    if (c.to !== null) this.add(c.sku, lot, c.to, c.qty, c.expiry ?? null);
  }

  /** Positions with stock, sorted (SKU, lot, status): the same listing every time. */
  positions(filter: { status?: CanonicalStatus; sku?: string } = {}): SimPosition[] {
    return [...this.at.values()]
      .filter((p) => p.qty > 0 && (filter.status === undefined || p.status === filter.status) && (filter.sku === undefined || p.sku === filter.sku))
      .map((p) => ({ ...p }))
      .sort((a, b) => (a.sku === b.sku ? (a.lot === b.lot ? cmp(a.status, b.status) : cmp(a.lot, b.lot)) : cmp(a.sku, b.sku)));
  }

  total(): number {
    let n = 0;
    for (const p of this.at.values()) n += p.qty;
    return n;
  }

  private add(sku: string, lot: string, status: CanonicalStatus, delta: number, expiry: string | null): void {
    const key = keyOf(sku, lot, status);
    const p = this.at.get(key) ?? { sku, lot, status, qty: 0, expiry };
    p.qty += delta;
    if (p.expiry === null) p.expiry = expiry;
    if (p.qty === 0) this.at.delete(key);
    else this.at.set(key, p);
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
