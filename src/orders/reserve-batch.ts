import type { ProblemWarehouse } from '../allocation/index.ts';
import { type AuditInput, type AuditVia, recordAuditBatch } from '../audit/index.ts';
import { problem, StockmeshError } from '../domain/index.ts';
import { atpRows, lockLedgerHead, type NewHold, placeHolds } from '../ledger/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';
import type { Store } from '../store/index.ts';
import { allocateOne, missingLines } from './allocate-one.ts';
import { AtpPool } from './atp-pool.ts';
import { holdsFor } from './hold-plan.ts';
import type { DestinationZone } from './lane-model.ts';
import type { OrdersConfig } from './orders-config.ts';
import { insertOrders, type NewOrderRow, ordersWithIds, upsertBackorders } from './order-rows.ts';
import type { AcceptedOrder, Backorder, OrderState, StoredOrder, SubmitResult } from './order-types.ts';
import { TimeSlicer } from './yield-time.ts';

/**
 * Who asked for a change, for its audit entry (docs/audit.md): the actor name (`actorOf(req)` in
 * the API, `cliActor()` in the CLI), how it came, and the HTTP request id.
 */
export interface OrderActor {
  readonly actor: string;
  readonly via: AuditVia;
  readonly requestId?: string | null | undefined;
}

/** A submit waiting for its batch: the validated order, its lane zone and who sent it (audited when given). */
export interface Submission {
  readonly accepted: AcceptedOrder;
  readonly zone: DestinationZone;
  readonly by?: OrderActor | undefined;
}

export type SubmitOutcome = { readonly ok: true; readonly result: SubmitResult } | { readonly ok: false; readonly error: StockmeshError };

export interface ReserveContext {
  readonly store: Store;
  readonly md: MasterDataIndex;
  readonly warehouses: readonly ProblemWarehouse[];
  readonly config: OrdersConfig;
  readonly now: Date;
}

const reused = (id: string) => {
  const msg = `order "${id}" was already submitted with a different body`;
  return new StockmeshError('ORDER_ID_REUSED', msg, [problem('ORDER_ID_REUSED', msg, 'id')]);
};

/**
 * One reservation transaction for many submits (group commit): under the ledger lock, known ids
 * answer with their stored order; new orders are allocated one by one (priority, then arrival)
 * against the batch's in-memory ATP, and orders, holds, `positions.held` and backorders are
 * written in the same commit, with the `order.submit` audit entry of each new order whose caller
 * is named. Nothing is answered before the commit is durable (`store.commitDurably`: on SQLite the
 * fsync runs off the event loop).
 */
export async function reserveBatch(ctx: ReserveContext, subs: readonly Submission[]): Promise<SubmitOutcome[]> {
  const at = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + ctx.config.holdTtlMs).toISOString();
  const asOf = at.slice(0, 10);
  return ctx.store.commitDurably(async (tx) => {
    await lockLedgerHead(tx, ctx.store.dialect);
    const known = await ordersWithIds(tx, [...new Set(subs.map((s) => s.accepted.input.id))]);
    const fresh: number[] = [];
    const claimed = new Set<string>();
    subs.forEach((s, i) => {
      const id = s.accepted.input.id;
      if (!known.has(id) && !claimed.has(id)) {
        claimed.add(id);
        fresh.push(i);
      }
    });
    const reserve = ctx.config.timing.reserveOnSubmit();
    const skus = reserve ? [...new Set(fresh.flatMap((i) => (subs[i] as Submission).accepted.lines.map((l) => l.sku)))] : [];
    const pool = new AtpPool(await atpRows(tx, skus));
    fresh.sort((a, b) => (subs[b] as Submission).accepted.priority - (subs[a] as Submission).accepted.priority || a - b);
    const rows: NewOrderRow[] = [];
    const holds: NewHold[] = [];
    const backorders: Backorder[] = [];
    const actx = { md: ctx.md, warehouses: ctx.warehouses, config: ctx.config, asOf };
    const slicer = new TimeSlicer();
    for (const i of fresh) {
      await slicer.maybePause();
      const { accepted, zone } = subs[i] as Submission;
      const id = accepted.input.id;
      let stored: StoredOrder = { id, state: 'accepted', order: accepted.input, lines: accepted.lines, allocation: [], unfilled: [], explanation: null, createdAt: at, updatedAt: at };
      if (reserve) {
        const a = await allocateOne(actx, pool, id, accepted.lines, accepted.input, zone);
        const state: OrderState = a.unfilled.length === 0 ? 'allocated' : a.lines.length > 0 ? 'partial' : 'backordered';
        stored = { ...stored, state, allocation: a.lines, unfilled: a.unfilled, explanation: a.explanation };
        holds.push(...holdsFor(id, 0, a.lines, at, expiresAt));
        if (a.unfilled.length > 0) {
          const reason = [...new Set(a.unfilled.map((u) => u.reason))].join(',');
          backorders.push({ orderId: id, priority: accepted.priority, queuedAt: at, lines: missingLines(a.unfilled), reason, attempts: 0, state: 'open' });
        }
      }
      rows.push({ order: stored, hash: accepted.hash });
      known.set(id, { order: stored, hash: accepted.hash });
    }
    await insertOrders(tx, rows);
    await placeHolds(tx, holds);
    await upsertBackorders(tx, backorders, at);
    // The audit entries of the new orders, last (the audit head is the last lock taken), in the
    // same transaction: an order and its entry commit together or not at all. Re-sent and
    // refused orders are no change and write none.
    const audits: AuditInput[] = [];
    for (const i of fresh) {
      const { accepted, by } = subs[i] as Submission;
      if (!by) continue;
      const id = accepted.input.id;
      audits.push({ actor: by.actor, via: by.via, action: 'order.submit', target: { kind: 'order', id }, after: known.get(id)?.order, requestId: by.requestId ?? null, at });
    }
    await recordAuditBatch(tx, audits);
    const created = new Set(fresh);
    return subs.map((s, i): SubmitOutcome => {
      const k = known.get(s.accepted.input.id);
      if (!k) throw new Error('order vanished from its own batch');
      if (k.hash !== s.accepted.hash) return { ok: false, error: reused(s.accepted.input.id) };
      return { ok: true, result: { created: created.has(i), order: k.order } };
    });
  });
}
