import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ConnectorHealth } from '../../connectors/network/index.ts';
import { type ExceptionChange, onExceptionChanged } from '../../exceptions/index.ts';
import type { AppliedListener, Hub } from '../../hub/index.ts';
import { ledgerHead } from '../../ledger/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { canSeeWarehouse, warehouseScope } from '../request-scope.ts';

/**
 * `GET /api/live`: Server-Sent Events telling the dashboard what changed, so it refetches only
 * that (docs/dashboard.md, "Live updates"). Notices are small — names, never figures: the numbers
 * always come from the API, through the same permission and scope checks as any other read.
 */

/** Where the stream learns of changes. Everything is optional: without a source its notices are not sent. */
export interface LiveRouteOptions {
  readonly hub: Hub;
  /** Committed ledger batches (the hub's `Inbound.onApplied`): checked at once instead of at the next poll. */
  readonly onApplied?: ((listener: AppliedListener) => () => void) | undefined;
  /** Live connector states, compared every `connectorPollMs` while someone listens. */
  readonly liveConnectors?: (() => readonly ConnectorHealth[]) | undefined;
  /** Comment line keeping proxies from closing an idle stream (default 15 s). */
  readonly heartbeatMs?: number | undefined;
  /** How often the ledger head is checked while someone listens (default 1 s; catches writes of other processes). */
  readonly ledgerPollMs?: number | undefined;
  /** Default 2 s. */
  readonly connectorPollMs?: number | undefined;
}

/** One (SKU, warehouse) whose positions (quantities or holds) changed. */
export interface PositionKey {
  readonly sku: string;
  readonly warehouse: string;
}

/** What the stream sends; `kind` is the SSE event name, the rest its JSON data. */
export type LiveNotice =
  | { readonly kind: 'positions'; readonly at: string; readonly items: readonly PositionKey[]; readonly truncated: boolean }
  | {
      readonly kind: 'exception';
      readonly at: string;
      readonly id: string;
      readonly change: ExceptionChange['kind'];
      readonly state: string;
      readonly severity: string;
      readonly type: string;
      readonly warehouse: string | null;
    }
  | { readonly kind: 'order'; readonly at: string; readonly id: string; readonly warehouses: readonly string[] }
  | { readonly kind: 'connector'; readonly at: string; readonly source: string; readonly state: string; readonly warehouses: readonly string[] };

/** Most position keys in one notice; beyond it `truncated` says "much changed: refresh all". */
export const MAX_KEYS_PER_NOTICE = 500;
/** A subscriber whose unsent output grows past this is too slow and is disconnected (it reconnects and refetches). */
const MAX_BUFFERED = 4 * 1024 * 1024;
const MAX_EVENTS_PER_CHECK = 5000;

interface Subscriber {
  readonly scope: ReadonlySet<string> | null;
  readonly reply: FastifyReply;
  /** Writes one chunk; false once the stream is gone. */
  write(chunk: string): boolean;
  end(): void;
}

const sees = (scope: ReadonlySet<string> | null, warehouses: readonly (string | null)[]): boolean =>
  scope === null || warehouses.some((w) => w !== null && scope.has(w));

/** The notice as a subscriber of `scope` may see it, or null when it concerns nothing visible to them. */
export function scopedNotice(n: LiveNotice, scope: ReadonlySet<string> | null): LiveNotice | null {
  if (scope === null) return n;
  switch (n.kind) {
    case 'positions': {
      const items = n.items.filter((i) => scope.has(i.warehouse));
      return items.length > 0 || n.truncated ? { ...n, items } : null;
    }
    case 'exception':
      return n.warehouse !== null && scope.has(n.warehouse) ? n : null;
    case 'order':
    case 'connector':
      return sees(scope, n.warehouses) ? n : null;
  }
}

/** The SSE frame of a notice: `id`, `event` (the kind) and one `data` line of JSON. */
export function frameOf(id: number, n: LiveNotice): string {
  const { kind, ...data } = n;
  return `id: ${id}\nevent: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Distinct (SKU, warehouse) pairs, in first-seen order. */
function distinctKeys(rows: readonly { sku: string; warehouse: string }[]): PositionKey[] {
  const seen = new Set<string>();
  const out: PositionKey[] = [];
  for (const r of rows) {
    const k = `${r.sku}\u0000${r.warehouse}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ sku: r.sku, warehouse: r.warehouse });
  }
  return out;
}

/**
 * Order and hold routes answer the changed order (or hold): the stream learns from the answer
 * which order changed and which (SKU, warehouse) holds moved. Returns nothing for other bodies.
 */
export function changesInAnswer(body: unknown): { orders: { id: string; warehouses: string[] }[]; keys: PositionKey[] } {
  const orders: { id: string; warehouses: string[] }[] = [];
  const keys: { sku: string; warehouse: string }[] = [];
  const visit = (x: unknown): void => {
    if (typeof x !== 'object' || x === null) return;
    const o = x as Record<string, unknown>;
    if (typeof o.id === 'string' && Array.isArray(o.allocation)) {
      const lines = o.allocation.filter((l): l is { sku: string; warehouse: string } => typeof l?.sku === 'string' && typeof l?.warehouse === 'string');
      orders.push({ id: o.id, warehouses: [...new Set(lines.map((l) => l.warehouse))] });
      keys.push(...lines);
      if (Array.isArray(o.holds)) for (const h of o.holds) visit(h);
    } else if (typeof o.order === 'string' && typeof o.sku === 'string' && typeof o.warehouse === 'string') {
      orders.push({ id: o.order, warehouses: [o.warehouse] });
      keys.push({ sku: o.sku, warehouse: o.warehouse });
    } else if (Array.isArray(o.items)) for (const i of o.items) visit(i);
  };
  visit(body);
  return { orders, keys: distinctKeys(keys) };
}

/**
 * The stream's engine: subscribers, and the watchers that run only while someone listens — the
 * ledger head (new events → position and order notices), connector states, exception changes.
 */
class LiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private nextId = 1;
  private cursor: number | null = null;
  private checking: Promise<void> | null = null;
  private again = false;
  private timers: ReturnType<typeof setInterval>[] = [];
  private unsubscribe: (() => void)[] = [];
  private connectorStates = new Map<string, string>();

  constructor(
    private readonly opts: LiveRouteOptions,
    private readonly log: (err: unknown) => void,
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  add(s: Subscriber): void {
    this.subscribers.add(s);
    if (this.subscribers.size === 1) this.start();
  }

  remove(s: Subscriber): void {
    if (!this.subscribers.delete(s)) return;
    if (this.subscribers.size === 0) this.stop();
  }

  publish(n: LiveNotice): void {
    const id = this.nextId++;
    for (const s of this.subscribers) {
      const seen = scopedNotice(n, s.scope);
      if (seen && !s.write(frameOf(id, seen))) this.remove(s);
    }
  }

  publishKeys(keys: readonly PositionKey[], truncated: boolean): void {
    if (keys.length === 0 && !truncated) return;
    const at = new Date().toISOString();
    for (let i = 0; i < Math.max(keys.length, 1); i += MAX_KEYS_PER_NOTICE) {
      this.publish({ kind: 'positions', at, items: keys.slice(i, i + MAX_KEYS_PER_NOTICE), truncated });
    }
  }

  /** Ends every stream (the app is closing): clients reconnect to whoever serves next. */
  closeAll(): void {
    for (const s of [...this.subscribers]) {
      s.end();
      this.remove(s);
    }
  }

  /** Looks for ledger entries past the cursor; one check at a time, one more if asked meanwhile. */
  checkLedger(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.again = false;
          await this.readLedger();
        } while (this.again && this.subscribers.size > 0);
      } catch (err) {
        this.log(err);
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  private async readLedger(): Promise<void> {
    const db = this.opts.hub.store.db;
    const head = (await ledgerHead(db)).chainSeq;
    if (this.cursor === null || head < this.cursor) {
      this.cursor = head;
      return;
    }
    if (head === this.cursor) return;
    const rows = await db
      .selectFrom('events')
      .select(['chain_seq', 'warehouse_id', 'sku_id', 'order_ref'])
      .where('chain_seq', '>', this.cursor)
      .where('chain_seq', '<=', head)
      .orderBy('chain_seq')
      .limit(MAX_EVENTS_PER_CHECK)
      .execute();
    const truncated = rows.length === MAX_EVENTS_PER_CHECK && (rows.at(-1)?.chain_seq ?? head) < head;
    this.cursor = truncated ? head : (rows.at(-1)?.chain_seq ?? head);
    if (this.subscribers.size === 0) return;
    this.publishKeys(distinctKeys(rows.map((r) => ({ sku: r.sku_id, warehouse: r.warehouse_id }))), truncated);
    const orders = new Map<string, Set<string>>();
    for (const r of rows) if (r.order_ref) (orders.get(r.order_ref) ?? orders.set(r.order_ref, new Set()).get(r.order_ref)!).add(r.warehouse_id);
    const at = new Date().toISOString();
    for (const [id, ws] of orders) this.publish({ kind: 'order', at, id, warehouses: [...ws] });
  }

  private async checkConnectors(): Promise<void> {
    const live = this.opts.liveConnectors?.();
    if (!live) return;
    const changed = live.filter((c) => {
      const prev = this.connectorStates.get(c.source);
      this.connectorStates.set(c.source, c.state);
      return prev !== undefined && prev !== c.state;
    });
    if (changed.length === 0) return;
    // a source's warehouses decide who may hear of it
    const sources = (await this.opts.hub.masterData.current()).data.sources;
    const at = new Date().toISOString();
    for (const c of changed) {
      const warehouses = sources.find((s) => s.id === c.source)?.warehouses ?? [];
      this.publish({ kind: 'connector', at, source: c.source, state: c.state, warehouses: [...warehouses] });
    }
  }

  private start(): void {
    const o = this.opts;
    this.cursor = null;
    void this.checkLedger();
    this.timers.push(setInterval(() => void this.checkLedger(), o.ledgerPollMs ?? 1000));
    this.timers.push(
      setInterval(() => {
        const beat = `: heartbeat ${new Date().toISOString()}\n\n`;
        for (const s of this.subscribers) if (!s.write(beat)) this.remove(s);
      }, o.heartbeatMs ?? 15_000),
    );
    if (o.liveConnectors) {
      this.connectorStates = new Map();
      void this.checkConnectors().catch(this.log);
      this.timers.push(setInterval(() => void this.checkConnectors().catch(this.log), o.connectorPollMs ?? 2000));
    }
    if (o.onApplied) this.unsubscribe.push(o.onApplied(() => void this.checkLedger()));
    this.unsubscribe.push(
      onExceptionChanged(o.hub, (c) =>
        this.publish({
          kind: 'exception',
          at: c.at,
          id: c.exception.id,
          change: c.kind,
          state: c.exception.state,
          severity: c.exception.severity,
          type: c.exception.type,
          warehouse: c.exception.warehouse,
        }),
      ),
    );
    for (const t of this.timers) t.unref?.();
  }

  private stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.cursor = null;
  }
}

/** Stock moved between two warehouses by transfers, for the network diagram. */
export interface TransferFlow {
  readonly from: string;
  readonly to: string;
  readonly units: number;
  readonly transfers: number;
}

const isOut = (from: string | null, to: string | null): boolean => from !== null && from !== 'in_transit' && (to === null || to === 'in_transit');
const isIn = (from: string | null, to: string | null): boolean => to !== null && to !== 'in_transit' && (from === null || from === 'in_transit');

/**
 * Transfers as flows: ledger events sharing a transfer reference, leaving stock at one warehouse
 * (out of the books or into in_transit) and arriving at another. A transfer still on its way
 * (no arrival yet) has no known destination in the ledger and is not drawn.
 */
export function transferFlows(rows: readonly { transfer_ref: string | null; warehouse_id: string; quantity: number; from_status: string | null; to_status: string | null }[]): TransferFlow[] {
  const byRef = new Map<string, { out: Set<string>; in: Map<string, number> }>();
  for (const r of rows) {
    if (!r.transfer_ref) continue;
    const t = byRef.get(r.transfer_ref) ?? byRef.set(r.transfer_ref, { out: new Set(), in: new Map() }).get(r.transfer_ref)!;
    if (isOut(r.from_status, r.to_status)) t.out.add(r.warehouse_id);
    else if (isIn(r.from_status, r.to_status)) t.in.set(r.warehouse_id, (t.in.get(r.warehouse_id) ?? 0) + Math.abs(r.quantity));
  }
  const flows = new Map<string, { from: string; to: string; units: number; transfers: number }>();
  for (const t of byRef.values()) {
    for (const from of t.out) {
      for (const [to, units] of t.in) {
        if (from === to) continue;
        const k = `${from}>${to}`;
        const f = flows.get(k) ?? flows.set(k, { from, to, units: 0, transfers: 0 }).get(k)!;
        f.units += units;
        f.transfers += 1;
      }
    }
  }
  return [...flows.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** Routes whose successful answers name changed orders and holds (submit, cancel, override, release). */
const ORDER_WRITES = /^\/api\/(orders|holds)(\/|$)/;

/**
 * The live stream plugin. It is registered without encapsulation (`skip-override`) so its
 * onSend hook sees the order and hold routes registered after it: a submitted or cancelled order
 * moves holds, which the ledger does not record.
 */
export const liveRoutes: FastifyPluginAsync<LiveRouteOptions> = async (app, opts) => {
  const feed = new LiveFeed(opts, (err) => app.log.warn({ err }, 'live stream: reading the ledger failed'));

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'POST' && reply.statusCode < 300 && feed.size > 0 && typeof payload === 'string' && ORDER_WRITES.test(req.url)) {
      try {
        const { orders, keys } = changesInAnswer(JSON.parse(payload));
        const at = new Date().toISOString();
        for (const o of orders) feed.publish({ kind: 'order', at, id: o.id, warehouses: o.warehouses });
        feed.publishKeys(keys, false);
      } catch {
        // not JSON: nothing to tell
      }
    }
    return payload;
  });
  app.addHook('preClose', async () => feed.closeAll());

  app.get<{ Querystring: PageQuery & { days: number } }>(
    '/api/live/flows',
    {
      config: { permission: 'inventory:read' },
      schema: {
        summary: 'Transfers between warehouses (for the network diagram)',
        description:
          'Stock moved by transfers whose ledger events happened in the last `days` days, per pair of warehouses (sorted by from, to), paginated; a warehouse-scoped caller sees the pairs touching its warehouses. See docs/dashboard.md.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 7, description: 'window, in days before now' }, ...pageQueryProperties },
        },
        response: {
          200: pageSchema({
            type: 'object',
            required: ['from', 'to', 'units', 'transfers'],
            properties: { from: { type: 'string' }, to: { type: 'string' }, units: { type: 'integer' }, transfers: { type: 'integer' } },
          }),
          '4xx': problemSchema,
          '5xx': problemSchema,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const since = new Date(Date.now() - q.days * 86_400_000).toISOString();
      const rows = await opts.hub.store.db
        .selectFrom('events')
        .select(['transfer_ref', 'warehouse_id', 'quantity', 'from_status', 'to_status'])
        .where('transfer_ref', 'is not', null)
        .where('occurred_at', '>=', since)
        .limit(50_000)
        .execute();
      const flows = transferFlows(rows).filter((f) => canSeeWarehouse(req, f.from) || canSeeWarehouse(req, f.to));
      return toPage(flows.slice(q.offset, q.offset + q.limit + 1), q);
    },
  );

  app.get(
    '/api/live',
    {
      config: { permission: 'inventory:read' },
      schema: {
        summary: 'Live change notices (Server-Sent Events)',
        description:
          'A text/event-stream of small notices — `positions`, `exception`, `order`, `connector` — naming what changed (never figures), limited to the caller\'s warehouses; `ready` first, a comment heartbeat every 15 s. See docs/dashboard.md.',
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        produces: ['text/event-stream'],
        response: {
          200: {
            description: 'An endless text/event-stream (docs/dashboard.md, "Live updates")',
            content: { 'text/event-stream': { schema: { type: 'string', description: 'SSE frames: `id:`, `event:` (ready, positions, exception, order, connector), one `data:` line of JSON; `: heartbeat` comments' } } },
          },
          '4xx': problemSchema,
          '5xx': problemSchema,
        },
      },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const scope = warehouseScope(req);
      const raw = reply.raw;
      reply.hijack();
      const headers: Record<string, string | number | string[]> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let open = true;
      const sub: Subscriber = {
        scope,
        reply,
        write(chunk) {
          if (!open || raw.destroyed || raw.writableEnded) return false;
          if (raw.writableLength > MAX_BUFFERED) {
            raw.destroy();
            return false;
          }
          raw.write(chunk);
          return true;
        },
        end() {
          if (!open) return;
          open = false;
          raw.end();
        },
      };
      sub.write(`retry: 2000\n\nevent: ready\ndata: ${JSON.stringify({ at: new Date().toISOString(), warehouses: scope ? [...scope].sort() : null })}\n\n`);
      const cleanup = (): void => {
        open = false;
        feed.remove(sub);
      };
      req.raw.on('close', cleanup);
      raw.on('close', cleanup);
      raw.on('error', cleanup);
      feed.add(sub);
    },
  );
};
(liveRoutes as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
