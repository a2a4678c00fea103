/** Every KPI, in the order they are shown (docs/kpis.md). */
export const KPI_KEYS = [
  'inventory-turnover',
  'days-of-cover',
  'order-accuracy',
  'picking-efficiency',
  'fill-rate',
  'on-time-ship-rate',
  'avg-time-to-ship',
  'split-shipment-rate',
  'transfer-rate',
  'exception-handling-time',
  'aged-stock',
  'expiring-stock',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export const isKpiKey = (s: string): s is KpiKey => (KPI_KEYS as readonly string[]).includes(s);

export type KpiUnit = 'ratio' | 'turns' | 'days' | 'hours' | 'lines/hour' | 'units';

/** One band of a stock-age or days-to-expiry distribution. */
export interface KpiBand {
  readonly band: string;
  /** Inclusive lower bound in days; null = open start. */
  readonly fromDays: number | null;
  /** Inclusive upper bound in days; null = open end. */
  readonly toDays: number | null;
  readonly units: number;
  readonly lots: number;
}

/** One KPI's value with the raw numbers behind it. `value` is null when there is no data. */
export interface KpiValue {
  readonly value: number | null;
  readonly unit: KpiUnit;
  readonly inputs: Readonly<Record<string, number>>;
  /** exception-handling-time only: the 90th percentile (value is the median). */
  readonly p90?: number | null;
  /** aged-stock and expiring-stock only. */
  readonly bands?: readonly KpiBand[];
}

export type KpiSet = Readonly<Record<KpiKey, KpiValue>>;

/** A warehouse as the KPIs group it. */
export interface KpiWarehouse {
  readonly id: string;
  readonly name: string;
  readonly region: string;
}

/** A movement that changed the books (into or out of them), signed: + in, − out. */
export interface KpiFlow {
  readonly warehouse: string;
  readonly sku: string;
  readonly qty: number;
  /** ms since epoch. */
  readonly at: number;
  /** Left toward a customer or another site (OUTBOUND_REASONS). */
  readonly outbound: boolean;
  /** Outbound to another of the network's warehouses (transfer reference or reason transfer_out). */
  readonly transfer: boolean;
}

/** Pick lines of one warehouse × SKU within one UTC hour (or a single pick): how many, first and last. */
export interface KpiPick {
  readonly warehouse: string;
  readonly sku: string;
  /** Time of the first pick (ms since epoch). */
  readonly at: number;
  /** Time of the last pick (= `at` for a single pick). */
  readonly last: number;
  readonly lines: number;
}

export interface KpiOrderLine {
  readonly sku: string;
  readonly qty: number;
}

export interface KpiPlacement {
  readonly warehouse: string;
  readonly sku: string;
  readonly qty: number;
}

export interface KpiShipment extends KpiPlacement {
  readonly at: number;
}

export interface KpiOrder {
  readonly id: string;
  readonly createdAt: number;
  readonly promisedHours: number | null;
  readonly lines: readonly KpiOrderLine[];
  /** Units the hub allocated (plan lines), per warehouse × SKU. */
  readonly allocated: readonly KpiPlacement[];
  /** Hub holds that stood for the order (not released, not expired), per warehouse × SKU. */
  readonly held: readonly KpiPlacement[];
  /** WMS ship events carrying the order's reference. */
  readonly shipments: readonly KpiShipment[];
}

export interface KpiException {
  readonly warehouse: string | null;
  readonly sku: string | null;
  readonly detectedAt: number;
  readonly resolvedAt: number;
}

export interface KpiLot {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: number;
  readonly receivedAt: number | null;
  /** YYYY-MM-DD or null. */
  readonly expiry: string | null;
}

/**
 * Everything the KPIs are computed from, for one range and the caller's visible warehouses. The
 * loader reads it with thin queries; every formula is a pure function of it.
 */
export interface KpiFacts {
  readonly from: number;
  readonly to: number;
  readonly now: number;
  readonly warehouses: readonly KpiWarehouse[];
  readonly skuCategory: ReadonlyMap<string, string>;
  /** On-hand units (every status) per warehouse × SKU at the end of the range. */
  readonly onHandAtTo: readonly { readonly warehouse: string; readonly sku: string; readonly qty: number }[];
  /** Book-changing movements inside the range. */
  readonly flows: readonly KpiFlow[];
  readonly picks: readonly KpiPick[];
  /** Orders created in the range, and older orders whose last shipment falls in it. */
  readonly orders: readonly KpiOrder[];
  /** Exceptions resolved in the range. */
  readonly exceptions: readonly KpiException[];
  /** Lots in stock now. */
  readonly lots: readonly KpiLot[];
  /** Whether warehouse-less records (unplaced orders, network-wide exceptions) belong to this view. */
  readonly includeUnplaced: boolean;
}
