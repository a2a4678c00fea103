/** Response schemas of the order area (orders, holds, backorders), shared by its route plugins. */

const nullableString = { type: ['string', 'null'] } as const;

const baseLine = { type: 'object', required: ['sku', 'qty'], properties: { sku: { type: 'string' }, qty: { type: 'integer', description: 'base units' } } } as const;

export const planLineSchema = {
  type: 'object',
  required: ['warehouse', 'qty'],
  properties: { warehouse: { type: 'string' }, sku: { type: 'string' }, lot: { type: 'string' }, qty: { type: 'integer' } },
} as const;

export const orderSchema = {
  type: 'object',
  required: ['id', 'state', 'order', 'lines', 'allocation', 'unfilled', 'explanation', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: ['allocated', 'partial', 'backordered', 'accepted', 'cancelled'] },
    order: { type: 'object', additionalProperties: true, description: 'the order as submitted (docs/orders.md)' },
    lines: { type: 'array', items: baseLine, description: 'lines in base units' },
    allocation: { type: 'array', items: planLineSchema, description: 'plan lines held for the order, over every allocation so far' },
    unfilled: {
      type: 'array',
      items: {
        type: 'object',
        required: ['order', 'qty', 'reason'],
        properties: { order: { type: 'string' }, sku: { type: 'string' }, qty: { type: 'integer' }, reason: { type: 'string' } },
      },
      description: 'what is still missing, with the reason',
    },
    explanation: { type: ['object', 'null'], additionalProperties: true, description: "the allocation's explanation (docs/allocation-format.md)" },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const holdSchema = {
  type: 'object',
  required: ['id', 'orderId', 'warehouse', 'sku', 'lot', 'qty', 'consumed', 'state', 'createdAt', 'expiresAt', 'resolvedAt', 'resolvedBy'],
  properties: {
    id: { type: 'string' },
    orderId: { type: 'string' },
    warehouse: { type: 'string' },
    sku: { type: 'string' },
    lot: { type: 'string' },
    qty: { type: 'integer' },
    consumed: { type: 'integer', description: 'units the WMS already took over' },
    state: { type: 'string', enum: ['pending', 'confirmed', 'released', 'expired', 'consumed'] },
    createdAt: { type: 'string' },
    expiresAt: { type: 'string' },
    resolvedAt: nullableString,
    resolvedBy: { ...nullableString, description: '`cancel`, `expiry`, `hand:<who>`, `override:<who>`, or the consuming event' },
  },
} as const;

export const orderWithHoldsSchema = {
  ...orderSchema,
  required: [...orderSchema.required, 'holds'],
  properties: { ...orderSchema.properties, holds: { type: 'array', items: holdSchema } },
} as const;

export const backorderSchema = {
  type: 'object',
  required: ['orderId', 'priority', 'queuedAt', 'lines', 'reason', 'attempts', 'state'],
  properties: {
    orderId: { type: 'string' },
    priority: { type: 'integer' },
    queuedAt: { type: 'string' },
    lines: { type: 'array', items: baseLine, description: 'what is still to allocate' },
    reason: { type: 'string' },
    attempts: { type: 'integer' },
    state: { type: 'string', enum: ['open', 'allocated', 'cancelled'] },
  },
} as const;
