import type { FastifyPluginAsync } from 'fastify';
import { type Problem, problem, StockmeshError } from '../../domain/index.ts';
import { atpFor, listPositions } from '../../ledger/index.ts';
import type { MasterDataSource } from '../../mdm/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { canSeeWarehouse, warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const MAX_ATP_SKUS = 100;
const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** Comma-separated ids: `A,B,C`. */
const idList = (what: string) => ({ type: 'string', minLength: 1, maxLength: 4000, pattern: '^[^,]+(,[^,]+)*$', description: `${what}, comma-separated` }) as const;

const positionSchema = {
  type: 'object',
  required: ['warehouse', 'sku', 'lot', 'status', 'qty', 'held', 'expiry'],
  properties: {
    warehouse: { type: 'string' },
    sku: { type: 'string' },
    lot: { type: 'string', description: "'' when the SKU is not lot-controlled" },
    status: { type: 'string' },
    qty: { type: 'integer', description: 'base units' },
    held: { type: 'integer', description: 'hub holds (reservations) against this position' },
    expiry: { type: ['string', 'null'] },
  },
} as const;

const atpNumbers = {
  available: { type: 'integer' },
  held: { type: 'integer' },
  atp: { type: 'integer', description: 'available minus holds, never below 0' },
} as const;

const atpSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sku', 'available', 'held', 'atp', 'warehouses'],
        properties: {
          sku: { type: 'string' },
          ...atpNumbers,
          warehouses: {
            type: 'array',
            items: { type: 'object', required: ['warehouse', 'available', 'held', 'atp'], properties: { warehouse: { type: 'string' }, ...atpNumbers } },
          },
        },
      },
    },
  },
} as const;

interface InventoryQuery extends PageQuery {
  readonly sku?: string;
  readonly warehouse?: string;
  readonly includeZero: boolean;
}

interface AtpQuery {
  readonly sku: string;
  readonly warehouse?: string;
}

const splitIds = (s: string | undefined): string[] => [...new Set((s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''))];

/** Throws NOT_FOUND naming every SKU and warehouse id master data does not know (after one reload). */
async function checkKnown(masterData: MasterDataSource, skus: readonly string[], warehouses: readonly string[], visible: (w: string) => boolean = () => true): Promise<void> {
  const missing = async (): Promise<Problem[]> => {
    const md = await masterData.current();
    return [
      ...skus.filter((s) => !md.sku(s)).map((s) => problem('UNKNOWN_SKU', `SKU "${s}" is not in master data`, 'sku')),
      // A warehouse outside the caller's scope is answered exactly like one that does not exist.
      ...warehouses.filter((w) => !md.warehouse(w) || !visible(w)).map((w) => problem('UNKNOWN_WAREHOUSE', `warehouse "${w}" is not in master data`, 'warehouse')),
    ];
  };
  let problems = await missing();
  if (problems.length > 0) {
    await masterData.refresh(1000);
    problems = await missing();
  }
  if (problems.length > 0) throw new StockmeshError('NOT_FOUND', problems.map((p) => p.message).join('; '), problems);
}

/** The global inventory view: positions, and available-to-promise per SKU × warehouse. */
export const inventoryRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.get<{ Querystring: InventoryQuery }>(
    '/api/inventory',
    {
      config: { permission: 'inventory:read' },
      // Positions (warehouse × SKU × lot × status), ordered by SKU, warehouse, lot, status.
      schema: {
        summary: 'Positions per warehouse × SKU × lot × status (the drill-down to lots)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            sku: id,
            warehouse: id,
            includeZero: { type: 'boolean', default: false, description: 'also list positions at zero' },
            ...pageQueryProperties,
          },
        },
        response: { 200: pageSchema(positionSchema), '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      // Scoped callers: only their warehouses; a named warehouse outside the scope is an empty page.
      const scope = warehouseScope(request);
      if (q.warehouse !== undefined && !canSeeWarehouse(request, q.warehouse)) return toPage([], q);
      const rows = await listPositions(hub.store.db, {
        sku: q.sku,
        warehouse: q.warehouse,
        warehouses: scope ? [...scope] : undefined,
        includeZero: q.includeZero,
        limit: q.limit + 1,
        offset: q.offset,
      });
      return toPage(rows, q);
    },
  );

  app.get<{ Querystring: AtpQuery }>(
    '/api/inventory/atp',
    {
      config: { permission: 'inventory:read' },
      // Available-to-promise of each SKU per warehouse and in total (available minus hub holds, over all lots).
      schema: {
        summary: 'Available to promise per SKU and warehouse',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['sku'],
          properties: { sku: idList(`canonical SKU ids, at most ${MAX_ATP_SKUS}`), warehouse: idList('warehouse ids') },
        },
        response: { 200: atpSchema, '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (request) => {
      const skus = splitIds(request.query.sku);
      const warehouses = splitIds(request.query.warehouse);
      if (skus.length > MAX_ATP_SKUS) {
        throw new StockmeshError('INVALID_ARGUMENT', `at most ${MAX_ATP_SKUS} SKUs per request, got ${skus.length}`, [
          problem('INVALID_ARGUMENT', `at most ${MAX_ATP_SKUS} SKUs per request`, 'sku'),
        ]);
      }
      await checkKnown(hub.masterData, skus, warehouses, (w) => canSeeWarehouse(request, w));
      const scope = warehouseScope(request);
      // The read connection: ATP never waits behind an open write transaction (reservations, ingest).
      const rows = await atpFor(hub.store.readDb, skus, warehouses.length === 0 && scope ? [...scope] : warehouses);
      const items = skus.map((sku) => {
        const found = rows.filter((r) => r.sku === sku);
        const perWarehouse =
          warehouses.length === 0
            ? found.map(({ warehouse, available, held, atp }) => ({ warehouse, available, held, atp }))
            : warehouses.map((w) => {
                const r = found.find((x) => x.warehouse === w);
                return { warehouse: w, available: r?.available ?? 0, held: r?.held ?? 0, atp: r?.atp ?? 0 };
              });
        const sum = (k: 'available' | 'held' | 'atp') => perWarehouse.reduce((n, r) => n + r[k], 0);
        return { sku, available: sum('available'), held: sum('held'), atp: sum('atp'), warehouses: perWarehouse };
      });
      return { items };
    },
  );
};
