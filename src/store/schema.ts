/**
 * Table types of the store. Columns are snake_case as in SQL; booleans are 0/1 integers and
 * times are ISO-8601 text on both SQLite and PostgreSQL so that values (and ledger hashes)
 * round-trip byte for byte on either database.
 */
export interface Database {
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

/* Connector bookkeeping (migration 0003-connectors), merged into Database above. */
export interface Database {
  connector_cursors: ConnectorCursorTable;
  connector_rejections: ConnectorRejectionTable;
  connector_states: ConnectorStateTable;
}

export interface ConnectorCursorTable {
  source: string;
  /** One source may have several streams (movements, stock); most have one. */
  stream: string;
  /** Opaque position in the source's stream; null = from the beginning. */
  cursor: string | null;
  /** Highest source sequence delivered to the sink so far. */
  max_seq: number | null;
  /** 1 when a sequence jump was seen and a snapshot resync is owed. */
  resync_wanted: number;
  updated_at: string;
}

export interface ConnectorRejectionTable {
  id: string;
  source: string;
  dialect: string;
  code: string;
  /** Short machine tag, e.g. `signature_mismatch`, `timestamp_outside_tolerance`, `malformed_item`. */
  reason: string;
  message: string;
  location: string | null;
  payload: string | null;
  remote: string | null;
  received_at: string;
}

export interface ConnectorStateTable {
  source: string;
  dialect: string;
  state: string;
  cursor: string | null;
  last_message_at: string | null;
  last_occurred_at: string | null;
  lag_ms: number | null;
  messages: number;
  errors: number;
  last_error: string | null;
  updated_at: string;
}

/* The embedded bus's log and durable consumers (migration 0002-bus, src/bus), merged into Database above. */
export interface Database {
  bus_messages: BusMessageTable;
  bus_consumers: BusConsumerTable;
}

export interface BusMessageTable {
  /** Position in the log, assigned on insert; consumers read in this order. */
  seq: import('kysely').Generated<number>;
  subject: string;
  /** Ordering key (warehouse × SKU): messages with one key are delivered in seq order. */
  key: string;
  /** Message id chosen by the publisher; unique (a re-publish is a no-op). */
  id: string;
  payload: string;
  created_at: string;
}

export interface BusConsumerTable {
  durable: string;
  filter: string;
  /** Every message of this durable's filter up to here is acknowledged. */
  acked_seq: number;
  /** Consumer instance holding the lease (one active instance per durable); null when released. */
  owner: string | null;
  /** ISO time the lease lapses unless renewed; after it another instance may take over. */
  lease_until: string | null;
  updated_at: string;
}

/* Orders, hub holds and backorders (migration 0004-orders, src/orders and src/ledger holds), merged into Database above. */
export interface Database {
  orders: OrderTable;
  holds: HoldTable;
  backorders: BackorderTable;
}

export interface OrderTable {
  id: string;
  /** sha256 of the order as submitted (canonical JSON): a re-send with another body is refused. */
  body_hash: string;
  body: string; // JSON: the order as submitted
  channel: string | null;
  priority: number;
  /** 'allocated' | 'partial' | 'backordered' | 'accepted' | 'cancelled' */
  state: string;
  lines: string; // JSON: lines in base units
  allocation: string; // JSON: plan lines held for the order
  unfilled: string; // JSON: what is still missing, with reasons
  explanation: string | null; // JSON: the plan's explanation of the last allocation
  created_at: string;
  updated_at: string;
}

export interface HoldTable {
  id: string;
  order_id: string;
  warehouse_id: string;
  sku_id: string;
  lot: string;
  qty: number;
  /** Units already taken over by the WMS's own events for the order (matching). */
  consumed: number;
  /** 'pending' | 'confirmed' | 'released' | 'expired' | 'consumed' */
  state: string;
  created_at: string;
  expires_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface BackorderTable {
  order_id: string;
  priority: number;
  queued_at: string;
  lines: string; // JSON: the lines still to allocate (base units)
  reason: string;
  attempts: number;
  /** 'open' | 'allocated' | 'cancelled' */
  state: string;
  updated_at: string;
}

/* The hash-chained audit trail (migration 0006-audit, src/audit), merged into Database above. */
export interface Database {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export interface AuditLogTable {
  /** Place in the chain, from 1, without gaps. */
  seq: number;
  at: string;
  /** `user:alice`, `key:key_…(label)`, `cli:<os user>`. */
  actor: string;
  /** 'api' | 'cli' */
  via: string;
  /** e.g. `masterdata.sku.update`, `order.cancel`. */
  action: string;
  target_kind: string;
  target_id: string;
  /** The warehouse the change concerns (scoped readers see only theirs); null = network-wide. */
  warehouse_id: string | null;
  /** Canonical JSON (sorted keys) of the state before and after; null = none. Hashed as stored. */
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

// 0005-auth: users, sessions, API keys (src/auth).
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
}

export interface UserTable {
  /** `usr_` + 16 hex. */
  id: string;
  /** Unique, lower case. */
  username: string;
  display_name: string;
  role: string;
  /** JSON array of warehouse ids; null = every warehouse. */
  warehouses: string | null;
  /** argon2id, PHC string. */
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
  password_changed_at: string;
}

export interface SessionTable {
  /** sha256 (hex) of the session token: the token itself is never stored. */
  id: string;
  user_id: string;
  /** Sent back in `x-csrf-token` with every mutating request made with this session. */
  csrf_token: string;
  created_at: string;
  /** Sliding: pushed forward (at most once a minute) while the session is used. */
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  ip: string | null;
}

export interface ApiKeyTable {
  /** `key_` + 16 hex; also the middle part of the key `smk_<hex>_<secret>`. */
  id: string;
  label: string;
  role: string;
  warehouses: string | null;
  source: string | null;
  /** sha256 (hex) of the secret. */
  secret_hash: string;
  created_at: string;
  created_by: string;
  /** Recorded at most once a minute per key and process. */
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

/* Exceptions, their steps, owners per type and the webhook outbox (migration 0007-exceptions, src/exceptions), merged into Database above. */
export interface Database {
  exceptions: ExceptionTable;
  exception_steps: ExceptionStepTable;
  exception_owners: ExceptionOwnerTable;
  exception_notifications: ExceptionNotificationTable;
}

export interface ExceptionTable {
  id: string;
  type: string;
  /** 'low' | 'medium' | 'high' | 'critical' */
  severity: string;
  /** 'open' | 'acknowledged' | 'resolved' */
  state: string;
  warehouse_id: string | null;
  sku_id: string | null;
  subject: string;
  /** `type|warehouse|sku|subject` */
  fingerprint: string;
  /** = fingerprint while unresolved, NULL once resolved (unique: one unresolved per fingerprint). */
  active_fingerprint: string | null;
  title: string;
  message: string;
  evidence_href: string;
  evidence_facts: string; // JSON object
  owner_team: string;
  owner_contact: string | null;
  /** 'warehouse' | 'type' */
  owner_from: string;
  assignee: string | null;
  count: number;
  detected_at: string;
  last_seen_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  escalated_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  /** 'manual' | 'auto' */
  resolution: string | null;
}

export interface ExceptionStepTable {
  seq: import('kysely').Generated<number>;
  exception_id: string;
  at: string;
  actor: string;
  /** 'opened' | 'assigned' | 'acknowledged' | 'escalated' | 'resolved' */
  action: string;
  note: string | null;
}

export interface ExceptionOwnerTable {
  type: string;
  team: string;
  escalation_contact: string | null;
  /** 'warehouse' | 'type' */
  route_to: string;
  escalate_after_minutes: number;
  updated_at: string;
  updated_by: string;
}

export interface ExceptionNotificationTable {
  /** Delivery id (sent as X-Stockmesh-Delivery): receivers de-duplicate on it. */
  id: string;
  exception_id: string;
  /** 'opened' | 'escalated' | 'resolved' */
  kind: string;
  body: string; // JSON, sent byte for byte
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  /** A deliverer holds the row until then (two processes never send one row at once). */
  lease_until: string | null;
  delivered_at: string | null;
  last_error: string | null;
}
