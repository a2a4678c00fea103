import type { MasterData, UnitConversion, Warehouse } from '../domain/index.ts';
import { demoAliases, X12_CASE } from './demo-aliases.ts';
import { DEMO_SKUS, type DemoSku } from './demo-skus.ts';
import { DEMO_SOURCES, type DemoSource, demoStatusMaps } from './demo-sources.ts';
import { DEMO_WAREHOUSES } from './demo-warehouses.ts';

/** The demo network as data: master data plus what the demo's stock plan needs to know about it. */
export interface DemoNetwork {
  readonly masterData: MasterData;
  readonly warehouses: readonly Warehouse[];
  readonly skus: readonly DemoSku[];
  readonly sources: readonly DemoSource[];
}

/** Chinese ERPs count cases as 箱. */
export const CN_CASE = '箱';

/**
 * Unit conversions of a SKU: its base unit (factor 1), every pack, and the case under the names
 * other systems give it: X12's `CA` (the 3PL) and 箱 (the Beijing ERP's journals).
 */
export const unitsOf = (s: DemoSku): UnitConversion[] => [
  { sku: s.sku.id, unit: s.sku.baseUnit, factor: 1 },
  ...Object.entries(s.packs).map(([unit, factor]) => ({ sku: s.sku.id, unit, factor })),
  ...(s.packs.case === undefined ? [] : [X12_CASE, CN_CASE].map((unit) => ({ sku: s.sku.id, unit, factor: s.packs.case as number }))),
];

/**
 * Eight warehouses across China and Singapore, 31 SKUs, eight source systems in six dialects,
 * each with its own codes and statuses. Pure: the same data on every call.
 */
export function demoNetwork(): DemoNetwork {
  return {
    masterData: {
      warehouses: DEMO_WAREHOUSES,
      skus: DEMO_SKUS.map((s) => s.sku),
      units: DEMO_SKUS.flatMap(unitsOf),
      aliases: demoAliases(DEMO_SOURCES, DEMO_SKUS),
      statusMaps: demoStatusMaps(),
      sources: DEMO_SOURCES.map((d) => d.source),
    },
    warehouses: DEMO_WAREHOUSES,
    skus: DEMO_SKUS,
    sources: DEMO_SOURCES,
  };
}
