import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../src/api/index.ts';
import type { Position } from '../src/domain/index.ts';
import { demoFeed, demoNetwork } from '../src/sim/index.ts';
import { describeOnStores, get, NOW } from './api-harness.ts';

interface AtpItem {
  sku: string;
  available: number;
  held: number;
  atp: number;
  warehouses: { warehouse: string; available: number; held: number; atp: number }[];
}

const expected = demoFeed(demoNetwork(), NOW).expected;
const key = (p: { warehouse: string; sku: string; lot: string; status: string; qty: number; expiry: string | null }) =>
  `${p.warehouse}|${p.sku}|${p.lot}|${p.status}|${p.qty}|${p.expiry}`;

describeOnStores('GET /api/inventory', (ctx) => {
  test('given the seeded demo, the positions are exactly what the demo sent, mapped from every dialect', async () => {
    const r = await get<Page<Position>>(ctx().app, '/api/inventory?limit=1000');
    assert.equal(r.status, 200);
    assert.match(r.type, /^application\/json/);
    assert.equal(r.body.total, expected.length);
    assert.equal(r.body.nextOffset, null);
    assert.deepEqual(r.body.items.map(key).sort(), expected.map(key).sort());
    assert.ok(r.body.items.every((p) => p.held === 0));
  });

  test('pages: default limit 100, offset, nextOffset, total only on the last page', async () => {
    const first = await get<Page<Position>>(ctx().app, '/api/inventory');
    assert.equal(first.body.limit, 100);
    assert.equal(first.body.offset, 0);
    assert.equal(first.body.items.length, 100);
    assert.equal(first.body.nextOffset, 100);
    assert.equal(first.body.total, undefined);
    const rest = await get<Page<Position>>(ctx().app, '/api/inventory?limit=1000&offset=100');
    assert.equal(rest.body.items.length, expected.length - 100);
    assert.equal(rest.body.total, expected.length);
    const all = await get<Page<Position>>(ctx().app, '/api/inventory?limit=1000');
    assert.deepEqual([...first.body.items, ...rest.body.items], all.body.items, 'pages are consecutive slices of one order');
    const beyond = await get<Page<Position>>(ctx().app, '/api/inventory?offset=100000');
    assert.deepEqual([beyond.body.items, beyond.body.nextOffset, beyond.body.total], [[], null, undefined]);
  });

  test('filters by SKU and warehouse', async () => {
    const r = await get<Page<Position>>(ctx().app, '/api/inventory?sku=APP-TEE-WHT-M&warehouse=SHA-RDC');
    const want = expected.filter((p) => p.sku === 'APP-TEE-WHT-M' && p.warehouse === 'SHA-RDC');
    assert.deepEqual(r.body.items.map(key).sort(), want.map(key).sort());
    assert.deepEqual(r.body.items.map((p) => p.status).sort(), ['allocated', 'available', 'picking']);
    const lots = await get<Page<Position>>(ctx().app, '/api/inventory?sku=PHA-AMOX-500-24');
    assert.ok(lots.body.items.length >= 2 && lots.body.items.every((p) => p.lot !== '' && p.expiry !== null), 'pharma is held by lot with expiry');
    const none = await get<Page<Position>>(ctx().app, '/api/inventory?sku=NO-SUCH-SKU');
    assert.deepEqual([none.status, none.body.items, none.body.total], [200, [], 0]);
  });

  test('includeZero also lists positions that went to zero', async () => {
    const without = await get<Page<Position>>(ctx().app, '/api/inventory?limit=1000');
    const withZero = await get<Page<Position>>(ctx().app, '/api/inventory?limit=1000&includeZero=true');
    assert.ok((withZero.body.total ?? 0) >= (without.body.total ?? 0));
  });
});

describeOnStores('GET /api/inventory/atp', (ctx) => {
  test('gives ATP per SKU × warehouse and a total per SKU, in the order asked', async () => {
    const r = await get<{ items: AtpItem[] }>(ctx().app, '/api/inventory/atp?sku=ELE-EARBUD-TWS,APP-TEE-WHT-M');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((i) => i.sku), ['ELE-EARBUD-TWS', 'APP-TEE-WHT-M']);
    for (const item of r.body.items) {
      const avail = expected.filter((p) => p.sku === item.sku && p.status === 'available');
      assert.equal(item.available, avail.reduce((n, p) => n + p.qty, 0));
      assert.equal(item.atp, item.warehouses.reduce((n, w) => n + w.atp, 0));
      assert.deepEqual(item.warehouses.map((w) => w.warehouse).sort(), [...new Set(avail.map((p) => p.warehouse))].sort());
    }
    const tee = r.body.items[1];
    const sha = expected.find((p) => p.sku === 'APP-TEE-WHT-M' && p.warehouse === 'SHA-RDC' && p.status === 'available');
    assert.equal(tee?.warehouses.find((w) => w.warehouse === 'SHA-RDC')?.atp, sha?.qty, 'allocated and picking stock is not available');
  });

  test('named warehouses are all answered, with zeros where the SKU is not stocked', async () => {
    const r = await get<{ items: AtpItem[] }>(ctx().app, '/api/inventory/atp?sku=CHL-MILK-1L&warehouse=SHA-RDC,CAN-RDC');
    const milk = r.body.items[0];
    assert.deepEqual(milk?.warehouses.map((w) => w.warehouse), ['SHA-RDC', 'CAN-RDC']);
    assert.equal(milk?.warehouses[1]?.atp, 0, 'Guangzhou has no chilled storage');
    assert.ok((milk?.warehouses[0]?.atp ?? 0) > 0);
    assert.equal(milk?.atp, milk?.warehouses[0]?.atp);
  });

  test('unknown SKUs and warehouses are a 404 problem naming each one', async () => {
    const r = await get<{ code: string; problems: { code: string; where: string }[] }>(ctx().app, '/api/inventory/atp?sku=APP-TEE-WHT-M,NOPE&warehouse=XXX');
    assert.equal(r.status, 404);
    assert.match(r.type, /^application\/problem\+json/);
    assert.equal(r.body.code, 'NOT_FOUND');
    assert.deepEqual(r.body.problems.map((p) => [p.code, p.where]), [['UNKNOWN_SKU', 'sku'], ['UNKNOWN_WAREHOUSE', 'warehouse']]);
  });

  test('sku is required, well-formed and at most 100 per request', async () => {
    for (const url of ['/api/inventory/atp', '/api/inventory/atp?sku=A,,B', `/api/inventory/atp?sku=${Array.from({ length: 101 }, (_, i) => `S${i}`).join(',')}`]) {
      const r = await get<{ code: string; problems: { where: string }[] }>(ctx().app, url);
      assert.equal(r.status, 400, url);
      assert.equal(r.body.code, 'INVALID_ARGUMENT');
      assert.equal(r.body.problems[0]?.where, 'sku');
    }
  });
});
