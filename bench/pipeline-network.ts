/**
 * The pipeline benchmark's network: 10 warehouses × 200 SKUs, one webhook source per warehouse
 * speaking canonical codes and statuses, and the events a WMS sends — receipts, and shipments of
 * stock already received (so nothing is ever refused for negative stock).
 */
import type { MasterData } from '../src/domain/index.ts';
import type { Hub } from '../src/hub/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';

export const WAREHOUSES = 10;
export const SKUS = 200;
export const SECRET = 'bench-secret';

const wh = (i: number) => `BW-${String(i).padStart(2, '0')}`;
const sku = (i: number) => `BSKU-${String(i).padStart(4, '0')}`;
export const sourceOf = (w: number) => `bench-wms-${String(w).padStart(2, '0')}`;

export function benchNetwork(): MasterData {
  return {
    warehouses: Array.from({ length: WAREHOUSES }, (_, i) => ({
      id: wh(i),
      name: wh(i),
      kind: 'regional' as const,
      region: `r${i}`,
      lat: 30,
      lon: 120,
      storageClasses: ['ambient' as const],
      hazmat: false,
      dailyCapacity: 100_000,
      cutoffTime: '17:00',
      timeZone: 'Asia/Shanghai',
      ownerTeam: 'bench',
      active: true,
    })),
    skus: Array.from({ length: SKUS }, (_, i) => ({
      id: sku(i),
      name: sku(i),
      category: 'bench',
      baseUnit: 'each',
      weightKg: 1,
      storageClass: 'ambient' as const,
      hazmat: false,
      lotControlled: false,
      expiryControlled: false,
      minShelfLifeDays: 0,
    })),
    units: [],
    aliases: [],
    statusMaps: [],
    sources: Array.from({ length: WAREHOUSES }, (_, i) => ({ id: sourceOf(i), name: sourceOf(i), dialect: 'webhook', warehouses: [wh(i)] })),
  };
}

export async function seedBenchNetwork(hub: Hub): Promise<void> {
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, benchNetwork()));
  await hub.masterData.refresh();
}

/** A webhook event as the bench WMS sends it (docs/connectors/webhook.md). */
export interface HookEvent {
  readonly id: string;
  readonly type: 'inventory.received' | 'inventory.shipped';
  readonly created_at: string;
  readonly data: { readonly facility: string; readonly sku: string; readonly quantity: number; readonly to_state?: string; readonly from_state?: string };
}

/**
 * Makes the WMS side's events. Shipments only take stock whose receipt the ledger has applied
 * (`applied` is fed from the consumer), so however deliveries overtake each other in flight, no
 * shipment can arrive before the stock it takes. Ledger ids are `<source>:<event id>`.
 */
export class BenchWms {
  private readonly stock = new Map<string, number>();
  private readonly receipts = new Map<string, { key: string; qty: number }>();
  private n = 0;
  private seed = 12345;

  /** The ledger applied event `ledgerId`: when it is a receipt, its stock may now be shipped. */
  applied(ledgerId: string): void {
    const r = this.receipts.get(ledgerId);
    if (!r) return;
    this.receipts.delete(ledgerId);
    this.stock.set(r.key, (this.stock.get(r.key) ?? 0) + r.qty);
  }

  /** `count` events of warehouse `w` (about half shipments once stock is there). */
  events(w: number, count: number, at: string): HookEvent[] {
    const out: HookEvent[] = [];
    for (let i = 0; i < count; i++) {
      const s = this.rnd(SKUS);
      const key = `${w}|${s}`;
      const have = this.stock.get(key) ?? 0;
      this.n += 1;
      const base = { id: `e${this.n}`, created_at: at };
      if (have > 0 && this.rnd(2) === 0) {
        const q = 1 + this.rnd(Math.min(have, 5));
        this.stock.set(key, have - q);
        out.push({ ...base, type: 'inventory.shipped', data: { facility: wh(w), sku: sku(s), quantity: q, from_state: 'available' } });
      } else {
        const q = 1 + this.rnd(20);
        this.receipts.set(`${sourceOf(w)}:${base.id}`, { key, qty: q });
        out.push({ ...base, type: 'inventory.received', data: { facility: wh(w), sku: sku(s), quantity: q, to_state: 'available' } });
      }
    }
    return out;
  }

  private rnd(k: number): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return this.seed % k;
  }
}

/** A webhook event as the inbound event the webhook decoder makes of it (for the sink-direct path). */
export function asInbound(e: HookEvent, w: number): Record<string, unknown> {
  const source = sourceOf(w);
  const d = e.data;
  return {
    id: `${source}:${e.id}`,
    source,
    occurredAt: e.created_at,
    warehouse: d.facility,
    sku: d.sku,
    quantity: d.quantity,
    reason: e.type === 'inventory.received' ? 'receipt' : 'ship',
    ...(d.to_state ? { toStatus: d.to_state } : {}),
    ...(d.from_state ? { fromStatus: d.from_state } : {}),
  };
}
