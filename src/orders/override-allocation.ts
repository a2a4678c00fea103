import { problem, StockmeshError } from '../domain/index.ts';
import { atpRows, type Hold, lockLedgerHead, placeHolds, releaseHoldsInTx } from '../ledger/index.ts';
import { allocateOne, missingLines } from './allocate-one.ts';
import { AtpPool } from './atp-pool.ts';
import { holdsFor } from './hold-plan.ts';
import { mergeLines } from './merge-lines.ts';
import { ordersWithIds, updateOrder } from './order-rows.ts';
import type { StoredOrder } from './order-types.ts';
import { withoutHeld } from './release-hold.ts';
import type { ReserveContext } from './reserve-batch.ts';
import { resolveDestination } from './resolve-destination.ts';

/** An allocation override: the warehouse to take the order's open lines from, and why. */
export interface OverrideRequest {
  readonly warehouse: string;
  readonly reason: string;
  /** Who asks (the audit trail's actor name); recorded on the released holds. */
  readonly by: string;
}

/** What an override did: the order as it is now, the holds it released and the holds it placed. */
export interface OverrideResult {
  readonly order: StoredOrder;
  readonly released: readonly Hold[];
  readonly placed: readonly { readonly id: string; readonly warehouse: string; readonly sku: string; readonly lot: string; readonly qty: number }[];
  readonly reason: string;
}

const refused = (msg: string, problems = [problem('OVERRIDE_REFUSED', msg, 'warehouse')]) => new StockmeshError('OVERRIDE_REFUSED', msg, problems);

/**
 * Re-allocates an order's open lines — what its active holds still reserve plus what is unfilled —
 * from one named warehouse, in one transaction under the ledger lock: the order's active holds are
 * released, the named warehouse's ATP (which now includes what the order itself held there) is
 * offered to the sourcing port as the only stock, and every open line must be covered in full,
 * with the usual eligibility (storage class, hazmat, shelf life, capacity, active). If anything
 * is short or ineligible the override is refused (OVERRIDE_REFUSED, one problem per SKU with the
 * reason) and the transaction rolls back: the old holds stay, nothing changes. Otherwise new
 * holds (`<order>#override-<n>#…`) are placed, the order is `allocated` and leaves the backorder
 * queue. Units the WMS already took over (consumed) are not moved.
 */
export async function overrideAllocation(ctx: ReserveContext, orderId: string, req: OverrideRequest): Promise<OverrideResult> {
  const at = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + ctx.config.holdTtlMs).toISOString();
  const w = ctx.md.warehouse(req.warehouse);
  if (!w) {
    const msg = `warehouse "${req.warehouse}" is not in master data`;
    throw new StockmeshError('UNKNOWN_WAREHOUSE', msg, [problem('UNKNOWN_WAREHOUSE', msg, 'warehouse')]);
  }
  if (!w.active) throw refused(`warehouse "${req.warehouse}" is not active`);
  return ctx.store.db.transaction().execute(async (tx) => {
    await lockLedgerHead(tx, ctx.store.dialect);
    const stored = (await ordersWithIds(tx, [orderId])).get(orderId)?.order;
    if (!stored) throw new StockmeshError('NOT_FOUND', `no order "${orderId}"`, [problem('NOT_FOUND', `no order "${orderId}"`, 'id')]);
    if (stored.state === 'cancelled') throw new StockmeshError('ORDER_CLOSED', `order "${orderId}" is cancelled`, [problem('ORDER_CLOSED', `order "${orderId}" is cancelled`, 'id')]);
    const released = await releaseHoldsInTx(tx, orderId, at, `override:${req.by}`);
    const open = mergeLines([...released.map((h) => ({ sku: h.sku, qty: h.qty - h.consumed })), ...missingLines(stored.unfilled)]);
    if (open.length === 0) throw refused(`order "${orderId}" has no open lines to re-allocate (everything is with the WMS already)`, [problem('OVERRIDE_REFUSED', 'no open lines', 'id')]);
    const pool = new AtpPool((await atpRows(tx, open.map((l) => l.sku))).filter((r) => r.warehouse === req.warehouse));
    const zone = resolveDestination(stored.order.destination, ctx.md, ctx.config.postalRegions);
    // The named warehouse is the only candidate: leaving a line unfilled must never look cheaper.
    const config = { ...ctx.config, fill: 'complete' as const, policy: { ...ctx.config.policy, unfilledPenaltyPerUnit: 1e9 } };
    const a = await allocateOne({ md: ctx.md, warehouses: ctx.warehouses, config, asOf: at.slice(0, 10) }, pool, orderId, open, stored.order, zone);
    if (a.unfilled.length > 0 || a.lines.length === 0) {
      const excluded = a.explanation?.candidates.find((c) => c.warehouse === req.warehouse)?.excluded;
      const problems = a.unfilled.map((u) => {
        const need = open.find((l) => l.sku === u.sku)?.qty ?? u.qty;
        const atp = pool.stock(u.sku !== undefined ? [u.sku] : []).reduce((n, s) => n + s.qty, 0);
        return problem('OVERRIDE_REFUSED', `${u.sku ?? 'order'}: ${u.reason} at ${req.warehouse} (needs ${need}, ATP there ${atp}${excluded ? `; ${excluded}` : ''})`, `lines.${u.sku ?? ''}`);
      });
      throw refused(`warehouse "${req.warehouse}" cannot take order "${orderId}": ${problems.map((p) => p.message).join('; ')}`, problems);
    }
    const ids = await tx.selectFrom('holds').select('id').where('order_id', '=', orderId).execute();
    const n = Math.max(0, ...ids.map((r) => Number(/^#override-(\d+)#/.exec(r.id.slice(orderId.length))?.[1] ?? 0))) + 1;
    const holds = holdsFor(orderId, `override-${n}`, a.lines, at, expiresAt);
    await placeHolds(tx, holds);
    let allocation = stored.allocation;
    for (const h of released) allocation = withoutHeld(allocation, h, h.qty - h.consumed);
    const next: StoredOrder = { ...stored, state: 'allocated', allocation: [...allocation, ...a.lines], unfilled: [], explanation: a.explanation ?? stored.explanation, updatedAt: at };
    await updateOrder(tx, next);
    await tx.updateTable('backorders').set({ state: 'allocated', lines: '[]', reason: 'OVERRIDE', updated_at: at }).where('order_id', '=', orderId).where('state', '=', 'open').execute();
    return { order: next, released, placed: holds.map(({ id, warehouse, sku, lot, qty }) => ({ id, warehouse, sku, lot, qty })), reason: req.reason };
  });
}
