import type { InboundEvent, Problem } from '../../domain/index.ts';
import { problem } from '../../domain/index.ts';
import type { Decoded } from '../connector.ts';
import { issueProblems, omitEmpty, toWarehouse, type WarehouseCodes } from '../runtime/index.ts';
import { MOVE_TYPES, type MovementItem, movementItemSchema, movementPageSchema } from './wms-api.ts';

export interface RestDecodeContext {
  readonly source: string;
  readonly warehouseCodes?: WarehouseCodes | undefined;
}

/** An item of a page the decoder refused, with the item as it came, for the rejection record. */
export interface RefusedItem {
  readonly index: number;
  readonly item: unknown;
  readonly problems: readonly Problem[];
}

export interface DecodedPage {
  /** Events in source-sequence order; problems of refused items (each naming `items[i]…`). */
  readonly decoded: Decoded;
  /** Null when the envelope itself is not a movement page: nothing of it can be trusted. */
  readonly page: { readonly nextCursor: string | null; readonly items: number; readonly hasMore: boolean | undefined } | null;
  readonly refused: readonly RefusedItem[];
}

const REASON = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Pure: one `GET /api/movements` answer → inbound events. Ids are `<source>:<seq>` (the WMS's
 * sequence is unique and stable), so a page fetched twice delivers the same ids. One bad item is
 * refused on its own; the others go through. Events come out sorted by sequence: a WMS that
 * returns a page out of order (commit order differs from numbering) does not make the ledger
 * see a gap that the same page fills.
 */
export function decodeMovementPage(body: unknown, ctx: RestDecodeContext): DecodedPage {
  const env = movementPageSchema.safeParse(body);
  if (!env.success) {
    return { decoded: { events: [], snapshots: [], problems: issueProblems(env.error.issues, 'MALFORMED_MESSAGE', '') }, page: null, refused: [] };
  }
  const events: InboundEvent[] = [];
  const refused: RefusedItem[] = [];
  env.data.items.forEach((item, index) => {
    const r = decodeMovement(item, index, ctx);
    if (r.ok) events.push(r.event);
    else refused.push({ index, item, problems: r.problems });
  });
  events.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  return {
    decoded: { events, snapshots: [], problems: refused.flatMap((r) => r.problems) },
    page: { nextCursor: env.data.next_cursor, items: env.data.items.length, hasMore: env.data.has_more },
    refused,
  };
}

type One = { ok: true; event: InboundEvent } | { ok: false; problems: Problem[] };

export function decodeMovement(item: unknown, index: number, ctx: RestDecodeContext): One {
  const at = `items[${index}]`;
  const parsed = movementItemSchema.safeParse(item);
  if (!parsed.success) return { ok: false, problems: issueProblems(parsed.error.issues, 'MALFORMED_MESSAGE', at) };
  const m = parsed.data;
  const problems: Problem[] = [];
  const warehouse = toWarehouse(m.wh_code, ctx.warehouseCodes);
  if (warehouse === undefined) {
    problems.push(problem('UNKNOWN_WAREHOUSE', `wh_code "${m.wh_code}" has no warehouse in the connector's configuration`, `${at}.wh_code`));
  }
  const reason = reasonOf(m.move_type);
  if (reason === undefined) problems.push(problem('MALFORMED_MESSAGE', `move_type "${m.move_type}" is not a known movement type`, `${at}.move_type`));
  if (!m.from_status && !m.to_status) {
    problems.push(problem('MALFORMED_MESSAGE', 'a movement needs from_status, to_status or both', `${at}.to_status`));
  }
  if (problems.length > 0 || warehouse === undefined || reason === undefined) return { ok: false, problems };
  return { ok: true, event: toEvent(m, warehouse, reason, ctx.source) };
}

function reasonOf(moveType: string): string | undefined {
  const known = MOVE_TYPES[moveType.toUpperCase()];
  if (known) return known;
  const lower = moveType.toLowerCase();
  return REASON.test(lower) ? lower : undefined;
}

function toEvent(m: MovementItem, warehouse: string, reason: string, source: string): InboundEvent {
  return {
    id: `${source}:${m.seq}`,
    source,
    sequence: m.seq,
    occurredAt: m.ts,
    warehouse,
    sku: m.item_no,
    quantity: m.qty,
    reason,
    ...omitEmpty({
      unit: m.uom,
      lot: m.lot_no,
      expiry: m.exp_date,
      fromStatus: m.from_status,
      toStatus: m.to_status,
      orderRef: m.ref_no,
      transferRef: m.xfer_no,
    }),
  };
}
