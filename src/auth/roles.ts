import { PERMISSIONS, type Permission } from './permissions.ts';
import type { Role } from './principal.ts';

/** Every read permission: what a viewer may do, and what every person role starts from. */
const READS: readonly Permission[] = ['inventory:read', 'masterdata:read', 'events:read', 'orders:read', 'connectors:read', 'exceptions:read', 'kpis:read'];

/**
 * The role → permission matrix: the one place that says who may do what. docs/auth.md shows it
 * as a table (test/auth-roles.unit.test.ts keeps the two in step) and the permission matrix test
 * (test/api-permissions.e2e.test.ts) checks every route against it.
 *
 * - admin: everything.
 * - operations (the operations centre): every read, the audit trail and metrics, replaying dead
 *   letters, submitting and cancelling orders, overriding allocations, releasing holds, acting on
 *   exceptions. Not users or master data.
 * - planner: every read, the audit trail and metrics, submitting and cancelling orders, overriding
 *   allocations, changing master data.
 * - warehouse_manager: every read (always scoped to named warehouses), acting on exceptions and
 *   releasing holds in them. Not the audit trail or metrics: both span every warehouse.
 * - viewer: every read except the audit trail, users and metrics.
 * - connector: pushing events, only for its own source and warehouses.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  operations: [...READS, 'audit:read', 'metrics:read', 'events:replay', 'orders:submit', 'orders:cancel', 'allocation:override', 'holds:release', 'exceptions:act'],
  planner: [...READS, 'audit:read', 'metrics:read', 'orders:submit', 'orders:cancel', 'allocation:override', 'masterdata:write'],
  warehouse_manager: [...READS, 'exceptions:act', 'holds:release'],
  viewer: READS,
  connector: ['events:ingest'],
};

/** What each role is for, in a few words (docs, CLI help, the users API). */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: 'everything, including users, API keys and master data',
  operations: 'operations centre: all reads, audit, metrics, replay, orders, allocation overrides, holds, exceptions',
  planner: 'all reads, audit, metrics, orders, allocation overrides, master data changes',
  warehouse_manager: 'reads, exceptions and holds of its own warehouses only (no audit trail or metrics)',
  viewer: 'read-only (no audit trail, users or metrics)',
  connector: 'a source system: pushes events for its own source and warehouses only',
};

/** Roles whose accounts must name the warehouses they are scoped to. */
export const SCOPED_ROLES: readonly Role[] = ['warehouse_manager', 'connector'];

const sets = new Map<Role, ReadonlySet<Permission>>(Object.entries(ROLE_PERMISSIONS).map(([r, p]) => [r as Role, new Set(p)]));

/** The permissions of a role, as a set. */
export const permissionsOf = (role: Role): ReadonlySet<Permission> => sets.get(role) ?? new Set();

/** True when `role` holds `permission`. */
export const roleAllows = (role: Role, permission: Permission): boolean => permissionsOf(role).has(permission);
