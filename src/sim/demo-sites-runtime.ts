import type { Hub } from '../hub/index.ts';
import { listPositions, listSourceStates } from '../ledger/index.ts';
import { demoFeed } from './demo-feed.ts';
import type { DemoNetwork } from './demo-network.ts';
import type { SavedDemo } from './demo-state-file.ts';
import type { Site } from './sim-site.ts';
import { SimStock } from './sim-stock.ts';

/** A site's WMS state to start from: its stock and counters, and what its dialect saved. */
export interface SiteStart {
  readonly stock: SimStock;
  readonly seq: number;
  readonly order: number;
  readonly baseline: number;
  readonly sim: unknown;
}

/**
 * Where each simulated WMS starts: from the demo's saved state when there is one (the WMS keep
 * their own books across restarts); otherwise from the hub's positions of its warehouse — on a
 * first start exactly the demo's seeded stock — with sequence numbers continuing after the
 * highest the hub saw or the seed used (the seed's refused event keeps its number).
 */
export async function siteStarts(hub: Hub, net: DemoNetwork, sites: readonly Site[], saved: SavedDemo | undefined, seededAt: Date | undefined): Promise<Map<string, SiteStart>> {
  const out = new Map<string, SiteStart>();
  const ledger = new Map((await listSourceStates(hub.store.db)).map((s) => [s.source, s.maxSeq ?? 0]));
  const seeded = new Map<string, number>();
  if (seededAt !== undefined) {
    const feed = demoFeed(net, seededAt);
    for (const e of [...feed.events, feed.incidents.deadLetter, feed.incidents.afterGap]) seeded.set(e.source, Math.max(seeded.get(e.source) ?? 0, e.sequence ?? 0));
  }
  for (const site of sites) {
    const source = site.source.source.id;
    const s = saved?.sites[source];
    if (s) {
      out.set(source, { stock: new SimStock(s.stock), seq: s.seq, order: s.order, baseline: s.baseline, sim: s.sim });
      continue;
    }
    const positions = await listPositions(hub.store.db, { warehouse: site.warehouse });
    const stock = new SimStock(positions.map((p) => ({ sku: p.sku, lot: p.lot, expiry: p.expiry, status: p.status, qty: p.qty })));
    const seq = Math.max(ledger.get(source) ?? 0, seeded.get(source) ?? 0);
    out.set(source, { stock, seq, order: 0, baseline: stock.total(), sim: undefined });
  }
  return out;
}
