import type { StockChange } from './demo-stock.ts';
import type { SimRandom } from './sim-random.ts';
import type { Op, Site } from './sim-site.ts';
import type { SimStock } from './sim-stock.ts';
import type { SimWms } from './sim-wms.ts';
import { planChange } from './traffic-plan.ts';

/** One live site: its WMS, its stock and its counters. */
export interface SiteRuntime {
  readonly site: Site;
  readonly stock: SimStock;
  readonly sim: SimWms;
  seq: number;
  order: number;
  readonly baseline: number;
}

/** A change made by a site's WMS, with the sequence number the WMS gave it. */
export interface Made {
  readonly change: StockChange;
  readonly seq: number;
}

/**
 * The demo's clockwork: `rate` times a second it picks a site (seeded random), lets its WMS make
 * the next stock change (applied to the WMS's own stock first) and hands it to the WMS to send in
 * its dialect. Sites can be paused while an incident reorders their messages on purpose.
 */
export class DemoTraffic {
  readonly sites: ReadonlyMap<string, SiteRuntime>;
  private readonly rng: SimRandom;
  private readonly now: () => Date;
  private readonly paused = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Changes made since start. */
  made = 0;
  /** Set when something changed since the last save. */
  dirty = false;

  constructor(sites: readonly SiteRuntime[], rng: SimRandom, now: () => Date) {
    this.sites = new Map(sites.map((s) => [s.site.source.source.id, s]));
    this.rng = rng;
    this.now = now;
  }

  get randomState(): number {
    return this.rng.state;
  }

  start(ratePerSecond: number): void {
    if (this.timer || ratePerSecond <= 0) return;
    this.timer = setInterval(() => this.tick(), Math.max(5, Math.round(1000 / ratePerSecond)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  pause(source: string): void {
    this.paused.add(source);
  }

  resume(source: string): void {
    this.paused.delete(source);
  }

  /** One change at a random unpaused site, sent by its WMS. */
  tick(): void {
    const open = [...this.sites.values()].filter((s) => !this.paused.has(s.site.source.source.id));
    const s = this.rng.pick(open);
    if (!s) return;
    const made = this.make(s.site.source.source.id);
    if (made) s.sim.emit(made.change, made.seq);
  }

  /** Plans a change at a site without applying it (`op` forces the kind; a receipt when it cannot be done). */
  plan(source: string, op?: Op): StockChange | undefined {
    const s = this.site(source);
    return planChange({ site: s.site, stock: s.stock, rng: this.rng, now: this.now(), order: s.order + 1, baseline: s.baseline }, op);
  }

  /** Plans and applies a change at a site, numbering it; the caller sends it. */
  make(source: string, op?: Op): Made | undefined {
    const change = this.plan(source, op);
    return change === undefined ? undefined : this.apply(source, change);
  }

  /** Applies a planned change to the site's stock and gives it the WMS's next sequence number. */
  apply(source: string, change: StockChange): Made {
    const s = this.site(source);
    s.stock.apply(change);
    s.seq += 1;
    s.order += 1;
    this.made += 1;
    this.dirty = true;
    return { change, seq: s.seq };
  }

  site(source: string): SiteRuntime {
    const s = this.sites.get(source);
    if (!s) throw new Error(`the demo has no live site for source ${source}`);
    return s;
  }
}
