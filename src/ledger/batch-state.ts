import { CompiledQuery, type Transaction } from 'kysely';
import { type CanonicalEvent, type CanonicalStatus, type PositionKey, positionKey } from '../domain/index.ts';
import type { Database, Dialect } from '../store/index.ts';
import type { LedgerState, Prepared } from './decide-batch.ts';
import { lockLedgerHead } from './lock-ledger.ts';
import type { Gap, SourceSequence } from './sequence-tracker.ts';

type Tx = Transaction<Database>;
const CHUNK = 1000;

function chunked<T>(xs: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** A ledger row back as a canonical event (for duplicate checks, rebuild and verification). */
export function rowToEvent(r: Database['events']): CanonicalEvent {
  return {
    id: r.id,
    source: r.source,
    sourceSeq: r.source_seq,
    occurredAt: r.occurred_at,
    warehouse: r.warehouse_id,
    sku: r.sku_id,
    lot: r.lot,
    expiry: r.expiry,
    quantity: r.quantity,
    fromStatus: r.from_status as CanonicalStatus | null,
    toStatus: r.to_status as CanonicalStatus | null,
    reason: r.reason,
    orderRef: r.order_ref,
    transferRef: r.transfer_ref,
    external: { sku: r.ext_sku, unit: r.ext_unit, quantity: r.ext_quantity },
  };
}

/**
 * Loads, inside the batch's transaction, exactly the state `decideBatch` needs, after taking the
 * ledger's write lock (see lock-ledger.ts) so no other writer can change it meanwhile.
 */
export async function loadBatchState(tx: Tx, dialect: Dialect, batch: readonly Prepared[]): Promise<LedgerState> {
  const head = await lockLedgerHead(tx, dialect);

  const events = batch.flatMap((p) => (p.ok ? [p.event] : []));
  const ids = [...new Set(events.map((e) => e.id))];
  const existing = new Map<string, CanonicalEvent>();
  for (const r of await eventsWithIds(tx, dialect, ids)) existing.set(r.id, rowToEvent(r));

  const sources = [...new Set(events.filter((e) => e.sourceSeq !== null).map((e) => e.source))];
  const sequences = new Map<string, SourceSequence>();
  if (sources.length > 0) {
    const cursors = await tx.selectFrom('source_cursors').select(['source', 'max_seq']).where('source', 'in', sources).execute();
    for (const c of cursors) sequences.set(c.source, { maxSeq: c.max_seq, gaps: [], changed: false });
  }

  // Sequences at or below a cursor may be duplicates or late arrivals: look those (and only those) up.
  const usedSeqs = new Map<string, string>();
  const lateBySource = new Map<string, number[]>();
  for (const e of events) {
    if (e.sourceSeq === null) continue;
    const max = sequences.get(e.source)?.maxSeq;
    if (max !== undefined && max !== null && e.sourceSeq <= max) {
      const list = lateBySource.get(e.source) ?? [];
      list.push(e.sourceSeq);
      lateBySource.set(e.source, list);
    }
  }
  for (const [source, seqs] of lateBySource) {
    for (const part of chunked(seqs)) {
      const rows = await tx
        .selectFrom('events')
        .select(['id', 'source_seq'])
        .where('source', '=', source)
        .where('source_seq', 'in', part)
        .execute();
      for (const r of rows) usedSeqs.set(`${source}\u0000${r.source_seq}`, r.id);
    }
    const gaps = await tx.selectFrom('sequence_gaps').selectAll().where('source', '=', source).where('closed_at', 'is', null).execute();
    const seq = sequences.get(source);
    if (seq) {
      seq.gaps = gaps.map(
        (g): Gap => ({ id: g.id, source: g.source, fromSeq: g.from_seq, toSeq: g.to_seq, filled: g.filled, isNew: false }),
      );
    }
  }

  // Current quantities of every position the batch takes stock from (exactly those keys).
  const wanted = new Map<string, PositionKey>();
  for (const e of events) {
    if (e.fromStatus === null) continue;
    const k: PositionKey = { warehouse: e.warehouse, sku: e.sku, lot: e.lot, status: e.fromStatus };
    wanted.set(positionKey(k), k);
  }
  const positions = new Map<string, number>();
  for (const r of await positionsWithKeys(tx, dialect, [...wanted.values()])) {
    positions.set(positionKey({ warehouse: r.warehouse_id, sku: r.sku_id, lot: r.lot, status: r.status as CanonicalStatus }), r.qty);
  }
  return { head, existing, usedSeqs, positions, sequences };
}

/**
 * Ledger rows with the given ids, in one statement whatever their number: the ids travel as one
 * JSON list on SQLite and as one array on PostgreSQL (rather than thousands of bound parameters).
 */
async function eventsWithIds(tx: Tx, dialect: Dialect, ids: readonly string[]): Promise<Database['events'][]> {
  if (ids.length === 0) return [];
  const q =
    dialect === 'postgres'
      ? CompiledQuery.raw('select * from events where id = any($1::text[])', [ids])
      : CompiledQuery.raw('select * from events where id in (select value from json_each(?))', [JSON.stringify(ids)]);
  return (await tx.executeQuery(q)).rows as Database['events'][];
}

type PositionQty = Pick<Database['positions'], 'warehouse_id' | 'sku_id' | 'lot' | 'status' | 'qty'>;

/** The stored positions with exactly these keys (each found through the primary key). */
async function positionsWithKeys(tx: Tx, dialect: Dialect, keys: readonly PositionKey[]): Promise<PositionQty[]> {
  if (keys.length === 0) return [];
  const q =
    dialect === 'postgres'
      ? CompiledQuery.raw(
          `select p.warehouse_id, p.sku_id, p.lot, p.status, p.qty
           from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as k(sku, wh, lot, status)
           join positions p on p.sku_id = k.sku and p.warehouse_id = k.wh and p.lot = k.lot and p.status = k.status`,
          [keys.map((k) => k.sku), keys.map((k) => k.warehouse), keys.map((k) => k.lot), keys.map((k) => k.status)],
        )
      : CompiledQuery.raw(
          // CROSS JOIN keeps the key list as the outer loop: one primary-key probe per key.
          `select p.warehouse_id, p.sku_id, p.lot, p.status, p.qty
           from json_each(?) k cross join positions p
           on p.sku_id = k.value ->> 0 and p.warehouse_id = k.value ->> 1 and p.lot = k.value ->> 2 and p.status = k.value ->> 3`,
          [JSON.stringify(keys.map((k) => [k.sku, k.warehouse, k.lot, k.status]))],
        );
  return (await tx.executeQuery(q)).rows as PositionQty[];
}
