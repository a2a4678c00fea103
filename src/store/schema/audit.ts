/** The hash-chained audit trail (migration 0006-audit, src/audit): part of `Database` (../schema.ts). */
export interface AuditDatabase {
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
