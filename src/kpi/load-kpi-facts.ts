import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { OUTBOUND_REASONS } from '../exceptions/index.ts';
import type { Hub } from '../hub/index.ts';
import type { Database } from '../store/index.ts';
import { DAY_MS } from './kpi-math.ts';
import type { KpiFacts, KpiFlow, KpiLot, KpiOrder, KpiPick, KpiPlacement, KpiShipment, KpiWarehouse } from './kpi-types.ts';

/** Orders created this long before the range still count when their last shipment falls in it. */
const ORDER_LOOKBACK_DAYS = 90;
/**
 * Event times are stored as the source sent them (possibly with an offset such as +08:00), so a
 * text comparison is off by at most 14 hours: the queries widen the range by that much and the
 * exact cut is made on parsed times.
 */
const OFFSET_SLACK_MS = 14 * 3_600_000;

export interface KpiQuery {
  readonly from: Date;
  readonly to: Date;
  readonly now: Date;
  /** The warehouses in view (after scope, warehouse and region filters). */
  readonly warehouses: readonly KpiWarehouse[];
  readonly includeUnplaced: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const HOUR_MS = 3_600_000;
const inRange = (at: number, from: number, to: number): boolean => at >= from && at < to;

/** Reads the facts of the KPIs for the warehouses in view. Thin queries, no arithmetic beyond sums. */
export async function loadKpiFacts(hub: Hub, q: KpiQuery): Promise<KpiFacts> {
  const db = hub.store.db;
  const md = await hub.masterData.current();
  const whIds = q.warehouses.map((w) => w.id);
  const from = q.from.getTime();
  const to = q.to.getTime();
  const skuCategory = new Map(md.data.skus.map((s) => [s.id, s.category]));
  if (whIds.length === 0) {
    return { from, to, now: q.now.getTime(), warehouses: [], skuCategory, onHandAtTo: [], flows: [], picks: [], orders: [], exceptions: [], lots: [], includeUnplaced: q.includeUnplaced };
  }
  const [onHandNow, netAfter, flows, picks, orders, exceptions, lots] = await Promise.all([
    db.selectFrom('positions').select(['warehouse_id', 'sku_id', (eb) => eb.fn.sum<number>('qty').as('qty')]).where('warehouse_id', 'in', whIds).groupBy(['warehouse_id', 'sku_id']).execute(),
    loadNetAfter(db, whIds, to),
    loadFlows(db, whIds, from, to),
    loadPicks(db, whIds, from, to),
    loadOrders(db, from, to),
    db
      .selectFrom('exceptions')
      .select(['warehouse_id', 'sku_id', 'detected_at', 'resolved_at'])
      .where('state', '=', 'resolved')
      .where('resolved_at', '>=', iso(from))
      .where('resolved_at', '<', iso(to))
      .execute(),
    loadLots(db, whIds),
  ]);
  const after = netAfter;
  return {
    from,
    to,
    now: q.now.getTime(),
    warehouses: q.warehouses,
    skuCategory,
    onHandAtTo: onHandNow.map((p) => ({ warehouse: p.warehouse_id, sku: p.sku_id, qty: Number(p.qty) - (after.get(`${p.warehouse_id}\u0000${p.sku_id}`) ?? 0) })),
    flows,
    picks,
    orders,
    exceptions: exceptions.map((e) => ({ warehouse: e.warehouse_id, sku: e.sku_id, detectedAt: Date.parse(e.detected_at), resolvedAt: Date.parse(e.resolved_at as string) })),
    lots,
    includeUnplaced: q.includeUnplaced,
  };
}

interface PlanLine {
  readonly warehouse: string;
  readonly sku: string;
  readonly qty: number;
}

async function loadOrders(db: Kysely<Database>, from: number, to: number): Promise<KpiOrder[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['id', 'body', 'lines', 'allocation', 'created_at'])
    .where('state', '!=', 'cancelled')
    .where('created_at', '>=', iso(from - ORDER_LOOKBACK_DAYS * DAY_MS))
    .where('created_at', '<', iso(to))
    .execute();
  const ships = new Map<string, KpiShipment[]>();
  const holds = new Map<string, KpiPlacement[]>();
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((o) => o.id);
    const [shipRows, holdRows] = await Promise.all([
      db
        .selectFrom('events')
        .select(['order_ref', 'warehouse_id', 'sku_id', 'quantity', 'occurred_at'])
        .where('order_ref', 'in', ids)
        .where('to_status', 'is', null)
        .where('reason', 'in', [...OUTBOUND_REASONS])
        .execute(),
      db.selectFrom('holds').select(['order_id', 'warehouse_id', 'sku_id', 'qty']).where('order_id', 'in', ids).where('state', 'not in', ['released', 'expired']).execute(),
    ]);
    for (const s of shipRows) {
      const list = ships.get(s.order_ref as string) ?? [];
      list.push({ warehouse: s.warehouse_id, sku: s.sku_id, qty: Number(s.quantity), at: Date.parse(s.occurred_at) });
      ships.set(s.order_ref as string, list);
    }
    for (const h of holdRows) {
      const list = holds.get(h.order_id) ?? [];
      list.push({ warehouse: h.warehouse_id, sku: h.sku_id, qty: Number(h.qty) });
      holds.set(h.order_id, list);
    }
  }
  return rows.map((o) => {
    const body = JSON.parse(o.body) as { promisedHours?: number };
    return {
      id: o.id,
      createdAt: Date.parse(o.created_at),
      promisedHours: typeof body.promisedHours === 'number' ? body.promisedHours : null,
      lines: JSON.parse(o.lines) as { sku: string; qty: number }[],
      allocated: (JSON.parse(o.allocation) as PlanLine[]).map((p) => ({ warehouse: p.warehouse, sku: p.sku, qty: p.qty })),
      held: holds.get(o.id) ?? [],
      shipments: ships.get(o.id) ?? [],
    };
  });
}

async function loadLots(db: Kysely<Database>, whIds: readonly string[]): Promise<KpiLot[]> {
  const [stock, receipts] = await Promise.all([
    db
      .selectFrom('positions')
      .select(['warehouse_id', 'sku_id', 'lot', (eb) => eb.fn.sum<number>('qty').as('qty'), (eb) => eb.fn.max('expiry').as('expiry')])
      .where('warehouse_id', 'in', [...whIds])
      .groupBy(['warehouse_id', 'sku_id', 'lot'])
      .having((eb) => eb.fn.sum('qty'), '>', 0)
      .execute(),
    db
      .selectFrom('events')
      .select(['warehouse_id', 'sku_id', 'lot', (eb) => eb.fn.min('occurred_at').as('first')])
      .where('warehouse_id', 'in', [...whIds])
      .where('from_status', 'is', null)
      .where('to_status', 'is not', null)
      .where('reason', 'not in', ['snapshot_drift', 'cycle_count'])
      .groupBy(['warehouse_id', 'sku_id', 'lot'])
      .execute(),
  ]);
  const firstOf = new Map(receipts.map((r) => [`${r.warehouse_id}\u0000${r.sku_id}\u0000${r.lot}`, Date.parse(String(r.first))]));
  return stock.map((s) => ({
    warehouse: s.warehouse_id,
    sku: s.sku_id,
    lot: s.lot,
    qty: Number(s.qty),
    receivedAt: firstOf.get(`${s.warehouse_id}\u0000${s.sku_id}\u0000${s.lot}`) ?? null,
    expiry: s.expiry === null ? null : String(s.expiry),
  }));
}

/**
 * Where the hourly aggregates apply: whole UTC hours inside the range. Movements in the partial
 * hours at either end, and movements whose time is not written in UTC (`…Z`), are read one by one
 * and cut exactly; inside, the database sums them per warehouse × SKU × hour, so a month of
 * movements comes back as at most (warehouses × SKUs × hours) rows instead of one row each.
 */
function hourWindow(from: number, to: number): { start: number; end: number } | null {
  const start = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const end = Math.floor(to / HOUR_MS) * HOUR_MS;
  return start < end ? { start, end } : null;
}

const utc = (db: Kysely<Database>) => db.selectFrom('events').where('occurred_at', 'like', '%Z');

/** A read of the ledger's events (no columns chosen yet). */
type EventsQuery = ReturnType<typeof utc>;

/** Events of the warehouses written in UTC, inside the whole hours of `win` (for the database to group). */
const insideHours = (db: Kysely<Database>, whIds: readonly string[], win: { start: number; end: number }): EventsQuery =>
  utc(db).where('warehouse_id', 'in', [...whIds]).where('occurred_at', '>=', iso(win.start)).where('occurred_at', '<', iso(win.end));

/** Events of the warehouses written in UTC outside the whole hours: the partial hours at the ends (all of the range when `win` is null), with slack. */
const atEdges = (db: Kysely<Database>, whIds: readonly string[], from: number, to: number, win: { start: number; end: number } | null): EventsQuery =>
  utc(db)
    .where('warehouse_id', 'in', [...whIds])
    .where((eb) =>
      win === null
        ? eb.and([eb('occurred_at', '>=', iso(from - OFFSET_SLACK_MS)), eb('occurred_at', '<', iso(to + OFFSET_SLACK_MS))])
        : eb.or([
            eb.and([eb('occurred_at', '>=', iso(from - OFFSET_SLACK_MS)), eb('occurred_at', '<', iso(win.start))]),
            eb.and([eb('occurred_at', '>=', iso(win.end)), eb('occurred_at', '<', iso(to + OFFSET_SLACK_MS))]),
          ]),
    );

/** Events of the warehouses whose time is written with an offset, in the range with slack (cut exactly after parsing). */
const withOffset = (db: Kysely<Database>, whIds: readonly string[], from: number, to: number): EventsQuery =>
  db
    .selectFrom('events')
    .where('warehouse_id', 'in', [...whIds])
    .where('occurred_at', 'not like', '%Z')
    .where('occurred_at', '>=', iso(from - OFFSET_SLACK_MS))
    .where('occurred_at', '<', iso(to + OFFSET_SLACK_MS));

/** Movements that change the books: receipts (no from-status) and everything leaving them (no to-status). */
const bookChanging = (eb: ExpressionBuilder<Database, 'events'>) => eb.or([eb('from_status', 'is', null), eb('to_status', 'is', null)]);

/** Book-changing movements of the range: hourly sums inside, single movements at the edges and for non-UTC times. */
async function loadFlows(db: Kysely<Database>, whIds: readonly string[], from: number, to: number): Promise<KpiFlow[]> {
  const outbound = [...OUTBOUND_REASONS];
  const win = hourWindow(from, to);
  // Reasons are inlined as literals so that the grouped expression is the same text in SELECT and GROUP BY (PostgreSQL).
  const kind = sql<string>`case when from_status is null then 'in' when reason in (${sql.join(outbound.map((r) => sql.lit(r)))}) then (case when transfer_ref is not null or reason = 'transfer_out' then 'transfer' else 'out' end) else 'off' end`;
  const [sums, singles, offsetTimes] = await Promise.all([
    win === null
      ? Promise.resolve([])
      : insideHours(db, whIds, win)
          .select(['warehouse_id', 'sku_id', sql<string>`substr(occurred_at, 1, 13)`.as('hour'), kind.as('kind'), (eb) => eb.fn.sum<number>('quantity').as('qty')])
          .where(bookChanging)
          .groupBy(['warehouse_id', 'sku_id', sql`substr(occurred_at, 1, 13)`, kind])
          .execute(),
    atEdges(db, whIds, from, to, win)
      .select(['warehouse_id', 'sku_id', 'quantity', 'from_status', 'to_status', 'reason', 'transfer_ref', 'occurred_at'])
      .where(bookChanging)
      .execute(),
    withOffset(db, whIds, from, to)
      .select(['warehouse_id', 'sku_id', 'quantity', 'from_status', 'to_status', 'reason', 'transfer_ref', 'occurred_at'])
      .where(bookChanging)
      .execute(),
  ]);
  const out = new Set<string>(outbound);
  const flows: KpiFlow[] = sums.map((r) => {
    const k = String(r.kind);
    const qty = Number(r.qty);
    return {
      warehouse: r.warehouse_id,
      sku: r.sku_id,
      qty: k === 'in' ? qty : -qty,
      at: Date.parse(`${r.hour}:00:00Z`),
      outbound: k === 'out' || k === 'transfer',
      transfer: k === 'transfer',
    };
  });
  for (const r of [...singles, ...offsetTimes]) {
    const at = Date.parse(r.occurred_at);
    if (!inRange(at, from, to)) continue;
    const qty = Number(r.quantity);
    const isOut = r.to_status === null && out.has(r.reason);
    flows.push({ warehouse: r.warehouse_id, sku: r.sku_id, qty: r.from_status === null ? qty : -qty, at, outbound: isOut, transfer: isOut && (r.transfer_ref !== null || r.reason === 'transfer_out') });
  }
  return flows;
}

/** Picks (movements into `picking`) of the range: per warehouse × SKU × hour inside, one by one at the edges and for non-UTC times. */
async function loadPicks(db: Kysely<Database>, whIds: readonly string[], from: number, to: number): Promise<KpiPick[]> {
  const win = hourWindow(from, to);
  const picking = (eb: ExpressionBuilder<Database, 'events'>) => eb.and([eb('to_status', '=', 'picking'), eb('from_status', 'is not', null)]);
  const [groups, singles, offsetTimes] = await Promise.all([
    win === null
      ? Promise.resolve([])
      : insideHours(db, whIds, win)
          .select(['warehouse_id', 'sku_id', (eb) => eb.fn.countAll<number>().as('lines'), (eb) => eb.fn.min('occurred_at').as('first'), (eb) => eb.fn.max('occurred_at').as('last')])
          .where(picking)
          .groupBy(['warehouse_id', 'sku_id', sql`substr(occurred_at, 1, 13)`])
          .execute(),
    atEdges(db, whIds, from, to, win)
      .select(['warehouse_id', 'sku_id', 'occurred_at'])
      .where(picking)
      .execute(),
    withOffset(db, whIds, from, to)
      .select(['warehouse_id', 'sku_id', 'occurred_at'])
      .where(picking)
      .execute(),
  ]);
  const picks: KpiPick[] = groups.map((g) => ({ warehouse: g.warehouse_id, sku: g.sku_id, at: Date.parse(String(g.first)), last: Date.parse(String(g.last)), lines: Number(g.lines) }));
  for (const r of [...singles, ...offsetTimes]) {
    const at = Date.parse(r.occurred_at);
    if (!inRange(at, from, to)) continue;
    picks.push({ warehouse: r.warehouse_id, sku: r.sku_id, at, last: at, lines: 1 });
  }
  return picks;
}

/**
 * Net book change (receipts +, everything leaving the books −) per warehouse × SKU of the movements
 * that happened at or after `to`: summed by the database for UTC times, read one by one (and cut
 * exactly) for times written with an offset.
 */
async function loadNetAfter(db: Kysely<Database>, whIds: readonly string[], to: number): Promise<Map<string, number>> {
  const [sums, offsetTimes] = await Promise.all([
    utc(db)
      .select(['warehouse_id', 'sku_id', sql<number>`sum(case when from_status is null then quantity else -quantity end)`.as('net')])
      .where('warehouse_id', 'in', [...whIds])
      .where('occurred_at', '>=', iso(to))
      .where(bookChanging)
      .groupBy(['warehouse_id', 'sku_id'])
      .execute(),
    db
      .selectFrom('events')
      .select(['warehouse_id', 'sku_id', 'quantity', 'from_status', 'occurred_at'])
      .where('warehouse_id', 'in', [...whIds])
      .where('occurred_at', 'not like', '%Z')
      .where('occurred_at', '>=', iso(to - OFFSET_SLACK_MS))
      .where(bookChanging)
      .execute(),
  ]);
  const after = new Map(sums.map((n) => [`${n.warehouse_id}\u0000${n.sku_id}`, Number(n.net)]));
  for (const r of offsetTimes) {
    if (Date.parse(r.occurred_at) < to) continue;
    const k = `${r.warehouse_id}\u0000${r.sku_id}`;
    after.set(k, (after.get(k) ?? 0) + (r.from_status === null ? Number(r.quantity) : -Number(r.quantity)));
  }
  return after;
}
