import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { type MasterData, problem, StockmeshError } from '../../domain/index.ts';
import { type Conflict, findConflicts, loadMasterData } from '../../mdm/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { actorOf, canSeeWarehouse, sourceVisible, warehouseScope } from '../request-scope.ts';
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

/**
 * What of master data a warehouse-scoped caller may see (issue #5): warehouses of its scope;
 * aliases and status maps only of source systems all of whose warehouses are in its scope
 * (`sourceVisible`; a system that is no known source is visible to unscoped callers only); SKUs and
 * unit conversions are the network's shared reference data and visible to every reader. Unscoped
 * callers see everything.
 */
export function scopedView(req: FastifyRequest, md: MasterData): { record(k: KindRoute, r: AnyRecord): boolean; key(k: KindRoute, key: readonly string[]): boolean; conflict(c: Conflict): boolean } {
  const scoped = warehouseScope(req) !== null;
  const systemVisible = (system: string): boolean => !scoped || sourceVisible(req, md.sources.find((s) => s.id === system)?.warehouses ?? []);
  const key = (k: KindRoute, key: readonly string[]): boolean => {
    if (!scoped) return true;
    if (k.kind === 'warehouses') return canSeeWarehouse(req, key[0] as string);
    if (k.kind === 'aliases' || k.kind === 'statusMaps') return systemVisible(key[0] as string);
    return true;
  };
  return {
    key,
    record: (k, r) => key(k, keyOf(k, r)),
    // A conflict is shown only when every system it involves is visible (a duplicate GTIN involves SKUs only).
    conflict: (c) => !scoped || (c.kind === 'duplicate-gtin' ? true : c.kind === 'undeclared-synonym' ? systemVisible(c.system) : c.mappings.every((m) => systemVisible(m.system))),
  };
}

/** A record outside the caller's scope is answered exactly as one that does not exist. */
const notFound = (k: KindRoute, key: readonly string[]): StockmeshError => {
  const msg = `${k.label} ${idOf(k, key)} not found`;
  return new StockmeshError('NOT_FOUND', msg, [problem('NOT_FOUND', msg, k.keys[0])]);
};

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

  /** A change to a record the caller may not see is answered as if the record did not exist. */
  const assertVisible = async (req: FastifyRequest, k: KindRoute, key: readonly string[]): Promise<void> => {
    if (warehouseScope(req) === null) return;
    if (!scopedView(req, await loadMasterData(hub.store.db)).key(k, key)) throw notFound(k, key);
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
        const md = await loadMasterData(hub.store.db);
        const view = scopedView(req, md);
        const rows = recordsOf(md, k.kind).filter((r) => filters.every((f) => q[f] === undefined || String(r[f]) === q[f]) && view.record(k, r));
        return toPage(rows.slice(q.offset, q.offset + q.limit + 1), q);
      },
    );

    app.get<{ Params: Record<string, string> }>(
      one,
      { config: { permission: 'masterdata:read' }, schema: { summary: `Read one ${k.label}`, params, response: { 200: item, ...errors } } },
      async (req) => {
        const key = keyFrom(req.params);
        const md = await loadMasterData(hub.store.db);
        const r = recordsOf(md, k.kind).find((x) => keyOf(k, x).every((v, i) => v === key[i]));
        if (!r || !scopedView(req, md).key(k, key)) throw notFound(k, key);
        return r;
      },
    );

    const written = { type: 'object', required: ['record', 'warnings'], properties: { record: item, warnings: warningsSchema } } as const;

    app.post<{ Body: AnyRecord }>(
      base,
      { config: { permission: 'masterdata:write' }, schema: { summary: `Create a ${k.label}`, body: recordBodySchema(k, false), response: { 201: written, ...errors } } },
      async (req, reply) => {
        await assertVisible(req, k, keyOf(k, req.body));
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
        await assertVisible(req, k, key);
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
        await assertVisible(req, k, key);
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
      const md = await loadMasterData(hub.store.db);
      const view = scopedView(req, md);
      return toPage(findConflicts(md).filter((c) => view.conflict(c)).slice(q.offset, q.offset + q.limit + 1), q);
    },
  );

  await app.register(masterDataImportRoutes, { hub, refresh });
};
