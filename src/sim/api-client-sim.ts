import type { InboundSink } from '../connectors/index.ts';
import type { StockChange } from './demo-stock.ts';
import type { Site } from './sim-site.ts';
import { localIso, type SimContext, type SimWms, savedObject, SerialQueue } from './sim-wms.ts';

/**
 * The central hub's own WMS, a Stockmesh API client: it speaks the hub's language (canonical SKU
 * ids and statuses, base units, docs/event-format.md) and publishes through the hub's inbound sink,
 * the same door every connector uses. Its listings go the same way.
 */
export class ApiClientSim implements SimWms {
  readonly site: Site;
  private readonly ctx: SimContext;
  private readonly queue = new SerialQueue();
  private sink: InboundSink | undefined;
  private listings: number;

  constructor(ctx: SimContext, saved?: unknown) {
    this.ctx = ctx;
    this.site = ctx.site;
    this.listings = typeof savedObject(saved).listings === 'number' ? (savedObject(saved).listings as number) : 0;
  }

  /** The sink to publish through (the hub's bus). */
  connect(sink: InboundSink): void {
    this.sink = sink;
  }

  async start(): Promise<void> {}

  emit(c: StockChange, seq: number): void {
    const source = this.site.source.source.id;
    const event = {
      id: `${source}:${seq}`,
      source,
      sequence: seq,
      occurredAt: localIso(this.ctx.now(), 480),
      warehouse: c.warehouse,
      sku: c.sku,
      quantity: c.qty,
      reason: c.reason,
      ...(c.lot ? { lot: c.lot } : {}),
      ...(c.expiry ? { expiry: c.expiry } : {}),
      ...(c.from ? { fromStatus: c.from } : {}),
      ...(c.to ? { toStatus: c.to } : {}),
      ...(c.orderRef ? { orderRef: c.orderRef } : {}),
    };
    void this.queue.run(() => this.deliver((sink) => sink.events([{ raw: event, location: `api:${source}` }])));
  }

  async snapshot(): Promise<void> {
    const source = this.site.source.source.id;
    this.listings += 1;
    const doc = {
      id: `${source}:listing-${this.ctx.now().getTime()}`,
      source,
      warehouse: this.site.warehouse,
      takenAt: localIso(this.ctx.now(), 480),
      lines: this.ctx.stock.positions().map((p) => ({ sku: p.sku, status: p.status, quantity: p.qty, ...(p.lot ? { lot: p.lot } : {}), ...(p.expiry ? { expiry: p.expiry } : {}) })),
    };
    await this.queue.run(() => this.deliver((sink) => sink.snapshot(doc, `api:${source}`)));
  }

  async flush(): Promise<void> {
    await this.queue.idle();
  }

  async stop(): Promise<void> {
    await this.queue.idle();
  }

  saved(): unknown {
    return { listings: this.listings };
  }

  /** Publishes, retrying while the bus is unavailable (a NATS restart): nothing the WMS did is dropped. */
  private async deliver(fn: (sink: InboundSink) => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const sink = this.sink;
      if (!sink) throw new Error('the API client is not connected');
      try {
        return await fn(sink);
      } catch (err) {
        if (attempt >= 20) {
          this.ctx.warn(`${this.site.source.source.id}: publish failed 20 times, dropped: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
