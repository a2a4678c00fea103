import Fastify, { type FastifyInstance } from 'fastify';
import type { MovementItem, ShipmentOrder } from '../../src/connectors/rest-pull/index.ts';

/** A movement as the fake WMS stores it (the API's item shape). */
export type FakeMovement = MovementItem;

export interface FakeFaults {
  /** Answer the next n requests with 503 (and Retry-After: 0). */
  failNext: number;
  /** Drop every connection without an answer (a WMS that is down). */
  down: boolean;
  /** Each page starts one item early: the last item of the previous page comes again. */
  overlap: boolean;
  /** Items of each page in reverse order. */
  reversePages: boolean;
  /** Answer movements with this body instead (a broken page). */
  garbage: unknown;
}

/**
 * A self-built WMS for tests, on 127.0.0.1 with a free port: the movement log in commit order
 * (cursor `c<index>`), its stock (truth, including movements it "lost" and never serves), and
 * faults to switch on. Every request is logged.
 */
export class FakeRestWms {
  readonly log: FakeMovement[] = [];
  readonly lost: FakeMovement[] = [];
  readonly requests: { method: string; url: string }[] = [];
  readonly shipments: { key: string | undefined; body: ShipmentOrder }[] = [];
  readonly faults: FakeFaults = { failNext: 0, down: false, overlap: false, reversePages: false, garbage: undefined };
  private app: FastifyInstance | null = null;
  private port = 0;
  private snapshots = 0;
  /** Extra stock the WMS knows of without any movement (drift). */
  readonly drift: { wh_code: string; item_no: string; uom: string; status: string; qty: number; lot_no?: string }[] = [];

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts (or restarts, on the same port) the server. */
  async start(): Promise<void> {
    const app = Fastify({ logger: false, forceCloseConnections: true });
    app.addHook('onRequest', async (req, reply) => {
      this.requests.push({ method: req.method, url: req.url });
      if (this.faults.down) {
        req.raw.socket.destroy();
        return reply;
      }
      if (this.faults.failNext > 0) {
        this.faults.failNext -= 1;
        return reply.code(503).header('retry-after', '0').send({ error: 'maintenance' });
      }
      return undefined;
    });
    app.get<{ Querystring: { after?: string; limit?: string } }>('/api/movements', async (req) => {
      if (this.faults.garbage !== undefined) return this.faults.garbage;
      const limit = Number(req.query.limit ?? 100);
      let from = req.query.after === undefined ? 0 : Number(req.query.after.slice(1)) + 1;
      if (this.faults.overlap && from > 0) from -= 1;
      const items = this.log.slice(from, from + limit);
      const last = from + items.length - 1;
      const next = items.length > 0 ? `c${last}` : (req.query.after ?? null);
      return { items: this.faults.reversePages ? [...items].reverse() : items, next_cursor: next, has_more: last + 1 < this.log.length };
    });
    app.get('/api/stock', async () => ({
      snapshot_id: `S${++this.snapshots}`,
      taken_at: '2026-11-25T22:00:00+08:00',
      as_of_cursor: this.log.length > 0 ? `c${this.log.length - 1}` : null,
      warehouses: this.stock(),
    }));
    app.post<{ Body: ShipmentOrder }>('/api/shipments', async (req, reply) => {
      const key = req.headers['idempotency-key'] as string | undefined;
      if (this.shipments.some((s) => s.key === key)) return reply.code(409).send({ error: 'duplicate request_no' });
      if (req.body.lines.some((l) => l.item_no === 'UNKNOWN')) return reply.code(422).send({ error: 'unknown item_no UNKNOWN' });
      this.shipments.push({ key, body: req.body });
      return reply.code(201).send({ shipment_no: `SO-${this.shipments.length}` });
    });
    await app.listen({ host: '127.0.0.1', port: this.port });
    const address = app.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.app = app;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }

  /** Appends movements to the log (commit order = the order given). */
  push(...ms: FakeMovement[]): void {
    this.log.push(...ms);
  }

  /** A movement the WMS applied but will never serve (lost). */
  lose(m: FakeMovement): void {
    this.lost.push(m);
  }

  /** Stock per warehouse from every movement it applied (served and lost) plus drift. */
  stock(): { wh_code: string; items: { item_no: string; qty: number; uom: string; status: string; lot_no?: string }[] }[] {
    const q = new Map<string, number>();
    const add = (wh: string, item: string, uom: string, lot: string, status: string, n: number): void => {
      const k = [wh, item, uom, lot, status].join('|');
      q.set(k, (q.get(k) ?? 0) + n);
    };
    for (const m of [...this.log, ...this.lost]) {
      const n = Number(m.qty);
      if (m.from_status) add(m.wh_code, m.item_no, m.uom ?? 'each', m.lot_no ?? '', m.from_status, -n);
      if (m.to_status) add(m.wh_code, m.item_no, m.uom ?? 'each', m.lot_no ?? '', m.to_status, n);
    }
    for (const d of this.drift) add(d.wh_code, d.item_no, d.uom, d.lot_no ?? '', d.status, d.qty);
    const byWh = new Map<string, { item_no: string; qty: number; uom: string; status: string; lot_no?: string }[]>();
    for (const [k, n] of q) {
      const [wh = '', item_no = '', uom = '', lot = '', status = ''] = k.split('|');
      const items = byWh.get(wh) ?? [];
      if (n !== 0) items.push({ item_no, qty: n, uom, status, ...(lot ? { lot_no: lot } : {}) });
      byWh.set(wh, items);
    }
    return [...byWh].map(([wh_code, items]) => ({ wh_code, items }));
  }

  /** How many movement requests asked for a page after `cursor` (null = from the start). */
  pullsAfter(cursor: string | null): number {
    return this.requests.filter((r) => r.url.startsWith('/api/movements') && new URL(r.url, 'http://x').searchParams.get('after') === cursor).length;
  }
}

/** A movement of wms-sh at WH-SH with sensible defaults; override any field. */
export function movement(seq: number, over: Partial<FakeMovement> = {}): FakeMovement {
  return {
    seq,
    ts: `2026-11-25T08:${String(seq % 60).padStart(2, '0')}:00+08:00`,
    wh_code: 'WH-SH',
    item_no: 'T-100',
    qty: 10,
    uom: 'each',
    lot_no: null,
    exp_date: null,
    from_status: null,
    to_status: 'AVAIL',
    move_type: 'RCV',
    ref_no: null,
    xfer_no: null,
    ...over,
  };
}
