import type { CanonicalStatus } from '../domain/index.ts';
import { externalCode } from './demo-aliases.ts';
import type { DemoNetwork } from './demo-network.ts';
import type { DemoSku } from './demo-skus.ts';
import type { DemoSource } from './demo-sources.ts';

/** One stock change in canonical terms (hub SKU ids, base units, canonical statuses). */
export interface StockChange {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot?: string | undefined;
  readonly expiry?: string | undefined;
  /** Base units, > 0. */
  readonly qty: number;
  readonly from: CanonicalStatus | null;
  readonly to: CanonicalStatus | null;
  readonly reason: string;
  readonly orderRef?: string | undefined;
  readonly transferRef?: string | undefined;
  /** The external status the WMS sends, when it has several for the same canonical status. */
  readonly externalTo?: string | undefined;
}

/** Which categories each site stocks and how deep (most cases of one SKU received). */
const ASSORTMENT: Readonly<Record<string, { readonly categories: readonly string[]; readonly depth: number }>> = {
  'SHA-RDC': { categories: ['apparel', 'electronics', 'food', 'chilled-food', 'health', 'home'], depth: 16 },
  'CAN-RDC': { categories: ['apparel', 'electronics', 'food', 'health', 'home'], depth: 16 },
  'PEK-RDC': { categories: ['apparel', 'electronics', 'food', 'chilled-food', 'home'], depth: 14 },
  'WUH-HUB': { categories: ['apparel', 'electronics', 'food', 'home', 'chemicals', 'health'], depth: 36 },
  'CTU-3PL': { categories: ['apparel', 'food', 'home'], depth: 12 },
  'SZX-COLD': { categories: ['chilled-food', 'frozen-food'], depth: 12 },
  'SZV-GDP': { categories: ['pharma', 'medical-device', 'health', 'chemicals'], depth: 10 },
  'SIN-BOND': { categories: ['electronics', 'apparel'], depth: 8 },
};

/** Lots with less remaining shelf life than the SKU may ship with: aged stock for the control tower to find. */
const AGED_LOT_DAYS_LEFT: Readonly<Record<string, number>> = { 'PHA-AMOX-500-24': 120 };

type MoveSpec = Omit<StockChange, 'lot' | 'expiry'> & { readonly lotOf?: 'A' | 'B' };
const hold = (warehouse: string, sku: string, qty: number, reason: string, extra: Partial<MoveSpec> = {}): MoveSpec => ({
  warehouse, sku, qty, from: 'available', to: 'quarantine', reason, ...extra,
});
const allocate = (warehouse: string, sku: string, qty: number, orderRef: string, extra: Partial<MoveSpec> = {}): MoveSpec => ({
  warehouse, sku, qty, from: 'available', to: 'allocated', reason: 'order_allocated', orderRef, ...extra,
});
const damage = (warehouse: string, sku: string, qty: number, extra: Partial<MoveSpec> = {}): MoveSpec => ({
  warehouse, sku, qty, from: 'available', to: 'damaged', reason: 'damage_found', ...extra,
});

/** Status moves after the receipts: QC holds, orders allocated and picked, damage, a temperature excursion, a customs block. */
const MOVES: readonly MoveSpec[] = [
  hold('SHA-RDC', 'ELE-EARBUD-TWS', 50, 'qc_hold'),
  allocate('SHA-RDC', 'APP-TEE-WHT-M', 24, 'SO-SHA-000101'),
  { warehouse: 'SHA-RDC', sku: 'APP-TEE-WHT-M', qty: 12, from: 'available', to: 'picking', reason: 'pick_started', orderRef: 'SO-SHA-000102' },
  damage('SHA-RDC', 'CHL-MILK-1L', 12, { lotOf: 'B' }),
  damage('CAN-RDC', 'APP-TEE-BLK-M', 6),
  allocate('CAN-RDC', 'ELE-CHRG-65W', 10, 'SO-CAN-000201'),
  hold('PEK-RDC', 'CHL-MILK-1L', 12, 'qc_hold', { lotOf: 'B' }),
  hold('PEK-RDC', 'FOD-RICE-5KG', 4, 'stock_freeze', { lotOf: 'A', externalTo: '冻结' }),
  hold('WUH-HUB', 'ELE-PB-10K', 40, 'dg_inspection'),
  { warehouse: 'WUH-HUB', sku: 'APP-JEAN-IND-32', qty: 48, from: 'available', to: 'allocated', reason: 'transfer_allocated', transferRef: 'TR-WUH-CAN-0001' },
  damage('CTU-3PL', 'HOM-DET-2L', 6),
  allocate('CTU-3PL', 'APP-SOCK-3PK', 288, 'SO-CTU-000301'),
  hold('SZX-COLD', 'CHL-YOG-PLN-500', 24, 'temperature_excursion', { lotOf: 'A' }),
  allocate('SZX-COLD', 'FRZ-SHRIMP-500', 20, 'SO-SZX-000401', { lotOf: 'B' }),
  hold('SZV-GDP', 'PHA-INSUL-PEN-3ML', 100, 'temperature_excursion', { lotOf: 'B', externalTo: 'RESTRICTED' }),
  hold('SIN-BOND', 'ELE-WATCH-S1', 30, 'customs_inspection'),
];

/** A stable number in [0, 1) from a text (FNV-1a), so the demo is the same on every machine. */
export function stableFraction(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

const DAY_MS = 86_400_000;
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
const daysFrom = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);
const yymmdd = (d: Date): string => isoDate(d).slice(2).replaceAll('-', '');

/** Whether `sku` may be stored at the site (storage class, dangerous goods) and its WMS can name it. */
export function canStock(net: DemoNetwork, warehouseId: string, s: DemoSku): boolean {
  const w = net.warehouses.find((x) => x.id === warehouseId);
  const source = sourceOf(net, warehouseId);
  const assortment = ASSORTMENT[warehouseId];
  if (!w || !source || !assortment) return false;
  return (
    assortment.categories.includes(s.sku.category) &&
    w.storageClasses.includes(s.sku.storageClass) &&
    (!s.sku.hazmat || w.hazmat) &&
    externalCode(source, s) !== undefined
  );
}

/** The source system that reports for a warehouse (the demo has exactly one per site). */
export const sourceOf = (net: DemoNetwork, warehouseId: string): DemoSource | undefined =>
  net.sources.find((s) => s.source.warehouses.includes(warehouseId));

/** The lots a receipt of `sku` is split into: none, or lot A (fresh) and lot B (older). */
function lotsOf(s: DemoSku, now: Date): { A: { lot?: string; expiry?: string }; B: { lot?: string; expiry?: string } } {
  if (!s.sku.lotControlled) return { A: {}, B: {} };
  if (!s.sku.expiryControlled || s.shelfLifeDays === undefined) {
    return { A: { lot: `M${yymmdd(daysFrom(now, -30))}` }, B: { lot: `M${yymmdd(daysFrom(now, -90))}` } };
  }
  const shelf = s.shelfLifeDays;
  const lot = (ageDays: number) => {
    const made = daysFrom(now, -ageDays);
    return { lot: `L${yymmdd(made)}`, expiry: isoDate(daysFrom(made, shelf)) };
  };
  const agedLeft = AGED_LOT_DAYS_LEFT[s.sku.id];
  // Receipts are three days old, so even the freshest lot was made at least four days ago.
  return { A: lot(Math.max(4, Math.round(shelf * 0.1))), B: lot(agedLeft !== undefined ? shelf - agedLeft : Math.round(shelf * 0.5)) };
}

/**
 * The demo's stock history in canonical terms (pure, deterministic for a given `now`): receipts of
 * whole cases of every SKU each site stocks (lot-controlled SKUs in two lots, dated relative to
 * `now`), then the status moves above.
 */
export function demoStockChanges(net: DemoNetwork, now: Date): StockChange[] {
  const out: StockChange[] = [];
  for (const w of net.warehouses) {
    const depth = ASSORTMENT[w.id]?.depth ?? 0;
    for (const s of net.skus) {
      if (!canStock(net, w.id, s)) continue;
      const perCase = s.packs.case ?? 1;
      const cases = 4 + Math.floor(stableFraction(`${w.id}|${s.sku.id}`) * (depth - 3));
      const base = { warehouse: w.id, sku: s.sku.id, from: null, to: 'available' as const, reason: 'receipt' };
      if (!s.sku.lotControlled) {
        out.push({ ...base, qty: cases * perCase });
        continue;
      }
      const lots = lotsOf(s, now);
      out.push({ ...base, ...lots.A, qty: Math.ceil(cases / 2) * perCase });
      out.push({ ...base, ...lots.B, qty: Math.floor(cases / 2) * perCase });
    }
  }
  for (const m of MOVES) {
    const s = net.skus.find((x) => x.sku.id === m.sku);
    if (!s) throw new Error(`demo move names unknown SKU ${m.sku}`);
    const { lotOf, ...rest } = m;
    const lot = s.sku.lotControlled ? lotsOf(s, now)[lotOf ?? 'A'] : {};
    out.push({ ...rest, ...lot });
  }
  return out;
}
