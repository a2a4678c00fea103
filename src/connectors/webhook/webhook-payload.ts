import { z } from 'zod';

/**
 * The JSON a SaaS WMS pushes (docs/connectors/webhook.md), in its own naming. One delivery carries
 * one or more events; each event has the WMS's own id, which makes a redelivery harmless.
 * Objects are not strict: fields the hub does not use are ignored.
 */
const text = z.string().trim().min(1).max(200);
const optText = z.string().trim().max(200).nullish();
const decimal = z.string().trim().regex(/^\d+(\.\d+)?$/, 'a decimal number such as "12" or "1.5"');
const signedDecimal = z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'a signed decimal number such as "-3"');
const reasonCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower_snake_case, at most 40 characters').nullish();
const dateTime = z.iso.datetime({ offset: true, message: 'an ISO-8601 date-time with offset' });

export const deliverySchema = z.object({
  delivery_id: text,
  events: z.array(z.unknown()).min(1).max(10_000),
});

export const envelopeSchema = z.object({
  id: text,
  type: text,
  sequence: z.number().int().nonnegative().nullish(),
  created_at: dateTime,
  data: z.record(z.string(), z.unknown()),
});

const item = {
  facility: text,
  sku: text,
  unit: optText,
  lot: optText,
  expires_on: z.iso.date().nullish(),
  order_id: optText,
  transfer_id: optText,
  reason_code: reasonCode,
};

/** inventory.received, inventory.shipped, inventory.state_changed. */
export const movementDataSchema = z.object({
  ...item,
  quantity: z.union([z.number().positive(), decimal]),
  from_state: optText,
  to_state: optText,
});

/** inventory.adjusted: a signed change of one state. */
export const adjustmentDataSchema = z.object({
  ...item,
  delta: z.union([z.number(), signedDecimal]),
  state: text,
});

/** inventory.snapshot: the full listing of one facility. */
export const snapshotDataSchema = z.object({
  facility: text,
  taken_at: dateTime,
  lines: z.array(
    z.object({
      sku: text,
      quantity: z.union([z.number().nonnegative(), decimal]),
      unit: optText,
      lot: optText,
      expires_on: z.iso.date().nullish(),
      state: text,
    }),
  ),
});

export const EVENT_TYPES = [
  'inventory.received',
  'inventory.shipped',
  'inventory.state_changed',
  'inventory.adjusted',
  'inventory.snapshot',
] as const;
