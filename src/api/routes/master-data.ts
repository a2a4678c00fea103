import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { problem, StockmeshError } from '../../domain/index.ts';
import { findConflicts, loadMasterData } from '../../mdm/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { actorOf, canSeeWarehouse, warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';
import { type AnyRecord, idOf, KIND_ROUTES, type KindRoute, keyOf, recordBodySchema, recordSchema, recordsOf } from './master-data-kinds.ts';
import { masterDataImportRoutes } from './master-data-import.ts';
import { type ChangeAuthor, createRecord, deleteRecord, updateRecord } from './master-data-writes.ts';

const errors = { '4xx': problemSchema, '5xx': problemSchema } as const;
const keyParam = { type: 'string', minLength: 1, maxLength: 200 } as const;

const warningsSchema = {
  type: 'array',
  description: "the importer's warnings (e.g. an alias of a system that is not a known source yet): saved, but worth a look",
  items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, where: { type: 'string' } } },
} as const;

const conflictSchema = {
  type: 'object',
  required: ['kind', 'message'],
  additionalProperties: true,
  properties: {
    kind: { type: 'string', enum: ['duplicate-gtin', 'undeclared-synonym', 'homonym'] },
    message: { type: 'string' },
  },
} as const;

/** Filters a list may take, per kind: the fields other records refer to. */
const FILTERS: Readonly<Record<string, readonly string[]>> = {
  warehouses: ['region', 'kind', 'ownerTeam'],
  skus: ['category', 'gtin'],
  units: ['sku'],
  aliases: ['system', 'sku'],
  statusMaps: ['system', 'status'],
};

const who = (req: FastifyRequest): ChangeAuthor => ({ actor: actorOf(req), requestId: req.id });

/** A warehouse outside the caller's scope is answered as if it did not exist. */
function assertVisible(req: FastifyRequest, k: KindRoute, key: readonly string[]): void {
  if (k.kind !== 'warehouses' || canSeeWarehouse(req, key[0] as string)) return;
  const msg = `warehouse ${key[0]} not found`;
  throw new StockmeshError('NOT_FOUND', msg, [problem('NOT_FOUND', msg, 'id')]);
}

/**
 * Master data over HTTP: list, read, create, replace and delete warehouses (with their owner team
 * and escalation contact), SKUs, unit conversions, aliases and status maps; the bulk import; the
 * conflicts. Records are checked by the importer's own rules (src/mdm), every change is written
 * with its audit entry in one transaction, and the hub's master-data cache is reloaded after it,
 * so the next event is mapped with the new data (docs/master-data-format.md, "API").
 */
export const masterDataRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  // Twice: a reload already in flight when the change committed may have read the old state, and
  // the cache hands that one out to a refresh asked meanwhile; the second starts after it for sure.
  const refresh = async (): Promise<void> => {
    await hub.masterData.refresh();
    await hub.masterData.refresh();
  };

  for (const k of KIND_ROUTES) {
    const base = `/api/master-data/${k.path}`;
    const one = `${base}/${k.keys.map((f) => `:${f}`).join('/')}`;
    const params = { type: 'object', required: [...k.keys], additionalProperties: false, properties: Object.fromEntries(k.keys.map((f) => [f, keyParam])) };
    const filters = FILTERS[k.kind] ?? [];
    const item = recordSchema(k);
    const keyFrom = (p: Record<string, string>): string[] => k.keys.map((f) => p[f] as string);

    app.get<{ Querystring: PageQuery & Record<string, string | number> }>(
      base,
      {
        config: { permission: 'masterdata:read' },
        schema: {
          summary: `List ${k.label} records`,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { ...pageQueryProperties, ...Object.fromEntries(filters.map((f) => [f, { type: 'string', minLength: 1, maxLength: 200, description: `only records whose ${f} is this` }])) },
          },
          response: { 200: pageSchema(item), ...errors },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = warehouseScope(req);
        const rows = recordsOf(await loadMasterData(hub.store.db), k.kind).filter(
          (r) => filters.every((f) => q[f] === undefined || String(r[f]) === q[f]) && (k.kind !== 'warehouses' || scope === null || scope.has(String(r.id))),
        );
        return toPage(rows.slice(q.offset, q.offset + q.limit + 1), q);
      },
    );

    app.get<{ Params: Record<string, string> }>(
      one,
      { config: { permission: 'masterdata:read' }, schema: { summary: `Read one ${k.label}`, params, response: { 200: item, ...errors } } },
      async (req) => {
        const key = keyFrom(req.params);
        assertVisible(req, k, key);
        const r = recordsOf(await loadMasterData(hub.store.db), k.kind).find((x) => keyOf(k, x).every((v, i) => v === key[i]));
        if (!r) {
          const msg = `${k.label} ${idOf(k, key)} not found`;
          throw new StockmeshError('NOT_FOUND', msg, [problem('NOT_FOUND', msg, k.keys[0])]);
        }
        return r;
      },
    );

    const written = { type: 'object', required: ['record', 'warnings'], properties: { record: item, warnings: warningsSchema } } as const;

    app.post<{ Body: AnyRecord }>(
      base,
      { config: { permission: 'masterdata:write' }, schema: { summary: `Create a ${k.label}`, body: recordBodySchema(k, false), response: { 201: written, ...errors } } },
      async (req, reply) => {
        assertVisible(req, k, keyOf(k, req.body));
        const r = await createRecord(hub.store, k, req.body, who(req));
        await refresh();
        return reply.code(201).send({ record: r.record, warnings: r.warnings });
      },
    );

    app.put<{ Params: Record<string, string>; Body: AnyRecord }>(
      one,
      {
        config: { permission: 'masterdata:write' },
        schema: { summary: `Replace a ${k.label}`, params, body: recordBodySchema(k, true), response: { 200: { ...written, properties: { ...written.properties, changed: { type: 'boolean' } } }, ...errors } },
      },
      async (req) => {
        const key = keyFrom(req.params);
        assertVisible(req, k, key);
        const r = await updateRecord(hub.store, k, key, req.body, who(req));
        if (r.changed) await refresh();
        return r;
      },
    );

    app.delete<{ Params: Record<string, string> }>(
      one,
      { config: { permission: 'masterdata:write' }, schema: { summary: `Delete a ${k.label}`, params, response: { 200: { type: 'object', required: ['deleted'], properties: { deleted: item } }, ...errors } } },
      async (req) => {
        const key = keyFrom(req.params);
        assertVisible(req, k, key);
        const deleted = await deleteRecord(hub.store, k, key, who(req));
        await refresh();
        return { deleted };
      },
    );
  }

  app.get<{ Querystring: PageQuery }>(
    '/api/master-data/conflicts',
    {
      config: { permission: 'masterdata:read' },
      schema: {
        summary: 'List master-data conflicts (duplicate GTINs, undeclared synonyms, homonyms)',
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQueryProperties } },
        response: { 200: pageSchema(conflictSchema), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return toPage(findConflicts(await loadMasterData(hub.store.db)).slice(q.offset, q.offset + q.limit + 1), q);
    },
  );

  await app.register(masterDataImportRoutes, { hub, refresh });
};
