import type { FastifyInstance } from 'fastify';
import type { Hub } from '../../hub/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { canSeeWarehouse } from '../request-scope.ts';
import { transferFlows } from './transfer-flows.ts';

/** `GET /api/live/flows`: transfers between warehouses in the last days, for the network diagram. */
export function registerFlowsRoute(app: FastifyInstance, hub: Hub): void {
  app.get<{ Querystring: PageQuery & { days: number } }>(
    '/api/live/flows',
    {
      config: { permission: 'inventory:read' },
      schema: {
        summary: 'Transfers between warehouses (for the network diagram)',
        description:
          'Stock moved by transfers whose ledger events happened in the last `days` days, per pair of warehouses (sorted by from, to), paginated; a warehouse-scoped caller sees the pairs touching its warehouses. See docs/dashboard.md.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 7, description: 'window, in days before now' }, ...pageQueryProperties },
        },
        response: {
          200: pageSchema({
            type: 'object',
            required: ['from', 'to', 'units', 'transfers'],
            properties: { from: { type: 'string' }, to: { type: 'string' }, units: { type: 'integer' }, transfers: { type: 'integer' } },
          }),
          '4xx': problemSchema,
          '5xx': problemSchema,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const since = new Date(Date.now() - q.days * 86_400_000).toISOString();
      const rows = await hub.store.db
        .selectFrom('events')
        .select(['transfer_ref', 'warehouse_id', 'quantity', 'from_status', 'to_status'])
        .where('transfer_ref', 'is not', null)
        .where('occurred_at', '>=', since)
        .limit(50_000)
        .execute();
      const flows = transferFlows(rows).filter((f) => canSeeWarehouse(req, f.from) || canSeeWarehouse(req, f.to));
      return toPage(flows.slice(q.offset, q.offset + q.limit + 1), q);
    },
  );
}
