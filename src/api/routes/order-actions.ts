import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../audit/index.ts';
import { problem, StockmeshError } from '../../domain/index.ts';
import type { OrderService, OrderState } from '../../orders/index.ts';
import { holdSchema, orderSchema } from '../order-schemas.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema, sendProblem, toProblem } from '../problem-details.ts';
import { actorOf, warehouseScope, scopeOrderView } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

interface OrderListQuery extends PageQuery {
  readonly status?: OrderState;
  readonly from?: string;
  readonly to?: string;
}

interface OverrideBody {
  readonly warehouse: string;
  readonly reason: string;
}

/** An ISO-8601 date or date-time as a UTC instant (`YYYY-MM-DD` = its midnight UTC), or an INVALID_ARGUMENT naming `where`. */
function instant(s: string | undefined, where: string): string | undefined {
  if (s === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(s) ? Date.parse(s) : Number.NaN;
  if (Number.isNaN(t)) {
    const msg = `${where} must be an ISO-8601 date or date-time, got "${s}"`;
    throw new StockmeshError('INVALID_ARGUMENT', msg, [problem('INVALID_ARGUMENT', msg, where)]);
  }
  return new Date(t).toISOString();
}

/** Answers expected refusals (409/422 …) as problems; lets server errors reach the error handler. */
function fail(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const p = toProblem(err);
  if (p.status >= 500) throw err;
  return sendProblem(reply, req, p);
}

/** The order list and allocation overrides. */
export function orderActionRoutes(opts: { orders: OrderService }): FastifyPluginAsync<RouteDeps> {
  return async (app, { hub }) => {
    const { orders } = opts;
    app.get<{ Querystring: OrderListQuery }>(
      '/api/orders',
      {
        config: { permission: 'orders:read' },
        schema: {
          summary: 'List orders',
          description:
            'Orders newest first, with their allocation and explanation. `from`/`to` bound the creation time (`from` inclusive, `to` exclusive; a date means its midnight UTC). A warehouse-scoped caller sees the orders that hold (or held) stock in its warehouses.',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status: { type: 'string', enum: ['allocated', 'partial', 'backordered', 'accepted', 'cancelled'] },
              from: { type: 'string', maxLength: 40, description: 'created at or after (ISO-8601)' },
              to: { type: 'string', maxLength: 40, description: 'created before (ISO-8601)' },
              ...pageQueryProperties,
            },
          },
          response: { 200: pageSchema(orderSchema), '4xx': problemSchema, '5xx': problemSchema },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = warehouseScope(req);
        const rows = await orders.list({
          state: q.status,
          from: instant(q.from, 'from'),
          to: instant(q.to, 'to'),
          warehouses: scope ? [...scope] : null,
          limit: q.limit + 1,
          offset: q.offset,
        });
        // Scoped callers: only their warehouses' allocation lines, no explanation (request-scope.ts).
        return toPage(rows.map((o) => scopeOrderView(req, o)), q);
      },
    );

    app.post<{ Params: { id: string }; Body: OverrideBody }>(
      '/api/orders/:id/override',
      {
        config: { permission: 'allocation:override' },
        schema: {
          summary: "Override an order's allocation",
          description:
            "Re-allocates the order's open lines (what its active holds still reserve plus what is unfilled) from the named warehouse, atomically: its holds are released and new ones placed there, or — when that warehouse lacks ATP or eligibility (storage, hazmat, shelf life, capacity, active) for any line — nothing changes and the answer is 409 `OVERRIDE_REFUSED` with one problem per SKU. The reason is kept in the audit trail. A warehouse-scoped caller may only override to, and only orders held in, its own warehouses.",
          params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } },
          body: {
            type: 'object',
            required: ['warehouse', 'reason'],
            additionalProperties: false,
            properties: {
              warehouse: { type: 'string', minLength: 1, maxLength: 200, description: 'the warehouse to take every open line from' },
              reason: { type: 'string', minLength: 1, maxLength: 500, description: 'why (kept in the audit trail)' },
            },
          },
          response: {
            200: {
              type: 'object',
              required: ['order', 'released', 'placed', 'reason'],
              properties: {
                order: orderSchema,
                released: { type: 'array', items: holdSchema },
                placed: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'warehouse', 'sku', 'lot', 'qty'],
                    properties: { id: { type: 'string' }, warehouse: { type: 'string' }, sku: { type: 'string' }, lot: { type: 'string' }, qty: { type: 'integer' } },
                  },
                },
                reason: { type: 'string' },
              },
            },
            '4xx': problemSchema,
            '5xx': problemSchema,
          },
        },
      },
      async (req, reply) => {
        const { id } = req.params;
        const scope = warehouseScope(req);
        const notFound = new StockmeshError('NOT_FOUND', `no order "${id}"`, [problem('NOT_FOUND', `no order "${id}"`, 'id')]);
        const before = await orders.get(id);
        if (!before) return fail(req, reply, notFound);
        if (scope !== null) {
          // Scoped callers: the order must be theirs (held in one of their warehouses) and so must the target.
          const held = await orders.holds(id, { warehouses: [...scope], limit: 1 });
          if (held.length === 0) return fail(req, reply, notFound);
          if (!scope.has(req.body.warehouse)) {
            const msg = `warehouse "${req.body.warehouse}" is not in master data`;
            return fail(req, reply, new StockmeshError('UNKNOWN_WAREHOUSE', msg, [problem('UNKNOWN_WAREHOUSE', msg, 'warehouse')]));
          }
        }
        const actor = actorOf(req);
        try {
          const r = await orders.override(id, { warehouse: req.body.warehouse, reason: req.body.reason, by: actor });
          app.metrics.overrides.inc({ outcome: 'applied' });
          if (r.released.length > 0) app.metrics.holdsReleased.inc({ by: 'override' }, r.released.length);
          await recordAudit(hub.store.db, {
            actor,
            via: 'api',
            action: 'order.override',
            target: { kind: 'order', id },
            warehouse: req.body.warehouse,
            before: { state: before.state, allocation: before.allocation, unfilled: before.unfilled },
            after: { state: r.order.state, allocation: r.order.allocation, released: r.released.map((h) => h.id), placed: r.placed.map((h) => h.id), reason: req.body.reason },
            requestId: String(req.id),
          });
          return r;
        } catch (err) {
          if (err instanceof StockmeshError && err.code === 'OVERRIDE_REFUSED') app.metrics.overrides.inc({ outcome: 'refused' });
          return fail(req, reply, err);
        }
      },
    );
  };
}
