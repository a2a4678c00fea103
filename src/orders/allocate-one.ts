import type { AllocationProblem, Lane, OrderExplanation, PlanLine, ProblemSku, ProblemWarehouse, Unfilled } from '../allocation/index.ts';
import type { Warehouse } from '../domain/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';
import type { AtpPool } from './atp-pool.ts';
import type { DestinationZone, LaneModel } from './lane-model.ts';
import type { OrdersConfig } from './orders-config.ts';
import type { BaseLine, OrderInput } from './order-types.ts';

/** What one allocation decided: plan lines to hold, what stays unfilled and why, the explanation. */
export interface Allocation {
  readonly lines: readonly PlanLine[];
  readonly unfilled: readonly Unfilled[];
  readonly explanation: OrderExplanation | null;
}

/** The warehouses of master data as the allocation problem knows them (built once per master data version). */
export function problemWarehouses(md: MasterDataIndex): ProblemWarehouse[] {
  return md.data.warehouses.map((w) => ({
    id: w.id,
    region: w.region,
    storage: [...w.storageClasses],
    hazmat: w.hazmat,
    ...(w.dailyCapacity > 0 ? { capacity: w.dailyCapacity } : {}),
    handlingCostPerUnit: 0,
    enabled: w.active,
  }));
}

/** Problem SKUs per master data version (built once per SKU, not once per order line). */
const skuCache = new WeakMap<MasterDataIndex, Map<string, ProblemSku>>();

function problemSku(md: MasterDataIndex, id: string): ProblemSku {
  let cache = skuCache.get(md);
  if (!cache) skuCache.set(md, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const s = md.sku(id);
  if (!s) throw new Error(`SKU ${id} vanished from master data`);
  const sku: ProblemSku = { id, weightKg: s.weightKg, storage: s.storageClass, hazmat: s.hazmat, minShelfLifeDays: s.minShelfLifeDays };
  cache.set(id, sku);
  return sku;
}

/** Master data warehouses by id with their place in master data (per version and problem warehouse list). */
const placeCache = new WeakMap<readonly ProblemWarehouse[], Map<string, { readonly at: number; readonly problem: ProblemWarehouse; readonly master: Warehouse }>>();

function placesOf(md: MasterDataIndex, warehouses: readonly ProblemWarehouse[]) {
  let places = placeCache.get(warehouses);
  if (!places) {
    const master = new Map(md.data.warehouses.map((w) => [w.id, w]));
    places = new Map();
    warehouses.forEach((w, at) => {
      const m = master.get(w.id);
      if (m) places!.set(w.id, { at, problem: w, master: m });
    });
    placeCache.set(warehouses, places);
  }
  return places;
}

/**
 * Lanes per lane model × master data version × destination zone × warehouse set: many orders go to
 * the same zone (a region, a rounded point) from the same few warehouses, and the lanes depend on
 * nothing else. Bounded: a version's cache is dropped whole past `LANE_CACHE_MAX` entries.
 */
const laneCache = new WeakMap<LaneModel, WeakMap<MasterDataIndex, Map<string, Lane[]>>>();
const LANE_CACHE_MAX = 20_000;

function lanesFor(model: LaneModel, md: MasterDataIndex, warehouses: readonly Warehouse[], zone: DestinationZone): Lane[] {
  let byMd = laneCache.get(model);
  if (!byMd) laneCache.set(model, (byMd = new WeakMap()));
  let byKey = byMd.get(md);
  if (!byKey || byKey.size >= LANE_CACHE_MAX) byMd.set(md, (byKey = new Map()));
  let key = zone.key;
  for (const w of warehouses) key += `\u0000${w.id}`;
  let lanes = byKey.get(key);
  if (!lanes) byKey.set(key, (lanes = model.lanes(warehouses, zone)));
  return lanes;
}

export interface AllocateContext {
  readonly md: MasterDataIndex;
  readonly warehouses: readonly ProblemWarehouse[];
  readonly config: OrdersConfig;
  /** `YYYY-MM-DD` for shelf-life checks. */
  readonly asOf: string;
}

/**
 * Decides one order against the pool (sourcing port, one-order problem), applies the fill policy
 * and takes the chosen units out of the pool. `complete` fill holds nothing unless all is there.
 */
export async function allocateOne(ctx: AllocateContext, pool: AtpPool, id: string, lines: readonly BaseLine[], input: OrderInput, zone: DestinationZone): Promise<Allocation> {
  const skus = lines.map((l) => l.sku);
  const stock = pool.stock(skus);
  // Only warehouses holding ATP of the order's SKUs can ship anything: the problem (and its
  // explanation) is limited to them, which keeps a single-order decision small in a big network.
  // They keep their master data order (ties between warehouses are broken by it).
  const places = placesOf(ctx.md, ctx.warehouses);
  const holding = [...new Set(stock.map((r) => r.warehouse))].flatMap((id) => places.get(id) ?? []).sort((a, b) => a.at - b.at);
  const problem: AllocationProblem = {
    warehouses: holding.map((h) => h.problem),
    skus: skus.map((s) => problemSku(ctx.md, s)),
    stock,
    lanes: lanesFor(ctx.config.lanes, ctx.md, holding.map((h) => h.master), zone),
    orders: [
      {
        id,
        destination: zone.key,
        lines,
        priority: input.priority ?? 0,
        ...(input.promisedHours !== undefined ? { promiseHours: input.promisedHours } : {}),
        ...(input.channel !== undefined ? { channel: input.channel } : {}),
      },
    ],
    policy: ctx.config.policy,
    asOf: ctx.asOf,
  };
  const plan = await ctx.config.sourcing.decide(problem);
  let chosen: readonly PlanLine[] = plan.allocations.find((a) => a.order === id)?.lines ?? [];
  let unfilled = plan.unfilled.filter((u) => u.order === id);
  if (ctx.config.fill === 'complete' && unfilled.length > 0 && chosen.length > 0) {
    const reason = unfilled[0]?.reason ?? 'INSUFFICIENT_STOCK';
    unfilled = lines.map((l) => ({ order: id, sku: l.sku, qty: l.qty, reason }));
    chosen = [];
  }
  for (const l of chosen) pool.take(l.warehouse, l.sku ?? '', l.lot ?? '', l.qty);
  return { lines: chosen, unfilled, explanation: plan.explanations?.find((e) => e.order === id) ?? null };
}

/** The lines still missing after an allocation. */
export const missingLines = (unfilled: readonly Pick<Unfilled, 'sku' | 'qty'>[]): BaseLine[] =>
  unfilled.flatMap((u) => (u.sku !== undefined ? [{ sku: u.sku, qty: u.qty }] : []));
