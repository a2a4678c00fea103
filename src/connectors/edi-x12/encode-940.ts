import { StockmeshError } from '../../domain/index.ts';
import type { FulfilmentRequest } from '../connector.ts';
import { addQuantities } from './decimal-text.ts';
import { type X12Envelope, writeInterchange } from './write-interchange.ts';

/** Hub units → X12 unit codes (element 355). A unit already written as a 2-character code passes as is. */
export const DEFAULT_UNIT_CODES: Readonly<Record<string, string>> = {
  each: 'EA', ea: 'EA', piece: 'PC', case: 'CA', carton: 'CT', pallet: 'PL', box: 'BX', pack: 'PK', dozen: 'DZ', kg: 'KG', lb: 'LB',
};

export interface Encode940Options {
  /** Qualifier of the line codes (W01-04): the kind of code `externalCode` is. Default VN (vendor's item number). */
  readonly productQualifier?: string | undefined;
  /** The N1*WH party; default: the hub's warehouse id under qualifier ZZ (mutually defined). */
  readonly warehouseParty?: { readonly name: string; readonly qualifier: string; readonly id: string } | undefined;
  /** Hub unit → X12 unit code; default DEFAULT_UNIT_CODES. */
  readonly unitCodes?: Readonly<Record<string, string>> | undefined;
  /** W66-01/02: shipment method of payment and transportation method. Default PP (prepaid), M (motor carrier). */
  readonly transport?: { readonly payment: string; readonly method: string } | undefined;
}

/**
 * Writes a fulfilment request as a 940 Warehouse Shipping Order (4010 layout): W05 with the order
 * reference as depositor order number (the 945 echoes it in W06-02), the ship-to party (N1*ST with
 * N3/N4; a transfer names the receiving warehouse as its id), the warehouse (N1*WH), the requested
 * ship date (G62*10), W66, one LX/W01 per line (quantity, X12 unit, code, lot in W01-13) and the
 * W76 total. Pure; values that do not fit X12 are refused (UNENCODABLE_REQUEST).
 */
export function encode940(request: FulfilmentRequest, envelope: X12Envelope, options: Encode940Options = {}): string {
  const units = options.unitCodes ?? DEFAULT_UNIT_CODES;
  const qualifier = options.productQualifier ?? 'VN';
  const fit = (field: string, v: string, max: number): string => {
    if (v.trim() === '' || v.length > max) refuse(field, `"${v}" must have 1–${max} characters`);
    return v;
  };
  const segments: [string, string[]][] = [['W05', ['N', fit('orderRef', request.orderRef, 22)]]];
  const to = request.shipTo;
  segments.push(['N1', ['ST', fit('shipTo.name', to.name, 60), ...(to.toWarehouse ? ['ZZ', fit('shipTo.toWarehouse', to.toWarehouse, 80)] : [])]]);
  if (to.address) segments.push(['N3', [fit('shipTo.address', to.address, 55)]]);
  if (to.region) segments.push(['N4', ['', fit('shipTo.region', to.region, 2)]]);
  const wh = options.warehouseParty ?? { name: request.warehouse, qualifier: 'ZZ', id: request.warehouse };
  segments.push(['N1', ['WH', fit('warehouse', wh.name, 60), wh.qualifier, fit('warehouse', wh.id, 80)]]);
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(request.requestedAt);
  if (!date) refuse('requestedAt', `"${request.requestedAt}" is not an ISO date`);
  segments.push(['G62', ['10', `${date[1]}${date[2]}${date[3]}`]]);
  segments.push(['W66', [options.transport?.payment ?? 'PP', options.transport?.method ?? 'M']]);
  if (request.lines.length === 0) refuse('lines', 'a shipping order needs at least one line');
  request.lines.forEach((l, i) => {
    const at = `lines[${i}]`;
    if (!(l.quantity > 0) || !Number.isFinite(l.quantity) || /e/i.test(String(l.quantity))) refuse(`${at}.quantity`, `${l.quantity} is not a positive quantity`);
    const unit = /^[A-Z0-9]{2}$/.test(l.unit) ? l.unit : units[l.unit] ?? units[l.unit.toLowerCase()];
    if (unit === undefined) refuse(`${at}.unit`, `unit "${l.unit}" has no X12 unit code (add it to unitCodes)`);
    const w01 = [String(l.quantity), unit, '', qualifier, fit(`${at}.externalCode`, l.externalCode, 48)];
    if (l.lot !== undefined) w01.push('', '', '', '', '', '', '', fit(`${at}.lot`, l.lot, 12));
    segments.push(['LX', [String(i + 1)]], ['W01', w01]);
  });
  segments.push(['W76', [String(addQuantities(request.lines.map((l) => String(l.quantity))))]]);
  return writeInterchange(envelope, 'OW', [{ id: '940', controlNumber: '0001', segments }]);
}

function refuse(field: string, message: string): never {
  throw new StockmeshError('UNENCODABLE_REQUEST', `${field}: ${message}`, [{ code: 'UNENCODABLE_REQUEST', message, where: field }]);
}
