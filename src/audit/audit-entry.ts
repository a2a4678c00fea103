/** How a change reached the hub. */
export type AuditVia = 'api' | 'cli';

export const AUDIT_VIAS: readonly AuditVia[] = ['api', 'cli'];

/** What a change was made to: a kind of thing and its id (`sku` + `SKU-1`, `order` + `ORD-7`). */
export interface AuditTarget {
  readonly kind: string;
  readonly id: string;
}

/** A change to record: who, how, what, to what, and the state before and after. */
export interface AuditInput {
  /** `user:alice`, `key:key_…(label)` (`actorOf(req)` in the API), `cli:<os user>` (`cliActor()`). */
  readonly actor: string;
  readonly via: AuditVia;
  /** Dotted name of the change: `masterdata.sku.update`, `order.submit`, `key.revoke`, … */
  readonly action: string;
  readonly target: AuditTarget;
  /** The warehouse the change concerns, so warehouse-scoped readers see it; null/absent = network-wide. */
  readonly warehouse?: string | null | undefined;
  /** The state before the change (JSON-serialisable); null/absent for a creation. */
  readonly before?: unknown;
  /** The state after the change (JSON-serialisable); null/absent for a deletion. */
  readonly after?: unknown;
  /** The HTTP request id, when the change came through the API. */
  readonly requestId?: string | null | undefined;
  /** When the change happened (ISO-8601); default now. */
  readonly at?: string | undefined;
}

/** One entry of the audit trail as stored and chained. */
export interface AuditEntry {
  /** Place in the chain, from 1, without gaps. */
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly via: AuditVia;
  readonly action: string;
  readonly target: AuditTarget;
  readonly warehouse: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
  /** Hash of the entry before it (the genesis hash for entry 1). */
  readonly prevHash: string;
  /** sha-256 over `prevHash` and this entry's fields (docs/audit.md, "Hash recipe"). */
  readonly hash: string;
}
