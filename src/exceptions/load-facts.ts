import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Hub } from '../hub/index.ts';
import { findConflicts } from '../mdm/index.ts';
import type { Database } from '../store/index.ts';
import type { DeadLetterFact, DemandFact, DriftFact, ExceptionFacts, LotFact, OrderFact } from './exception-facts.ts';
import { OUTBOUND_REASONS } from './outbound-reasons.ts';
import type { RulesConfig } from './rules-config.ts';

/** Orders older than this are not looked at any more (they are history, not a risk to act on). */
const ORDER_HORIZON_DAYS = 90;

/** Reads every fact the rules need, on either store. Thin queries; the judgement is in the rules. */
export async function loadFacts(hub: Hub, now: Date, cfg: RulesConfig): Promise<ExceptionFacts> {
  const db = hub.store.db;
  const md = await hub.masterData.current();
  const sourceWarehouses = new Map(md.data.sources.map((s) => [s.id, s.warehouses]));
  const skus = new Map(md.data.skus.map((s) => [s.id, s]));
  const [cursors, gaps, drift, impossible, deadLetters, openOrders, demand, lots] = await Promise.all([
    db.selectFrom('source_cursors').select(['source', 'last_event_at']).execute(),
    db.selectFrom('sequence_gaps').selectAll().where('closed_at', 'is', null).orderBy('source').orderBy('from_seq').execute(),
    latestDrift(db),
    db
      .selectFrom('positions')
      .select(['warehouse_id', 'sku_id', 'lot', 'status', 'qty', 'held'])
      .where((eb) => eb.or([eb('qty', '<', 0), eb('held', '<', 0), eb('held', '>', eb.ref('qty'))]))
      .execute(),
    pendingDeadLetters(db, sourceWarehouses),
    loadOpenOrders(db, now),
    loadDemand(db, now, cfg),
    loadLots(db),
  ]);
  const lastSeen = new Map(cursors.map((c) => [c.source, c.last_event_at]));
  const sourceIds = new Set([...md.data.sources.map((s) => s.id), ...lastSeen.keys()]);
  return {
    sources: [...sourceIds].sort().map((id) => ({ id, warehouses: sourceWarehouses.get(id) ?? [], lastEventAt: lastSeen.get(id) ?? null })),
    openGaps: gaps.map((g) => ({
      id: g.id,
      source: g.source,
      sourceWarehouses: sourceWarehouses.get(g.source) ?? [],
      fromSeq: Number(g.from_seq),
      toSeq: Number(g.to_seq),
      filled: Number(g.filled),
      detectedAt: g.detected_at,
    })),
    drift,
    impossible: impossible.map((p) => ({ warehouse: p.warehouse_id, sku: p.sku_id, lot: p.lot, status: p.status, qty: Number(p.qty), held: Number(p.held) })),
    deadLetters,
    openOrders,
    demand,
    lots: lots.map((l) => ({ ...l, minShelfLifeDays: skus.get(l.sku)?.minShelfLifeDays ?? 0 })),
    conflicts: findConflicts(md.data).filter((c) => c.kind !== 'homonym'),
  };
}

/** Drift lines of each warehouse's most recent snapshot. */
async function latestDrift(db: Kysely<Database>): Promise<DriftFact[]> {
  const latest = await db.selectFrom('snapshots').select(['warehouse_id', (eb) => eb.fn.max('taken_at').as('taken_at')]).groupBy('warehouse_id').execute();
  if (latest.length === 0) return [];
  const rows = await db
    .selectFrom('drift as d')
    .innerJoin('snapshots as s', 's.id', 'd.snapshot_id')
    .select(['d.snapshot_id', 's.taken_at', 'd.warehouse_id', 'd.sku_id', 'd.lot', 'd.status', 'd.ledger_qty', 'd.counted_qty', 'd.delta'])
    .where((eb) => eb.or(latest.map((l) => eb.and([eb('s.warehouse_id', '=', l.warehouse_id), eb('s.taken_at', '=', String(l.taken_at))]))))
    .orderBy('d.warehouse_id')
    .orderBy('d.sku_id')
    .execute();
  return rows.map((r) => ({
    snapshotId: r.snapshot_id,
    takenAt: r.taken_at,
    warehouse: r.warehouse_id,
    sku: r.sku_id,
    lot: r.lot,
    status: r.status,
    ledgerQty: Number(r.ledger_qty),
    countedQty: Number(r.counted_qty),
    delta: Number(r.delta),
  }));
}

async function pendingDeadLetters(db: Kysely<Database>, sourceWarehouses: ReadonlyMap<string, readonly string[]>): Promise<DeadLetterFact[]> {
  const rows = await db
    .selectFrom('dead_letters')
    .select(['source', 'code', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('first_seen_at').as('oldest')])
    .where('state', '=', 'pending')
    .groupBy(['source', 'code'])
    .execute();
  const bySource = new Map<string | null, { pending: number; oldestAt: string; codes: Set<string> }>();
  for (const r of rows) {
    const cur = bySource.get(r.source) ?? { pending: 0, oldestAt: String(r.oldest), codes: new Set<string>() };
    cur.pending += Number(r.n);
    if (String(r.oldest) < cur.oldestAt) cur.oldestAt = String(r.oldest);
    cur.codes.add(r.code);
    bySource.set(r.source, cur);
  }
  return [...bySource].map(([source, d]) => ({
    source,
    sourceWarehouses: source === null ? [] : (sourceWarehouses.get(source) ?? []),
    pending: d.pending,
    oldestAt: d.oldestAt,
    codes: [...d.codes].sort(),
  }));
}

interface StoredLine {
  readonly sku: string;
  readonly qty: number;
}
interface StoredPlanLine {
  readonly warehouse: string;
}

async function loadOpenOrders(db: Kysely<Database>, now: Date): Promise<OrderFact[]> {
  const since = new Date(now.getTime() - ORDER_HORIZON_DAYS * 86_400_000).toISOString();
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'state', 'body', 'lines', 'allocation', 'created_at'])
    .where('state', '!=', 'cancelled')
    .where('created_at', '>=', since)
    .execute();
  if (orders.length === 0) return [];
  const shipped = new Map<string, number>();
  for (let i = 0; i < orders.length; i += 500) {
    const ids = orders.slice(i, i + 500).map((o) => o.id);
    const rows = await db
      .selectFrom('events')
      .select(['order_ref', (eb) => eb.fn.sum<number>('quantity').as('units')])
      .where('order_ref', 'in', ids)
      .where('to_status', 'is', null)
      .where('reason', 'in', [...OUTBOUND_REASONS])
      .groupBy('order_ref')
      .execute();
    for (const r of rows) if (r.order_ref !== null) shipped.set(r.order_ref, Number(r.units));
  }
  const out: OrderFact[] = [];
  for (const o of orders) {
    const body = JSON.parse(o.body) as { promisedHours?: number };
    const lines = JSON.parse(o.lines) as StoredLine[];
    const plan = JSON.parse(o.allocation) as StoredPlanLine[];
    const unitsOrdered = lines.reduce((s, l) => s + l.qty, 0);
    const unitsShipped = shipped.get(o.id) ?? 0;
    if (unitsShipped >= unitsOrdered) continue;
    out.push({
      id: o.id,
      state: o.state,
      createdAt: o.created_at,
      promisedHours: typeof body.promisedHours === 'number' ? body.promisedHours : null,
      warehouses: [...new Set(plan.map((p) => p.warehouse))].sort(),
      unitsOrdered,
      unitsShipped,
    });
  }
  return out;
}

async function loadDemand(db: Kysely<Database>, now: Date, cfg: RulesConfig): Promise<DemandFact[]> {
  const since = new Date(now.getTime() - cfg.demandWindowDays * 86_400_000).toISOString();
  const [out, atp] = await Promise.all([
    db
      .selectFrom('events')
      .select(['warehouse_id', 'sku_id', (eb) => eb.fn.sum<number>('quantity').as('units')])
      .where('to_status', 'is', null)
      .where('reason', 'in', [...OUTBOUND_REASONS])
      .where('occurred_at', '>=', since)
      .where('occurred_at', '<', now.toISOString())
      .groupBy(['warehouse_id', 'sku_id'])
      .execute(),
    db
      .selectFrom('positions')
      .select(['warehouse_id', 'sku_id', sql<number>`sum(qty - held)`.as('atp')])
      .where('status', '=', 'available')
      .groupBy(['warehouse_id', 'sku_id'])
      .execute(),
  ]);
  const atpOf = new Map(atp.map((a) => [`${a.warehouse_id}\u0000${a.sku_id}`, Number(a.atp)]));
  return out.map((o) => ({ warehouse: o.warehouse_id, sku: o.sku_id, outboundUnits: Number(o.units), atp: atpOf.get(`${o.warehouse_id}\u0000${o.sku_id}`) ?? 0 }));
}

async function loadLots(db: Kysely<Database>): Promise<Omit<LotFact, 'minShelfLifeDays'>[]> {
  const [stock, receipts] = await Promise.all([
    db
      .selectFrom('positions')
      .select(['warehouse_id', 'sku_id', 'lot', (eb) => eb.fn.sum<number>('qty').as('qty'), (eb) => eb.fn.max('expiry').as('expiry')])
      .groupBy(['warehouse_id', 'sku_id', 'lot'])
      .having((eb) => eb.fn.sum('qty'), '>', 0)
      .execute(),
    db
      .selectFrom('events')
      .select(['warehouse_id', 'sku_id', 'lot', (eb) => eb.fn.min('occurred_at').as('first')])
      .where('from_status', 'is', null)
      .where('to_status', 'is not', null)
      .where('reason', 'not in', ['snapshot_drift', 'cycle_count'])
      .groupBy(['warehouse_id', 'sku_id', 'lot'])
      .execute(),
  ]);
  const firstOf = new Map(receipts.map((r) => [`${r.warehouse_id}\u0000${r.sku_id}\u0000${r.lot}`, String(r.first)]));
  return stock.map((s) => ({
    warehouse: s.warehouse_id,
    sku: s.sku_id,
    lot: s.lot,
    qty: Number(s.qty),
    receivedAt: firstOf.get(`${s.warehouse_id}\u0000${s.sku_id}\u0000${s.lot}`) ?? null,
    expiry: s.expiry === null ? null : String(s.expiry),
  }));
}
