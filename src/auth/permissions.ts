/**
 * Every permission a route may require. A route declares exactly one (`config.permission` in its
 * Fastify route options) or `'public'` (health probes, the OpenAPI document, login, and the
 * inbound endpoints that check their own signatures). A route without a declaration is refused
 * at start-up, so no route is ever open by omission.
 */
export const PERMISSIONS = [
  'inventory:read', // global view, lots, ATP
  'masterdata:read', // SKUs, aliases, units, status maps, warehouses and their owners
  'masterdata:write', // create, change, delete, bulk import
  'events:ingest', // push events (connector accounts: only for their own source and warehouse)
  'events:read', // sources, gaps, dead letters, drift
  'events:replay', // replay or discard dead letters
  'orders:read', // orders with allocation and explanation, holds, backorders
  'orders:submit', // submit an order
  'orders:cancel', // cancel an order (releases its holds)
  'allocation:override', // override an allocation decision
  'holds:release', // release a hold by hand
  'connectors:read', // connectors' live state
  'exceptions:read',
  'exceptions:act', // assign, acknowledge, resolve
  'kpis:read',
  'audit:read', // read and verify the audit trail
  'users:manage', // users, roles, API keys
  'metrics:read', // Prometheus metrics
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * What a route declares: one permission; `'public'` (no credentials needed); or `'authenticated'`
 * (any valid credentials, whatever the role: who am I, sign out).
 */
export type RoutePermission = Permission | 'public' | 'authenticated';

export const isPermission = (s: string): s is Permission => (PERMISSIONS as readonly string[]).includes(s);
