import { type Problem, problem } from '../domain/index.ts';
import type { Principal, Role } from './principal.ts';
import { ROLES } from './principal.ts';

/** The role and reach of a user or API key as asked for. */
export interface AccountScope {
  readonly role: string;
  /** null = every warehouse. */
  readonly warehouses: readonly string[] | null;
  /** Connector keys only: the source system it speaks for. */
  readonly source: string | null;
}

/** What the rules need to know of master data. */
export interface ScopeLookup {
  hasWarehouse(id: string): boolean;
  /** The warehouses a source reports for; undefined when the source is unknown. */
  sourceWarehouses(id: string): readonly string[] | undefined;
}

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/**
 * Everything wrong with an account's role, warehouses and source, one problem each (empty = fine):
 * a warehouse manager names at least one warehouse, and no account has an empty scope; a connector is an API key naming a known
 * source and only warehouses that source reports for; an admin is never scoped; only a connector
 * names a source; every warehouse exists.
 */
export function scopeProblems(kind: 'user' | 'key', s: AccountScope, md: ScopeLookup): Problem[] {
  const out: Problem[] = [];
  if (!isRole(s.role)) return [problem('INVALID_ARGUMENT', `role must be one of ${ROLES.join(', ')} (got "${s.role}")`, 'role')];
  const role = s.role;
  if (kind === 'user' && role === 'connector') out.push(problem('INVALID_ARGUMENT', 'connector accounts are API keys, not users: use `stockmesh keys create --role connector`', 'role'));
  if (role === 'admin' && s.warehouses !== null) out.push(problem('INVALID_ARGUMENT', 'an admin is never scoped to warehouses', 'warehouses'));
  if ((role === 'warehouse_manager' || role === 'connector') && (s.warehouses === null || s.warehouses.length === 0)) {
    out.push(problem('INVALID_ARGUMENT', `a ${role} must be scoped to at least one warehouse`, 'warehouses'));
  } else if (s.warehouses !== null && s.warehouses.length === 0) {
    // An empty scope would read as "no filter" to every list that filters by a warehouse list.
    out.push(problem('INVALID_ARGUMENT', 'warehouses must name at least one warehouse, or be left out for every warehouse', 'warehouses'));
  }
  for (const w of s.warehouses ?? []) if (!md.hasWarehouse(w)) out.push(problem('UNKNOWN_WAREHOUSE', `warehouse "${w}" is not in master data`, 'warehouses'));
  if (role !== 'connector' && s.source !== null) out.push(problem('INVALID_ARGUMENT', 'only a connector key names a source', 'source'));
  if (role === 'connector') {
    if (s.source === null) out.push(problem('INVALID_ARGUMENT', 'a connector key must name its source', 'source'));
    else {
      const reach = md.sourceWarehouses(s.source);
      if (reach === undefined) out.push(problem('UNKNOWN_SOURCE', `source "${s.source}" is not in master data`, 'source'));
      else for (const w of s.warehouses ?? []) if (md.hasWarehouse(w) && !reach.includes(w)) out.push(problem('SOURCE_NOT_ALLOWED', `source "${s.source}" does not report for warehouse "${w}"`, 'warehouses'));
    }
  }
  return out;
}

/**
 * Why `p` may not push an event of `source` for `warehouse`, or null when it may. A connector key
 * may push only for its own source and warehouses; any other principal (it needs `events:ingest`)
 * only for warehouses in its scope.
 */
export function submitRefusal(p: Principal, source: string, warehouse: string): string | null {
  if (p.source !== null && p.source !== source) return `this key speaks for source "${p.source}", not "${source}"`;
  if (p.role === 'connector' && p.source === null) return 'this connector key names no source';
  if (p.warehouses !== null && !p.warehouses.includes(warehouse)) return `this ${p.kind === 'key' ? 'key' : 'account'} may not push events for warehouse "${warehouse}"`;
  return null;
}
