import type { FastifyPluginAsync } from 'fastify';
import { type ConnectorHealth, listConnectorStatus } from '../../connectors/network/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { sourceVisible } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

export interface ConnectorRouteDeps extends RouteDeps {
  /** Live health of the running connectors; without it, the states last saved in the store. */
  readonly liveConnectors?: (() => readonly ConnectorHealth[]) | undefined;
}

const nullableString = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

const statusSchema = {
  type: 'object',
  required: [
    'source', 'name', 'dialect', 'warehouses', 'state', 'live', 'savedAt', 'lastMessageAt', 'lagMs', 'cursor', 'sequence',
    'eventsApplied', 'messages', 'errors', 'lastError', 'openGaps', 'pendingDeadLetters', 'rejections',
  ],
  properties: {
    source: { type: 'string' },
    name: nullableString,
    dialect: nullableString,
    warehouses: { type: 'array', items: { type: 'string' } },
    state: { type: 'string', enum: ['starting', 'running', 'backing-off', 'stopped', 'failed', 'none'] },
    live: { type: 'boolean', description: 'read from the running hub (else the last saved state)' },
    savedAt: nullableString,
    lastMessageAt: nullableString,
    lagMs: { ...nullableInt, description: 'from the newest message happening at the source to the hub accepting it' },
    cursor: nullableString,
    sequence: { ...nullableInt, description: 'highest source sequence applied by the ledger' },
    eventsApplied: { type: 'integer' },
    messages: { type: 'integer' },
    errors: { type: 'integer' },
    lastError: nullableString,
    openGaps: { type: 'integer' },
    pendingDeadLetters: { type: 'integer' },
    rejections: { type: 'integer' },
  },
} as const;

/** `GET /api/connectors`: every source with its connector's state and the ledger's view of it. */
export const connectorRoutes: FastifyPluginAsync<ConnectorRouteDeps> = async (app, { hub, liveConnectors }) => {
  app.get<{ Querystring: PageQuery }>(
    '/api/connectors',
    {
      config: { permission: 'connectors:read' },
      // Each source: dialect, state, last message, lag, sequence, messages, errors, open gaps, pending dead letters, rejections.
      schema: {
        summary: "Connectors' live state per source",
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQueryProperties } },
        response: {
          200: pageSchema(statusSchema),
          '4xx': problemSchema,
          '5xx': problemSchema,
        },
      },
    },
    async (request) => {
      const md = await hub.masterData.current();
      const items = await listConnectorStatus({ db: hub.store.db, sources: md.data.sources, live: liveConnectors?.() });
      // A scoped caller sees only the sources whose every warehouse is in its scope.
      const { limit, offset } = request.query;
      const visible = items.filter((r) => sourceVisible(request, md.source(r.source)?.warehouses ?? []));
      return toPage(visible.slice(offset, offset + limit + 1), { limit, offset });
    },
  );
};
