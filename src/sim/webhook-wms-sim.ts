import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../connectors/webhook/index.ts';
import type { StockChange } from './demo-stock.ts';
import { externalQuantity, externalStatus } from './dialect-words.ts';
import { type Outgoing, PushOutbox, type PushResult, resultOf } from './push-outbox.ts';
import type { Site } from './sim-site.ts';
import { localIso, type SimContext, type SimWms, savedObject } from './sim-wms.ts';

export interface WebhookSimOptions {
  /** The secret both sides share. */
  readonly secret: string;
  /** The SaaS's facility code of the site (mapped by the connector's `warehouseCodes`). */
  readonly facility: string;
}

/** A delivery the demo sent, for the incidents to refer to. */
export interface SentDelivery {
  readonly deliveryId: string;
  readonly eventIds: readonly string[];
  readonly result: PushResult;
}

/**
 * A SaaS WMS that pushes signed JSON deliveries to the hub (`POST /hooks/<source>`,
 * docs/connectors/webhook.md): one delivery per movement, each signed with HMAC-SHA256 over
 * timestamp and body, retried until the hub takes it; a full listing now and then.
 */
export class WebhookWmsSim implements SimWms {
  readonly site: Site;
  private readonly ctx: SimContext;
  private readonly opts: WebhookSimOptions;
  private readonly outbox: PushOutbox;
  private readonly waiters = new Map<string, (r: SentDelivery) => void>();
  private url = '';
  private deliveries: number;
  private last: Outgoing | undefined;

  constructor(ctx: SimContext, opts: WebhookSimOptions, saved?: unknown) {
    this.ctx = ctx;
    this.site = ctx.site;
    this.opts = opts;
    const s = savedObject(saved);
    this.deliveries = typeof s.deliveries === 'number' ? s.deliveries : 0;
    const pending = Array.isArray(s.pending) ? (s.pending as Outgoing[]) : [];
    this.outbox = new PushOutbox((o) => this.post(o), (o, r) => this.done(o, r), pending);
  }

  async start(hubUrl: string): Promise<void> {
    this.url = `${hubUrl}/hooks/${this.site.source.source.id}`;
    this.outbox.start();
  }

  emit(change: StockChange, seq: number): void {
    this.outbox.push(this.delivery([this.eventOf(change, seq)]));
  }

  async flush(): Promise<void> {
    await this.outbox.drained(10_000);
  }

  async snapshot(): Promise<void> {
    const id = `snap-${this.ctx.now().getTime()}`;
    const lines = this.ctx.stock.positions().map((p) => {
      const q = externalQuantity(this.ctx.net, this.site.source, p.sku, p.qty);
      return { sku: q.sku, quantity: q.quantity, state: externalStatus(this.site.source, p.status), ...(p.lot ? { lot: p.lot } : {}), ...(p.expiry ? { expires_on: p.expiry } : {}) };
    });
    const now = localIso(this.ctx.now(), 480);
    this.outbox.push(this.delivery([{ id, type: 'inventory.snapshot', created_at: now, data: { facility: this.opts.facility, taken_at: now, lines } }]));
  }

  async stop(): Promise<void> {
    await this.outbox.drained(5000);
    await this.outbox.stop();
  }

  saved(): unknown {
    return { deliveries: this.deliveries, pending: this.outbox.pending };
  }

  /** Pushes `changes` (already applied to the stock) as one delivery each, in the order given, and waits for the answers. */
  send(changes: readonly { change: StockChange; seq: number }[], opts: { forgeFirst?: boolean } = {}): Promise<SentDelivery[]> {
    return Promise.all(
      changes.map(({ change, seq }, i) => {
        const o = this.delivery([this.eventOf(change, seq)]);
        if (i === 0 && opts.forgeFirst) {
          const forged = this.wait({ ...o, id: `${o.id}#forged`, forge: true });
          return forged.then(async (bad) => {
            await this.wait(o);
            return bad;
          });
        }
        return this.wait(o);
      }),
    );
  }

  /** Pushes the last delivery again, exactly as it was (a redelivery after a lost answer). */
  redeliverLast(): Promise<SentDelivery | undefined> {
    return this.last === undefined ? Promise.resolve(undefined) : this.wait({ ...this.last, id: `${this.last.id}#again` });
  }

  private wait(o: Outgoing): Promise<SentDelivery> {
    return new Promise((resolve) => {
      this.waiters.set(o.id, resolve);
      this.outbox.push(o);
    });
  }

  private delivery(events: readonly Record<string, unknown>[]): Outgoing {
    this.deliveries += 1;
    const id = `${this.site.source.source.id}-d${String(this.deliveries).padStart(7, '0')}`;
    return { id, body: JSON.stringify({ delivery_id: id, events }) };
  }

  private eventOf(c: StockChange, seq: number): Record<string, unknown> {
    const src = this.site.source;
    const q = externalQuantity(this.ctx.net, src, c.sku, c.qty);
    const item = {
      facility: this.opts.facility,
      sku: q.sku,
      ...(c.lot ? { lot: c.lot } : {}),
      ...(c.expiry ? { expires_on: c.expiry } : {}),
      ...(c.orderRef ? { order_id: c.orderRef } : {}),
      reason_code: c.reason,
    };
    const base = { id: `evt-${seq}`, sequence: seq, created_at: localIso(this.ctx.now(), 480) };
    if (c.reason === 'cycle_count') {
      const state = externalStatus(src, c.from ?? c.to ?? 'available');
      return { ...base, type: 'inventory.adjusted', data: { ...item, delta: c.from === null ? q.quantity : -q.quantity, state } };
    }
    const from = c.from === null ? undefined : externalStatus(src, c.from);
    const to = c.to === null ? undefined : externalStatus(src, c.to);
    const type = from === undefined ? 'inventory.received' : to === undefined ? 'inventory.shipped' : 'inventory.state_changed';
    return { ...base, type, data: { ...item, quantity: q.quantity, ...(from ? { from_state: from } : {}), ...(to ? { to_state: to } : {}) } };
  }

  private async post(o: Outgoing): Promise<PushResult> {
    if (this.url === '') return { kind: 'retry', why: 'not started' };
    const ts = Math.floor(this.ctx.now().getTime() / 1000);
    const signature = signWebhook(o.forge ? `${this.opts.secret}-rotated-out` : this.opts.secret, ts, o.body);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signature, [DELIVERY_HEADER]: o.id.split('#')[0] ?? o.id },
      body: o.body,
      signal: AbortSignal.timeout(10_000),
    });
    return resultOf(res);
  }

  private done(o: Outgoing, r: PushResult): void {
    if (r.kind === 'accepted' && !o.forge) this.last = { id: o.id.split('#')[0] ?? o.id, body: o.body };
    const events = (JSON.parse(o.body) as { events: { id: string }[] }).events.map((e) => `${this.site.source.source.id}:${e.id}`);
    const waiter = this.waiters.get(o.id);
    this.waiters.delete(o.id);
    if (waiter) waiter({ deliveryId: o.id.split('#')[0] ?? o.id, eventIds: events, result: r });
    else if (r.kind === 'refused') this.ctx.warn(`${this.site.source.source.id}: delivery ${o.id} refused by the hub: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  }
}
