import type { FastifyRequest } from 'fastify';
import { problem, StockmeshError } from '../domain/index.ts';
import type { Principal, RoutePermission } from '../auth/index.ts';
import { actorName, submitRefusal } from '../auth/index.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route requires (see src/auth/permissions.ts). Required on every route. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes (they never look at credentials). */
    principal: Principal | null;
  }
}

/** Warehouses the caller may see: null = all. */
export const warehouseScope = (req: FastifyRequest): ReadonlySet<string> | null => {
  const w = req.principal?.warehouses;
  return w ? new Set(w) : null;
};

/** True when the caller may see `warehouseId`. */
export const canSeeWarehouse = (req: FastifyRequest, warehouseId: string): boolean => {
  const scope = warehouseScope(req);
  return scope === null || scope.has(warehouseId);
};

/**
 * Throws NOT_FOUND (never 403: ids must not be probeable) when `warehouseId` is outside the
 * caller's scope. `what` names the thing in the message, e.g. `order ORD-1`.
 */
export function assertWarehouseVisible(req: FastifyRequest, warehouseId: string, what: string): void {
  if (!canSeeWarehouse(req, warehouseId)) throw new StockmeshError('NOT_FOUND', `${what} not found`);
}

/** The audit trail's name for the caller (`user:alice`, `key:…`), or `anonymous`. */
export const actorOf = (req: FastifyRequest): string => (req.principal ? actorName(req.principal) : 'anonymous');

/**
 * True when the caller may see a source system reporting for `sourceWarehouses`: an unscoped
 * caller sees every source; a scoped one only sources all of whose warehouses are in its scope
 * (a source's counters would otherwise tell about other warehouses). A source with no warehouse
 * (no longer in master data) is visible to unscoped callers only.
 */
export const sourceVisible = (req: FastifyRequest, sourceWarehouses: readonly string[]): boolean => {
  const scope = warehouseScope(req);
  return scope === null || (sourceWarehouses.length > 0 && sourceWarehouses.every((w) => scope.has(w)));
};

/**
 * Throws FORBIDDEN unless the caller may push an event of `source` for `warehouse`: a connector
 * key only for its own source and warehouses, any other caller only inside its warehouse scope.
 * Call it for every event of a batch before accepting any (the route already requires
 * `events:ingest`). `where` names the event in the message, e.g. `events[3]`.
 */
export function assertMaySubmitFor(req: FastifyRequest, source: string, warehouse: string, where?: string): void {
  const p = req.principal;
  if (!p) return; // a route without authentication (tests building a bare app): nothing to check
  const refusal = submitRefusal(p, source, warehouse);
  if (refusal !== null) {
    const message = `${where ? `${where}: ` : ''}${refusal}`;
    throw new StockmeshError('FORBIDDEN', message, [problem('FORBIDDEN', message, where)]);
  }
}

/**
 * An order as the caller may see it: for a warehouse-scoped caller only the allocation lines of
 * its warehouses and no explanation (the explanation compares every warehouse's candidates);
 * unscoped callers get it unchanged. Which orders a scoped caller may see at all is the listing's
 * business (those holding, or having held, stock in its warehouses).
 */
export function scopeOrderView<O extends { readonly allocation: readonly { readonly warehouse: string }[]; readonly explanation: unknown }>(req: FastifyRequest, o: O): O {
  if (warehouseScope(req) === null) return o;
  return { ...o, allocation: o.allocation.filter((l) => canSeeWarehouse(req, l.warehouse)), explanation: null };
}
