import { z } from 'zod';
import { type InboundEvent, type Problem, problem } from '../domain/index.ts';

const id = z.string().trim().min(1).max(200);
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** The inbound event format of docs/event-format.md. Unknown fields are refused, not ignored. */
export const inboundEventSchema = z.strictObject({
  id,
  source: id,
  sequence: z.number().int().nonnegative().optional(),
  occurredAt: isoDateTime,
  warehouse: id,
  sku: id,
  unit: id.optional(),
  quantity: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/, 'a positive decimal number')]),
  lot: z.string().trim().min(1).max(100).optional(),
  expiry: isoDate.optional(),
  fromStatus: id.optional(),
  toStatus: id.optional(),
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower_snake_case, at most 40 characters'),
  orderRef: id.optional(),
  transferRef: id.optional(),
});

export type ParsedEvent = { ok: true; event: InboundEvent } | { ok: false; problems: Problem[] };

/** Checks shape only (no master data): every problem names its field. */
export function parseInboundEvent(raw: unknown): ParsedEvent {
  const r = inboundEventSchema.safeParse(raw);
  if (!r.success) {
    return {
      ok: false,
      problems: r.error.issues.map((i) =>
        problem('MALFORMED_EVENT', i.message, i.path.length ? i.path.join('.') : '(event)'),
      ),
    };
  }
  const e = r.data;
  if (e.fromStatus === undefined && e.toStatus === undefined) {
    return { ok: false, problems: [problem('MALFORMED_EVENT', 'an event needs fromStatus, toStatus or both', 'fromStatus')] };
  }
  if (e.fromStatus !== undefined && e.fromStatus === e.toStatus) {
    return { ok: false, problems: [problem('MALFORMED_EVENT', 'fromStatus and toStatus are the same: nothing moves', 'toStatus')] };
  }
  return { ok: true, event: e };
}
