import type { StockChange } from './demo-stock.ts';
import { codeOf } from './dialect-words.ts';
import { epcisDocument, eventUuid, type Gs1Site, glnOfSite, objectEvent, type PortalEvent, sgln, sgtin, sgtinPattern } from './epcis-documents.ts';
import { type Outgoing, PushOutbox, type PushResult, resultOf } from './push-outbox.ts';
import type { Site } from './sim-site.ts';
import { localIso, type SimContext, type SimWms, savedObject } from './sim-wms.ts';

export interface EpcisSimOptions {
  readonly token: string;
  readonly gs1: Gs1Site;
  /** The user-defined business step of a release from quarantine (configured in the connector's `bizSteps`). */
  readonly releaseStep: string;
}

/** A receipt is read tag by tag up to this many units; larger ones are reported as a counted quantity. */
const MAX_TAGS = 400;

/**
 * RFID portals of a bonded warehouse posting EPCIS 2.0 documents to the hub's capture endpoint
 * (`POST /epcis/<source>/capture`, docs/connectors/epcis.md): receiving at the inbound dock (one
 * SGTIN per unit), picking and shipping at the outbound dock, holding and release by customs, and
 * now and then a sweep of the racks that moves nothing (a plain RFID read).
 */
export class EpcisPortalSim implements SimWms {
  readonly site: Site;
  private readonly ctx: SimContext;
  private readonly opts: EpcisSimOptions;
  private readonly outbox: PushOutbox;
  private url = '';
  private events: number;
  private serials: Record<string, number>;
  private readonly salt: string;

  constructor(ctx: SimContext, opts: EpcisSimOptions, saved?: unknown) {
    this.ctx = ctx;
    this.site = ctx.site;
    this.opts = opts;
    const s = savedObject(saved);
    this.events = typeof s.events === 'number' ? s.events : 0;
    // Event ids derive from (salt, counter): a portal starting over without its state takes a new salt.
    this.salt = typeof s.salt === 'string' ? s.salt : ctx.now().toISOString();
    this.serials = typeof s.serials === 'object' && s.serials !== null ? { ...(s.serials as Record<string, number>) } : {};
    const pending = Array.isArray(s.pending) ? (s.pending as Outgoing[]) : [];
    this.outbox = new PushOutbox((o) => this.post(o), (o, r) => this.done(o, r), pending);
  }

  async start(hubUrl: string): Promise<void> {
    this.url = `${hubUrl}/epcis/${this.site.source.source.id}/capture`;
    this.outbox.start();
  }

  emit(change: StockChange): void {
    this.send([this.eventOf(change)]);
  }

  /** A sweep of the racks: every tag read, no business step, no movement. */
  sweep(): void {
    const tags = Object.entries(this.serials)
      .slice(0, 5)
      .flatMap(([gtin, n]) => [sgtin(gtin, Math.max(1, n - 1)), sgtin(gtin, n)]);
    if (tags.length === 0) return;
    this.send([objectEvent({ ...this.base(), action: 'OBSERVE', readPoint: sgln(this.opts.gs1, 'RACKS'), epcs: tags })]);
  }

  async flush(): Promise<void> {
    await this.outbox.drained(10_000);
  }

  async stop(): Promise<void> {
    await this.outbox.drained(5000);
    await this.outbox.stop();
  }

  saved(): unknown {
    return { events: this.events, salt: this.salt, serials: this.serials, pending: this.outbox.pending };
  }

  private base(): Pick<PortalEvent, 'eventId' | 'time' | 'offset'> {
    this.events += 1;
    return { eventId: eventUuid(`${this.site.source.source.id}:${this.salt}`, this.events), time: localIso(this.ctx.now(), 480), offset: '+08:00' };
  }

  private eventOf(c: StockChange): Record<string, unknown> {
    const gtin = codeOf(this.ctx.net, this.site.source, c.sku).code;
    const at = (ext: string) => sgln(this.opts.gs1, ext);
    const counted = { quantities: [{ epcClass: sgtinPattern(gtin), quantity: c.qty }] };
    const common = { ...this.base(), order: c.orderRef === undefined ? undefined : `urn:epcglobal:cbv:bt:${glnOfSite(this.opts.gs1)}:${c.orderRef}` };
    if (c.from === null) {
      const tags = c.qty <= MAX_TAGS ? { epcs: this.newTags(gtin, c.qty) } : counted;
      return objectEvent({ ...common, ...tags, action: 'ADD', bizStep: 'receiving', disposition: 'sellable_accessible', readPoint: at('DOCK-IN'), bizLocation: at('0') });
    }
    if (c.to === null) return objectEvent({ ...common, ...counted, action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit', readPoint: at('DOCK-OUT') });
    if (c.to === 'picking') return objectEvent({ ...common, ...counted, action: 'OBSERVE', bizStep: 'picking', disposition: 'in_progress', readPoint: at('PICK'), bizLocation: at('0') });
    if (c.to === 'quarantine') return objectEvent({ ...common, ...counted, action: 'OBSERVE', bizStep: 'holding', disposition: 'non_sellable_other', readPoint: at('CUSTOMS'), bizLocation: at('0') });
    return objectEvent({ ...common, ...counted, action: 'OBSERVE', bizStep: this.opts.releaseStep, disposition: 'sellable_accessible', readPoint: at('CUSTOMS'), bizLocation: at('0') });
  }

  private newTags(gtin: string, n: number): string[] {
    const first = (this.serials[gtin] ?? 100_000) + 1;
    this.serials[gtin] = first + n - 1;
    return Array.from({ length: n }, (_, i) => sgtin(gtin, first + i));
  }

  private send(events: readonly Record<string, unknown>[]): void {
    const body = JSON.stringify(epcisDocument(events, localIso(this.ctx.now(), 480)));
    this.outbox.push({ id: String(events[0]?.eventID ?? this.events), body });
  }

  private async post(o: Outgoing): Promise<PushResult> {
    if (this.url === '') return { kind: 'retry', why: 'not started' };
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/ld+json', authorization: `Bearer ${this.opts.token}` },
      body: o.body,
      signal: AbortSignal.timeout(10_000),
    });
    return resultOf(res);
  }

  private done(o: Outgoing, r: PushResult): void {
    if (r.kind === 'refused') this.ctx.warn(`${this.site.source.source.id}: capture ${o.id} refused by the hub: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  }
}
