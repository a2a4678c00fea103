import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../../audit/index.ts';
import { problem, StockmeshError } from '../../domain/index.ts';
import { listHolds } from '../../ledger/index.ts';
import type { OrderService } from '../../orders/index.ts';
import { holdSchema, orderSchema } from '../order-schemas.ts';
import { problemSchema } from '../problem-details.ts';
import { actorOf, canSeeWarehouse } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

/** `POST /api/holds/:id/release`: release one hold by hand (permission `holds:release`). */
export function holdRoutes(opts: { orders: OrderService }): FastifyPluginAsync<RouteDeps> {
  return async (app, { hub }) => {
    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      '/api/holds/:id/release',
      {
        config: { permission: 'holds:release' },
        // The body is optional: no body is the same as `{}`.
        preValidation: async (req) => {
          if (req.body === undefined || req.body === null) req.body = {};
        },
        schema: {
          summary: 'Release a hold by hand',
          description:
            "Releases a pending or confirmed hold: its stock is available to promise again, and the order gives that quantity up (it becomes unfilled with reason `HOLD_RELEASED` and goes back on the backorder queue; cancel the order instead if it must not be re-sourced). A hold already resolved is 409 `HOLD_CLOSED`.",
          params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 600 } } },
          body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500, description: 'why (kept in the audit trail)' } } },
          response: {
            200: { type: 'object', required: ['hold', 'order'], properties: { hold: holdSchema, order: { anyOf: [orderSchema, { type: 'null' }] } } },
            '4xx': problemSchema,
            '5xx': problemSchema,
          },
        },
      },
      async (req) => {
        const id = req.params.id;
        const [before] = await listHolds(hub.store.db, { holdId: id });
        // Outside the caller's warehouses a hold does not exist (ids are not probeable).
        if (!before || !canSeeWarehouse(req, before.warehouse)) throw new StockmeshError('NOT_FOUND', `no hold "${id}"`, [problem('NOT_FOUND', `no hold "${id}"`, 'id')]);
        const actor = actorOf(req);
        const r = await opts.orders.releaseHold(id, actor);
        app.metrics.holdsReleased.inc({ by: 'hand' });
        await recordAudit(hub.store.db, {
          actor,
          via: 'api',
          action: 'hold.release',
          target: { kind: 'hold', id },
          warehouse: before.warehouse,
          before: { hold: before },
          after: { hold: r.hold, orderState: r.order?.state ?? null, reason: req.body?.reason ?? null },
          requestId: String(req.id),
        });
        return r;
      },
    );
  };
}
