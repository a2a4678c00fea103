import type { Alias, MasterData, Sku, SourceSystem, StatusMapping, UnitConversion, Warehouse } from '../../src/domain/index.ts';
import { rng } from './rng.ts';

export interface NetworkSpec {
  readonly warehouses: number;
  readonly skus: number;
  /** Share of SKUs that every source system knows under its own code (an alias). */
  readonly aliasShare: number;
  readonly seed?: number;
}

export const DEFAULT_NETWORK: NetworkSpec = { warehouses: 50, skus: 10_000, aliasShare: 0.1 };

/** The external status codes every synthetic WMS speaks, and what they mean. */
export const WMS_STATUSES = { AVL: 'available', ALC: 'allocated', PCK: 'picking', QC: 'quarantine', DMG: 'damaged' } as const;

/** Units: base unit "each", and a case of 12. */
export const CASE = 12;

export interface Network {
  readonly md: MasterData;
  readonly warehouseIds: readonly string[];
  readonly skuIds: readonly string[];
  /** Source id per warehouse (one source per warehouse). */
  readonly sourceOf: readonly string[];
  /** Alias code of each SKU index, or undefined when the SKU has none (same code in every source). */
  readonly aliasOf: readonly (string | undefined)[];
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const KINDS = ['regional', 'hub', '3pl', 'forward'] as const;

/**
 * A synthetic network: N warehouses each fed by its own WMS (source), M SKUs with a case unit,
 * a status map per source, and for part of the SKUs a per-source alias (the WMS's own code).
 */
export function makeNetwork(spec: NetworkSpec = DEFAULT_NETWORK): Network {
  const r = rng(spec.seed ?? 42);
  const warehouseIds = Array.from({ length: spec.warehouses }, (_, i) => `WH-${pad(i + 1, 3)}`);
  const sourceOf = warehouseIds.map((_, i) => `wms-${pad(i + 1, 3)}`);
  const skuIds = Array.from({ length: spec.skus }, (_, i) => `SKU-${pad(i + 1, 6)}`);
  const aliasOf = skuIds.map((_, i) => (r() < spec.aliasShare ? `X${pad(i + 1, 6)}` : undefined));

  const warehouses: Warehouse[] = warehouseIds.map((id, i) => ({
    id,
    name: `Warehouse ${i + 1}`,
    kind: KINDS[i % KINDS.length] as Warehouse['kind'],
    region: `R${i % 5}`,
    lat: 30 + r() * 25,
    lon: -10 + r() * 40,
    storageClasses: ['ambient'],
    hazmat: false,
    dailyCapacity: 50_000,
    cutoffTime: '16:00',
    timeZone: 'Europe/Berlin',
    ownerTeam: `ops-${i % 5}`,
    active: true,
  }));
  const skus: Sku[] = skuIds.map((id, i) => ({
    id,
    name: `Item ${i + 1}`,
    category: `C${i % 20}`,
    baseUnit: 'each',
    weightKg: 0.5,
    storageClass: 'ambient',
    hazmat: false,
    lotControlled: false,
    expiryControlled: false,
    minShelfLifeDays: 0,
  }));
  const units: UnitConversion[] = skuIds.map((sku) => ({ sku, unit: 'case', factor: CASE }));
  const sources: SourceSystem[] = sourceOf.map((id, i) => ({ id, name: `WMS ${i + 1}`, dialect: 'webhook', warehouses: [warehouseIds[i] as string] }));
  const statusMaps: StatusMapping[] = sourceOf.flatMap((system) =>
    Object.entries(WMS_STATUSES).map(([external, status]) => ({ system, external, status })),
  );
  const aliases: Alias[] = [];
  for (const system of sourceOf) {
    skuIds.forEach((sku, i) => {
      const code = aliasOf[i];
      if (code !== undefined) aliases.push({ system, code, sku });
    });
  }
  return { md: { warehouses, skus, units, aliases, statusMaps, sources }, warehouseIds, skuIds, sourceOf, aliasOf };
}
