import type { ProblemWarehouse } from '../allocation/index.ts';
import { recordAudit } from '../audit/index.ts';
import { type ErrorCode, problem, StockmeshError } from '../domain/index.ts';
import { expireHolds, type Hold, listHolds, lockLedgerHead, releaseHoldsInTx } from '../ledger/index.ts';
import type { MasterDataIndex, MasterDataSource } from '../mdm/index.ts';
import type { Store } from '../store/index.ts';
import { acceptOrder } from './accept-order.ts';
import { allocateBackorders, type BackorderReport } from './allocate-backorders.ts';
import { problemWarehouses } from './allocate-one.ts';
import { type OrdersConfig, ordersConfig } from './orders-config.ts';
import { listBackorders, ordersWithIds, updateOrder, upsertBackorders } from './order-rows.ts';
import { type OrderFilter, listOrders } from './list-orders.ts';
import { overrideAllocation, type OverrideRequest, type OverrideResult } from './override-allocation.ts';
import { type HoldRelease, releaseHold } from './release-hold.ts';
import type { Backorder, OrderState, StoredOrder, SubmitResult } from './order-types.ts';
import { type OrderActor, type ReserveContext, reserveBatch, type Submission, type SubmitOutcome } from './reserve-batch.ts';
import { resolveDestination } from './resolve-destination.ts';

export interface OrderServiceOptions {
  readonly store: Store;
  readonly masterData: MasterDataSource;
  readonly config?: Partial<OrdersConfig> | undefined;
  readonly now?: (() => Date) | undefined;
}

/**
 * What one `submit` call came to, for metrics: the order's state when new, `duplicate` when the
 * id was already stored with the same body, `rejected` with the error code otherwise; `seconds`
 * from the call to its answer (validation, the wait for the group commit, the commit).
 */
export interface SubmitObservation {
  readonly outcome: OrderState | 'duplicate' | 'rejected';
  readonly code?: ErrorCode | undefined;
  readonly seconds: number;
}

/** Told after every `submit` call settles (never before its commit). */
export type SubmitListener = (o: SubmitObservation) => void;

interface Waiting {
  readonly sub: Submission;
  resolve(r: SubmitOutcome): void;
  reject(e: unknown): void;
}

const notFound = (id: string) => new StockmeshError('NOT_FOUND', `no order "${id}"`, [problem('NOT_FOUND', `no order "${id}"`, 'id')]);

/**
 * Order intake and reservation. `submit` validates, then waits for the next group commit: every
 * submit queued meanwhile shares one transaction under the ledger lock (reserve-batch.ts), and
 * each caller is answered after that commit. Re-submitting an id answers the stored order.
 */
export class OrderService {
  readonly config: OrdersConfig;
  private readonly store: Store;
  private readonly masterData: MasterDataSource;
  private readonly now: () => Date;
  private readonly queue: Waiting[] = [];
  private running = false;
  private cached: { md: MasterDataIndex; warehouses: ProblemWarehouse[] } | undefined;
  private readonly submitListeners = new Set<SubmitListener>();

  constructor(opts: OrderServiceOptions) {
    this.store = opts.store;
    this.masterData = opts.masterData;
    this.now = opts.now ?? (() => new Date());
    this.config = ordersConfig(opts.config);
  }

  private async context(): Promise<ReserveContext> {
    const md = await this.masterData.current();
    if (this.cached?.md !== md) this.cached = { md, warehouses: problemWarehouses(md) };
    return { store: this.store, md, warehouses: this.cached.warehouses, config: this.config, now: this.now() };
  }

  /** Adds a listener told how every `submit` call ended and how long it took; returns its removal. */
  onSubmitted(listener: SubmitListener): () => void {
    this.submitListeners.add(listener);
    return () => void this.submitListeners.delete(listener);
  }

  private observe(o: SubmitObservation): void {
    for (const l of this.submitListeners) {
      try {
        l(o);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  /**
   * Submits an order: the stored order (allocated, partial, backordered or accepted) and whether it
   * is new. With `by`, a new order's `order.submit` audit entry is written in its reservation's
   * transaction (a re-sent or refused order writes none).
   */
  async submit(raw: unknown, by?: OrderActor): Promise<SubmitResult> {
    if (this.submitListeners.size === 0) return this.submitNow(raw, by);
    const t0 = performance.now();
    try {
      const r = await this.submitNow(raw, by);
      this.observe({ outcome: r.created ? r.order.state : 'duplicate', seconds: (performance.now() - t0) / 1000 });
      return r;
    } catch (err) {
      this.observe({ outcome: 'rejected', code: err instanceof StockmeshError ? err.code : undefined, seconds: (performance.now() - t0) / 1000 });
      throw err;
    }
  }

  private async submitNow(raw: unknown, by: OrderActor | undefined): Promise<SubmitResult> {
    const md = await this.masterData.current();
    const accepted = acceptOrder(raw, md);
    const zone = resolveDestination(accepted.input.destination, md, this.config.postalRegions);
    const out = await new Promise<SubmitOutcome>((resolve, reject) => {
      this.queue.push({ sub: { accepted, zone, by }, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
    if (!out.ok) throw out.error;
    return out.result;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.config.maxBatch);
        try {
          const results = await reserveBatch(await this.context(), group.map((w) => w.sub));
          group.forEach((w, i) => w.resolve(results[i] as SubmitOutcome));
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  async get(id: string): Promise<StoredOrder | undefined> {
    return (await ordersWithIds(this.store.db, [id])).get(id)?.order;
  }

  holds(orderId?: string, page?: { warehouses?: readonly string[] | null | undefined; limit?: number; offset?: number }): Promise<Hold[]> {
    return listHolds(this.store.db, { order: orderId, ...page });
  }

  backorders(state: Backorder['state'] = 'open', page?: { limit: number; offset: number }): Promise<Backorder[]> {
    return listBackorders(this.store.db, state, page?.limit, page?.offset);
  }

  /** Orders newest first, by state, creation time and warehouse scope (list-orders.ts). */
  list(filter: OrderFilter): Promise<StoredOrder[]> {
    return listOrders(this.store.db, filter);
  }

  /** Releases one hold by hand; its quantity goes back on the backorder queue (release-hold.ts). */
  releaseHold(holdId: string, by: string): Promise<HoldRelease> {
    return releaseHold(this.store, holdId, this.now(), by);
  }

  /** Re-allocates an order's open lines from one named warehouse, or refuses with the reasons (override-allocation.ts). */
  async override(orderId: string, req: OverrideRequest): Promise<OverrideResult> {
    return overrideAllocation(await this.context(), orderId, req);
  }

  /**
   * Cancels an order: its active holds are released and its backorder leaves the queue. Idempotent.
   * With `by`, the `order.cancel` audit entry (the order before and after) is written in the same
   * transaction; cancelling a cancelled order changes nothing and writes none.
   */
  async cancel(id: string, by?: OrderActor): Promise<StoredOrder> {
    const at = this.now().toISOString();
    return this.store.commitDurably(async (tx) => {
      await lockLedgerHead(tx, this.store.dialect);
      const stored = (await ordersWithIds(tx, [id])).get(id)?.order;
      if (!stored) throw notFound(id);
      if (stored.state === 'cancelled') return stored;
      await releaseHoldsInTx(tx, id, at, 'cancel');
      const next: StoredOrder = { ...stored, state: 'cancelled', updatedAt: at };
      await updateOrder(tx, next);
      await tx.updateTable('backorders').set({ state: 'cancelled', updated_at: at }).where('order_id', '=', id).execute();
      if (by) await recordAudit(tx, { actor: by.actor, via: by.via, action: 'order.cancel', target: { kind: 'order', id }, before: stored, after: next, requestId: by.requestId ?? null, at });
      return next;
    });
  }

  /** "Reserve at release time": reserves an order accepted without holds (or retries its backorder). */
  async release(id: string): Promise<StoredOrder> {
    const stored = await this.get(id);
    if (!stored) throw notFound(id);
    if (stored.state === 'cancelled') throw new StockmeshError('ORDER_CLOSED', `order "${id}" is cancelled`, [problem('ORDER_CLOSED', `order "${id}" is cancelled`, 'id')]);
    if (stored.state === 'accepted') {
      const at = this.now().toISOString();
      const entry: Backorder = { orderId: id, priority: stored.order.priority ?? 0, queuedAt: stored.createdAt, lines: stored.lines, reason: 'RELEASED', attempts: 0, state: 'open' };
      await this.store.db.transaction().execute(async (tx) => {
        await lockLedgerHead(tx, this.store.dialect);
        const fresh = (await ordersWithIds(tx, [id])).get(id)?.order;
        if (fresh?.state !== 'accepted') return;
        await updateOrder(tx, { ...fresh, state: 'backordered', unfilled: stored.lines.map((l) => ({ order: id, sku: l.sku, qty: l.qty, reason: 'INSUFFICIENT_STOCK' })), updatedAt: at });
        await upsertBackorders(tx, [entry], at);
      });
    }
    await allocateBackorders(await this.context(), [id]);
    return (await this.get(id)) as StoredOrder;
  }

  /** Retries the backorder queue by priority then age (call after receipts are applied). */
  async allocateBackorders(): Promise<BackorderReport> {
    return allocateBackorders(await this.context());
  }

  /** The periodic sweep: expires pending holds past their time. */
  expireHolds(): Promise<Hold[]> {
    return expireHolds(this.store, this.now());
  }
}
