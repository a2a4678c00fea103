import Fastify, { type FastifyInstance } from 'fastify';
import type { MovementItem } from '../connectors/rest-pull/index.ts';
import type { StockChange } from './demo-stock.ts';
import { externalQuantity, externalStatus } from './dialect-words.ts';
import type { Site } from './sim-site.ts';
import { localIso, type SimContext, type SimWms, savedObject } from './sim-wms.ts';

export interface RestSimOptions {
  /** The bearer token the WMS API expects. */
  readonly token: string;
  /** The WMS's warehouse code of the site. */
  readonly whCode: string;
}

/** Movements kept for re-reading after a restart of the hub (older ones are trimmed). */
const KEEP = 2000;

const MOVE_TYPE: Readonly<Record<string, string>> = {
  receipt: 'RCV',
  order_allocated: 'ALLOC',
  pick: 'PICK',
  ship: 'SHIP',
  qc_hold: 'HOLD',
  release: 'RELEASE',
  damage_found: 'DMG',
  cycle_count: 'CNT',
};

/**
 * The self-built WMS with a JSON REST API that the rest-pull connector polls
 * (docs/connectors/rest-pull.md), on 127.0.0.1 with a free port: `GET /api/movements` pages its
 * movement log in commit order (cursor `c<position>`), `GET /api/stock` lists its stock as of the
 * last committed movement, `POST /api/shipments` takes fulfilment requests. A movement can be
 * "lost": applied to the stock, never served (the demo's sequence gap).
 */
export class RestWmsSim implements SimWms {
  readonly site: Site;
  private readonly ctx: SimContext;
  private readonly opts: RestSimOptions;
  private log: MovementItem[];
  /** Position of `log[0]` in the whole log. */
  private base: number;
  private listings: number;
  private shipments = 0;
  private app: FastifyInstance | null = null;
  private port = 0;

  constructor(ctx: SimContext, opts: RestSimOptions, saved?: unknown) {
    this.ctx = ctx;
    this.site = ctx.site;
    this.opts = opts;
    const s = savedObject(saved);
    this.log = Array.isArray(s.log) ? (s.log as MovementItem[]) : [];
    // A WMS starting over without its saved log numbers positions from now on, past any cursor a
    // hub may still hold from an earlier log (positions are opaque to the hub, only increasing).
    this.base = typeof s.base === 'number' ? s.base : ctx.now().getTime();
    this.listings = typeof s.listings === 'number' ? s.listings : 0;
    this.port = typeof s.port === 'number' ? s.port : 0;
  }

  /** The API's base URL (after `listen`). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Opens the API on 127.0.0.1 (the port it had before when free, else any free one). */
  async listen(): Promise<void> {
    const app = Fastify({ logger: false, forceCloseConnections: true });
    app.addHook('onRequest', async (req, reply) => {
      if (req.headers.authorization !== `Bearer ${this.opts.token}`) return reply.code(401).send({ error: 'unauthorized' });
      return undefined;
    });
    app.get<{ Querystring: { after?: string; limit?: string } }>('/api/movements', async (req) => {
      const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
      const after = req.query.after === undefined ? -1 : Number(req.query.after.slice(1));
      const from = Math.max(after + 1 - this.base, 0);
      const items = this.log.slice(from, from + limit);
      const last = this.base + from + items.length - 1;
      const next = items.length > 0 ? `c${last}` : (req.query.after ?? null);
      return { items, next_cursor: next, has_more: from + items.length < this.log.length };
    });
    app.get('/api/stock', async () => ({
      snapshot_id: `S${++this.listings}`,
      taken_at: localIso(this.ctx.now(), 480),
      as_of_cursor: this.log.length > 0 ? `c${this.base + this.log.length - 1}` : null,
      warehouses: [{ wh_code: this.opts.whCode, items: this.listing() }],
    }));
    app.post('/api/shipments', async (_req, reply) => reply.code(201).send({ shipment_no: `SHP-${++this.shipments}` }));
    try {
      await app.listen({ host: '127.0.0.1', port: this.port });
    } catch {
      await app.listen({ host: '127.0.0.1', port: 0 });
    }
    const address = app.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.app = app;
  }

  async start(): Promise<void> {
    if (!this.app) await this.listen();
  }

  emit(change: StockChange, seq: number): void {
    this.log.push(this.movementOf(change, seq));
    if (this.log.length > KEEP) {
      const cut = this.log.length - KEEP;
      this.log = this.log.slice(cut);
      this.base += cut;
    }
  }

  /** A movement the WMS applied but will never serve (it numbered it, then lost it). */
  lose(_change: StockChange, _seq: number): void {}

  async flush(): Promise<void> {}

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }

  saved(): unknown {
    return { log: this.log, base: this.base, listings: this.listings, port: this.port };
  }

  private listing() {
    return this.ctx.stock.positions().map((p) => {
      const q = externalQuantity(this.ctx.net, this.site.source, p.sku, p.qty);
      return { item_no: q.sku, qty: q.quantity, uom: null, status: externalStatus(this.site.source, p.status), lot_no: p.lot || null, exp_date: p.expiry };
    });
  }

  private movementOf(c: StockChange, seq: number): MovementItem {
    const q = externalQuantity(this.ctx.net, this.site.source, c.sku, c.qty);
    return {
      seq,
      ts: localIso(this.ctx.now(), 480),
      wh_code: this.opts.whCode,
      item_no: q.sku,
      qty: q.quantity,
      uom: null,
      lot_no: c.lot ?? null,
      exp_date: c.expiry ?? null,
      from_status: c.from === null ? null : externalStatus(this.site.source, c.from),
      to_status: c.to === null ? null : externalStatus(this.site.source, c.to),
      move_type: MOVE_TYPE[c.reason] ?? 'ADJ',
      ref_no: c.orderRef ?? null,
      xfer_no: null,
    };
  }
}
