import type { ApiKeyTable, UserTable } from '../store/index.ts';
import type { ApiKey, User } from './account-types.ts';
import type { Principal, Role } from './principal.ts';
import { permissionsOf } from './roles.ts';

/** Store rows ↔ what the API shows, and the principal an account acts as. */
export const parseList = (s: string | null): string[] | null => (s === null ? null : (JSON.parse(s) as string[]));
export const listText = (w: readonly string[] | null): string | null => (w === null ? null : JSON.stringify([...new Set(w)].sort()));

export const toUser = (r: UserTable): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  warehouses: parseList(r.warehouses),
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toKey = (r: ApiKeyTable): ApiKey => ({
  id: r.id,
  label: r.label,
  role: r.role as Role,
  warehouses: parseList(r.warehouses),
  source: r.source,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export const userPrincipal = (u: User): Principal => ({
  kind: 'user',
  id: u.id,
  name: u.username,
  role: u.role,
  warehouses: u.warehouses,
  source: null,
  permissions: permissionsOf(u.role),
});

export const keyPrincipal = (k: ApiKey): Principal => ({
  kind: 'key',
  id: k.id,
  name: k.label,
  role: k.role,
  warehouses: k.warehouses,
  source: k.source,
  permissions: permissionsOf(k.role),
});
