import { agedStock, expiringStock } from './band-formula.ts';
import { exceptionHandlingTime } from './exception-formula.ts';
import { pickingEfficiency, transferRate } from './flow-formula.ts';
import type { KpiFacts, KpiKey, KpiSet, KpiValue } from './kpi-types.ts';
import { avgTimeToShip, fillRate, onTimeShipRate, orderAccuracy, splitShipmentRate } from './order-formula.ts';
import { daysOfCover, inventoryTurnover } from './stock-formula.ts';

/** The formula of each KPI. */
export const FORMULAS: Readonly<Record<KpiKey, (f: KpiFacts) => KpiValue>> = {
  'inventory-turnover': inventoryTurnover,
  'days-of-cover': daysOfCover,
  'order-accuracy': orderAccuracy,
  'picking-efficiency': pickingEfficiency,
  'fill-rate': fillRate,
  'on-time-ship-rate': onTimeShipRate,
  'avg-time-to-ship': avgTimeToShip,
  'split-shipment-rate': splitShipmentRate,
  'transfer-rate': transferRate,
  'exception-handling-time': exceptionHandlingTime,
  'aged-stock': agedStock,
  'expiring-stock': expiringStock,
};

/** Every KPI over one slice of facts. Pure. */
export function computeKpis(f: KpiFacts): KpiSet {
  return Object.fromEntries(Object.entries(FORMULAS).map(([k, fn]) => [k, fn(f)])) as unknown as KpiSet;
}
