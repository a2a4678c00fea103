import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOnStores, get, keyHeaders, send } from './api-harness.ts';

/** The value of one sample of the Prometheus text (0 when the series is absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const m = /^([^{\s]+)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

const event = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  source: 'wuh-hub-api',
  occurredAt: '2026-11-25T07:00:00Z',
  warehouse: 'WUH-HUB',
  sku: 'APP-JEAN-IND-32',
  quantity: 5,
  toStatus: 'available',
  reason: 'receipt',
  ...over,
});

const order = (id: string, qty = 1) => ({ id, destination: { lat: 30.59, lon: 114.31 }, lines: [{ sku: 'APP-JEAN-IND-32', qty }] });

describeOnStores('API: Prometheus metrics', (ctx) => {
  const metrics = async () => {
    const r = await ctx().app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ctx().adminKey}` } });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    return r.body;
  };

  test('/metrics needs metrics:read: 401 without credentials, 403 for a role without it, 200 text for admin', async () => {
    assert.equal((await get(ctx().app, '/metrics', { authorization: '' })).status, 401);
    const viewer = await keyHeaders(ctx().app, 'connector', { source: 'wuh-hub-api' });
    assert.equal((await ctx().app.inject({ method: 'GET', url: '/metrics', headers: viewer })).statusCode, 403);
    const text = await metrics();
    for (const name of [
      'stockmesh_http_request_duration_seconds',
      'stockmesh_events_ingested_total',
      'stockmesh_dead_letters_written_total',
      'stockmesh_dead_letters_pending',
      'stockmesh_bus_consumer_lag_messages',
      'stockmesh_orders_submitted_total',
      'stockmesh_reservation_duration_seconds',
      'stockmesh_auth_failures_total',
      'stockmesh_permission_denials_total',
      'process_cpu_seconds_total',
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is exposed`);
    }
  });

  test('ingesting events moves the ingest and dead-letter counters by exactly what happened, per source', async () => {
    const before = await metrics();
    const s = { source: 'wuh-hub-api' };
    const r = await send<{ applied: number; duplicate: number; rejected: number }>(ctx().app, 'POST', '/api/events', [
      event('m:1'),
      event('m:2', { quantity: 7 }),
      event('m:1'),
      event('m:3', { toStatus: 'no_such_status' }),
    ]);
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.applied, r.body.duplicate, r.body.rejected], [2, 1, 1]);
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    assert.equal(delta('stockmesh_events_ingested_total', { ...s, outcome: 'applied' }), 2);
    assert.equal(delta('stockmesh_events_ingested_total', { ...s, outcome: 'duplicate' }), 1);
    assert.equal(delta('stockmesh_events_ingested_total', { ...s, outcome: 'rejected' }), 1);
    assert.equal(delta('stockmesh_dead_letters_written_total', s), 1);
    assert.equal(delta('stockmesh_dead_letters_pending', s), 1);
    // A source nobody knows is never a label of its own.
    await send(ctx().app, 'POST', '/api/events', [event('m:4', { source: 'made-up-source' })]);
    const third = await metrics();
    assert.equal(sample(third, 'stockmesh_events_ingested_total', { source: 'made-up-source', outcome: 'rejected' }), 0);
    assert.equal(sample(third, 'stockmesh_events_ingested_total', { source: '_unknown', outcome: 'rejected' }) - sample(after, 'stockmesh_events_ingested_total', { source: '_unknown', outcome: 'rejected' }), 1);
    assert.ok(sample(third, 'stockmesh_http_request_duration_seconds_count', { method: 'POST', route: '/api/events', status: '200' }) >= 2);
  });

  test('order submits are counted by outcome and timed in the reservation histogram', async () => {
    const before = await metrics();
    assert.equal((await send(ctx().app, 'POST', '/api/orders', order('MO-1'))).status, 201);
    assert.equal((await send(ctx().app, 'POST', '/api/orders', order('MO-2', 2))).status, 201);
    assert.equal((await send(ctx().app, 'POST', '/api/orders', order('MO-1'))).status, 200);
    assert.equal((await send(ctx().app, 'POST', '/api/orders', { ...order('MO-3'), lines: [{ sku: 'NO-SUCH-SKU', qty: 1 }] })).status, 422);
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    assert.equal(delta('stockmesh_orders_submitted_total', { outcome: 'allocated' }), 2);
    assert.equal(delta('stockmesh_orders_submitted_total', { outcome: 'duplicate' }), 1);
    assert.equal(delta('stockmesh_orders_submitted_total', { outcome: 'rejected' }), 1);
    assert.equal(delta('stockmesh_reservation_duration_seconds_count', { outcome: 'allocated' }), 2);
    assert.ok(delta('stockmesh_reservation_duration_seconds_sum', { outcome: 'allocated' }) > 0);
  });

  test('the embedded bus consumer lag gauge counts messages a durable has not acknowledged', async () => {
    const { hub } = ctx();
    if (hub.bus.kind !== 'embedded') return;
    await hub.bus.publish('stockmesh.metrics-test.x', [{ id: 'lag-1', key: 'k', payload: '{}' }, { id: 'lag-2', key: 'k', payload: '{}' }]);
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // A consumer that holds its first batch unacknowledged until the gauge was read.
    const sub = await hub.bus.consume('metrics-lag-probe', 'stockmesh.metrics-test.>', () => gate.then(() => Promise.reject(new Error('not now'))), { maxBatch: 1, ackWait: 60_000 });
    try {
      const text = await metrics();
      assert.equal(sample(text, 'stockmesh_bus_consumer_lag_messages', { consumer: 'metrics-lag-probe' }), 2);
    } finally {
      open();
      await sub.stop();
    }
  });
});
