import type { CanonicalStatus } from '../domain/index.ts';
import type { DemoSku } from './demo-skus.ts';
import { isoDate, type StockChange } from './demo-stock.ts';
import type { SimRandom } from './sim-random.ts';
import type { Op, Site } from './sim-site.ts';
import type { SimPosition, SimStock } from './sim-stock.ts';

const DAY_MS = 86_400_000;

export interface PlanContext {
  readonly site: Site;
  readonly stock: SimStock;
  readonly rng: SimRandom;
  readonly now: Date;
  /** Order number of the next allocation (order references). */
  readonly order: number;
  /** The stock the site started with: receipts slow down above it, speed up below. */
  readonly baseline: number;
}

/**
 * The next stock change of a simulated WMS (pure but for the random numbers): an operation drawn
 * by the site's weights, applied to a position it actually holds — a pick takes what is allocated,
 * a shipment what is picked, nothing more than there is. When the drawn operation has nothing to
 * work on, a receipt is made instead; receipts are drawn less often while the site holds more than
 * its baseline, so the stock stays around its starting size for hours.
 */
export function planChange(ctx: PlanContext, forced?: Op): StockChange | undefined {
  const { site, stock, rng } = ctx;
  const fill = ctx.baseline > 0 ? stock.total() / ctx.baseline : 0;
  const weights = { ...site.flow.weights, receipt: (site.flow.weights.receipt ?? 0) * Math.min(4, Math.max(0.15, 1 / Math.max(fill, 0.01) ** 2)) };
  const op = forced ?? rng.weighted(weights) ?? 'receipt';
  return (op === 'receipt' ? undefined : move(ctx, op)) ?? receipt(ctx);
}

/** A receipt of one to three cases of a SKU of the site (lot-controlled: today's lot, expiry from its shelf life). */
export function receipt(ctx: PlanContext): StockChange | undefined {
  const { site, rng } = ctx;
  const s = rng.pick(site.skus);
  if (s === undefined) return undefined;
  const perCase = s.packs.case ?? 1;
  return {
    warehouse: site.warehouse,
    sku: s.sku.id,
    qty: rng.int(1, 3) * perCase,
    from: null,
    to: 'available',
    reason: 'receipt',
    ...lotOf(s, ctx.now),
    orderRef: `ASN-${site.warehouse.slice(0, 3)}-${String(ctx.order).padStart(6, '0')}`,
  };
}

function lotOf(s: DemoSku, now: Date): { lot?: string; expiry?: string } {
  if (!s.sku.lotControlled) return {};
  const day = isoDate(now).slice(2).replaceAll('-', '');
  if (!s.sku.expiryControlled || s.shelfLifeDays === undefined) return { lot: `M${day}` };
  return { lot: `L${day}`, expiry: isoDate(new Date(now.getTime() + s.shelfLifeDays * DAY_MS)) };
}

const SOURCES: Readonly<Record<Exclude<Op, 'receipt' | 'count'>, (site: Site) => { from: CanonicalStatus; to: CanonicalStatus | null; reason: string }>> = {
  allocate: () => ({ from: 'available', to: 'allocated', reason: 'order_allocated' }),
  pick: (site) => ({ from: site.flow.pickFrom, to: 'picking', reason: 'pick' }),
  ship: (site) => ({ from: site.flow.shipFrom, to: null, reason: 'ship' }),
  hold: () => ({ from: 'available', to: 'quarantine', reason: 'qc_hold' }),
  release: () => ({ from: 'quarantine', to: 'available', reason: 'release' }),
  damage: () => ({ from: 'available', to: 'damaged', reason: 'damage_found' }),
};

function move(ctx: PlanContext, op: Exclude<Op, 'receipt'>): StockChange | undefined {
  const { site, stock, rng } = ctx;
  const live = new Set(site.skus.map((s) => s.sku.id));
  const from: CanonicalStatus = op === 'count' ? 'available' : SOURCES[op](site).from;
  const candidates = stock.positions({ status: from }).filter((p) => live.has(p.sku));
  const p = rng.pick(candidates);
  if (p === undefined) return undefined;
  const s = site.skus.find((x) => x.sku.id === p.sku);
  const perCase = s?.packs.case ?? 1;
  const base = { warehouse: site.warehouse, sku: p.sku, ...(p.lot === '' ? {} : { lot: p.lot }), ...(p.expiry === null ? {} : { expiry: p.expiry }) };
  if (op === 'count') {
    const delta = rng.int(1, 3);
    const up = rng.next() < 0.5 || p.qty < delta;
    return { ...base, qty: delta, from: up ? null : 'available', to: up ? 'available' : null, reason: 'cycle_count' };
  }
  const qty = quantity(p, op, perCase, site.flow.wholeCases, rng);
  if (qty <= 0) return undefined;
  const m = SOURCES[op](site);
  const orderRef = op === 'allocate' || op === 'pick' || op === 'ship' ? `${site.orderPrefix}${String(ctx.order).padStart(6, '0')}` : undefined;
  return { ...base, qty, from: m.from, to: m.to, reason: m.reason, ...(orderRef === undefined ? {} : { orderRef }) };
}

/** How much an operation moves: an order line of a few units (picks and shipments take the whole line), at most what is there. */
function quantity(p: SimPosition, op: Op, perCase: number, wholeCases: boolean, rng: SimRandom): number {
  if (wholeCases) {
    const cases = Math.floor(p.qty / perCase);
    return cases === 0 ? 0 : rng.int(1, Math.min(cases, 3)) * perCase;
  }
  if (op === 'pick' || op === 'ship' || op === 'release') return p.qty <= perCase ? p.qty : rng.int(1, perCase);
  const line = rng.int(1, Math.max(1, Math.floor(perCase / 4)));
  return Math.min(p.qty, line);
}
