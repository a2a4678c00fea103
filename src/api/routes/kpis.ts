import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { problem, StockmeshError } from '../../domain/index.ts';
import { breakdownCsv, GROUP_BYS, isKpiKey, KPI_KEYS, kpiBreakdown, type KpiGroupBy, type KpiRequest, kpiSummary, summaryCsv } from '../../kpi/index.ts';
import { problemSchema } from '../problem-details.ts';
import { warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const errors = { '4xx': problemSchema, '5xx': problemSchema } as const;

const bandSchema = {
  type: 'object',
  required: ['band', 'fromDays', 'toDays', 'units', 'lots'],
  properties: { band: { type: 'string' }, fromDays: { type: ['integer', 'null'] }, toDays: { type: ['integer', 'null'] }, units: { type: 'integer' }, lots: { type: 'integer' } },
} as const;

const kpiValueSchema = {
  type: 'object',
  required: ['value', 'unit', 'inputs'],
  properties: {
    value: { type: ['number', 'null'] },
    unit: { type: 'string', enum: ['ratio', 'turns', 'days', 'hours', 'lines/hour', 'units'] },
    inputs: { type: 'object', additionalProperties: { type: 'number' } },
    p90: { type: ['number', 'null'] },
    bands: { type: 'array', items: bandSchema },
  },
} as const;

const kpiSetSchema = { type: 'object', required: [...KPI_KEYS], properties: Object.fromEntries(KPI_KEYS.map((k) => [k, kpiValueSchema])) } as const;

const definitionSchema = {
  type: 'object',
  required: ['key', 'title', 'unit', 'formula'],
  properties: { key: { type: 'string' }, title: { type: 'string' }, unit: { type: 'string' }, formula: { type: 'string' } },
} as const;

const rangeSchema = { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } } as const;
const filtersSchema = {
  type: 'object',
  required: ['warehouses', 'region', 'category'],
  properties: { warehouses: { type: ['array', 'null'], items: { type: 'string' } }, region: { type: ['string', 'null'] }, category: { type: ['string', 'null'] } },
} as const;

const summarySchema = {
  type: 'object',
  required: ['range', 'filters', 'generatedAt', 'definitions', 'network', 'warehouses'],
  properties: {
    range: rangeSchema,
    filters: filtersSchema,
    generatedAt: { type: 'string' },
    definitions: { type: 'array', items: definitionSchema },
    network: { type: 'object', required: ['kpis'], properties: { kpis: kpiSetSchema } },
    warehouses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['warehouse', 'name', 'region', 'kpis'],
        properties: { warehouse: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' }, kpis: kpiSetSchema },
      },
    },
  },
} as const;

const breakdownSchema = {
  type: 'object',
  required: ['kpi', 'definition', 'range', 'filters', 'groupBy', 'network', 'rows'],
  properties: {
    kpi: { type: 'string' },
    definition: definitionSchema,
    range: rangeSchema,
    filters: filtersSchema,
    groupBy: { type: 'string' },
    network: kpiValueSchema,
    rows: {
      type: 'array',
      items: { type: 'object', required: ['group', 'label', 'value'], properties: { group: { type: 'string' }, label: { type: 'string' }, value: kpiValueSchema } },
    },
  },
} as const;

const csvSchema = { type: 'string', description: 'CSV (RFC 4180), when format=csv or Accept: text/csv' } as const;

const filterProperties = {
  from: { type: 'string', description: 'ISO-8601 date-time, start of the range (inclusive); default to − 30 days' },
  to: { type: 'string', description: 'ISO-8601 date-time, end of the range (exclusive); default now' },
  warehouse: { type: 'string', minLength: 1, maxLength: 2000, description: 'warehouse id, or several comma-separated' },
  region: { type: 'string', minLength: 1, maxLength: 200 },
  category: { type: 'string', minLength: 1, maxLength: 200 },
  format: { type: 'string', enum: ['json', 'csv'] },
} as const;

interface FilterQuery {
  readonly from?: string;
  readonly to?: string;
  readonly warehouse?: string;
  readonly region?: string;
  readonly category?: string;
  readonly format?: 'json' | 'csv';
}

/** CSV when asked by `format=csv`, or by an Accept header that prefers text/csv (and no format=json). */
function wantsCsv(req: FastifyRequest, format: FilterQuery['format']): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = req.headers.accept ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept.split('text/csv')[0] ?? '');
}

const sendCsv = (reply: FastifyReply, name: string, body: string): FastifyReply =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);

function requestOf(req: FastifyRequest, q: FilterQuery): KpiRequest {
  return {
    from: q.from,
    to: q.to,
    warehouses: q.warehouse === undefined ? undefined : q.warehouse.split(',').map((w) => w.trim()).filter((w) => w !== ''),
    region: q.region,
    category: q.category,
    scope: warehouseScope(req),
    now: new Date(),
  };
}

/**
 * KPIs (docs/kpis.md): the summary of every KPI for the network in view and per warehouse, and one
 * KPI broken down for charts; both as JSON or CSV. A warehouse manager's network is their warehouses.
 */
export const kpiRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.get<{ Querystring: FilterQuery }>(
    '/api/kpis',
    {
      config: { permission: 'kpis:read' },
      schema: {
        summary: 'Every KPI for the network and per warehouse (JSON or CSV)',
        querystring: { type: 'object', additionalProperties: false, properties: filterProperties },
        response: { 200: { content: { 'application/json': { schema: summarySchema }, 'text/csv': { schema: csvSchema } } }, ...errors },
      },
    },
    async (req, reply) => {
      const s = await kpiSummary(hub, requestOf(req, req.query));
      if (wantsCsv(req, req.query.format)) return sendCsv(reply, 'kpis.csv', summaryCsv(s));
      return reply.type('application/json; charset=utf-8').send(s);
    },
  );

  app.get<{ Params: { kpi: string }; Querystring: FilterQuery & { groupBy?: KpiGroupBy } }>(
    '/api/kpis/:kpi',
    {
      config: { permission: 'kpis:read' },
      schema: {
        summary: 'One KPI broken down by warehouse, region, category or day (JSON or CSV)',
        params: { type: 'object', required: ['kpi'], additionalProperties: false, properties: { kpi: { type: 'string', maxLength: 100 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...filterProperties, groupBy: { type: 'string', enum: GROUP_BYS, default: 'warehouse' } },
        },
        response: { 200: { content: { 'application/json': { schema: breakdownSchema }, 'text/csv': { schema: csvSchema } } }, ...errors },
      },
    },
    async (req, reply) => {
      const key = req.params.kpi;
      if (!isKpiKey(key)) throw new StockmeshError('NOT_FOUND', `no KPI "${key}" (known: ${KPI_KEYS.join(', ')})`, [problem('NOT_FOUND', `no KPI "${key}"`, 'kpi')]);
      const b = await kpiBreakdown(hub, key, req.query.groupBy ?? 'warehouse', requestOf(req, req.query));
      if (wantsCsv(req, req.query.format)) return sendCsv(reply, `kpi-${key}.csv`, breakdownCsv(b));
      return reply.type('application/json; charset=utf-8').send(b);
    },
  );
};
