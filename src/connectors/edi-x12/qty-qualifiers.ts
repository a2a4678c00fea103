import type { CanonicalStatus } from '../../domain/index.ts';

/**
 * What an 846 QTY01 quantity qualifier (X12 element 673) means for stock. An 846 line carries
 * several quantities of one item; each is one of:
 * - `balance`: how much of the item is in one status now (a line of a full listing). `prefer`
 *   ranks qualifiers that report the same status (33 before 34);
 * - `on_hand`: the physical total; it is `available` minus nothing only when no `available`
 *   balance is given, else it is the sum the other balances already split (used to derive
 *   available = on hand − the on-hand balances that are not available);
 * - `activity`: a movement during the reporting period (received, shipped, transferred);
 * - `ignored`: planning or informational figures that are not stock in the warehouse.
 * Any qualifier not in the table is refused (UNMAPPED_CONTENT), never guessed.
 */
export type QtyRole =
  | { readonly kind: 'balance'; readonly status: CanonicalStatus; readonly prefer?: number; readonly label: string }
  | { readonly kind: 'on_hand'; readonly label: string }
  | {
      readonly kind: 'activity';
      readonly reason: string;
      readonly from?: CanonicalStatus;
      readonly to?: CanonicalStatus;
      readonly label: string;
    }
  | { readonly kind: 'ignored'; readonly label: string };

export const QTY_QUALIFIERS: Readonly<Record<string, QtyRole>> = {
  '33': { kind: 'balance', status: 'available', prefer: 1, label: 'quantity available for sale (stock quantity)' },
  '34': { kind: 'balance', status: 'available', prefer: 2, label: 'non-committed inventory on shelf' },
  QH: { kind: 'balance', status: 'quarantine', label: 'quantity on hold' },
  '74': { kind: 'balance', status: 'damaged', label: 'damaged goods' },
  '20': { kind: 'balance', status: 'damaged', label: 'unusable quantity' },
  '27': { kind: 'balance', status: 'allocated', label: 'committed quantity' },
  XU: { kind: 'balance', status: 'allocated', label: 'reserved' },
  IQ: { kind: 'balance', status: 'in_transit', label: 'in-transit quantity' },
  '17': { kind: 'on_hand', label: 'quantity on hand' },
  '87': { kind: 'activity', reason: 'receipt', to: 'available', label: 'quantity received' },
  '75': { kind: 'activity', reason: 'receipt', to: 'available', label: 'receipts' },
  '76': { kind: 'activity', reason: 'return', to: 'available', label: 'returns' },
  '77': { kind: 'activity', reason: 'transfer_in', to: 'available', label: 'stock transfers in' },
  '78': { kind: 'activity', reason: 'transfer_out', from: 'available', label: 'stock transfers out' },
  '39': { kind: 'activity', reason: 'ship', from: 'available', label: 'shipped quantity' },
  '63': { kind: 'ignored', label: 'on order quantity' },
  QB: { kind: 'ignored', label: 'quantity dispensed' },
  BQ: { kind: 'ignored', label: 'backorder quantity' },
  '38': { kind: 'ignored', label: 'original quantity' },
  '40': { kind: 'ignored', label: 'remaining quantity' },
  '57': { kind: 'ignored', label: 'minimum order quantity' },
  '69': { kind: 'ignored', label: 'incremental order quantity' },
  '70': { kind: 'ignored', label: 'maximum order quantity' },
  '72': { kind: 'ignored', label: 'minimum stock level' },
  '73': { kind: 'ignored', label: 'maximum stock level' },
};

/** Balances that are physically in the building, which an on-hand total (17) includes. */
export const ON_HAND_STATUSES: readonly CanonicalStatus[] = ['available', 'allocated', 'picking', 'quarantine', 'damaged'];
