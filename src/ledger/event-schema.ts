import { z } from 'zod';
import { type InboundEvent, type Problem, problem } from '../domain/index.ts';

const id = z.string().trim().min(1).max(200);
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const DECIMAL = /^\d+(\.\d+)?$/;
const REASON = /^[a-z][a-z0-9_]{0,39}$/;

/** The inbound event format of docs/event-format.md. Unknown fields are refused, not ignored. */
export const inboundEventSchema = z.strictObject({
  id,
  source: id,
  sequence: z.number().int().nonnegative().optional(),
  occurredAt: isoDateTime,
  warehouse: id,
  sku: id,
  unit: id.optional(),
  quantity: z.union([z.number().positive(), z.string().regex(DECIMAL, 'a positive decimal number')]),
  lot: z.string().trim().min(1).max(100).optional(),
  expiry: isoDate.optional(),
  fromStatus: id.optional(),
  toStatus: id.optional(),
  reason: z.string().regex(REASON, 'lower_snake_case, at most 40 characters'),
  orderRef: id.optional(),
  transferRef: id.optional(),
});

export type ParsedEvent = { ok: true; event: InboundEvent } | { ok: false; problems: Problem[] };

/**
 * Checks shape only (no master data): every problem names its field. The hot path is a hand-written
 * check (`fastParse`) that accepts only what the zod schema accepts and returns the same value;
 * anything it does not accept goes through zod, which says what is wrong (same messages as ever).
 */
export function parseInboundEvent(raw: unknown): ParsedEvent {
  let e: InboundEvent | undefined = fastParse(raw);
  if (e === undefined) {
    const r = inboundEventSchema.safeParse(raw);
    if (!r.success) {
      return {
        ok: false,
        problems: r.error.issues.map((i) =>
          problem('MALFORMED_EVENT', i.message, i.path.length ? i.path.join('.') : '(event)'),
        ),
      };
    }
    e = r.data;
  }
  if (e.fromStatus === undefined && e.toStatus === undefined) {
    return { ok: false, problems: [problem('MALFORMED_EVENT', 'an event needs fromStatus, toStatus or both', 'fromStatus')] };
  }
  if (e.fromStatus !== undefined && e.fromStatus === e.toStatus) {
    return { ok: false, problems: [problem('MALFORMED_EVENT', 'fromStatus and toStatus are the same: nothing moves', 'toStatus')] };
  }
  return { ok: true, event: e };
}

// The zod schema's own patterns, so the fast check cannot drift from it.
const patternOf = (schema: unknown): RegExp => (schema as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern;
const DATETIME = patternOf(isoDateTime);
const DATE = patternOf(isoDate);
const KEYS = new Set(Object.keys(inboundEventSchema.shape));

/** `z.string().trim().min(1).max(max)`: the trimmed text, or undefined when zod would refuse it. */
function trimmed(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length >= 1 && t.length <= max ? t : undefined;
}

/**
 * What `inboundEventSchema.safeParse(raw).data` is when zod accepts `raw` and this check does too;
 * undefined when this check is not sure (zod then decides and explains). Accepts a subset of what
 * zod accepts: plain objects only, no unknown keys, every field of the right type and pattern.
 */
export function fastParse(raw: unknown): InboundEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const o = raw as Record<string, unknown>;
  for (const k in o) if (!KEYS.has(k)) return undefined;

  const id = trimmed(o.id, 200);
  const source = trimmed(o.source, 200);
  const warehouse = trimmed(o.warehouse, 200);
  const sku = trimmed(o.sku, 200);
  const occurredAt = o.occurredAt;
  const reason = o.reason;
  const quantity = o.quantity;
  if (id === undefined || source === undefined || warehouse === undefined || sku === undefined) return undefined;
  if (typeof occurredAt !== 'string' || !DATETIME.test(occurredAt)) return undefined;
  if (typeof reason !== 'string' || !REASON.test(reason)) return undefined;
  if (typeof quantity === 'number') {
    if (!(Number.isFinite(quantity) && quantity > 0)) return undefined;
  } else if (typeof quantity !== 'string' || !DECIMAL.test(quantity)) return undefined;

  const event: { -readonly [K in keyof InboundEvent]: InboundEvent[K] } = { id, source, occurredAt, warehouse, sku, quantity, reason };
  const sequence = o.sequence;
  if (sequence !== undefined) {
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return undefined;
    event.sequence = sequence;
  }
  if (o.unit !== undefined && (event.unit = trimmed(o.unit, 200)) === undefined) return undefined;
  if (o.lot !== undefined && (event.lot = trimmed(o.lot, 100)) === undefined) return undefined;
  const expiry = o.expiry;
  if (expiry !== undefined) {
    if (typeof expiry !== 'string' || !DATE.test(expiry)) return undefined;
    event.expiry = expiry;
  }
  if (o.fromStatus !== undefined && (event.fromStatus = trimmed(o.fromStatus, 200)) === undefined) return undefined;
  if (o.toStatus !== undefined && (event.toStatus = trimmed(o.toStatus, 200)) === undefined) return undefined;
  if (o.orderRef !== undefined && (event.orderRef = trimmed(o.orderRef, 200)) === undefined) return undefined;
  if (o.transferRef !== undefined && (event.transferRef = trimmed(o.transferRef, 200)) === undefined) return undefined;
  return event;
}
