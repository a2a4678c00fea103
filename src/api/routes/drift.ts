import type { FastifyPluginAsync } from 'fastify';
import { listDrift } from '../../ledger/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const instant = { type: 'string', minLength: 10, maxLength: 40, description: 'ISO-8601 date or date-time (any offset), compared as UTC' } as const;

const driftSchema = {
  type: 'object',
  required: ['snapshotId', 'source', 'warehouse', 'sku', 'lot', 'status', 'ledgerQty', 'countedQty', 'delta', 'eventId', 'takenAt', 'reconciledAt'],
  properties: {
    snapshotId: { type: 'string' },
    source: { type: 'string' },
    warehouse: { type: 'string' },
    sku: { type: 'string' },
    lot: { type: 'string' },
    status: { type: 'string' },
    ledgerQty: { type: 'integer', description: 'what the ledger held just before the snapshot' },
    countedQty: { type: 'integer', description: 'what the snapshot counted' },
    delta: { type: 'integer', description: 'countedQty − ledgerQty, moved by the adjusting event' },
    eventId: { type: 'string', description: 'the adjusting ledger event (reason snapshot_drift)' },
    takenAt: { type: 'string', description: 'when the WMS took the snapshot, as sent' },
    reconciledAt: { type: 'string', description: 'when the hub reconciled it (UTC); from/to filter on it' },
  },
} as const;

interface DriftQuery extends PageQuery {
  readonly source?: string;
  readonly warehouse?: string;
  readonly sku?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Snapshot drift: where a warehouse's count disagreed with the ledger, and what the hub adjusted. */
export const driftRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.get<{ Querystring: DriftQuery }>(
    '/api/drift',
    {
      config: { permission: 'events:read' },
      // Drift lines of reconciled snapshots, newest first; only warehouses the caller may see.
      schema: {
        summary: 'Snapshot drift: where a WMS count disagreed with the ledger',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { source: id, warehouse: id, sku: id, from: instant, to: instant, ...pageQueryProperties },
        },
        response: { 200: pageSchema(driftSchema), '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (request) => {
      const { source, warehouse, sku, from, to, limit, offset } = request.query;
      const rows = await listDrift(hub.store.db, { source, warehouse, sku, from, to, warehouses: warehouseScope(request), limit: limit + 1, offset });
      return toPage(rows, { limit, offset });
    },
  );
};
