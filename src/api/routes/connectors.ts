import type { FastifyPluginAsync } from 'fastify';
import { type ConnectorHealth, listConnectorStatus } from '../../connectors/network/index.ts';
import { problemSchema } from '../problem-details.ts';
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
  app.get(
    '/api/connectors',
    {
      // Each source: dialect, state, last message, lag, sequence, messages, errors, open gaps, pending dead letters, rejections.
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: statusSchema } } },
          '4xx': problemSchema,
          '5xx': problemSchema,
        },
      },
    },
    async () => {
      const md = await hub.masterData.current();
      return { items: await listConnectorStatus({ db: hub.store.db, sources: md.data.sources, live: liveConnectors?.() }) };
    },
  );
};
