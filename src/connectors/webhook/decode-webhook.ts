import type { InboundEvent, Problem } from '../../domain/index.ts';
import { problem } from '../../domain/index.ts';
import type { Decoded, SnapshotDoc } from '../connector.ts';
import { issueProblems, omitEmpty, toWarehouse, type WarehouseCodes } from '../runtime/index.ts';
import { adjustmentDataSchema, deliverySchema, envelopeSchema, movementDataSchema, snapshotDataSchema } from './webhook-payload.ts';

export interface WebhookDecodeContext {
  /** The source named by the URL (`/hooks/:source`), whose secret verified the delivery. */
  readonly source: string;
  readonly warehouseCodes?: WarehouseCodes | undefined;
}

export interface RefusedEvent {
  readonly index: number;
  readonly eventId: string | null;
  readonly event: unknown;
  readonly problems: readonly Problem[];
}

export interface DecodedDelivery {
  readonly decoded: Decoded;
  /** Null when the body is not a delivery at all (then `decoded` holds only problems). */
  readonly deliveryId: string | null;
  readonly refused: readonly RefusedEvent[];
}

type One = { ok: true; event?: InboundEvent; snapshot?: SnapshotDoc } | { ok: false; problems: Problem[] };

/**
 * Pure: a verified delivery body → events and snapshots. Event ids are `<source>:<event id>`,
 * so a redelivered event is a harmless duplicate. One bad event is refused on its own.
 */
export function decodeDelivery(body: unknown, ctx: WebhookDecodeContext): DecodedDelivery {
  const d = deliverySchema.safeParse(body);
  if (!d.success) return { decoded: { events: [], snapshots: [], problems: issueProblems(d.error.issues, 'MALFORMED_MESSAGE', '') }, deliveryId: null, refused: [] };
  const events: InboundEvent[] = [];
  const snapshots: SnapshotDoc[] = [];
  const refused: RefusedEvent[] = [];
  d.data.events.forEach((raw, index) => {
    const r = decodeEvent(raw, index, ctx);
    if (!r.ok) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
      refused.push({ index, eventId: id, event: raw, problems: r.problems });
      return;
    }
    if (r.event) events.push(r.event);
    if (r.snapshot) snapshots.push(r.snapshot);
  });
  return { decoded: { events, snapshots, problems: refused.flatMap((r) => r.problems) }, deliveryId: d.data.delivery_id, refused };
}

export function decodeEvent(raw: unknown, index: number, ctx: WebhookDecodeContext): One {
  const at = `events[${index}]`;
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) return { ok: false, problems: issueProblems(env.error.issues, 'MALFORMED_MESSAGE', at) };
  const e = env.data;
  const base = { id: `${ctx.source}:${e.id}`, source: ctx.source, occurredAt: e.created_at, ...omitEmpty({ sequence: e.sequence }) };
  const facility = (code: string): string | Problem => {
    const w = toWarehouse(code, ctx.warehouseCodes);
    return w ?? problem('UNKNOWN_WAREHOUSE', `facility "${code}" has no warehouse in the connector's configuration`, `${at}.data.facility`);
  };

  if (e.type === 'inventory.snapshot') {
    const s = snapshotDataSchema.safeParse(e.data);
    if (!s.success) return { ok: false, problems: issueProblems(s.error.issues, 'MALFORMED_MESSAGE', `${at}.data`) };
    const warehouse = facility(s.data.facility);
    if (typeof warehouse !== 'string') return { ok: false, problems: [warehouse] };
    const lines = s.data.lines.map((l) => ({
      sku: l.sku,
      status: l.state,
      quantity: l.quantity,
      ...omitEmpty({ unit: l.unit, lot: l.lot, expiry: l.expires_on }),
    }));
    return { ok: true, snapshot: { id: base.id, source: ctx.source, warehouse, takenAt: s.data.taken_at, lines } };
  }

  if (e.type === 'inventory.adjusted') {
    const a = adjustmentDataSchema.safeParse(e.data);
    if (!a.success) return { ok: false, problems: issueProblems(a.error.issues, 'MALFORMED_MESSAGE', `${at}.data`) };
    const warehouse = facility(a.data.facility);
    if (typeof warehouse !== 'string') return { ok: false, problems: [warehouse] };
    const delta = String(a.data.delta).trim();
    const negative = delta.startsWith('-');
    const magnitude = negative ? delta.slice(1) : delta;
    if (Number(magnitude) === 0) return { ok: false, problems: [problem('MALFORMED_MESSAGE', 'an adjustment of zero moves nothing', `${at}.data.delta`)] };
    return {
      ok: true,
      event: {
        ...base,
        warehouse,
        sku: a.data.sku,
        quantity: magnitude,
        reason: a.data.reason_code ?? 'adjust',
        ...(negative ? { fromStatus: a.data.state } : { toStatus: a.data.state }),
        ...itemFields(a.data),
      },
    };
  }

  const kinds: Record<string, { reason: string; from: boolean; to: boolean }> = {
    'inventory.received': { reason: 'receipt', from: false, to: true },
    'inventory.shipped': { reason: 'ship', from: true, to: false },
    'inventory.state_changed': { reason: 'status_change', from: true, to: true },
  };
  const kind = kinds[e.type];
  if (!kind) return { ok: false, problems: [problem('MALFORMED_MESSAGE', `event type "${e.type}" is not one the hub understands`, `${at}.type`)] };
  const m = movementDataSchema.safeParse(e.data);
  if (!m.success) return { ok: false, problems: issueProblems(m.error.issues, 'MALFORMED_MESSAGE', `${at}.data`) };
  const problems: Problem[] = [];
  if (kind.from && !m.data.from_state) problems.push(problem('MALFORMED_MESSAGE', `${e.type} needs from_state`, `${at}.data.from_state`));
  if (kind.to && !m.data.to_state) problems.push(problem('MALFORMED_MESSAGE', `${e.type} needs to_state`, `${at}.data.to_state`));
  const warehouse = facility(m.data.facility);
  if (typeof warehouse !== 'string') problems.push(warehouse);
  if (problems.length > 0 || typeof warehouse !== 'string') return { ok: false, problems };
  return {
    ok: true,
    event: {
      ...base,
      warehouse,
      sku: m.data.sku,
      quantity: m.data.quantity,
      reason: m.data.reason_code ?? kind.reason,
      ...omitEmpty({ fromStatus: kind.from ? m.data.from_state : undefined, toStatus: kind.to ? m.data.to_state : undefined }),
      ...itemFields(m.data),
    },
  };
}

function itemFields(d: { unit?: string | null | undefined; lot?: string | null | undefined; expires_on?: string | null | undefined; order_id?: string | null | undefined; transfer_id?: string | null | undefined }) {
  return omitEmpty({ unit: d.unit, lot: d.lot, expiry: d.expires_on, orderRef: d.order_id, transferRef: d.transfer_id });
}
