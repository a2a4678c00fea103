import { z } from 'zod';

/**
 * The JSON REST API of the self-built WMS (docs/connectors/rest-pull.md), in the WMS's own
 * naming. Objects are not strict: a WMS adds fields over time and the hub ignores what it does
 * not know; fields it needs are checked and a bad one names its path.
 */
const text = z.string().trim().min(1).max(200);
const decimal = z.string().trim().regex(/^\d+(\.\d+)?$/, 'a decimal number such as "12" or "1.5"');
const nullableText = z.string().trim().max(200).nullish();

/** One stock movement of `GET /api/movements`. */
export const movementItemSchema = z.object({
  seq: z.number().int().nonnegative(),
  ts: z.iso.datetime({ offset: true, message: 'an ISO-8601 date-time with offset' }),
  wh_code: text,
  item_no: text,
  qty: z.union([z.number().positive(), decimal]),
  uom: nullableText,
  lot_no: nullableText,
  exp_date: z.iso.date().nullish(),
  from_status: nullableText,
  to_status: nullableText,
  move_type: text,
  ref_no: nullableText,
  xfer_no: nullableText,
});
export type MovementItem = z.infer<typeof movementItemSchema>;

/** The envelope of `GET /api/movements?after=<cursor>&limit=<n>`; items are checked one by one. */
export const movementPageSchema = z.object({
  items: z.array(z.unknown()),
  next_cursor: z.string().min(1).max(500).nullable(),
  has_more: z.boolean().optional(),
});

/** One line of `GET /api/stock`. */
export const stockItemSchema = z.object({
  item_no: text,
  qty: z.union([z.number().nonnegative(), decimal]),
  uom: nullableText,
  status: text,
  lot_no: nullableText,
  exp_date: z.iso.date().nullish(),
});

/** `GET /api/stock`: every warehouse of the WMS, consistent as of one position of the movement stream. */
export const stockListingSchema = z.object({
  snapshot_id: text,
  taken_at: z.iso.datetime({ offset: true, message: 'an ISO-8601 date-time with offset' }),
  /** The movement cursor this listing reflects exactly (null: before the first movement). */
  as_of_cursor: z.string().min(1).max(500).nullable(),
  warehouses: z.array(z.object({ wh_code: text, items: z.array(stockItemSchema) })),
});
export type StockListing = z.infer<typeof stockListingSchema>;

/** Body of `POST /api/shipments` (the hub's fulfilment and transfer requests, in the WMS's words). */
export interface ShipmentOrder {
  readonly request_no: string;
  readonly type: 'SHIP' | 'TRANSFER';
  readonly order_no: string;
  readonly wh_code: string;
  readonly ship_to: {
    readonly name: string;
    readonly address?: string;
    readonly region?: string;
    readonly to_wh_code?: string;
  };
  readonly lines: readonly {
    readonly line_no: number;
    readonly item_no: string;
    readonly qty: number;
    readonly uom: string;
    readonly lot_no?: string;
  }[];
  readonly requested_at: string;
}

/**
 * The WMS's movement types and the hub's reasons. A type not listed passes through lower-cased
 * when it is a valid reason (`PUTAWAY` → `putaway`); anything else is refused.
 */
export const MOVE_TYPES: Readonly<Record<string, string>> = {
  RCV: 'receipt',
  PICK: 'pick',
  SHIP: 'ship',
  ADJ: 'adjust',
  CNT: 'count',
  HOLD: 'quarantine',
  RELEASE: 'release',
  DMG: 'damage',
  XFER_OUT: 'transfer_out',
  XFER_IN: 'transfer_in',
  RTN: 'return',
  ALLOC: 'allocate',
};
