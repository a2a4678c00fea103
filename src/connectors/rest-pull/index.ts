export { RestPullConnector } from './rest-pull-connector.ts';
export { type RestPullOptions, MOVEMENTS_STREAM } from './rest-pull-options.ts';
export { decodeMovementPage, decodeMovement, type DecodedPage, type RefusedItem, type RestDecodeContext } from './decode-movements.ts';
export { decodeStockListing, type DecodedStock } from './decode-stock.ts';
export { encodeShipment } from './encode-shipment.ts';
export { MOVE_TYPES, type MovementItem, type ShipmentOrder, type StockListing } from './wms-api.ts';
