import { problem, StockmeshError } from '../../domain/index.ts';
import type { FulfilmentRequest } from '../connector.ts';
import { toWarehouseCode, type WarehouseCodes } from '../runtime/index.ts';
import type { ShipmentOrder } from './wms-api.ts';

/**
 * Pure: a hub fulfilment or transfer request → the WMS's `POST /api/shipments` body. Lines carry
 * the WMS's own item codes (`externalCode`, resolved through master data by the caller).
 */
export function encodeShipment(req: FulfilmentRequest, codes: WarehouseCodes | undefined): ShipmentOrder {
  const wh = toWarehouseCode(req.warehouse, codes);
  if (wh === undefined) {
    const msg = `warehouse ${req.warehouse} has no wh_code in the connector's configuration`;
    throw new StockmeshError('INVALID_ARGUMENT', msg, [problem('INVALID_ARGUMENT', msg, 'warehouse')]);
  }
  const toWh = req.shipTo.toWarehouse === undefined ? undefined : (toWarehouseCode(req.shipTo.toWarehouse, codes) ?? req.shipTo.toWarehouse);
  return {
    request_no: req.id,
    type: req.kind === 'ship' ? 'SHIP' : 'TRANSFER',
    order_no: req.orderRef,
    wh_code: wh,
    ship_to: {
      name: req.shipTo.name,
      ...(req.shipTo.address === undefined ? {} : { address: req.shipTo.address }),
      ...(req.shipTo.region === undefined ? {} : { region: req.shipTo.region }),
      ...(toWh === undefined ? {} : { to_wh_code: toWh }),
    },
    lines: req.lines.map((l, i) => ({
      line_no: i + 1,
      item_no: l.externalCode,
      qty: l.quantity,
      uom: l.unit,
      ...(l.lot === undefined ? {} : { lot_no: l.lot }),
    })),
    requested_at: req.requestedAt,
  };
}
