import type { FastifyPluginAsync } from 'fastify';
import { listDeadLetters, listGaps, listSourceStates } from '../../ledger/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { sourceVisible, warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

const sourceSchema = {
  type: 'object',
  required: ['id', 'name', 'dialect', 'warehouses', 'maxSeq', 'eventsTotal', 'lastEventAt', 'openGaps'],
  properties: {
    id: { type: 'string' },
    name: nullableString,
    dialect: nullableString,
    warehouses: { type: 'array', items: { type: 'string' } },
    maxSeq: { ...nullableInt, description: 'highest sequence number applied; null before the first (or for a source without sequences)' },
    eventsTotal: { type: 'integer' },
    lastEventAt: { ...nullableString, description: 'when its last event was applied' },
    openGaps: { type: 'integer' },
  },
} as const;

const gapSchema = {
  type: 'object',
  required: ['id', 'source', 'fromSeq', 'toSeq', 'filled', 'detectedAt', 'closedAt', 'closedBy'],
  properties: {
    id: { type: 'string' },
    source: { type: 'string' },
    fromSeq: { type: 'integer' },
    toSeq: { type: 'integer' },
    filled: { type: 'integer' },
    detectedAt: { type: 'string' },
    closedAt: nullableString,
    closedBy: nullableString,
  },
} as const;

const deadLetterSchema = {
  type: 'object',
  required: ['id', 'kind', 'eventId', 'source', 'code', 'reason', 'location', 'payload', 'attempts', 'state', 'firstSeenAt', 'lastSeenAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    eventId: nullableString,
    source: nullableString,
    code: { type: 'string' },
    reason: { type: 'string' },
    location: nullableString,
    payload: { type: 'string', description: 'the input exactly as received' },
    attempts: { type: 'integer' },
    state: { type: 'string' },
    firstSeenAt: { type: 'string' },
    lastSeenAt: { type: 'string' },
  },
} as const;


interface GapQuery extends PageQuery {
  readonly source?: string;
  readonly open: boolean;
}

interface DeadLetterQuery extends PageQuery {
  readonly state?: 'pending' | 'resolved' | 'discarded';
  readonly source?: string;
}

/** The source systems feeding the hub: their cursors, sequence gaps and refused inputs. */
export const sourceRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.get<{ Querystring: PageQuery }>(
    '/api/sources',
    {
      config: { permission: 'events:read' },
      // Every source system (master data) with its cursor: highest sequence, events applied, last event, open gaps.
      schema: {
        summary: 'Source systems with their cursors',
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQueryProperties } },
        response: { 200: pageSchema(sourceSchema), '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (request) => {
      const [md, states] = await Promise.all([hub.masterData.current(), listSourceStates(hub.store.db)]);
      const byId = new Map(states.map((s) => [s.source, s]));
      const known = md.data.sources.map((s) => {
        const st = byId.get(s.id);
        return {
          id: s.id,
          name: s.name,
          dialect: s.dialect,
          warehouses: s.warehouses,
          maxSeq: st?.maxSeq ?? null,
          eventsTotal: st?.eventsTotal ?? 0,
          lastEventAt: st?.lastEventAt ?? null,
          openGaps: st?.openGaps ?? 0,
        };
      });
      // A cursor of a source no longer in master data is still shown: its events are in the ledger.
      const orphans = states
        .filter((s) => !md.source(s.source))
        .map((s) => ({ id: s.source, name: null, dialect: null, warehouses: [], maxSeq: s.maxSeq, eventsTotal: s.eventsTotal, lastEventAt: s.lastEventAt, openGaps: s.openGaps }));
      // Scoped callers: only sources all of whose warehouses they may see (never orphans).
      const { limit, offset } = request.query;
      const all = [...known, ...orphans].filter((s) => sourceVisible(request, s.warehouses));
      return toPage(all.slice(offset, offset + limit + 1), { limit, offset });
    },
  );

  app.get<{ Querystring: GapQuery }>(
    '/api/gaps',
    {
      config: { permission: 'events:read' },
      // Sequence gaps: numbers a source skipped. Open until every missing number arrived or a snapshot settled them.
      schema: {
        summary: 'Sequence gaps of the sources',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { source: id, open: { type: 'boolean', default: false, description: 'only gaps still open' }, ...pageQueryProperties },
        },
        response: { 200: pageSchema(gapSchema), '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (request) => {
      const { source, open, limit, offset } = request.query;
      const page = (rows: typeof gaps) => toPage(rows.slice(offset, offset + limit + 1), { limit, offset });
      const gaps = await listGaps(hub.store.db, { ...(source !== undefined ? { source } : {}), open });
      if (warehouseScope(request) === null) return page(gaps);
      const md = await hub.masterData.current();
      return page(gaps.filter((g) => sourceVisible(request, md.source(g.source)?.warehouses ?? [])));
    },
  );

  app.get<{ Querystring: DeadLetterQuery }>(
    '/api/dead-letters',
    {
      config: { permission: 'events:read' },
      // Inputs the hub refused, kept with the reason so they can be fixed and replayed.
      schema: {
        summary: 'Dead letters: inputs the hub refused',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', enum: ['pending', 'resolved', 'discarded'] },
            source: id,
            ...pageQueryProperties,
          },
        },
        response: { 200: pageSchema(deadLetterSchema), '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (request) => {
      const { state, source, limit, offset } = request.query;
      // Scoped callers: only dead letters of the sources they may see.
      let sources: string[] | undefined;
      if (warehouseScope(request) !== null) {
        const md = await hub.masterData.current();
        sources = md.data.sources.filter((s) => sourceVisible(request, s.warehouses)).map((s) => s.id);
      }
      const rows = await listDeadLetters(hub.store.db, {
        ...(state !== undefined ? { state } : {}),
        ...(source !== undefined ? { source } : {}),
        ...(sources !== undefined ? { sources } : {}),
        limit: limit + 1,
        offset,
      });
      return toPage(rows, { limit, offset });
    },
  );
};
