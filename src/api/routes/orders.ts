import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { StockmeshError } from '../../domain/index.ts';
import { OrderService, type OrdersConfig } from '../../orders/index.ts';
import { problemOf, sendProblem, toProblem } from '../problem-details.ts';
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

/**
 * Orders: submit (201 new, 200 the same id and body again, 409 the same id with another body),
 * read with allocation and explanation, cancel, holds of an order, the backorder queue.
 */
export function orderRoutes(opts: { orders?: OrderService | undefined; config?: Partial<OrdersConfig> | undefined } = {}): FastifyPluginAsync<RouteDeps> {
  return async (app, { hub }) => {
    const orders = opts.orders ?? new OrderService({ store: hub.store, masterData: hub.masterData, config: opts.config });
    app.post('/api/orders', { schema: { body: orderBody } }, async (req, reply) => {
      try {
        const r = await orders.submit(req.body);
        return reply.code(r.created ? 201 : 200).send(r.order);
      } catch (err) {
        return fail(req, reply, err);
      }
    });
    app.get<{ Params: { id: string } }>('/api/orders/:id', async (req, reply) => {
      const o = await orders.get(req.params.id);
      if (!o) return fail(req, reply, new StockmeshError('NOT_FOUND', `no order "${req.params.id}"`));
      return { ...o, holds: await orders.holds(o.id) };
    });
    app.post<{ Params: { id: string } }>('/api/orders/:id/cancel', async (req, reply) => {
      try {
        return await orders.cancel(req.params.id);
      } catch (err) {
        return fail(req, reply, err);
      }
    });
    app.get<{ Querystring: { order?: string } }>(
      '/api/holds',
      { schema: { querystring: { type: 'object', additionalProperties: false, properties: { order: { type: 'string' } } } } },
      async (req) => ({ items: await orders.holds(req.query.order) }),
    );
    app.get('/api/backorders', async () => ({ items: await orders.backorders() }));
  };
}
