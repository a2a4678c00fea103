import type { CanonicalStatus, InboundEvent } from '../domain/index.ts';
import type { Hub } from '../hub/index.ts';
import { OrderService } from '../orders/index.ts';
import { externalQuantity, externalStatus } from './dialect-words.ts';
import { demoNetwork, type DemoNetwork } from './demo-network.ts';
import { sourceOf } from './demo-stock.ts';

const HOUR_MS = 3_600_000;

/** One demo order: when it came in (hours before the seed), its promise, and what its WMS did with it. */
interface DemoOrderSpec {
  readonly id: string;
  readonly hoursAgo: number;
  readonly promisedHours: number;
  readonly region: string;
  readonly lines: readonly { readonly sku: string; readonly qty: number }[];
  /** Hours after creation the WMS picked and shipped it; undefined = not shipped yet. */
  readonly shipAfterHours?: number | undefined;
  /** Ship one unit more than held on the first line (a mis-ship, for order accuracy). */
  readonly misShip?: boolean | undefined;
}

/**
 * Orders of the last two days: most shipped (one late, one mis-shipped, one split over two
 * warehouses), two still open close to or past their promise (orders at risk).
 */
const ORDERS: readonly DemoOrderSpec[] = [
  { id: 'DEMO-ORD-0001', hoursAgo: 46, promisedHours: 48, region: 'east', lines: [{ sku: 'APP-TEE-WHT-M', qty: 6 }], shipAfterHours: 5 },
  { id: 'DEMO-ORD-0002', hoursAgo: 44, promisedHours: 24, region: 'south', lines: [{ sku: 'ELE-CABLE-USBC', qty: 4 }], shipAfterHours: 30 },
  { id: 'DEMO-ORD-0003', hoursAgo: 40, promisedHours: 48, region: 'north', lines: [{ sku: 'FOD-TEA-OOL-250', qty: 3 }], shipAfterHours: 8 },
  { id: 'DEMO-ORD-0004', hoursAgo: 30, promisedHours: 48, region: 'east', lines: [{ sku: 'HOM-TOWEL-BTH', qty: 2 }], shipAfterHours: 6, misShip: true },
  { id: 'DEMO-ORD-0005', hoursAgo: 26, promisedHours: 48, region: 'east', lines: [{ sku: 'PHA-IBU-200-20', qty: 5 }, { sku: 'APP-CAP-NVY', qty: 2 }], shipAfterHours: 9 },
  { id: 'DEMO-ORD-0006', hoursAgo: 20, promisedHours: 24, region: 'central', lines: [{ sku: 'ELE-MOUSE-WL', qty: 2 }], shipAfterHours: 4 },
  { id: 'DEMO-ORD-0007', hoursAgo: 30, promisedHours: 24, region: 'south', lines: [{ sku: 'APP-HOOD-GRY-L', qty: 3 }] },
  { id: 'DEMO-ORD-0008', hoursAgo: 10, promisedHours: 24, region: 'north', lines: [{ sku: 'HOM-DET-2L', qty: 2 }] },
];

/** What seeding the demo orders did. */
export interface DemoOrdersResult {
  readonly orders: number;
  readonly shipped: number;
  readonly transfers: number;
}

/**
 * Adds the control tower's order history to a freshly seeded demo network: orders submitted
 * through the order service with clocks in the past, and the WMS's pick and ship events for those
 * it fulfilled, plus one transfer between two sites. Every unit picked and shipped for an order
 * is first received into the same warehouse × SKU × lot, so the sites' stock (and the simulated
 * WMS's own books, which never saw these events) stay as they were: no drift at their next
 * snapshot. Events carry no sequence number (they are not part of a WMS's message stream). Ids
 * are deterministic (`demo-orders:…`), so a second run adds nothing.
 */
export async function seedDemoOrders(hub: Hub, now: Date): Promise<DemoOrdersResult> {
  const net = demoNetwork();
  let clock = now;
  const orders = new OrderService({ store: hub.store, masterData: hub.masterData, now: () => clock });
  let shipped = 0;
  for (const spec of ORDERS) {
    const createdAt = new Date(now.getTime() - spec.hoursAgo * HOUR_MS);
    clock = createdAt;
    const { order } = await orders.submit({ id: spec.id, destination: { region: spec.region }, lines: spec.lines, promisedHours: spec.promisedHours });
    if (spec.shipAfterHours === undefined || order.allocation.length === 0) continue;
    const events = await fulfilment(hub, net, spec, order.allocation, createdAt);
    const results = await hub.ingestor.ingest(events.map((raw) => ({ raw, location: 'demo-orders' })));
    const refused = results.find((r) => r.outcome === 'rejected');
    if (refused) throw new Error(`demo order ${spec.id}: event ${refused.id} refused: ${(refused.problems ?? []).map((p) => p.message).join('; ')}`);
    shipped++;
  }
  clock = now;
  const transfers = await transfer(hub, net, now);
  return { orders: ORDERS.length, shipped, transfers };
}

interface Line {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: number;
}

async function fulfilment(hub: Hub, net: DemoNetwork, spec: DemoOrderSpec, allocation: readonly { warehouse: string; sku?: string; lot?: string; qty: number }[], createdAt: Date): Promise<InboundEvent[]> {
  const lines: Line[] = allocation.map((a, i) => ({
    warehouse: a.warehouse,
    sku: a.sku ?? spec.lines[0]?.sku ?? '',
    lot: a.lot ?? '',
    qty: a.qty + (spec.misShip && i === 0 ? 1 : 0),
  }));
  const pickAt = new Date(createdAt.getTime() + (spec.shipAfterHours ?? 1) * HOUR_MS * 0.6).toISOString();
  const shipAt = new Date(createdAt.getTime() + (spec.shipAfterHours ?? 1) * HOUR_MS).toISOString();
  const receiptAt = new Date(createdAt.getTime() - HOUR_MS).toISOString();
  const out: InboundEvent[] = [];
  for (const [i, l] of lines.entries()) {
    const expiry = await expiryOf(hub, l);
    const base = { id: `demo-orders:${spec.id}:${i}`, warehouse: l.warehouse, sku: l.sku, lot: l.lot, qty: l.qty, expiry };
    out.push(event(net, { ...base, id: `${base.id}:receipt`, at: receiptAt, from: null, to: 'available', reason: 'receipt' }));
    out.push(event(net, { ...base, id: `${base.id}:pick`, at: pickAt, from: 'available', to: 'picking', reason: 'pick', orderRef: spec.id }));
    out.push(event(net, { ...base, id: `${base.id}:ship`, at: shipAt, from: 'picking', to: null, reason: 'ship', orderRef: spec.id }));
  }
  return out;
}

/** One transfer of stock received for it at Shanghai and sent to the Singapore bonded warehouse (which takes no snapshots). */
async function transfer(hub: Hub, net: DemoNetwork, now: Date): Promise<number> {
  const sku = 'ELE-EARBUD-TWS';
  const base = { sku, lot: '', qty: 10, expiry: undefined, transferRef: 'TR-DEMO-SHA-SIN-0001' };
  const events = [
    event(net, { ...base, id: 'demo-orders:TR-DEMO-SHA-SIN-0001:receipt', warehouse: 'SHA-RDC', at: new Date(now.getTime() - 20 * HOUR_MS).toISOString(), from: null, to: 'available', reason: 'receipt' }),
    event(net, { ...base, id: 'demo-orders:TR-DEMO-SHA-SIN-0001:out', warehouse: 'SHA-RDC', at: new Date(now.getTime() - 18 * HOUR_MS).toISOString(), from: 'available', to: null, reason: 'transfer_out' }),
    event(net, { ...base, id: 'demo-orders:TR-DEMO-SHA-SIN-0001:in', warehouse: 'SIN-BOND', at: new Date(now.getTime() - 6 * HOUR_MS).toISOString(), from: null, to: 'available', reason: 'transfer_in' }),
  ];
  const results = await hub.ingestor.ingest(events.map((raw) => ({ raw, location: 'demo-orders' })));
  const refused = results.find((r) => r.outcome === 'rejected');
  if (refused) throw new Error(`demo transfer: event ${refused.id} refused: ${(refused.problems ?? []).map((p) => p.message).join('; ')}`);
  return 1;
}

async function expiryOf(hub: Hub, l: Line): Promise<string | undefined> {
  const row = await hub.store.db
    .selectFrom('positions')
    .select('expiry')
    .where('warehouse_id', '=', l.warehouse)
    .where('sku_id', '=', l.sku)
    .where('lot', '=', l.lot)
    .where('expiry', 'is not', null)
    .executeTakeFirst();
  return row?.expiry ?? undefined;
}

interface Move {
  readonly id: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: number;
  readonly expiry: string | undefined;
  readonly at: string;
  readonly from: CanonicalStatus | null;
  readonly to: CanonicalStatus | null;
  readonly reason: string;
  readonly orderRef?: string | undefined;
  readonly transferRef?: string | undefined;
}

/** A movement in the warehouse's own WMS dialect (codes, units, statuses), like the rest of the demo feed. */
function event(net: DemoNetwork, m: Move): InboundEvent {
  const source = sourceOf(net, m.warehouse);
  if (!source) throw new Error(`no source reports for ${m.warehouse}`);
  const { sku, quantity, unit } = externalQuantity(net, source, m.sku, m.qty);
  return {
    id: m.id,
    source: source.source.id,
    occurredAt: m.at,
    warehouse: m.warehouse,
    sku,
    quantity,
    ...(unit === undefined ? {} : { unit }),
    ...(m.lot !== '' ? { lot: m.lot } : {}),
    ...(m.expiry !== undefined && m.from === null ? { expiry: m.expiry } : {}),
    ...(m.from !== null ? { fromStatus: externalStatus(source, m.from) } : {}),
    ...(m.to !== null ? { toStatus: externalStatus(source, m.to) } : {}),
    reason: m.reason,
    ...(m.orderRef !== undefined ? { orderRef: m.orderRef } : {}),
    ...(m.transferRef !== undefined ? { transferRef: m.transferRef } : {}),
  };
}
