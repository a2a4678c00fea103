/**
 * Orders: intake, atomic reservation (group commit under the ledger lock, holds on
 * `positions.held`), backorders, and the ports "where to source", "when to reserve" and "lanes"
 * (docs/orders.md).
 */
export { OrderService, type OrderServiceOptions, type SubmitListener, type SubmitObservation } from './order-service.ts';
export { ordersConfig, planSingleSourcing, reserveOnSubmit, reserveOnRelease, type OrdersConfig, type SourcingStrategy, type ReserveTiming } from './orders-config.ts';
export { greatCircleLanes, greatCircleKm, DEFAULT_LANE_RATES, type LaneModel, type DistanceLaneRates, type DestinationZone, type GeoPoint } from './lane-model.ts';
export { backorderHook } from './backorder-hook.ts';
export { startHoldSweep } from './hold-sweep.ts';
export { acceptOrder, canonicalJson } from './accept-order.ts';
export type { BackorderReport } from './allocate-backorders.ts';
export type { OrderFilter } from './list-orders.ts';
export type { OverrideRequest, OverrideResult } from './override-allocation.ts';
export type { HoldRelease } from './release-hold.ts';
export type { Backorder, BaseLine, OrderUnfilled, Destination, OrderInput, OrderLineInput, OrderState, StoredOrder, SubmitResult } from './order-types.ts';
