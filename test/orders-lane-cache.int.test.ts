import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFromEnv, openHub } from '../src/hub/index.ts';
import { OrderService, type StoredOrder } from '../src/orders/index.ts';
import { order, receive, seedOrderNetwork } from './support/order-network.ts';

// allocate-one.ts caches lanes per lane model × master data version × zone × warehouse set: orders to
// one zone from different warehouse sets must each get the lanes of their own set, and the decision
// (allocation and explanation) must be the one an uncached service makes.
test('lanes cached per zone and warehouse set: orders to one region from different warehouse sets decide as a fresh service does', async () => {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  try {
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-1', 'SKU-A', 50);
    await receive(hub, 'WH-4', 'SKU-A', 50);
    await receive(hub, 'WH-2', 'SKU-B', 50);
    const specs = [
      { lines: [{ sku: 'SKU-A', qty: 1 }] },
      { lines: [{ sku: 'SKU-B', qty: 1 }] },
      { lines: [{ sku: 'SKU-A', qty: 1 }, { sku: 'SKU-B', qty: 2 }] },
      { lines: [{ sku: 'SKU-A', qty: 1 }] },
    ].map((s, i) => ({ ...s, destination: { region: 'east' }, id: `LC-${i}` }));
    const cached = new OrderService({ store: hub.store, masterData: hub.masterData });
    const seen: StoredOrder[] = [];
    for (const s of specs) {
      const r = await cached.submit(order(s.id, s));
      seen.push(r.order);
      // a fresh service (empty caches for its own lane model) decides the same order again under another id
      const fresh = await new OrderService({ store: hub.store, masterData: hub.masterData }).submit(order(`${s.id}-fresh`, s));
      assert.deepEqual(fresh.order.allocation, r.order.allocation, `${s.id}: allocation`);
      assert.deepEqual({ ...fresh.order.explanation, order: s.id }, r.order.explanation, `${s.id}: explanation`);
    }
    const three = seen[2] as StoredOrder;
    assert.equal(three.state, 'allocated');
    assert.deepEqual(new Set(three.allocation.map((l) => l.warehouse)).has('WH-2'), true);
    const ranked = three.explanation?.candidates.filter((c) => c.rank !== undefined).map((c) => c.warehouse).sort();
    assert.deepEqual(ranked, ['WH-1', 'WH-2', 'WH-4'], 'every holding warehouse has its lane');
    assert.equal(three.explanation?.candidates.some((c) => c.excluded?.startsWith('no lane')), false);
  } finally {
    await hub.close();
  }
});
