import type { FastifyPluginAsync } from 'fastify';
import { verifyLedger } from '../../ledger/index.ts';
import { problemSchema } from '../problem-details.ts';
import type { RouteDeps } from '../route-deps.ts';

const verifySchema = {
  type: 'object',
  required: ['ok', 'events'],
  properties: {
    ok: { type: 'boolean' },
    events: { type: 'integer', description: 'entries verified' },
    head: { type: 'string', description: 'hash of the last entry (when ok)' },
    chainSeq: { type: 'integer', description: 'first entry that fails (when not ok)' },
    eventId: { type: ['string', 'null'] },
    reason: { type: 'string' },
  },
} as const;

/** The ledger's tamper evidence. */
export const ledgerRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.get(
    '/api/ledger/verify',
    {
      // audit:read, not events:read: the answer covers the whole network's ledger (every
      // warehouse), so a warehouse-scoped reader must not get it; it is the ledger's audit.
      config: { permission: 'audit:read' },
      // Walks the hash chain from the first entry and reports the first one that does not verify. 200 either way: read `ok`.
      schema: {
        summary: "Verify the ledger's hash chain",
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: { 200: verifySchema, '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async () => verifyLedger(hub.store.db),
  );
};
