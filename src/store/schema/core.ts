/** Master data, the ledger and its bookkeeping (migration 0001-core): part of `Database` (../schema.ts). */
export interface CoreDatabase {
  warehouses: WarehouseTable;
  skus: SkuTable;
  sku_units: SkuUnitTable;
  aliases: AliasTable;
  status_maps: StatusMapTable;
  sources: SourceTable;
  events: EventTable;
  ledger_head: LedgerHeadTable;
  positions: PositionTable;
  source_cursors: SourceCursorTable;
  sequence_gaps: SequenceGapTable;
  dead_letters: DeadLetterTable;
  snapshots: SnapshotTable;
  drift: DriftTable;
}

export interface WarehouseTable {
  id: string;
  name: string;
  kind: string;
  region: string;
  lat: number;
  lon: number;
  storage_classes: string; // JSON array
  hazmat: number;
  daily_capacity: number;
  cutoff_time: string;
  time_zone: string;
  owner_team: string;
  escalation_contact: string | null;
  active: number;
}

export interface SkuTable {
  id: string;
  gtin: string | null;
  name: string;
  category: string;
  base_unit: string;
  weight_kg: number;
  storage_class: string;
  hazmat: number;
  lot_controlled: number;
  expiry_controlled: number;
  min_shelf_life_days: number;
}

export interface SkuUnitTable {
  sku_id: string;
  unit: string;
  factor: number;
}

export interface AliasTable {
  system: string;
  code: string;
  sku_id: string;
  unit: string | null;
}

export interface StatusMapTable {
  system: string;
  external_status: string;
  status: string;
}

export interface SourceTable {
  id: string;
  name: string;
  dialect: string;
  warehouses: string; // JSON array
}

export interface EventTable {
  chain_seq: number;
  id: string;
  source: string;
  source_seq: number | null;
  occurred_at: string;
  received_at: string;
  warehouse_id: string;
  sku_id: string;
  lot: string;
  expiry: string | null;
  quantity: number;
  from_status: string | null;
  to_status: string | null;
  reason: string;
  order_ref: string | null;
  transfer_ref: string | null;
  ext_sku: string;
  ext_unit: string | null;
  ext_quantity: string;
  prev_hash: string;
  hash: string;
}

export interface LedgerHeadTable {
  id: number;
  chain_seq: number;
  hash: string;
}

export interface PositionTable {
  warehouse_id: string;
  sku_id: string;
  lot: string;
  status: string;
  qty: number;
  held: number;
  expiry: string | null;
}

export interface SourceCursorTable {
  source: string;
  /** Highest source sequence seen; null for a source that sends none. */
  max_seq: number | null;
  events_total: number;
  last_event_at: string;
}

export interface SequenceGapTable {
  id: string;
  source: string;
  from_seq: number;
  to_seq: number;
  /** How many of the missing sequence numbers have arrived since (late delivery). */
  filled: number;
  detected_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface DeadLetterTable {
  id: string;
  event_id: string | null;
  source: string | null;
  kind: string; // 'event' | 'snapshot'
  payload: string;
  code: string;
  reason: string;
  location: string | null;
  first_seen_at: string;
  last_seen_at: string;
  attempts: number;
  state: string; // 'pending' | 'replayed' | 'discarded'
  resolved_at: string | null;
}

export interface SnapshotTable {
  id: string;
  source: string;
  warehouse_id: string;
  taken_at: string;
  received_at: string;
  lines: number;
  drift_lines: number;
}

export interface DriftTable {
  snapshot_id: string;
  warehouse_id: string;
  sku_id: string;
  lot: string;
  status: string;
  ledger_qty: number;
  counted_qty: number;
  delta: number;
  event_id: string;
}
