import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../src/api/index.ts';
import { configFromEnv, openHub } from '../src/hub/index.ts';
import { order, receive, seedOrderNetwork } from './support/order-network.ts';

test('HTTP: POST /api/orders 201, same again 200, other body 409 problem+json; GET, cancel, holds, backorders', async () => {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  const app = await buildApp({ hub });
  after(async () => {
    await app.close();
    await hub.close();
  });
  await seedOrderNetwork(hub);
  await receive(hub, 'WH-1', 'SKU-A', 12);
  const body = order('H-1', { lines: [{ sku: 'SKU-A', qty: 1, unit: 'case' }] });
  const r1 = await app.inject({ method: 'POST', url: '/api/orders', payload: body });
  assert.equal(r1.statusCode, 201);
  assert.equal(r1.json().state, 'allocated');
  const r2 = await app.inject({ method: 'POST', url: '/api/orders', payload: body });
  assert.equal(r2.statusCode, 200);
  assert.deepEqual(r2.json().allocation, r1.json().allocation);
  const r3 = await app.inject({ method: 'POST', url: '/api/orders', payload: { ...body, priority: 9 } });
  assert.equal(r3.statusCode, 409);
  assert.match(r3.headers['content-type'] as string, /problem\+json/);
  assert.equal(r3.json().code, 'ORDER_ID_REUSED');
  const bad = await app.inject({ method: 'POST', url: '/api/orders', payload: { ...body, id: 'H-x', lines: [{ sku: 'SKU-A', qty: 0.1, unit: 'case' }] } });
  assert.equal(bad.statusCode, 422);
  const g = await app.inject({ method: 'GET', url: '/api/orders/H-1' });
  assert.equal(g.statusCode, 200);
  assert.equal(g.json().holds[0].qty, 12);
  assert.ok(g.json().explanation);
  await app.inject({ method: 'POST', url: '/api/orders', payload: order('H-2', { lines: [{ sku: 'SKU-B', qty: 1 }] }) });
  assert.equal((await app.inject({ method: 'GET', url: '/api/backorders' })).json().items[0].orderId, 'H-2');
  const c = await app.inject({ method: 'POST', url: '/api/orders/H-1/cancel' });
  assert.equal(c.json().state, 'cancelled');
  assert.equal((await app.inject({ method: 'GET', url: '/api/holds?order=H-1' })).json().items[0].state, 'released');
  assert.equal((await app.inject({ method: 'GET', url: '/api/orders/nope' })).statusCode, 404);
});
