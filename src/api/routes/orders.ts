import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { StockmeshError } from '../../domain/index.ts';
import { OrderService, type OrdersConfig } from '../../orders/index.ts';
import { backorderSchema, holdSchema, orderSchema, orderWithHoldsSchema } from '../order-schemas.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemOf, problemSchema, sendProblem, toProblem } from '../problem-details.ts';
import { actorOf, canSeeWarehouse, warehouseScope } from '../request-scope.ts';
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
    const errors = { '4xx': problemSchema, '5xx': problemSchema } as const;
    const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
    app.post(
      '/api/orders',
      {
        config: { permission: 'orders:submit' },
        schema: {
          summary: 'Submit an order',
          description: 'Validates, allocates and reserves atomically (docs/orders.md): 201 a new order, 200 the same id and body again (the stored allocation), 409 `ORDER_ID_REUSED` for the same id with another body.',
          body: orderBody,
          response: { 200: orderSchema, 201: orderSchema, ...errors },
        },
      },
      async (req, reply) => {
      try {
        // A new order's audit entry commits with its reservation (docs/audit.md, "Atomicity").
        const r = await orders.submit(req.body, { actor: actorOf(req), via: 'api', requestId: String(req.id) });
        return reply.code(r.created ? 201 : 200).send(r.order);
      } catch (err) {
        return fail(req, reply, err);
      }
    },
    );
    app.get<{ Params: { id: string } }>(
      '/api/orders/:id',
      { config: { permission: 'orders:read' }, schema: { summary: 'Read an order with its allocation, explanation and holds', params: idParams, response: { 200: orderWithHoldsSchema, ...errors } } },
      async (req, reply) => {
      const o = await orders.get(req.params.id);
      const seen = o ? visibleOrder(req, o, await orders.holds(o.id)) : undefined;
      if (!seen) return fail(req, reply, new StockmeshError('NOT_FOUND', `no order "${req.params.id}"`));
      return seen;
    },
    );
    app.post<{ Params: { id: string } }>(
      '/api/orders/:id/cancel',
      { config: { permission: 'orders:cancel' }, schema: { summary: 'Cancel an order (releases its holds)', params: idParams, response: { 200: orderSchema, ...errors } } },
      async (req, reply) => {
      try {
        if (warehouseScope(req) !== null) {
          const before = await orders.get(req.params.id);
          if (!before || !visibleOrder(req, before, await orders.holds(before.id))) throw new StockmeshError('NOT_FOUND', `no order "${req.params.id}"`);
        }
        // The cancel and its audit entry commit together (docs/audit.md, "Atomicity").
        return await orders.cancel(req.params.id, { actor: actorOf(req), via: 'api', requestId: String(req.id) });
      } catch (err) {
        return fail(req, reply, err);
      }
    },
    );
    app.get<{ Querystring: PageQuery & { order?: string } }>(
      '/api/holds',
      {
        config: { permission: 'orders:read' },
        schema: {
          summary: 'List holds (reservations), oldest first',
          querystring: { type: 'object', additionalProperties: false, properties: { order: { type: 'string' }, ...pageQueryProperties } },
          response: { 200: pageSchema(holdSchema), ...errors },
        },
      },
      async (req) => {
        const { order, limit, offset } = req.query;
        const scope = warehouseScope(req);
        return toPage(await orders.holds(order, { warehouses: scope ? [...scope] : null, limit: limit + 1, offset }), { limit, offset });
      },
    );
    app.get<{ Querystring: PageQuery }>(
      '/api/backorders',
      {
        config: { permission: 'orders:read' },
        schema: {
          summary: 'The backorder queue (open, by priority then age)',
          querystring: { type: 'object', additionalProperties: false, properties: { ...pageQueryProperties } },
          response: { 200: pageSchema(backorderSchema), ...errors },
        },
      },
      async (req) => {
      const { limit, offset } = req.query;
      if (warehouseScope(req) === null) return toPage(await orders.backorders('open', { limit: limit + 1, offset }), { limit, offset });
      const all = await orders.backorders();
      // A scoped caller sees the backorders of the orders it may see (partly allocated from its warehouses).
      const items = [];
      for (const b of all) {
        const o = await orders.get(b.orderId);
        if (o && visibleOrder(req, o, await orders.holds(o.id))) items.push(b);
      }
      return toPage(items.slice(offset, offset + limit + 1), { limit, offset });
    },
    );
  };
}
