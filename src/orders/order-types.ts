import type { OrderExplanation, PlanLine, Unfilled, UnfilledReason } from '../allocation/index.ts';

/** Where an order goes: a region, coordinates or a postal code (at least one). */
export interface Destination {
  readonly region?: string | undefined;
  readonly lat?: number | undefined;
  readonly lon?: number | undefined;
  readonly postalCode?: string | undefined;
}

/** One line as the caller sends it: a canonical SKU, a quantity and its unit (default: base unit). */
export interface OrderLineInput {
  readonly sku: string;
  readonly qty: number | string;
  readonly unit?: string | undefined;
}

/** An order as submitted (docs/orders.md). The id comes from the caller and makes submit idempotent. */
export interface OrderInput {
  readonly id: string;
  readonly channel?: string | undefined;
  readonly destination: Destination;
  readonly lines: readonly OrderLineInput[];
  readonly promisedHours?: number | undefined;
  readonly serviceLevel?: string | undefined;
  readonly priority?: number | undefined;
}

/** A line in base units. */
export interface BaseLine {
  readonly sku: string;
  readonly qty: number;
}

/** An order after validation: lines in base units, destination resolved to a lane zone. */
export interface AcceptedOrder {
  readonly input: OrderInput;
  /** sha256 of the canonical body: the same id with another body is ORDER_ID_REUSED. */
  readonly hash: string;
  readonly lines: readonly BaseLine[];
  readonly priority: number;
}

/**
 * What is still missing of an order and why: an allocation's reason, or `HOLD_RELEASED` (a hold of
 * the order was released by hand and its quantity went back on the backorder queue).
 */
export interface OrderUnfilled extends Omit<Unfilled, 'reason'> {
  readonly reason: UnfilledReason | 'HOLD_RELEASED';
}

export type OrderState = 'allocated' | 'partial' | 'backordered' | 'accepted' | 'cancelled';

/** An order as stored, with what is held for it and why. */
export interface StoredOrder {
  readonly id: string;
  readonly state: OrderState;
  readonly order: OrderInput;
  readonly lines: readonly BaseLine[];
  /** Plan lines held for it (warehouse × SKU × lot × qty), over every allocation so far. */
  readonly allocation: readonly PlanLine[];
  /** What is still missing, with the reason (the order is on the backorder queue while non-empty). */
  readonly unfilled: readonly OrderUnfilled[];
  readonly explanation: OrderExplanation | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The answer to a submit: the stored order, and whether this call created it. */
export interface SubmitResult {
  readonly created: boolean;
  readonly order: StoredOrder;
}

/** One entry of the backorder queue. */
export interface Backorder {
  readonly orderId: string;
  readonly priority: number;
  readonly queuedAt: string;
  readonly lines: readonly BaseLine[];
  readonly reason: string;
  readonly attempts: number;
  readonly state: 'open' | 'allocated' | 'cancelled';
}
