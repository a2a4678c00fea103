import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StockChange } from './demo-stock.ts';
import { codeOf } from './dialect-words.ts';
import { dropFile, localStamp } from './drop-writer.ts';
import type { Site } from './sim-site.ts';
import { type SimContext, type SimWms, savedObject } from './sim-wms.ts';
import { interchange, listing846, receipt944, shipment945, type X12Clock, type X12Line, type X12Parties } from './x12-documents.ts';

export interface EdiSimOptions {
  /** Where the 3PL drops its interchanges (the connector's inbox). */
  readonly inbox: string;
  /** Where the hub writes 997s for the 3PL (the connector's outbox). */
  readonly outbox: string;
  readonly parties: X12Parties;
}

/**
 * A 3PL partner speaking ASC X12 004010 through folders (docs/connectors/edi-x12.md): every few
 * seconds a 944 interchange with its receipts and a 945 with its shipments (one set per ASN or
 * order, in cases of case GTIN-14s), now and then an 846 listing all its stock by status; it reads
 * (and removes) the 997 acknowledgments the hub writes back and reports a rejection.
 */
export class Edi3plSim implements SimWms {
  readonly site: Site;
  private readonly ctx: SimContext;
  private readonly opts: EdiSimOptions;
  private receipts: StockChange[];
  private shipments: StockChange[];
  private control: number;
  /** 997s read, and how many said the interchange was rejected. */
  acks = 0;
  rejectedAcks = 0;

  constructor(ctx: SimContext, opts: EdiSimOptions, saved?: unknown) {
    this.ctx = ctx;
    this.site = ctx.site;
    this.opts = opts;
    const s = savedObject(saved);
    this.receipts = Array.isArray(s.receipts) ? (s.receipts as StockChange[]) : [];
    this.shipments = Array.isArray(s.shipments) ? (s.shipments as StockChange[]) : [];
    // Without its saved counter the 3PL starts from the clock (seconds, nine digits), past the
    // control numbers of earlier interchanges: event ids carry ISA13 and must not come back.
    this.control = typeof s.control === 'number' ? s.control : Math.floor(ctx.now().getTime() / 1000) % 1_000_000_000;
  }

  async start(): Promise<void> {}

  emit(change: StockChange): void {
    if (change.from === null) this.receipts.push(change);
    else this.shipments.push(change);
  }

  /** Writes the buffered receipts (944), then shipments (945), then reads the 997s that came back. */
  async flush(): Promise<void> {
    const clock = this.clock();
    const receipts = this.receipts;
    const shipments = this.shipments;
    this.receipts = [];
    this.shipments = [];
    const p = this.opts.parties;
    if (receipts.length > 0) {
      const n = this.next();
      const sets = receipts.map((c, i) => receipt944(p, clock, `WR-${n}-${i + 1}`, c.orderRef ?? `ASN-${n}-${i + 1}`, [this.line(c)]));
      await dropFile(this.opts.inbox, `944_${String(n).padStart(9, '0')}.edi`, interchange(p, n, 'RE', clock, sets));
    }
    if (shipments.length > 0) {
      const n = this.next();
      const sets = shipments.map((c, i) => shipment945(p, clock, c.orderRef ?? `SO-${n}-${i + 1}`, `SHP-${n}-${i + 1}`, [this.line(c)]));
      await dropFile(this.opts.inbox, `945_${String(n).padStart(9, '0')}.edi`, interchange(p, n, 'SW', clock, sets));
    }
    await this.readAcks();
  }

  /** An 846 full listing of every position, in cases, after what is buffered. */
  async snapshot(): Promise<void> {
    await this.flush();
    const clock = this.clock();
    const byItem = new Map<string, (X12Line & { status: StockChange['to'] & string })[]>();
    for (const p of this.ctx.stock.positions()) {
      const line = this.line({ warehouse: this.site.warehouse, sku: p.sku, qty: p.qty, from: null, to: p.status, reason: 'listing', lot: p.lot || undefined, expiry: p.expiry ?? undefined });
      byItem.set(line.gtin14, [...(byItem.get(line.gtin14) ?? []), { ...line, status: p.status }]);
    }
    const n = this.next();
    const items = [...byItem].map(([gtin14, balances]) => ({ gtin14, balances }));
    await dropFile(this.opts.inbox, `846_${String(n).padStart(9, '0')}.edi`, interchange(this.opts.parties, n, 'IB', clock, [listing846(this.opts.parties, clock, `INV-${n}`, items)]));
  }

  async stop(): Promise<void> {
    await this.flush();
  }

  saved(): unknown {
    return { receipts: this.receipts, shipments: this.shipments, control: this.control };
  }

  private next(): number {
    this.control += 1;
    return this.control;
  }

  private clock(): X12Clock {
    const { date, time } = localStamp(this.ctx.now(), 480);
    return { date, time: time.slice(0, 4) };
  }

  private line(c: StockChange): X12Line {
    const ext = codeOf(this.ctx.net, this.site.source, c.sku);
    return { gtin14: ext.code, cases: c.qty / ext.factor, lot: c.lot, expiry: c.expiry };
  }

  private async readAcks(): Promise<void> {
    const names = await readdir(this.opts.outbox).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith('997-') && n.endsWith('.edi'))) {
      const path = join(this.opts.outbox, name);
      const text = await readFile(path, 'utf8').catch(() => '');
      this.acks += 1;
      if (/AK9\*R/.test(text)) {
        this.rejectedAcks += 1;
        this.ctx.warn(`${this.site.source.source.id}: the hub rejected an interchange (${name})`);
      }
      await unlink(path).catch(() => undefined);
    }
  }
}
