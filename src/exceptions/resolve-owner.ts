import type { ExceptionOwner, ExceptionType, TypeOwner } from './exception-types.ts';

/** A warehouse's own ownership (master data). */
export interface WarehouseOwner {
  readonly id: string;
  readonly ownerTeam: string;
  readonly escalationContact: string | null;
}

/** Fallback when a type has no owner row (never after the migration's seed, unless deleted). */
const NOBODY: ExceptionOwner = { team: 'operations', escalationContact: null, from: 'type' };

/**
 * Who owns an exception: with `routeTo: 'warehouse'` and a known warehouse, that warehouse's team
 * and escalation contact (its contact falling back to the type's); otherwise the type's own row.
 */
export function resolveOwner(
  type: ExceptionType,
  warehouse: string | null,
  owners: ReadonlyMap<string, TypeOwner>,
  warehouses: ReadonlyMap<string, WarehouseOwner>,
): ExceptionOwner {
  const row = owners.get(type);
  const w = warehouse === null ? undefined : warehouses.get(warehouse);
  if (row?.routeTo === 'warehouse' && w) return { team: w.ownerTeam, escalationContact: w.escalationContact ?? row.escalationContact, from: 'warehouse' };
  if (!row) return w ? { team: w.ownerTeam, escalationContact: w.escalationContact, from: 'warehouse' } : NOBODY;
  return { team: row.team, escalationContact: row.escalationContact, from: 'type' };
}
