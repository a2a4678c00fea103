import type { Permission } from './permissions.ts';

export const ROLES = ['admin', 'operations', 'planner', 'warehouse_manager', 'viewer', 'connector'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling: a signed-in user (session) or a system (API key). Routes read it from
 * `request.principal`; it is never null on a route that is not public.
 */
export interface Principal {
  readonly kind: 'user' | 'key';
  /** `usr_…` or `key_…`. */
  readonly id: string;
  /** User name, or the key's label. */
  readonly name: string;
  readonly role: Role;
  /**
   * Warehouses this principal may see and change; `null` = every warehouse. A warehouse manager
   * and a connector account are always scoped. Data of other warehouses is answered as if it did
   * not exist (404, absent from lists), never as 403, so ids cannot be probed.
   */
  readonly warehouses: readonly string[] | null;
  /** A connector account's own source system (it may push events only for it); else null. */
  readonly source: string | null;
  readonly permissions: ReadonlySet<Permission>;
}

/** How the audit trail names a principal: `user:alice`, `key:key_01…(wms-sha)`, or `cli:<os user>`. */
export const actorName = (p: Principal): string => (p.kind === 'user' ? `user:${p.name}` : `key:${p.id}(${p.name})`);
