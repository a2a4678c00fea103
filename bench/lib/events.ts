import type { InboundEvent } from '../../src/domain/index.ts';
import { CASE, type Network } from './network.ts';
import { pick, rng } from './rng.ts';

/** Share of each kind of event in the generated stream (the rest are shipments). */
export interface EventMix {
  readonly receipt: number;
  readonly move: number;
}

export const DEFAULT_MIX: EventMix = { receipt: 0.35, move: 0.35 };

const RING = 1 << 16;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/**
 * A stream of inbound events as the WMSs of a network would send them: receipts into `available`
 * (in cases or eaches, under the source's alias when the SKU has one), moves available → picking
 * and shipments out of picking. It keeps its own books so that no event ever takes a position
 * below zero, and numbers events per source (sequence 1, 2, 3, … and ids `<source>:<seq>`).
 */
export class EventStream {
  private readonly r: () => number;
  private readonly avail: Int32Array;
  private readonly picking: Int32Array;
  private readonly seq: Int32Array;
  private readonly availRing = new Int32Array(RING);
  private readonly pickRing = new Int32Array(RING);
  private availN = 0;
  private pickN = 0;
  private clock = 0;
  private readonly skuCount: number;
  /** Events generated so far by kind. */
  readonly counts = { receipt: 0, move: 0, ship: 0 };

  constructor(
    private readonly net: Network,
    private readonly mix: EventMix = DEFAULT_MIX,
    seed = 7,
    skuCount?: number,
  ) {
    this.r = rng(seed);
    this.skuCount = skuCount ?? net.skuIds.length;
    const cells = net.warehouseIds.length * net.skuIds.length;
    this.avail = new Int32Array(cells);
    this.picking = new Int32Array(cells);
    this.seq = new Int32Array(net.warehouseIds.length);
  }

  /** The next `n` events of the mixed stream. */
  next(n: number): InboundEvent[] {
    const out: InboundEvent[] = [];
    for (let i = 0; i < n; i++) {
      const x = this.r();
      if (x >= this.mix.receipt + this.mix.move) out.push(this.ship() ?? this.move() ?? this.receipt(this.randomCell()));
      else if (x >= this.mix.receipt) out.push(this.move() ?? this.receipt(this.randomCell()));
      else out.push(this.receipt(this.randomCell()));
    }
    return out;
  }

  /** One receipt into every warehouse × SKU cell in [from, to) (cell = sku * warehouses + warehouse). */
  receiptsForCells(from: number, to: number): InboundEvent[] {
    const out: InboundEvent[] = [];
    for (let c = from; c < to; c++) out.push(this.receipt(c));
    return out;
  }

  private randomCell(): number {
    return pick(this.r, this.skuCount) * this.net.warehouseIds.length + pick(this.r, this.net.warehouseIds.length);
  }

  private base(cell: number): { wh: number; skuIdx: number; source: string; sequence: number } {
    const wh = cell % this.net.warehouseIds.length;
    const skuIdx = Math.floor(cell / this.net.warehouseIds.length);
    const sequence = (this.seq[wh] = (this.seq[wh] as number) + 1);
    return { wh, skuIdx, source: this.net.sourceOf[wh] as string, sequence };
  }

  private event(cell: number, qty: number | string, unit: string | undefined, from: string | undefined, to: string | undefined, reason: string): InboundEvent {
    const b = this.base(cell);
    this.clock += 1;
    const alias = this.net.aliasOf[b.skuIdx];
    return {
      id: `${b.source}:${b.sequence}`,
      source: b.source,
      sequence: b.sequence,
      occurredAt: new Date(T0 + this.clock * 10).toISOString(),
      warehouse: this.net.warehouseIds[b.wh] as string,
      sku: alias ?? (this.net.skuIds[b.skuIdx] as string),
      ...(unit ? { unit } : {}),
      quantity: qty,
      ...(from ? { fromStatus: from } : {}),
      ...(to ? { toStatus: to } : {}),
      reason,
      ...(reason !== 'receipt' ? { orderRef: `ORD-${b.wh}-${this.clock}` } : {}),
    };
  }

  private receipt(cell: number): InboundEvent {
    const inCases = this.r() < 0.6;
    const n = 1 + pick(this.r, 10);
    const qty = inCases ? n * CASE : n * 5;
    this.avail[cell] = (this.avail[cell] as number) + qty;
    this.availRing[this.availN++ & (RING - 1)] = cell;
    this.counts.receipt++;
    return inCases ? this.event(cell, n, 'case', undefined, 'AVL', 'receipt') : this.event(cell, n * 5, undefined, undefined, 'AVL', 'receipt');
  }

  private move(): InboundEvent | undefined {
    if (this.availN === 0) return undefined;
    const cell = this.availRing[pick(this.r, Math.min(this.availN, RING))] as number;
    const have = this.avail[cell] as number;
    if (have <= 0) return undefined;
    const qty = 1 + pick(this.r, Math.min(have, 24));
    this.avail[cell] = have - qty;
    this.picking[cell] = (this.picking[cell] as number) + qty;
    this.pickRing[this.pickN++ & (RING - 1)] = cell;
    this.counts.move++;
    return this.event(cell, qty, undefined, 'AVL', 'PCK', 'pick');
  }

  private ship(): InboundEvent | undefined {
    if (this.pickN === 0) return undefined;
    const cell = this.pickRing[pick(this.r, Math.min(this.pickN, RING))] as number;
    const qty = this.picking[cell] as number;
    if (qty <= 0) return undefined;
    this.picking[cell] = 0;
    this.counts.ship++;
    return this.event(cell, qty, undefined, 'PCK', undefined, 'shipment');
  }
}
