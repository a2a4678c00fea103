/**
 * KPIs: definitions (docs/kpis.md), pure formulas over a facts snapshot, thin loaders on either
 * store, summaries and breakdowns with drill-down, CSV.
 */
export { KPI_KEYS, isKpiKey, type KpiKey, type KpiUnit, type KpiValue, type KpiBand, type KpiSet, type KpiFacts } from './kpi-types.ts';
export type { KpiWarehouse, KpiFlow, KpiPick, KpiOrder, KpiOrderLine, KpiPlacement, KpiShipment, KpiException, KpiLot } from './kpi-types.ts';
export { KPI_DEFINITIONS, definitionOf, type KpiDefinition } from './kpi-definitions.ts';
export { computeKpis, FORMULAS } from './compute-kpis.ts';
export { restrictFacts, type KpiSlice } from './restrict-facts.ts';
export { median, percentile } from './kpi-math.ts';
export { inventoryTurnover, daysOfCover, onHandEnds } from './stock-formula.ts';
export { pickingEfficiency, transferRate, SHIFT_MS, MIN_SHIFT_HOURS } from './flow-formula.ts';
export { orderAccuracy, fillRate, onTimeShipRate, avgTimeToShip, splitShipmentRate, completedAt, shippedAsHeld } from './order-formula.ts';
export { exceptionHandlingTime } from './exception-formula.ts';
export { agedStock, expiringStock, AGE_BANDS, EXPIRY_BANDS, AGED_AFTER_DAYS, EXPIRING_WITHIN_DAYS } from './band-formula.ts';
export { loadKpiFacts, type KpiQuery } from './load-kpi-facts.ts';
export {
  kpiSummary,
  kpiBreakdown,
  GROUP_BYS,
  MAX_DAYS,
  type KpiGroupBy,
  type KpiRequest,
  type KpiFilters,
  type KpiRange,
  type KpiSummary,
  type KpiBreakdown,
  type KpiBreakdownRow,
} from './kpi-report.ts';
export { summaryCsv, breakdownCsv, csvField } from './kpi-csv.ts';
