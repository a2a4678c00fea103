import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { AuditEntry } from './audit-entry.ts';
import { rowToEntry } from './audit-rows.ts';

/** Which entries to list. Every filter given must hold (AND). */
export interface AuditFilter {
  /** Exact actor, e.g. `user:alice`. */
  readonly actor?: string | undefined;
  /** Exact action (`masterdata.sku.update`), or a prefix ending in `*` (`masterdata.*`). */
  readonly action?: string | undefined;
  /** Target kind (`sku`), or kind and id (`sku:SKU-1`). */
  readonly target?: string | undefined;
  /** Entries at or after this ISO time. */
  readonly from?: string | undefined;
  /** Entries before this ISO time. */
  readonly to?: string | undefined;
  /**
   * Only entries of these warehouses (a warehouse-scoped reader); network-wide entries (no
   * warehouse) are then left out. Null/absent = every entry.
   */
  readonly warehouses?: ReadonlySet<string> | null | undefined;
  /** Newest first (default) or oldest first. */
  readonly order?: 'newest' | 'oldest' | undefined;
  readonly limit: number;
  readonly offset?: number | undefined;
}

/** One page of the audit trail, filtered; ask for `limit + 1` to learn whether more follow. */
export async function listAudit(db: Kysely<Database>, f: AuditFilter): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
  if (f.action !== undefined) {
    if (f.action.endsWith('*')) {
      const prefix = f.action.slice(0, -1);
      // substr, not LIKE: `_` and `%` in a prefix are literal, and both databases answer the same.
      q = q.where((eb) => eb(eb.fn('substr', ['action', eb.val(1), eb.val(prefix.length)]), '=', prefix));
    } else q = q.where('action', '=', f.action);
  }
  if (f.target !== undefined) {
    const i = f.target.indexOf(':');
    if (i < 0) q = q.where('target_kind', '=', f.target);
    else q = q.where('target_kind', '=', f.target.slice(0, i)).where('target_id', '=', f.target.slice(i + 1));
  }
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  if (f.warehouses) {
    const list = [...f.warehouses];
    if (list.length === 0) return [];
    q = q.where('warehouse_id', 'in', list);
  }
  const rows = await q
    .orderBy('seq', f.order === 'oldest' ? 'asc' : 'desc')
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map(rowToEntry);
}
