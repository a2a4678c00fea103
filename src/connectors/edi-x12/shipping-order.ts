import type { FulfilmentRequest } from '../connector.ts';

/**
 * A 940 Warehouse Shipping Order as read: the shape of a FulfilmentRequest, except that a line
 * names the item only by the partner's code (master data resolves the SKU), with the qualifier
 * that says which kind of code it is, and the quantity exactly as sent.
 */
export interface X12ShippingOrder extends Omit<FulfilmentRequest, 'lines'> {
  readonly lines: readonly X12OrderLine[];
}

export interface X12OrderLine {
  readonly externalCode: string;
  /** Product id qualifier of `externalCode` (VN, UK, UP…). */
  readonly qualifier: string;
  readonly quantity: number | string;
  readonly unit: string;
  readonly lot?: string | undefined;
}
