import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../src/api/index.ts';
import { listAudit, verifyAudit } from '../src/audit/index.ts';
import { configFromEnv, openHub } from '../src/hub/index.ts';
import { useAdminKey } from './api-harness.ts';
import { order, receive, seedOrderNetwork } from './support/order-network.ts';

test('HTTP orders: a new order and a cancel are audited with the stored order before and after; repeats and refusals are not', async () => {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  const app = await buildApp({ hub });
  const headers = await useAdminKey(app);
  after(async () => {
    await app.close();
    await hub.close();
  });
  await seedOrderNetwork(hub);
  await receive(hub, 'WH-1', 'SKU-A', 12);
  const entries = () => listAudit(hub.store.db, { limit: 100, action: 'order.*', order: 'oldest' });

  const body = order('AU-1', { lines: [{ sku: 'SKU-A', qty: 1, unit: 'case' }] });
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders', headers, payload: body })).statusCode, 201);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders', headers, payload: body })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders', headers, payload: { ...body, priority: 9 } })).statusCode, 409);
  let list = await entries();
  assert.equal(list.length, 1, 'only the new order is a change');
  assert.equal(list[0]?.action, 'order.submit');
  assert.deepEqual(list[0]?.target, { kind: 'order', id: 'AU-1' });
  assert.match(list[0]?.actor ?? '', /^key:/);
  assert.equal((list[0]?.after as { state: string }).state, 'allocated');

  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/AU-1/cancel', headers })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/AU-1/cancel', headers })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/nope/cancel', headers })).statusCode, 404);
  list = await entries();
  assert.deepEqual(list.map((e) => e.action), ['order.submit', 'order.cancel'], 'a second cancel changes nothing and is not recorded');
  assert.equal((list[1]?.before as { state: string }).state, 'allocated');
  assert.equal((list[1]?.after as { state: string }).state, 'cancelled');
  assert.equal((await verifyAudit(hub.store.db)).ok, true);
});
