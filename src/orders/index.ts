/**
 * Orders: intake, atomic reservation (group commit under the ledger lock, holds on
 * `positions.held`), backorders, and the ports "where to source", "when to reserve" and "lanes"
 * (docs/orders.md).
 */
export { OrderService, type OrderServiceOptions } from './order-service.ts';
export { ordersConfig, planSingleSourcing, reserveOnSubmit, reserveOnRelease, type OrdersConfig, type SourcingStrategy, type ReserveTiming } from './orders-config.ts';
export { greatCircleLanes, greatCircleKm, DEFAULT_LANE_RATES, type LaneModel, type DistanceLaneRates, type DestinationZone, type GeoPoint } from './lane-model.ts';
export { backorderHook } from './backorder-hook.ts';
export { startHoldSweep } from './hold-sweep.ts';
export { acceptOrder, canonicalJson } from './accept-order.ts';
export type { BackorderReport } from './allocate-backorders.ts';
export type { Backorder, BaseLine, Destination, OrderInput, OrderLineInput, OrderState, StoredOrder, SubmitResult } from './order-types.ts';
