import type { Kysely } from 'kysely';
import { StockmeshError } from '../domain/index.ts';
import type { Database } from '../store/index.ts';

/** One position where a reconciled snapshot disagreed with the ledger (a row of `drift`). */
export interface DriftLine {
  readonly snapshotId: string;
  /** Source system that sent the snapshot. */
  readonly source: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly status: string;
  /** What the ledger held just before the snapshot was reconciled. */
  readonly ledgerQty: number;
  /** What the snapshot counted. */
  readonly countedQty: number;
  /** countedQty − ledgerQty: what the adjusting event moved. */
  readonly delta: number;
  /** The adjusting ledger event (reason `snapshot_drift`). */
  readonly eventId: string;
  /** When the WMS took the snapshot, as it sent it. */
  readonly takenAt: string;
  /** When the hub reconciled it (UTC, ISO-8601): what `from` / `to` filter on. */
  readonly reconciledAt: string;
}

/** Which drift to list. Every filter is optional; `warehouses` (a caller's scope) null or absent = all. */
export interface DriftFilter {
  readonly source?: string | undefined;
  readonly warehouse?: string | undefined;
  readonly sku?: string | undefined;
  /** Reconciled at or after this instant (ISO-8601, any offset). */
  readonly from?: string | undefined;
  /** Reconciled before this instant (ISO-8601, any offset). */
  readonly to?: string | undefined;
  /** Only these warehouses (a caller's scope); an empty set lists nothing. */
  readonly warehouses?: ReadonlySet<string> | null | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/**
 * Drift recorded by snapshot reconciliation, newest reconciliation first (then snapshot,
 * warehouse, SKU, lot, status: a stable order to page through). `from` and `to` are instants in
 * any offset, compared as UTC; a `from` after `to`, or an unreadable instant, is INVALID_ARGUMENT.
 */
export async function listDrift(db: Kysely<Database>, f: DriftFilter = {}): Promise<DriftLine[]> {
  const from = f.from === undefined ? undefined : instant(f.from, 'from');
  const to = f.to === undefined ? undefined : instant(f.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new StockmeshError('INVALID_ARGUMENT', `from (${f.from}) is after to (${f.to})`);
  }
  if (f.warehouses && f.warehouses.size === 0) return [];
  let q = db
    .selectFrom('drift as d')
    .innerJoin('snapshots as s', 's.id', 'd.snapshot_id')
    .select([
      'd.snapshot_id',
      's.source',
      'd.warehouse_id',
      'd.sku_id',
      'd.lot',
      'd.status',
      'd.ledger_qty',
      'd.counted_qty',
      'd.delta',
      'd.event_id',
      's.taken_at',
      's.received_at',
    ]);
  if (f.source !== undefined) q = q.where('s.source', '=', f.source);
  if (f.warehouse !== undefined) q = q.where('d.warehouse_id', '=', f.warehouse);
  if (f.sku !== undefined) q = q.where('d.sku_id', '=', f.sku);
  if (from !== undefined) q = q.where('s.received_at', '>=', from);
  if (to !== undefined) q = q.where('s.received_at', '<', to);
  if (f.warehouses) q = q.where('d.warehouse_id', 'in', [...f.warehouses]);
  const rows = await q
    .orderBy('s.received_at', 'desc')
    .orderBy('d.snapshot_id')
    .orderBy('d.warehouse_id')
    .orderBy('d.sku_id')
    .orderBy('d.lot')
    .orderBy('d.status')
    .limit(f.limit ?? 1000)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    snapshotId: r.snapshot_id,
    source: r.source,
    warehouse: r.warehouse_id,
    sku: r.sku_id,
    lot: r.lot,
    status: r.status,
    ledgerQty: Number(r.ledger_qty),
    countedQty: Number(r.counted_qty),
    delta: Number(r.delta),
    eventId: r.event_id,
    takenAt: r.taken_at,
    reconciledAt: r.received_at,
  }));
}

function instant(value: string, name: string): string {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) {
    throw new StockmeshError('INVALID_ARGUMENT', `${name}: "${value}" is not an ISO-8601 date or date-time`);
  }
  return new Date(t).toISOString();
}
