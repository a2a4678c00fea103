import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeOf } from './dialect-words.ts';
import { demoFeed } from './demo-feed.ts';
import { demoNetwork } from './demo-network.ts';
import type { StockChange } from './demo-stock.ts';
import { SimRandom } from './sim-random.ts';
import { demoSites } from './sim-site.ts';
import { SimStock } from './sim-stock.ts';
import { planChange } from './traffic-plan.ts';

const net = demoNetwork();
const now = new Date('2026-11-25T08:00:00Z');
const expected = demoFeed(net, now).expected;

function run(seed: number, steps: number): StockChange[] {
  const rng = new SimRandom(seed);
  const sites = demoSites(net).map((site) => {
    const stock = new SimStock(expected.filter((p) => p.warehouse === site.warehouse));
    return { site, stock, baseline: stock.total() };
  });
  const out: StockChange[] = [];
  for (let i = 0; i < steps; i++) {
    const s = rng.pick(sites);
    assert.ok(s);
    const c = planChange({ site: s.site, stock: s.stock, rng, now, order: i, baseline: s.baseline });
    if (!c) continue;
    s.stock.apply(c); // throws if the WMS would move what it does not have
    out.push(c);
  }
  for (const s of sites) for (const p of s.stock.positions()) assert.ok(p.qty > 0);
  return out;
}

test('given a seed, when the simulated WMS run, then they never move what they do not have and repeat exactly', () => {
  const a = run(7, 4000);
  assert.deepEqual(run(7, 4000), a, 'same seed, same traffic');
  assert.notDeepEqual(run(8, 200), a.slice(0, 200));
  const reasons = new Set(a.map((c) => c.reason));
  for (const r of ['receipt', 'order_allocated', 'pick', 'ship', 'qc_hold', 'release', 'damage_found', 'cycle_count']) assert.ok(reasons.has(r), r);
});

test('every change can be said in its site dialect: codes exist, X12 moves whole cases, lots only where movements carry expiry', () => {
  const sites = new Map(demoSites(net).map((s) => [s.warehouse, s]));
  for (const c of run(11, 3000)) {
    const site = sites.get(c.warehouse);
    assert.ok(site);
    const ext = codeOf(net, site.source, c.sku);
    assert.equal(c.qty % ext.factor, 0, `${c.sku} at ${c.warehouse}: whole ${ext.unit ?? 'units'}`);
    const sku = net.skus.find((s) => s.sku.id === c.sku);
    if (site.flow.noLots && c.from === null) assert.equal(sku?.sku.lotControlled, false, `${site.source.source.dialect} receives no lot-controlled ${c.sku}`);
    if (sku?.sku.expiryControlled && site.skus.some((s) => s.sku.id === c.sku)) assert.ok(c.expiry, `${c.sku} carries its expiry`);
  }
});
