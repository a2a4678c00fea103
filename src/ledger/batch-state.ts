import type { Transaction } from 'kysely';
import { type CanonicalEvent, type CanonicalStatus, positionKey } from '../domain/index.ts';
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
  for (const part of chunked(ids)) {
    const rows = await tx.selectFrom('events').selectAll().where('id', 'in', part).execute();
    for (const r of rows) existing.set(r.id, rowToEvent(r));
  }

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

  // Current quantities of every position the batch takes stock from.
  const positions = new Map<string, number>();
  const decremented = events.filter((e) => e.fromStatus !== null);
  const skus = [...new Set(decremented.map((e) => e.sku))];
  const wanted = new Set(
    decremented.map((e) => positionKey({ warehouse: e.warehouse, sku: e.sku, lot: e.lot, status: e.fromStatus as CanonicalStatus })),
  );
  const warehouses = [...new Set(decremented.map((e) => e.warehouse))];
  for (const part of chunked(skus)) {
    const rows = await tx
      .selectFrom('positions')
      .select(['warehouse_id', 'sku_id', 'lot', 'status', 'qty'])
      .where('sku_id', 'in', part)
      .where('warehouse_id', 'in', warehouses)
      .execute();
    for (const r of rows) {
      const key = positionKey({ warehouse: r.warehouse_id, sku: r.sku_id, lot: r.lot, status: r.status as CanonicalStatus });
      if (wanted.has(key)) positions.set(key, r.qty);
    }
  }
  return { head, existing, usedSeqs, positions, sequences };
}
