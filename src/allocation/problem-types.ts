/**
 * The allocation problem, version 1 (docs/allocation-format.md), after validation and defaults.
 * Fields marked "extension" are optional additions of this project; the contract allows them.
 */
export interface ProblemWarehouse {
  readonly id: string;
  readonly region?: string;
  /** Storage classes it may hold and ship (default `["ambient"]`). */
  readonly storage: readonly string[];
  /** May ship hazardous SKUs (default false). */
  readonly hazmat: boolean;
  /** Most load this wave may put on it; absent = unlimited. */
  readonly capacity?: number;
  readonly handlingCostPerUnit: number;
  /** Extension: `false` switches the warehouse off (it ships nothing). Default true. */
  readonly enabled: boolean;
  /** Extension: the only order channels it may serve; absent = every channel. */
  readonly channels?: readonly string[];
}

export interface ProblemSku {
  readonly id: string;
  readonly weightKg: number;
  readonly storage: string;
  readonly hazmat: boolean;
  /** Lots expiring before `asOf + minShelfLifeDays` may not ship. */
  readonly minShelfLifeDays: number;
}

export interface StockRow {
  readonly warehouse: string;
  readonly sku: string;
  readonly qty: number;
  readonly lot?: string;
  /** `YYYY-MM-DD`. */
  readonly expiry?: string;
}

export interface Lane {
  readonly from: string;
  readonly to: string;
  readonly fixedCost: number;
  readonly costPerKg: number;
  readonly transitHours: number;
}

export interface OrderLine {
  readonly sku: string;
  readonly qty: number;
}

export interface Quote {
  readonly warehouse: string;
  readonly cost: number;
  /** Load this order puts on the warehouse's capacity (default: its units). */
  readonly load: number;
}

export interface ProblemOrder {
  readonly id: string;
  readonly destination?: string;
  /** Promised delivery in hours; absent = no lateness. */
  readonly promiseHours?: number;
  readonly lines: readonly OrderLine[];
  /** With quotes the order ships whole from exactly one quoted warehouse, or stays unfilled. */
  readonly quotes?: readonly Quote[];
  /** Extension: higher goes first in single mode (default 0; ties keep input order). */
  readonly priority: number;
  /** Extension: sales channel, matched against `warehouse.channels`. */
  readonly channel?: string;
  /** Extension: warehouses this order must not ship from (customer restriction). */
  readonly excludeWarehouses?: readonly string[];
}

export interface Policy {
  readonly allowSplit: boolean;
  readonly splitPenalty: number;
  readonly latePenaltyPerHour: number;
  readonly unfilledPenaltyPerUnit: number;
}

export interface AllocationProblem {
  readonly warehouses: readonly ProblemWarehouse[];
  readonly skus: readonly ProblemSku[];
  readonly stock: readonly StockRow[];
  readonly lanes: readonly Lane[];
  readonly orders: readonly ProblemOrder[];
  readonly policy: Policy;
  /** `YYYY-MM-DD`: the date shelf life is measured from. */
  readonly asOf: string;
}

/** Defaults the format document fixes or this project chose (documented in docs/allocation-format.md). */
export const DEFAULT_POLICY: Policy = { allowSplit: true, splitPenalty: 0, latePenaltyPerHour: 0, unfilledPenaltyPerUnit: 1000 };
