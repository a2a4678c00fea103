import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  type AuditContext,
  EXCEPTION_STATES,
  EXCEPTION_TYPES,
  type ExceptionFilter,
  exceptionService,
  type ExceptionType,
  type OwnerChange,
  SEVERITIES,
  STEP_ACTIONS,
} from '../../exceptions/index.ts';
import { problem, StockmeshError } from '../../domain/index.ts';
import { pageQueryProperties, pageSchema, toPage, type PageQuery } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { actorOf, warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const errors = { '4xx': problemSchema, '5xx': problemSchema } as const;
const text = { type: 'string', minLength: 1, maxLength: 200 } as const;
const nullableText = { type: ['string', 'null'] } as const;
const time = { type: 'string' } as const;
const nullableTime = { type: ['string', 'null'] } as const;

const exceptionProperties = {
  id: { type: 'string' },
  type: { type: 'string', enum: EXCEPTION_TYPES },
  severity: { type: 'string', enum: SEVERITIES },
  state: { type: 'string', enum: EXCEPTION_STATES },
  warehouse: nullableText,
  sku: nullableText,
  subject: { type: 'string' },
  fingerprint: { type: 'string' },
  title: { type: 'string' },
  message: { type: 'string' },
  evidence: {
    type: 'object',
    required: ['href', 'facts'],
    properties: {
      href: { type: 'string', description: 'API URL (relative to the hub) of the record that proves it' },
      facts: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
    },
  },
  owner: {
    type: 'object',
    required: ['team', 'escalationContact', 'from'],
    properties: { team: { type: 'string' }, escalationContact: nullableText, from: { type: 'string', enum: ['warehouse', 'type'] } },
  },
  assignee: nullableText,
  count: { type: 'integer' },
  detectedAt: time,
  lastSeenAt: time,
  acknowledgedAt: nullableTime,
  acknowledgedBy: nullableText,
  escalatedAt: nullableTime,
  resolvedAt: nullableTime,
  resolvedBy: nullableText,
  resolution: { type: ['string', 'null'], enum: ['manual', 'auto', null] },
} as const;

const exceptionSchema = { type: 'object', required: Object.keys(exceptionProperties), properties: exceptionProperties } as const;

const historySchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['at', 'by', 'action', 'note'],
    properties: { at: time, by: { type: 'string' }, action: { type: 'string', enum: STEP_ACTIONS }, note: nullableText },
  },
} as const;

const detailSchema = {
  type: 'object',
  required: [...Object.keys(exceptionProperties), 'history'],
  properties: { ...exceptionProperties, history: historySchema },
} as const;

const filterProperties = {
  type: { type: 'string', enum: EXCEPTION_TYPES },
  severity: { type: 'string', enum: SEVERITIES },
  warehouse: text,
  sku: text,
  owner: { ...text, description: 'owner team' },
  assignee: text,
} as const;

const countsBy = (keys: readonly string[]) => ({ type: 'object', properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer' }])) }) as const;

const summarySchema = {
  type: 'object',
  required: ['open', 'acknowledged', 'resolvedLast24h', 'bySeverity', 'byType'],
  properties: {
    open: { type: 'integer' },
    acknowledged: { type: 'integer' },
    resolvedLast24h: { type: 'integer' },
    bySeverity: { ...countsBy(SEVERITIES), required: [...SEVERITIES] },
    byType: countsBy(EXCEPTION_TYPES),
  },
} as const;

const ownerFields = {
  team: text,
  escalationContact: { type: ['string', 'null'], maxLength: 200 },
  routeTo: { type: 'string', enum: ['warehouse', 'type'] },
  escalateAfterMinutes: { type: 'integer', minimum: 1, maximum: 525_600 },
} as const;

const ownerSchema = {
  type: 'object',
  required: ['type', 'team', 'escalationContact', 'routeTo', 'escalateAfterMinutes', 'updatedAt', 'updatedBy'],
  properties: { type: { type: 'string', enum: EXCEPTION_TYPES }, ...ownerFields, updatedAt: time, updatedBy: { type: 'string' } },
} as const;

const ownersSchema = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ownerSchema } } } as const;

const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: text } } as const;
const note = { type: 'string', maxLength: 2000 } as const;
const noteBody = { type: ['object', 'null'], additionalProperties: false, properties: { note } } as const;

/** The audit context of a change made through the API. */
const viaApi = (req: FastifyRequest): AuditContext => ({ via: 'api', requestId: req.id });

interface ListQuery extends PageQuery, Omit<ExceptionFilter, 'state'> {
  readonly state?: ExceptionFilter['state'];
}

/**
 * Exceptions (docs/exceptions.md): the queue with filters, one exception with its history, the
 * workflow steps, owners per type. Scoped callers see only their warehouses' exceptions; one
 * outside the scope is a 404.
 */
export const exceptionRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  const service = () => exceptionService(hub);

  app.get<{ Querystring: ListQuery }>(
    '/api/exceptions',
    {
      config: { permission: 'exceptions:read' },
      schema: {
        summary: 'Exceptions, newest first, with filters (paginated)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { state: { type: 'string', enum: [...EXCEPTION_STATES, 'active'], description: 'active = open or acknowledged' }, ...filterProperties, ...pageQueryProperties },
        },
        response: { 200: pageSchema(exceptionSchema), ...errors },
      },
    },
    async (req) => {
      const { limit, offset, ...filter } = req.query;
      const rows = await service().list({ ...filter, limit: limit + 1, offset }, warehouseScope(req));
      return toPage(rows, { limit, offset });
    },
  );

  app.get<{ Querystring: Omit<ExceptionFilter, 'state'> }>(
    '/api/exceptions/summary',
    {
      config: { permission: 'exceptions:read' },
      schema: {
        summary: 'Counts of unresolved exceptions by state, severity and type, and of those resolved in the last 24 hours',
        querystring: { type: 'object', additionalProperties: false, properties: filterProperties },
        response: { 200: summarySchema, ...errors },
      },
    },
    async (req) => service().summary(req.query, warehouseScope(req)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/exceptions/:id',
    {
      config: { permission: 'exceptions:read' },
      schema: { summary: 'One exception with its history', params: idParams, response: { 200: detailSchema, ...errors } },
    },
    async (req) => {
      const e = await service().get(req.params.id, warehouseScope(req));
      if (!e) throw new StockmeshError('NOT_FOUND', `exception ${req.params.id} not found`, [problem('NOT_FOUND', `no exception "${req.params.id}"`, 'id')]);
      return e;
    },
  );

  app.post<{ Params: { id: string }; Body: { assignee: string | null; note?: string } }>(
    '/api/exceptions/:id/assign',
    {
      config: { permission: 'exceptions:act' },
      schema: {
        summary: 'Assign an unresolved exception to a person or team (null clears it)',
        params: idParams,
        body: { type: 'object', required: ['assignee'], additionalProperties: false, properties: { assignee: { type: ['string', 'null'], minLength: 1, maxLength: 200 }, note } },
        response: { 200: detailSchema, ...errors },
      },
    },
    async (req) => service().act(req.params.id, { kind: 'assign', assignee: req.body.assignee }, actorOf(req), req.body.note ?? null, warehouseScope(req), viaApi(req)),
  );

  for (const kind of ['acknowledge', 'resolve'] as const) {
    app.post<{ Params: { id: string }; Body: { note?: string } | null | undefined }>(
      `/api/exceptions/:id/${kind}`,
      {
        config: { permission: 'exceptions:act' },
        schema: {
          summary: kind === 'acknowledge' ? 'Acknowledge an open exception' : 'Resolve an open or acknowledged exception',
          params: idParams,
          body: noteBody,
          response: { 200: detailSchema, ...errors },
        },
      },
      async (req) => service().act(req.params.id, { kind }, actorOf(req), req.body?.note ?? null, warehouseScope(req), viaApi(req)),
    );
  }

  app.get<{ Querystring: PageQuery }>(
    '/api/exception-owners',
    {
      config: { permission: 'exceptions:read' },
      schema: {
        summary: 'The owner of each exception type (one row per type, paginated like every list)',
        querystring: { type: 'object', additionalProperties: false, properties: pageQueryProperties },
        response: { 200: pageSchema(ownerSchema), ...errors },
      },
    },
    async (req) => {
      const { limit, offset } = req.query;
      return toPage((await service().owners()).slice(offset, offset + limit + 1), { limit, offset });
    },
  );

  app.put<{ Body: { items: OwnerChange[] } }>(
    '/api/exception-owners',
    {
      config: { permission: 'masterdata:write' },
      schema: {
        summary: 'Change the owners of several exception types at once (all or nothing)',
        body: {
          type: 'object',
          required: ['items'],
          additionalProperties: false,
          properties: {
            items: {
              type: 'array',
              minItems: 1,
              maxItems: EXCEPTION_TYPES.length,
              items: { type: 'object', required: ['type', ...Object.keys(ownerFields)], additionalProperties: false, properties: { type: { type: 'string', enum: EXCEPTION_TYPES }, ...ownerFields } },
            },
          },
        },
        response: { 200: ownersSchema, ...errors },
      },
    },
    async (req) => ({ items: await service().setOwners(req.body.items, actorOf(req), viaApi(req)) }),
  );

  app.put<{ Params: { type: ExceptionType }; Body: Omit<OwnerChange, 'type'> }>(
    '/api/exception-owners/:type',
    {
      config: { permission: 'masterdata:write' },
      schema: {
        summary: 'Change the owner of one exception type',
        params: { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { type: 'string', enum: EXCEPTION_TYPES } } },
        body: { type: 'object', required: Object.keys(ownerFields), additionalProperties: false, properties: ownerFields },
        response: { 200: ownerSchema, ...errors },
      },
    },
    async (req) => {
      const rows = await service().setOwners([{ type: req.params.type, ...req.body }], actorOf(req), viaApi(req));
      return rows.find((r) => r.type === req.params.type);
    },
  );
};
