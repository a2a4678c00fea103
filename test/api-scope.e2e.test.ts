import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { routePermissions } from '../src/api/auth-plugin.ts';
import { roleAllows } from '../src/auth/index.ts';
import { describeOnStores, get, keyHeaders, send, sessionHeaders } from './api-harness.ts';

interface Position {
  warehouse: string;
  sku: string;
  qty: number;
}
interface Page<T> {
  items: T[];
  total?: number;
}
interface Problem {
  code: string;
  detail: string;
  problems: { code: string; message: string; where?: string }[];
}
interface AtpItem {
  sku: string;
  available: number;
  atp: number;
  warehouses: { warehouse: string; atp: number }[];
}

const OTHERS = ['CAN-RDC', 'PEK-RDC', 'WUH-HUB', 'CTU-3PL', 'SZX-COLD', 'SZV-GDP', 'SIN-BOND'];
const OTHER_SOURCES = ['can-saas', 'pek-erp', 'wuh-hub-api', 'ctu-3pl-edi', 'szx-cold', 'szv-gxp', 'sin-bonded'];

/**
 * A warehouse manager of SHA-RDC tries to read other warehouses' data every way the API offers:
 * filters, lists, ids guessed by hand, totals. Each answer must be as if the data did not exist.
 */
describeOnStores('warehouse scope: a Shanghai manager never sees another warehouse', (ctx) => {
  const as: { key: Record<string, string>; session: Record<string, string> } = { key: {}, session: {} };
  const orderIds = { east: 'SCOPE-EAST-1', south: 'SCOPE-SOUTH-1' };

  before(async () => {
    const { app } = ctx();
    as.key = await keyHeaders(app, 'warehouse_manager', { warehouses: ['SHA-RDC'] });
    await app.auth.createUser({ username: 'sha-mgr', role: 'warehouse_manager', warehouses: ['SHA-RDC'], password: 'scope-test-password' });
    as.session = await sessionHeaders(app, 'sha-mgr', 'scope-test-password');
    // Two orders placed by an admin: one served from the east (Shanghai), one from the south.
    for (const [region, id] of Object.entries(orderIds)) {
      const r = await send<{ allocation: { warehouse: string }[] }>(app, 'POST', '/api/orders', { id, destination: { region }, lines: [{ sku: 'APP-TEE-WHT-M', qty: 2 }] });
      assert.ok([200, 201].includes(r.status), JSON.stringify(r.body));
    }
  });

  for (const via of ['key', 'session'] as const) {
    test(`[${via}] inventory: only SHA-RDC positions, whatever the filter; another warehouse named is an empty page`, async () => {
      const { app } = ctx();
      const h = as[via];
      const all = await get<Page<Position>>(app, '/api/inventory?limit=1000&includeZero=true', h);
      assert.equal(all.status, 200);
      assert.ok(all.body.items.length > 0);
      assert.deepEqual([...new Set(all.body.items.map((p) => p.warehouse))], ['SHA-RDC']);
      const admin = await get<Page<Position>>(app, '/api/inventory?limit=1000&includeZero=true&warehouse=SHA-RDC');
      assert.deepEqual(all.body, admin.body, 'exactly the Shanghai positions');
      for (const w of OTHERS) {
        const r = await get<Page<Position>>(app, `/api/inventory?warehouse=${w}&includeZero=true`, h);
        assert.deepEqual([r.status, r.body.items, r.body.total], [200, [], 0], w);
      }
      const bySku = await get<Page<Position>>(app, '/api/inventory?sku=CHL-MILK-1L&limit=1000', h);
      assert.ok(bySku.body.items.every((p) => p.warehouse === 'SHA-RDC'));
      const paged = await get<Page<Position>>(app, `/api/inventory?limit=1&offset=${all.body.items.length}`, h);
      assert.deepEqual(paged.body.items, [], 'no page beyond its own positions');
    });

    test(`[${via}] ATP: per-warehouse figures and totals of SHA-RDC only; naming another warehouse reads like an unknown one`, async () => {
      const { app } = ctx();
      const h = as[via];
      const r = await get<{ items: AtpItem[] }>(app, '/api/inventory/atp?sku=APP-TEE-WHT-M,CHL-MILK-1L', h);
      assert.equal(r.status, 200);
      const admin = await get<{ items: AtpItem[] }>(app, '/api/inventory/atp?sku=APP-TEE-WHT-M,CHL-MILK-1L&warehouse=SHA-RDC');
      for (const item of r.body.items) {
        assert.deepEqual(item.warehouses.map((w) => w.warehouse), item.warehouses.length ? ['SHA-RDC'] : []);
        const sha = admin.body.items.find((i) => i.sku === item.sku);
        assert.equal(item.atp, sha?.atp, `${item.sku}: the total is Shanghai's alone`);
      }
      const other = await get<Problem>(app, '/api/inventory/atp?sku=APP-TEE-WHT-M&warehouse=CAN-RDC', h);
      const missing = await get<Problem>(app, '/api/inventory/atp?sku=APP-TEE-WHT-M&warehouse=XXX-NONE', h);
      assert.equal(other.status, 404);
      assert.equal(other.body.detail.replace('CAN-RDC', '?'), missing.body.detail.replace('XXX-NONE', '?'), 'indistinguishable from a warehouse that does not exist');
      assert.deepEqual(other.body.problems.map((p) => p.code), missing.body.problems.map((p) => p.code));
      const mixed = await get<Problem>(app, '/api/inventory/atp?sku=APP-TEE-WHT-M&warehouse=SHA-RDC,CAN-RDC', h);
      assert.equal(mixed.status, 404, 'one outside the scope spoils the request, it is not silently dropped');
    });

    test(`[${via}] sources, gaps, dead letters, connectors: only sha-wms`, async () => {
      const { app } = ctx();
      const h = as[via];
      const sources = await get<{ items: { id: string }[] }>(app, '/api/sources', h);
      assert.deepEqual(sources.body.items.map((s) => s.id), ['sha-wms']);
      const connectors = await get<{ items: { source: string }[] }>(app, '/api/connectors', h);
      assert.deepEqual(connectors.body.items.map((s) => s.source), ['sha-wms']);
      const adminGaps = await get<{ items: { source: string }[] }>(app, '/api/gaps');
      assert.ok(adminGaps.body.items.some((g) => g.source !== 'sha-wms'), 'the demo has a gap elsewhere');
      const gaps = await get<{ items: { source: string }[] }>(app, '/api/gaps', h);
      assert.ok(gaps.body.items.every((g) => g.source === 'sha-wms'));
      const adminDead = await get<Page<{ source: string | null }>>(app, '/api/dead-letters?limit=1000');
      const foreign = adminDead.body.items.find((d) => d.source !== 'sha-wms');
      assert.ok(foreign, 'the demo refused an event elsewhere');
      const dead = await get<Page<{ source: string | null }>>(app, '/api/dead-letters?limit=1000', h);
      assert.ok(dead.body.items.every((d) => d.source === 'sha-wms'));
      for (const s of OTHER_SOURCES) {
        assert.deepEqual((await get<{ items: unknown[] }>(app, `/api/gaps?source=${s}`, h)).body.items, [], s);
        assert.deepEqual((await get<Page<unknown>>(app, `/api/dead-letters?source=${s}`, h)).body.items, [], s);
      }
      const verify = await get<Problem>(app, '/api/ledger/verify', h);
      assert.deepEqual([verify.status, verify.body.code], [403, 'FORBIDDEN'], 'the ledger spans every warehouse');
    });

    test(`[${via}] orders: one served from elsewhere is 404 like an unknown id; its own shows only Shanghai lines, no explanation`, async () => {
      const { app } = ctx();
      const h = as[via];
      const south = await get<{ allocation: { warehouse: string }[] }>(app, `/api/orders/${orderIds.south}`);
      assert.ok(south.body.allocation.length > 0 && south.body.allocation.every((l) => l.warehouse !== 'SHA-RDC'), 'served from elsewhere');
      const hidden = await get<Problem>(app, `/api/orders/${orderIds.south}`, h);
      const unknown = await get<Problem>(app, '/api/orders/NO-SUCH-ORDER', h);
      assert.equal(hidden.status, 404);
      assert.equal(hidden.body.detail.replace(orderIds.south, '?'), unknown.body.detail.replace('NO-SUCH-ORDER', '?'));
      const east = await get<{ allocation: { warehouse: string }[]; holds: { warehouse: string }[]; explanation: unknown }>(app, `/api/orders/${orderIds.east}`, h);
      assert.equal(east.status, 200);
      assert.ok(east.body.allocation.length > 0 && east.body.allocation.every((l) => l.warehouse === 'SHA-RDC'));
      assert.ok(east.body.holds.every((x) => x.warehouse === 'SHA-RDC'));
      assert.equal(east.body.explanation, null, 'the explanation compares every warehouse');
      const holds = await get<{ items: { warehouse: string; orderId: string }[] }>(app, `/api/holds?order=${orderIds.south}`, h);
      assert.deepEqual(holds.body.items, []);
      const allHolds = await get<{ items: { warehouse: string }[] }>(app, '/api/holds?limit=1000', h);
      assert.ok(allHolds.body.items.every((x) => x.warehouse === 'SHA-RDC'));
      const backorders = await get<{ items: { orderId: string }[] }>(app, '/api/backorders', h);
      assert.ok(backorders.body.items.every((b) => b.orderId !== orderIds.south));
    });
  }

  test('no readable route answers another warehouse or source by name (every GET without parameters, as the manager)', async () => {
    const { app } = ctx();
    const leaks: string[] = [];
    // The document of the API and its browser UI name no data; the live stream never ends. The
    // code tables of master data (aliases, status maps, their conflicts) map every source system's
    // codes: reference data, not stock, listed for every reader by the master-data API.
    const reference = ['/api/master-data/aliases', '/api/master-data/status-maps', '/api/master-data/conflicts'];
    const skip = (url: string) => url.includes(':') || url.includes('*') || url.startsWith('/docs') || url === '/openapi.json' || url === '/api/live' || url === '/metrics' || reference.includes(url);
    for (const route of routePermissions(app)) {
      if (route.method !== 'GET' || skip(route.url)) continue;
      if (route.permission !== 'public' && route.permission !== 'authenticated' && !roleAllows('warehouse_manager', route.permission)) continue;
      const r = await app.inject({ method: 'GET', url: route.url, headers: as.key });
      if (r.statusCode >= 400) continue;
      for (const name of [...OTHERS, ...OTHER_SOURCES]) if (r.body.includes(`"${name}"`)) leaks.push(`${route.url} names ${name}`);
    }
    assert.deepEqual(leaks, []);
  });
});
