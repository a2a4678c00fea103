import type { KpiKey, KpiUnit } from './kpi-types.ts';

export interface KpiDefinition {
  readonly key: KpiKey;
  readonly title: string;
  readonly unit: KpiUnit;
  readonly formula: string;
}

/** Titles, units and formulas (docs/kpis.md holds the full definitions). */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { key: 'inventory-turnover', title: 'Inventory turnover', unit: 'turns', formula: 'outbound units in the range ÷ average on-hand units ((start + end) ÷ 2)' },
  { key: 'days-of-cover', title: 'Days of cover', unit: 'days', formula: 'on-hand units at the end ÷ (outbound units ÷ days in the range)' },
  { key: 'order-accuracy', title: 'Order accuracy', unit: 'ratio', formula: 'orders shipped exactly as held (warehouse × SKU × units) ÷ orders completely shipped' },
  { key: 'picking-efficiency', title: 'Picking efficiency', unit: 'lines/hour', formula: 'pick lines ÷ picking hours (first to last pick per warehouse and 8-hour UTC shift, at least 0.25 h)' },
  { key: 'fill-rate', title: 'Fill rate', unit: 'ratio', formula: 'units allocated ÷ units ordered, orders created in the range' },
  { key: 'on-time-ship-rate', title: 'On-time ship rate', unit: 'ratio', formula: 'orders completely shipped by their promise ÷ orders with a promise completely shipped' },
  { key: 'avg-time-to-ship', title: 'Average time to ship', unit: 'hours', formula: 'mean of (last shipment − order created), orders completely shipped' },
  { key: 'split-shipment-rate', title: 'Split-shipment rate', unit: 'ratio', formula: 'orders shipped from more than one warehouse ÷ orders completely shipped' },
  { key: 'transfer-rate', title: 'Cross-warehouse transfer rate', unit: 'ratio', formula: 'outbound units to another warehouse ÷ all outbound units' },
  { key: 'exception-handling-time', title: 'Exception handling time', unit: 'hours', formula: 'median (and p90) of resolved − detected, exceptions resolved in the range' },
  { key: 'aged-stock', title: 'Aged stock', unit: 'units', formula: 'units in stock more than 90 days since the lot was first received (bands by age)' },
  { key: 'expiring-stock', title: 'Expiring stock', unit: 'units', formula: 'units expired or expiring within 30 days (bands by days to expiry)' },
];

export const definitionOf = (key: KpiKey): KpiDefinition => KPI_DEFINITIONS.find((d) => d.key === key) as KpiDefinition;
