import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../store/index.ts';
import type { ChainRow } from './audit-chain.ts';
import type { AuditEntry, AuditVia } from './audit-entry.ts';

type Row = Selectable<AuditLogTable>;

/** A stored row as the chain check reads it (before/after kept as stored text). */
export const rowToChain = (r: Row): ChainRow => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  via: r.via,
  action: r.action,
  targetKind: r.target_kind,
  targetId: r.target_id,
  warehouse: r.warehouse_id,
  beforeJson: r.before_json,
  afterJson: r.after_json,
  requestId: r.request_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** A stored row as callers read it (before/after parsed). */
export const rowToEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  via: r.via as AuditVia,
  action: r.action,
  target: { kind: r.target_kind, id: r.target_id },
  warehouse: r.warehouse_id,
  before: parse(r.before_json),
  after: parse(r.after_json),
  requestId: r.request_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Stored JSON text back to a value; text that is not JSON (an edited row) is shown as it is. */
function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
