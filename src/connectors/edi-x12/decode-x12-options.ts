import type { WarehouseLookup } from './parties.ts';
import { DEFAULT_PRODUCT_QUALIFIERS } from './product-id.ts';
import { QTY_QUALIFIERS, type QtyRole } from './qty-qualifiers.ts';

/** How to read one partner's interchanges. Everything but `source` and `now` has a documented default. */
export interface DecodeX12Options {
  /** Source system id of the partner (master data `sources`); prefixes every event id. */
  readonly source: string;
  /** The decode time (ISO-8601 or Date): dates the 997 reply; never used for event content or ids. */
  readonly now: string | Date;
  /** Maps an N1 party (WH, ST, SF…) to a canonical warehouse id; undefined when the party is not one. */
  readonly warehouseFor?: WarehouseLookup | undefined;
  /** The warehouse when no party is recognised (a partner with a single site). */
  readonly defaultWarehouse?: string | undefined;
  /** UTC offset of the partner's local times, when a date/time carries no time code. Default `+00:00`. */
  readonly utcOffset?: string | undefined;
  /** Product id qualifiers in order of preference (default: DEFAULT_PRODUCT_QUALIFIERS). */
  readonly productQualifiers?: readonly string[] | undefined;
  /** 846 QTY01 qualifier table (default: QTY_QUALIFIERS); a partner may add or override codes. */
  readonly qtyQualifiers?: Readonly<Record<string, QtyRole>> | undefined;
  /** BIA01 purposes that make an 846 a full listing (a snapshot). Default `00` original, `05` replace. */
  readonly fullListingPurposes?: readonly string[] | undefined;
  /**
   * When the partner announces receipts with a 943 (in_transit at the receiving warehouse), 944
   * receipts move in_transit → available instead of arriving as new stock. Default false.
   */
  readonly receiptsFromInTransit?: boolean | undefined;
  /**
   * Put the interchange control number (ISA13) on the first event of each interchange as the
   * source `sequence`, for gap detection. Only for partners whose ISA13 counter is dedicated to
   * interchanges that carry stock movements (a 997 or an 846 from the same counter would open a
   * gap that never fills). Default false.
   */
  readonly sequenceFromControlNumber?: boolean | undefined;
  /** Control number of the 997 reply (ISA13/GS06). Default: the received ISA13, so a re-decode gives the same reply. */
  readonly ackControlNumber?: number | undefined;
}

export interface ResolvedX12Options {
  readonly source: string;
  readonly now: Date;
  readonly warehouseFor: WarehouseLookup | undefined;
  readonly defaultWarehouse: string | undefined;
  readonly utcOffset: string;
  readonly productQualifiers: readonly string[];
  readonly qtyQualifiers: Readonly<Record<string, QtyRole>>;
  readonly fullListingPurposes: readonly string[];
  readonly receiptsFromInTransit: boolean;
  readonly sequenceFromControlNumber: boolean;
  readonly ackControlNumber: number | undefined;
}

export function resolveX12Options(o: DecodeX12Options): ResolvedX12Options {
  const offset = o.utcOffset ?? '+00:00';
  if (!/^[+-]\d{2}:\d{2}$/.test(offset)) throw new TypeError(`utcOffset "${offset}" is not ±HH:MM`);
  return {
    source: o.source,
    now: typeof o.now === 'string' ? new Date(o.now) : o.now,
    warehouseFor: o.warehouseFor,
    defaultWarehouse: o.defaultWarehouse,
    utcOffset: offset,
    productQualifiers: o.productQualifiers ?? DEFAULT_PRODUCT_QUALIFIERS,
    qtyQualifiers: { ...QTY_QUALIFIERS, ...(o.qtyQualifiers ?? {}) },
    fullListingPurposes: o.fullListingPurposes ?? ['00', '05'],
    receiptsFromInTransit: o.receiptsFromInTransit ?? false,
    sequenceFromControlNumber: o.sequenceFromControlNumber ?? false,
    ackControlNumber: o.ackControlNumber,
  };
}
