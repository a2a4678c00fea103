import type { FastifyPluginAsync } from 'fastify';
import { listAudit, verifyAudit } from '../../audit/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const errors = { '4xx': problemSchema, '5xx': problemSchema } as const;
const anyJson = { description: 'the state as JSON (object, array or value); null when there is none' } as const;

const entrySchema = {
  type: 'object',
  required: ['seq', 'at', 'actor', 'via', 'action', 'target', 'warehouse', 'before', 'after', 'requestId', 'prevHash', 'hash'],
  properties: {
    seq: { type: 'integer', description: 'place in the chain, from 1' },
    at: { type: 'string', description: 'ISO-8601 time of the change' },
    actor: { type: 'string', description: '`user:<name>`, `key:<id>(<label>)` or `cli:<os user>`' },
    via: { type: 'string', enum: ['api', 'cli'] },
    action: { type: 'string', description: 'e.g. masterdata.sku.update, order.cancel' },
    target: { type: 'object', required: ['kind', 'id'], properties: { kind: { type: 'string' }, id: { type: 'string' } } },
    warehouse: { type: ['string', 'null'] },
    before: anyJson,
    after: anyJson,
    requestId: { type: ['string', 'null'] },
    prevHash: { type: 'string' },
    hash: { type: 'string' },
  },
} as const;

const verifySchema = {
  type: 'object',
  required: ['ok', 'entries'],
  properties: {
    ok: { type: 'boolean' },
    entries: { type: 'integer', description: 'entries verified (before the first broken one, when not ok)' },
    head: { type: 'string', description: 'hash of the last entry (when ok): note it down to anchor the chain' },
    seq: { type: 'integer', description: 'first entry that does not verify (when not ok)' },
    reason: { type: 'string', description: 'what differs (when not ok)' },
  },
} as const;

const iso = { type: 'string', format: 'date-time' } as const;

interface AuditQuery extends PageQuery {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly from?: string;
  readonly to?: string;
  readonly order: 'newest' | 'oldest';
}

/**
 * The audit trail (docs/audit.md): every change made through the API or the CLI, newest first,
 * and its verification. A warehouse-scoped caller sees only the entries of its warehouses.
 */
export const auditRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary: 'List audit entries, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQueryProperties,
            actor: { type: 'string', minLength: 1, maxLength: 300, description: 'exact actor, e.g. user:alice or cli:ops' },
            action: { type: 'string', minLength: 1, maxLength: 200, description: 'exact action, or a prefix ending in * (masterdata.*)' },
            target: { type: 'string', minLength: 1, maxLength: 400, description: 'target kind (sku) or kind:id (sku:SKU-1)' },
            from: { ...iso, description: 'entries at or after this time' },
            to: { ...iso, description: 'entries before this time' },
            order: { type: 'string', enum: ['newest', 'oldest'], default: 'newest' },
          },
        },
        response: { 200: pageSchema(entrySchema), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await listAudit(hub.store.db, {
        actor: q.actor,
        action: q.action,
        target: q.target,
        from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
        to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
        warehouses: warehouseScope(req),
        order: q.order,
        limit: q.limit + 1,
        offset: q.offset,
      });
      return toPage(rows, q);
    },
  );

  app.get(
    '/api/audit/verify',
    {
      // Recomputes the chain from the first entry; 200 either way: read `ok`, and `seq`/`reason` when false.
      config: { permission: 'audit:read' },
      schema: {
        summary: 'Verify the audit hash chain',
        description: 'Recomputes the chain from the first entry. Always 200: read `ok`, and `seq`/`reason` when false.',
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: { 200: verifySchema, ...errors },
      },
    },
    async () => verifyAudit(hub.store.db),
  );
};
