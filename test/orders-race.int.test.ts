import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atpFor, listPositions } from '../src/ledger/index.ts';
import { OrderService } from '../src/orders/index.ts';
import { forEachStore } from './support/stores.ts';
import { order, receive, seedOrderNetwork } from './support/order-network.ts';

forEachStore('orders race (issue 4 §5)', (store) => {
  test('1,000 concurrent orders race for 100 units across 5 warehouses: exactly 100 held, none oversold, all answered', { timeout: 60_000 }, async () => {
    const hub = await store.open();
    await seedOrderNetwork(hub);
    for (let w = 1; w <= 5; w++) await receive(hub, `WH-${w}`, 'SKU-A', 20);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => svc.submit(order(`race-${i}`))));
    assert.equal(results.length, 1000);
    const allocated = results.filter((r) => r.order.state === 'allocated');
    const back = results.filter((r) => r.order.state === 'backordered');
    assert.equal(allocated.length + back.length, 1000);
    assert.equal(allocated.reduce((s, r) => s + r.order.allocation.reduce((a, l) => a + l.qty, 0), 0), 100);
    const holds = await svc.holds();
    assert.equal(holds.reduce((s, h) => s + h.qty, 0), 100);
    for (const p of await listPositions(hub.store.db, { includeZero: true })) assert.ok(p.held <= p.qty, `oversold at ${p.warehouse}`);
    assert.equal((await atpFor(hub.store.db, ['SKU-A'])).reduce((s, a) => s + a.atp, 0), 0);
    assert.equal((await svc.backorders()).length, 900);
  });
});

const url = process.env.DATABASE_URL;
test('PostgreSQL, two hub processes × 500 concurrent orders for 100 units: exactly 100 held, none oversold', { skip: url ? false : 'DATABASE_URL not set', timeout: 90_000 }, async () => {
  const { spawn } = await import('node:child_process');
  const { configFromEnv, openHub } = await import('../src/hub/index.ts');
  const schema = `race_${process.pid}`;
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema });
  try {
    await seedOrderNetwork(hub);
    for (let w = 1; w <= 5; w++) await receive(hub, `WH-${w}`, 'SKU-A', 20);
    const child = (prefix: string) =>
      new Promise<{ answered: number; units: number }>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', 'test/support/race-child.ts', schema, prefix, '500'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`child exited ${code}`))));
      });
    const [a, b] = await Promise.all([child('p1'), child('p2')]);
    assert.equal(a.answered + b.answered, 1000);
    assert.equal(a.units + b.units, 100);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData });
    assert.equal((await svc.holds()).reduce((s, h) => s + h.qty, 0), 100);
    for (const p of await listPositions(hub.store.db, { includeZero: true })) assert.ok(p.held <= p.qty);
    assert.equal((await svc.backorders()).length, 900);
  } finally {
    await hub.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await hub.close();
  }
});
