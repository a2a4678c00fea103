import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOnStores, get, keyHeaders, send } from './api-harness.ts';

interface ItemResult {
  index: number;
  id: string | null;
  outcome: string;
  deadLetter?: boolean;
  problems?: { code: string; message: string; where?: string }[];
}
interface Hold {
  id: string;
  orderId: string;
  warehouse: string;
  sku: string;
  qty: number;
  state: string;
  resolvedBy: string | null;
}
interface Order {
  id: string;
  state: string;
  allocation: { warehouse: string; sku?: string; qty: number }[];
  unfilled: { sku?: string; qty: number; reason: string }[];
  holds?: Hold[];
}
interface Atp {
  items: { sku: string; atp: number; warehouses: { warehouse: string; atp: number }[] }[];
}

const event = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  source: 'wuh-hub-api',
  occurredAt: '2026-11-25T07:00:00Z',
  warehouse: 'WUH-HUB',
  sku: 'APP-JEAN-IND-32',
  quantity: 3,
  toStatus: 'available',
  reason: 'receipt',
  ...over,
});

/** Shanghai: the demo's Shanghai RDC is the nearest warehouse with the white T-shirt. */
const SHANGHAI = { lat: 31.23, lon: 121.47 };
const TEE = 'APP-TEE-WHT-M';

describeOnStores('API: events ingest, dead letters, order list, hold release, allocation override', (ctx) => {
  const atp = async (sku: string, warehouse: string): Promise<number> => {
    const r = await get<Atp>(ctx().app, `/api/inventory/atp?sku=${sku}&warehouse=${warehouse}`);
    return r.body.items[0]?.warehouses[0]?.atp ?? -1;
  };

  test('POST /api/events answers per item: applied, duplicate, rejected (dead letter); one bad item never fails the batch', async () => {
    const r = await send<{ applied: number; duplicate: number; rejected: number; items: ItemResult[] }>(ctx().app, 'POST', '/api/events', [
      event('a:1'),
      event('a:1'),
      event('a:2', { quantity: 'x' }),
      event('a:3', { sku: 'NO-SUCH-CODE' }),
      event('a:4', { quantity: 2 }),
    ]);
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.items.map((i) => [i.index, i.id, i.outcome]),
      [[0, 'a:1', 'applied'], [1, 'a:1', 'duplicate'], [2, 'a:2', 'rejected'], [3, 'a:3', 'rejected'], [4, 'a:4', 'applied']],
    );
    assert.deepEqual([r.body.applied, r.body.duplicate, r.body.rejected], [2, 1, 2]);
    assert.equal(r.body.items[2]?.problems?.[0]?.code, 'MALFORMED_EVENT');
    assert.equal(r.body.items[3]?.problems?.[0]?.code, 'UNKNOWN_SKU');
    assert.equal(r.body.items[3]?.deadLetter, true);
    const dl = await get<{ items: { eventId: string; state: string }[] }>(ctx().app, '/api/dead-letters?state=pending&source=wuh-hub-api');
    assert.ok(dl.body.items.some((d) => d.eventId === 'a:3'));
  });

  test('POST /api/events: a connector key pushes only for its own source and warehouses; others are refused per item, recorded nowhere', async () => {
    const connector = await keyHeaders(ctx().app, 'connector', { source: 'wuh-hub-api' });
    const r = await send<{ items: ItemResult[] }>(
      ctx().app,
      'POST',
      '/api/events',
      [event('c:1'), event('c:2', { source: 'sha-wms', warehouse: 'SHA-RDC', sku: 'A1001', toStatus: 'AVAIL' })],
      connector,
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.items[0]?.outcome, 'applied');
    assert.equal(r.body.items[1]?.outcome, 'rejected');
    assert.equal(r.body.items[1]?.deadLetter, false);
    assert.equal(r.body.items[1]?.problems?.[0]?.code, 'FORBIDDEN');
    const dl = await get<{ items: { eventId: string }[] }>(ctx().app, '/api/dead-letters?limit=1000');
    assert.ok(!dl.body.items.some((d) => d.eventId === 'c:2'), 'a refused push is not a dead letter');
    // The permission itself: a viewer may not ingest at all.
    const viewer = await keyHeaders(ctx().app, 'viewer');
    assert.equal((await send(ctx().app, 'POST', '/api/events', [event('c:3')], viewer)).status, 403);
  });

  test('POST /api/events refuses a body that is not a non-empty array of at most 5000', async () => {
    assert.equal((await send(ctx().app, 'POST', '/api/events', [])).status, 400);
    assert.equal((await send(ctx().app, 'POST', '/api/events', { id: 'x' })).status, 400);
    const big = Array.from({ length: 5001 }, (_, i) => ({ id: String(i) }));
    const r = await send<{ code: string }>(ctx().app, 'POST', '/api/events', big);
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'INVALID_ARGUMENT');
  });

  test('dead letters: replay resolves one whose cause is gone, discard keeps it out for good, a closed one is 409, an unknown id 404', async () => {
    // Ship more than there is: refused (STOCK_NEGATIVE) and kept; then the stock arrives and the replay applies.
    const ship = event('d:ship', { quantity: 100000, toStatus: undefined, fromStatus: 'available', reason: 'ship' });
    const first = await send<{ items: ItemResult[] }>(ctx().app, 'POST', '/api/events', [ship]);
    assert.equal(first.body.items[0]?.problems?.[0]?.code, 'STOCK_NEGATIVE');
    const list = await get<{ items: { id: string; eventId: string; state: string; attempts: number }[] }>(ctx().app, '/api/dead-letters?state=pending&source=wuh-hub-api&limit=1000');
    const dl = list.body.items.find((d) => d.eventId === 'd:ship');
    assert.ok(dl);
    const still = await send<{ outcome: string; deadLetter: { state: string; attempts: number } }>(ctx().app, 'POST', `/api/dead-letters/${dl.id}/replay`);
    assert.equal(still.status, 200);
    assert.equal(still.body.outcome, 'still_failing');
    assert.equal(still.body.deadLetter.state, 'pending');
    assert.equal(still.body.deadLetter.attempts, dl.attempts + 1);
    await send(ctx().app, 'POST', '/api/events', [event('d:receipt', { quantity: 100000 })]);
    const ok = await send<{ outcome: string; deadLetter: { state: string } }>(ctx().app, 'POST', `/api/dead-letters/${dl.id}/replay`);
    assert.equal(ok.body.outcome, 'resolved');
    assert.equal(ok.body.deadLetter.state, 'resolved');
    const again = await send<{ code: string }>(ctx().app, 'POST', `/api/dead-letters/${dl.id}/replay`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'DEAD_LETTER_CLOSED');

    const bad = await send<{ items: ItemResult[] }>(ctx().app, 'POST', '/api/events', [event('d:bad', { toStatus: 'no_such_status' })]);
    assert.equal(bad.body.items[0]?.outcome, 'rejected');
    const pending = await get<{ items: { id: string; eventId: string }[] }>(ctx().app, '/api/dead-letters?state=pending&limit=1000');
    const target = pending.body.items.find((d) => d.eventId === 'd:bad');
    assert.ok(target);
    const discarded = await send<{ state: string }>(ctx().app, 'POST', `/api/dead-letters/${target.id}/discard`);
    assert.equal(discarded.status, 200);
    assert.equal(discarded.body.state, 'discarded');
    assert.equal((await send(ctx().app, 'POST', `/api/dead-letters/${target.id}/discard`)).status, 409);
    assert.equal((await send(ctx().app, 'POST', `/api/dead-letters/${target.id}/replay`)).status, 409);
    assert.equal((await send(ctx().app, 'POST', '/api/dead-letters/dl_nope/replay')).status, 404);
    // Replay and discard are events:replay, which no warehouse-scoped role holds.
    const manager = await keyHeaders(ctx().app, 'warehouse_manager', { warehouses: ['WUH-HUB'] });
    assert.equal((await send(ctx().app, 'POST', `/api/dead-letters/${target.id}/discard`, undefined, manager)).status, 403);
    // The audit trail names who did it.
    const audit = await get<{ items: { action: string; target: { id: string } }[] }>(ctx().app, `/api/audit?limit=1000`);
    if (audit.status === 200) assert.ok(audit.body.items.some((e) => e.action === 'deadletter.discard' && e.target.id === target.id));
  });

  test('GET /api/orders: newest first, filtered by status and creation time, paginated, scoped by warehouse', async () => {
    for (const id of ['L-1', 'L-2', 'L-3']) {
      const r = await send(ctx().app, 'POST', '/api/orders', { id, destination: SHANGHAI, lines: [{ sku: TEE, qty: 1 }] });
      assert.equal(r.status, 201);
    }
    const all = await get<{ items: Order[]; nextOffset: number | null; total?: number }>(ctx().app, '/api/orders?limit=2');
    assert.equal(all.status, 200);
    assert.equal(all.body.items.length, 2);
    assert.equal(all.body.nextOffset, 2);
    const allocated = await get<{ items: Order[] }>(ctx().app, '/api/orders?status=allocated&limit=1000');
    assert.ok(['L-1', 'L-2', 'L-3'].every((id) => allocated.body.items.some((o) => o.id === id)));
    assert.ok(allocated.body.items.every((o) => o.state === 'allocated'));
    assert.equal((await get<{ items: Order[] }>(ctx().app, '/api/orders?status=cancelled')).body.items.filter((o) => o.id.startsWith('L-')).length, 0);
    assert.equal((await get<{ items: Order[] }>(ctx().app, '/api/orders?to=2000-01-01')).body.items.length, 0);
    assert.ok((await get<{ items: Order[] }>(ctx().app, '/api/orders?from=2000-01-01T00:00:00Z&limit=1000')).body.items.length >= 3);
    const bad = await get<{ code: string; problems: { where: string }[] }>(ctx().app, '/api/orders?from=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.problems[0]?.where, 'from');
    assert.equal((await get(ctx().app, '/api/orders?state=allocated')).status, 400, 'unknown parameter');
    const warehouse = allocated.body.items.find((o) => o.id === 'L-1')?.allocation[0]?.warehouse ?? '';
    const mine = await keyHeaders(ctx().app, 'warehouse_manager', { warehouses: [warehouse] });
    const others = await keyHeaders(ctx().app, 'warehouse_manager', { warehouses: [warehouse === 'PEK-RDC' ? 'SIN-BOND' : 'PEK-RDC'] });
    assert.ok((await get<{ items: Order[] }>(ctx().app, '/api/orders?limit=1000', mine)).body.items.some((o) => o.id === 'L-1'));
    assert.ok(!(await get<{ items: Order[] }>(ctx().app, '/api/orders?limit=1000', others)).body.items.some((o) => o.id === 'L-1'));
  });

  test('POST /api/holds/:id/release: stock is promisable again, the order gives it up and is backordered; a second release is 409', async () => {
    const r = await send<Order>(ctx().app, 'POST', '/api/orders', { id: 'R-1', destination: SHANGHAI, lines: [{ sku: TEE, qty: 4 }] });
    assert.equal(r.body.state, 'allocated');
    const order = await get<Order>(ctx().app, '/api/orders/R-1');
    const hold = order.body.holds?.[0];
    assert.ok(hold);
    const before = await atp(TEE, hold.warehouse);
    const other = await keyHeaders(ctx().app, 'warehouse_manager', { warehouses: [hold.warehouse === 'PEK-RDC' ? 'SIN-BOND' : 'PEK-RDC'] });
    assert.equal((await send(ctx().app, 'POST', `/api/holds/${encodeURIComponent(hold.id)}/release`, {}, other)).status, 404);
    // holds:release is a permission of its own: a planner (who may override allocations) lacks it.
    const planner = await keyHeaders(ctx().app, 'planner');
    assert.equal((await send(ctx().app, 'POST', `/api/holds/${encodeURIComponent(hold.id)}/release`, {}, planner)).status, 403);
    const manager = await keyHeaders(ctx().app, 'warehouse_manager', { warehouses: [hold.warehouse] });
    const rel = await send<{ hold: Hold; order: Order }>(ctx().app, 'POST', `/api/holds/${encodeURIComponent(hold.id)}/release`, { reason: 'stuck at the WMS' }, manager);
    assert.equal(rel.status, 200);
    assert.equal(rel.body.hold.state, 'released');
    assert.match(rel.body.hold.resolvedBy ?? '', /^hand:key:.*test-warehouse_manager/);
    assert.equal(rel.body.order.state, 'backordered');
    assert.deepEqual(rel.body.order.unfilled.map((u) => [u.sku, u.qty, u.reason]), [[TEE, 4, 'HOLD_RELEASED']]);
    assert.equal(await atp(TEE, hold.warehouse), before + 4);
    const queue = await get<{ items: { orderId: string; lines: { sku: string; qty: number }[] }[] }>(ctx().app, '/api/backorders?limit=1000');
    assert.deepEqual(queue.body.items.find((b) => b.orderId === 'R-1')?.lines, [{ sku: TEE, qty: 4 }]);
    const again = await send<{ code: string }>(ctx().app, 'POST', `/api/holds/${encodeURIComponent(hold.id)}/release`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'HOLD_CLOSED');
    assert.equal((await send(ctx().app, 'POST', '/api/holds/nope/release')).status, 404);
  });

  test('POST /api/orders/:id/override moves the open lines to the named warehouse atomically, or refuses and changes nothing', async () => {
    const r = await send<Order>(ctx().app, 'POST', '/api/orders', { id: 'O-1', destination: SHANGHAI, lines: [{ sku: TEE, qty: 5 }] });
    assert.equal(r.body.state, 'allocated');
    const from = r.body.allocation[0]?.warehouse ?? '';
    const atpAll = await get<Atp>(ctx().app, `/api/inventory/atp?sku=${TEE}`);
    const to = atpAll.body.items[0]?.warehouses.find((w) => w.warehouse !== from && w.atp >= 5)?.warehouse;
    assert.ok(to, 'a second warehouse holds the T-shirt');
    const [fromBefore, toBefore] = [await atp(TEE, from), await atp(TEE, to)];

    const refused = await send<{ code: string; problems: { message: string }[] }>(ctx().app, 'POST', '/api/orders/O-1/override', { warehouse: 'SZV-GDP', reason: 'test: a pharma site has no T-shirts' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'OVERRIDE_REFUSED');
    assert.match(refused.body.problems[0]?.message ?? '', new RegExp(`${TEE}: \\w+ at SZV-GDP`));
    const unchanged = await get<Order>(ctx().app, '/api/orders/O-1');
    assert.deepEqual(unchanged.body.holds?.map((h) => [h.warehouse, h.state]), [[from, 'pending']]);
    assert.equal(await atp(TEE, from), fromBefore);

    assert.equal((await send(ctx().app, 'POST', '/api/orders/O-1/override', { warehouse: 'NOPE', reason: 'x' })).status, 422);
    assert.equal((await send(ctx().app, 'POST', '/api/orders/O-1/override', { warehouse: to })).status, 400, 'a reason is required');
    assert.equal((await send(ctx().app, 'POST', '/api/orders/NOPE/override', { warehouse: to, reason: 'x' })).status, 404);

    const ok = await send<{ order: Order; released: Hold[]; placed: { warehouse: string; qty: number }[] }>(ctx().app, 'POST', '/api/orders/O-1/override', {
      warehouse: to,
      reason: 'customer asked for the other DC',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.order.state, 'allocated');
    assert.deepEqual(ok.body.placed.map((p) => [p.warehouse, p.qty]), [[to, 5]]);
    assert.deepEqual(ok.body.released.map((h) => h.warehouse), [from]);
    assert.deepEqual(ok.body.order.allocation.map((l) => [l.warehouse, l.qty]), [[to, 5]]);
    assert.equal(await atp(TEE, from), fromBefore + 5);
    assert.equal(await atp(TEE, to), toBefore - 5);
    // Never oversell: an override asking for more than the warehouse has left is refused, and nothing moves.
    const left = await atp(TEE, to);
    const big = await send<Order>(ctx().app, 'POST', '/api/orders', { id: 'O-2', destination: SHANGHAI, lines: [{ sku: TEE, qty: left + 1 }] });
    assert.equal(big.status, 201);
    const over = await send<{ code: string; problems: { message: string }[] }>(ctx().app, 'POST', '/api/orders/O-2/override', { warehouse: to, reason: 'too much' });
    assert.equal(over.status, 409);
    assert.match(over.body.problems[0]?.message ?? '', new RegExp(`needs ${left + 1}, ATP there ${left}`));
    assert.equal(await atp(TEE, to), left);
    // Counted: one override applied (it released O-1's one hold), two refused; one hold released by hand (the test before).
    const metrics = (await ctx().app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ctx().adminKey}` } })).body;
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
    assert.equal(value('stockmesh_allocation_overrides_total{outcome="applied"}'), 1);
    assert.equal(value('stockmesh_allocation_overrides_total{outcome="refused"}'), 2);
    assert.equal(value('stockmesh_holds_released_by_hand_total{by="override"}'), 1);
    assert.equal(value('stockmesh_holds_released_by_hand_total{by="hand"}'), 1);
  });
});
