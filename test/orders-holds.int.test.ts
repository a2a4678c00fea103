import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atpFor, confirmHolds, expireHolds } from '../src/ledger/index.ts';
import { OrderService } from '../src/orders/index.ts';
import { forEachStore } from './support/stores.ts';
import { move, order, receive, seedOrderNetwork } from './support/order-network.ts';

const atp = async (db: Parameters<typeof atpFor>[0], wh = 'WH-1') => (await atpFor(db, ['SKU-A'], [wh]))[0] ?? { available: 0, held: 0, atp: 0 };

forEachStore('orders and holds contract', (store) => {
  test('given stock, when an order is submitted, then a pending hold lowers ATP (= available − held); re-submit returns the same allocation', async () => {
    let now = new Date('2026-11-25T12:00:00Z');
    const hub = await store.open();
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-1', 'SKU-A', 10);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData, now: () => now });
    const r1 = await svc.submit(order('O-1', { lines: [{ sku: 'SKU-A', qty: 3 }] }));
    assert.equal(r1.created, true);
    assert.equal(r1.order.state, 'allocated');
    assert.deepEqual(await atp(hub.store.db), { sku: 'SKU-A', warehouse: 'WH-1', available: 10, held: 3, atp: 7 });
    const [r2, r3] = await Promise.all([svc.submit(order('O-1', { lines: [{ sku: 'SKU-A', qty: 3 }] })), svc.submit(order('O-1', { lines: [{ sku: 'SKU-A', qty: 3 }] }))]);
    assert.equal(r2.created, false);
    assert.equal(r3.created, false);
    assert.deepEqual(r2.order.allocation, r1.order.allocation);
    await assert.rejects(svc.submit(order('O-1', { lines: [{ sku: 'SKU-A', qty: 4 }] })), /different body/);
    assert.equal((await svc.holds('O-1')).length, 1);
    assert.equal((await atp(hub.store.db)).held, 3);
    now = new Date('2026-11-25T13:00:00Z');
    const expired = await expireHolds(hub.store, now);
    assert.equal(expired.length, 1);
    assert.equal((await expireHolds(hub.store, now)).length, 0, 'resolved once');
    assert.equal((await atp(hub.store.db)).atp, 10);
  });

  test('given holds, when confirmed they do not expire; when cancelled they are released once', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const hub = await store.open();
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-1', 'SKU-A', 10);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData, now: () => now, config: { holdTtlMs: 1000 } });
    await svc.submit(order('O-2', { lines: [{ sku: 'SKU-A', qty: 4 }] }));
    assert.equal((await confirmHolds(hub.store, 'O-2', now)).length, 1);
    assert.equal((await expireHolds(hub.store, new Date('2026-11-26T00:00:00Z'))).length, 0);
    assert.equal((await atp(hub.store.db)).held, 4);
    const c = await svc.cancel('O-2');
    assert.equal(c.state, 'cancelled');
    await svc.cancel('O-2');
    assert.equal((await svc.holds('O-2'))[0]?.state, 'released');
    assert.deepEqual(await atp(hub.store.db), { sku: 'SKU-A', warehouse: 'WH-1', available: 10, held: 0, atp: 10 });
  });

  test('given a hold, when the WMS allocates then ships for the order, then the hold is consumed in the same commit and stock is subtracted once', async () => {
    const hub = await store.open();
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-1', 'SKU-A', 10);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData });
    await svc.submit(order('O-3', { lines: [{ sku: 'SKU-A', qty: 4 }] }));
    assert.equal((await atp(hub.store.db)).atp, 6);
    assert.equal(await move(hub, 'mv-1', 'WH-1', 'SKU-A', 3, 'O-3'), 'applied');
    assert.deepEqual(await atp(hub.store.db), { sku: 'SKU-A', warehouse: 'WH-1', available: 7, held: 1, atp: 6 });
    assert.equal(await move(hub, 'mv-1', 'WH-1', 'SKU-A', 3, 'O-3'), 'duplicate');
    assert.equal(await move(hub, 'mv-2', 'WH-1', 'SKU-A', 3, 'O-3', 'picking', 'allocated'), 'applied');
    assert.equal((await atp(hub.store.db)).held, 1, 'later moves do not touch holds');
    assert.equal(await move(hub, 'mv-3', 'WH-1', 'SKU-A', 1, 'O-3', undefined), 'applied');
    assert.deepEqual(await atp(hub.store.db), { sku: 'SKU-A', warehouse: 'WH-1', available: 6, held: 0, atp: 6 });
    const [h] = await svc.holds('O-3');
    assert.equal(h?.state, 'consumed');
    assert.equal(h?.consumed, 4);
    await svc.cancel('O-3');
    assert.equal((await atp(hub.store.db)).atp, 6, 'a consumed hold releases nothing');
  });

  test('given no stock, when orders are backordered and stock arrives, then they are allocated by priority then age', async () => {
    let t = Date.parse('2026-11-25T12:00:00Z');
    const hub = await store.open();
    await seedOrderNetwork(hub);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData, now: () => new Date((t += 1000)) });
    await svc.submit(order('B-old', { priority: 0 }));
    await svc.submit(order('B-new', { priority: 0 }));
    await svc.submit(order('B-vip', { priority: 5 }));
    assert.deepEqual((await svc.backorders()).map((b) => b.orderId), ['B-vip', 'B-old', 'B-new']);
    await receive(hub, 'WH-2', 'SKU-A', 2);
    const rep = await svc.allocateBackorders();
    assert.deepEqual(rep.allocated, ['B-vip', 'B-old']);
    assert.equal((await svc.get('B-new'))?.state, 'backordered');
    assert.equal((await svc.get('B-vip'))?.state, 'allocated');
    assert.deepEqual((await svc.backorders()).map((b) => b.orderId), ['B-new']);
  });
});

forEachStore('orders ports contract', (store) => {
  test('given reserve-at-release timing, when submitted nothing is held; when released it is allocated', async () => {
    const { reserveOnRelease } = await import('../src/orders/index.ts');
    const hub = await store.open();
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-3', 'SKU-A', 5);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData, config: { timing: reserveOnRelease } });
    const r = await svc.submit(order('R-1', { lines: [{ sku: 'SKU-A', qty: 2 }] }));
    assert.equal(r.order.state, 'accepted');
    assert.equal((await atp(hub.store.db, 'WH-3')).held, 0);
    const released = await svc.release('R-1');
    assert.equal(released.state, 'allocated');
    assert.equal((await atp(hub.store.db, 'WH-3')).held, 2);
  });

  test('given complete fill, when only part is there, then nothing is held and the whole order is backordered', async () => {
    const hub = await store.open();
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-1', 'SKU-A', 1);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData, config: { fill: 'complete' } });
    const r = await svc.submit(order('C-1', { lines: [{ sku: 'SKU-A', qty: 3 }] }));
    assert.equal(r.order.state, 'backordered');
    assert.equal((await atp(hub.store.db)).held, 0);
    assert.deepEqual((await svc.backorders())[0]?.lines, [{ sku: 'SKU-A', qty: 3 }]);
  });
});
