import type { Generated } from 'kysely';

/** Exceptions, their steps, owners per type and the webhook outbox (migration 0007-exceptions, src/exceptions): part of `Database` (../schema.ts). */
export interface ExceptionsDatabase {
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
  seq: Generated<number>;
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
