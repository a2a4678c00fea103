import type { FastifyRequest } from 'fastify';
import { StockmeshError } from '../domain/index.ts';
import type { Principal, RoutePermission } from '../auth/index.ts';
import { actorName } from '../auth/index.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route requires (see src/auth/permissions.ts). Required on every route. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** The authenticated caller; null only on public routes called without credentials. */
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
