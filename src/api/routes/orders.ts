import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { StockmeshError } from '../../domain/index.ts';
import { OrderService, type OrdersConfig } from '../../orders/index.ts';
import { problemOf, sendProblem, toProblem } from '../problem-details.ts';
import { canSeeWarehouse, warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const orderBody = {
  type: 'object',
  required: ['id', 'destination', 'lines'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    channel: { type: 'string' },
    destination: {
      type: 'object',
      properties: { region: { type: 'string' }, lat: { type: 'number' }, lon: { type: 'number' }, postalCode: { type: 'string' } },
      additionalProperties: false,
    },
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['sku', 'qty'],
        properties: { sku: { type: 'string' }, qty: { type: ['number', 'string'] }, unit: { type: 'string' } },
        additionalProperties: false,
      },
    },
    promisedHours: { type: 'number', minimum: 0 },
    serviceLevel: { type: 'string' },
    priority: { type: 'integer' },
  },
  additionalProperties: false,
} as const;

/** Catalogue codes of this area answered with their own HTTP status. */
const STATUS: Record<string, number> = { ORDER_ID_REUSED: 409, ORDER_CLOSED: 409, UNKNOWN_DESTINATION: 422 };

function fail(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof StockmeshError && STATUS[err.code] !== undefined) return sendProblem(reply, req, problemOf(err.code, err.message, err.problems, STATUS[err.code]));
  const p = toProblem(err);
  if (p.status >= 500) throw err;
  return sendProblem(reply, req, p);
}

type Hold = Awaited<ReturnType<OrderService['holds']>>[number];
type Stored = NonNullable<Awaited<ReturnType<OrderService['get']>>>;

/**
 * What a caller sees of an order: unscoped callers all of it; a warehouse-scoped caller only an
 * order allocated from (or holding stock in) one of its warehouses, with only those allocation
 * lines and holds, and without the explanation (it compares every warehouse). Undefined = the
 * order is invisible to the caller and is answered as not found.
 */
function visibleOrder(req: FastifyRequest, o: Stored, holds: readonly Hold[]): (Stored & { holds: Hold[] }) | undefined {
  if (warehouseScope(req) === null) return { ...o, holds: [...holds] };
  const allocation = o.allocation.filter((l) => canSeeWarehouse(req, l.warehouse));
  const mine = holds.filter((h) => canSeeWarehouse(req, h.warehouse));
  if (allocation.length === 0 && mine.length === 0) return undefined;
  return { ...o, allocation, holds: mine, explanation: null };
}

/**
 * Orders: submit (201 new, 200 the same id and body again, 409 the same id with another body),
 * read with allocation and explanation, cancel, holds of an order, the backorder queue.
 */
export function orderRoutes(opts: { orders?: OrderService | undefined; config?: Partial<OrdersConfig> | undefined } = {}): FastifyPluginAsync<RouteDeps> {
  return async (app, { hub }) => {
    const orders = opts.orders ?? new OrderService({ store: hub.store, masterData: hub.masterData, config: opts.config });
    app.post('/api/orders', { config: { permission: 'orders:submit' }, schema: { body: orderBody } }, async (req, reply) => {
      try {
        const r = await orders.submit(req.body);
        return reply.code(r.created ? 201 : 200).send(r.order);
      } catch (err) {
        return fail(req, reply, err);
      }
    });
    app.get<{ Params: { id: string } }>('/api/orders/:id', { config: { permission: 'orders:read' } }, async (req, reply) => {
      const o = await orders.get(req.params.id);
      const seen = o ? visibleOrder(req, o, await orders.holds(o.id)) : undefined;
      if (!seen) return fail(req, reply, new StockmeshError('NOT_FOUND', `no order "${req.params.id}"`));
      return seen;
    });
    app.post<{ Params: { id: string } }>('/api/orders/:id/cancel', { config: { permission: 'orders:cancel' } }, async (req, reply) => {
      try {
        if (warehouseScope(req) !== null) {
          const o = await orders.get(req.params.id);
          if (!o || !visibleOrder(req, o, await orders.holds(o.id))) throw new StockmeshError('NOT_FOUND', `no order "${req.params.id}"`);
        }
        return await orders.cancel(req.params.id);
      } catch (err) {
        return fail(req, reply, err);
      }
    });
    app.get<{ Querystring: { order?: string } }>(
      '/api/holds',
      { config: { permission: 'orders:read' }, schema: { querystring: { type: 'object', additionalProperties: false, properties: { order: { type: 'string' } } } } },
      async (req) => ({ items: (await orders.holds(req.query.order)).filter((h) => canSeeWarehouse(req, h.warehouse)) }),
    );
    app.get('/api/backorders', { config: { permission: 'orders:read' } }, async (req) => {
      const all = await orders.backorders();
      if (warehouseScope(req) === null) return { items: all };
      // A scoped caller sees the backorders of the orders it may see (partly allocated from its warehouses).
      const items = [];
      for (const b of all) {
        const o = await orders.get(b.orderId);
        if (o && visibleOrder(req, o, await orders.holds(o.id))) items.push(b);
      }
      return { items };
    });
  };
}
