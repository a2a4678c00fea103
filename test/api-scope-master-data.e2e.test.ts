import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnStores, get, keyHeaders, send, sessionHeaders } from './api-harness.ts';

interface Page<T> {
  items: T[];
  total?: number;
}
interface Problem {
  code: string;
  detail: string;
  problems: { code: string; message: string; where?: string }[];
}
interface Alias {
  system: string;
  code: string;
  sku: string;
}
interface StatusMapping {
  system: string;
  external: string;
  status: string;
}
interface Conflict {
  kind: string;
  system?: string;
  code?: string;
  mappings?: { system: string; sku: string }[];
  message: string;
}

/** The demo's sources that report for no Shanghai warehouse (sha-wms reports for SHA-RDC only). */
const OTHER_SOURCES = ['can-saas', 'pek-erp', 'wuh-hub-api', 'ctu-3pl-edi', 'szx-cold', 'szv-gxp', 'sin-bonded'];
const ALL = '?limit=1000';

/** Every system named by `page` (aliases, status maps) in the order found. */
const systemsOf = (items: readonly { system: string }[]): string[] => [...new Set(items.map((r) => r.system))];

/**
 * Issue #5 on master data: a warehouse manager of SHA-RDC reads aliases, status maps and conflicts
 * of its own source system only (sha-wms), never the codes of the other warehouses' systems —
 * through lists, filters, single records with ids typed by hand, or conflicts — while SKUs and
 * unit conversions stay visible as the network's shared reference data; and it changes nothing.
 */
describeOnStores('warehouse scope on master data: a Shanghai manager reads only sha-wms codes', (ctx) => {
  const as: { key: Record<string, string>; session: Record<string, string> } = { key: {}, session: {} };

  before(async () => {
    const { app } = ctx();
    as.key = await keyHeaders(app, 'warehouse_manager', { warehouses: ['SHA-RDC'] });
    await app.auth.createUser({ username: 'sha-md-mgr', role: 'warehouse_manager', warehouses: ['SHA-RDC'], password: 'scope-md-test-password' });
    as.session = await sessionHeaders(app, 'sha-md-mgr', 'scope-md-test-password');
  });

  for (const via of ['key', 'session'] as const) {
    test(`[${via}] aliases: only sha-wms ones, whatever the filter; no other system's code appears anywhere`, async () => {
      const { app } = ctx();
      const h = as[via];
      const mine = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}`, h);
      assert.equal(mine.status, 200);
      assert.ok(mine.body.items.length > 0);
      assert.deepEqual(systemsOf(mine.body.items), ['sha-wms']);
      const admin = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}&system=sha-wms`);
      assert.deepEqual(mine.body, admin.body, 'exactly the sha-wms aliases, total included');
      const everyone = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}`);
      assert.ok(systemsOf(everyone.body.items).length > 1, 'the admin sees other systems: the filter is not vacuous');
      for (const s of OTHER_SOURCES) assert.ok(!JSON.stringify(mine.body).includes(s), `${s} leaks`);

      for (const s of OTHER_SOURCES) {
        const named = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}&system=${s}`, h);
        assert.equal(named.status, 200);
        assert.deepEqual([named.body.items, named.body.total], [[], 0], `?system=${s} is an empty page`);
      }
      // The homonym A1001: Shanghai's T-shirt, the cold chain's milk. By SKU, the cold chain's code stays hidden.
      const milk = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}&sku=CHL-MILK-1L`, h);
      assert.ok((await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}&sku=CHL-MILK-1L`)).body.items.some((a) => a.system === 'szx-cold' && a.code === 'A1001'));
      assert.deepEqual(systemsOf(milk.body.items), ['sha-wms'], 'only how Shanghai names the milk');
      assert.ok(!milk.body.items.some((a) => a.code === 'A1001'));
      const tee = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}&sku=APP-TEE-WHT-M`, h);
      assert.ok(tee.body.items.length > 0);
      assert.deepEqual(systemsOf(tee.body.items), ['sha-wms']);
    });

    test(`[${via}] a single alias or status mapping of another system is 404 exactly like an unknown one`, async () => {
      const { app } = ctx();
      const h = as[via];
      const own = await get<Alias>(app, '/api/master-data/aliases/sha-wms/A1001', h);
      assert.equal(own.status, 200);
      assert.equal(own.body.sku, 'APP-TEE-WHT-M');
      const homonym = await get<Problem>(app, '/api/master-data/aliases/szx-cold/A1001', h);
      assert.equal(homonym.status, 404);
      assert.equal(homonym.body.code, 'NOT_FOUND');
      assert.equal(homonym.body.detail, 'alias szx-cold/A1001 not found');
      const unknown = await get<Problem>(app, '/api/master-data/aliases/szx-cold/NO-SUCH-CODE', h);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.detail, 'alias szx-cold/NO-SUCH-CODE not found');
      assert.deepEqual(homonym.body.problems.map((p) => p.where), unknown.body.problems.map((p) => p.where));

      const aliases = (await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}`)).body.items;
      const maps = (await get<Page<StatusMapping>>(app, `/api/master-data/status-maps${ALL}`)).body.items;
      let probed = 0;
      for (const s of OTHER_SOURCES) {
        for (const a of aliases.filter((x) => x.system === s).slice(0, 2)) {
          const r = await get<Problem>(app, `/api/master-data/aliases/${s}/${encodeURIComponent(a.code)}`, h);
          assert.deepEqual([r.status, r.body.detail], [404, `alias ${s}/${a.code} not found`]);
          assert.equal((await get(app, `/api/master-data/aliases/${s}/${encodeURIComponent(a.code)}`)).status, 200, 'the admin sees it');
          probed++;
        }
        for (const m of maps.filter((x) => x.system === s).slice(0, 2)) {
          const r = await get<Problem>(app, `/api/master-data/status-maps/${s}/${encodeURIComponent(m.external)}`, h);
          assert.deepEqual([r.status, r.body.detail], [404, `status mapping ${s}/${m.external} not found`]);
          probed++;
        }
      }
      assert.ok(probed >= 10, `probed ${probed} records of other systems`);
      const ownMap = maps.find((m) => m.system === 'sha-wms');
      assert.ok(ownMap, 'the demo maps sha-wms statuses');
      assert.equal((await get(app, `/api/master-data/status-maps/sha-wms/${encodeURIComponent(ownMap.external)}`, h)).status, 200);
    });

    test(`[${via}] status maps: only sha-wms ones; ?system= another is an empty page`, async () => {
      const { app } = ctx();
      const h = as[via];
      const mine = await get<Page<StatusMapping>>(app, `/api/master-data/status-maps${ALL}`, h);
      assert.equal(mine.status, 200);
      assert.deepEqual(systemsOf(mine.body.items), ['sha-wms']);
      assert.deepEqual(mine.body, (await get<Page<StatusMapping>>(app, `/api/master-data/status-maps${ALL}&system=sha-wms`)).body);
      for (const s of OTHER_SOURCES) {
        assert.ok(!JSON.stringify(mine.body).includes(s), `${s} leaks`);
        assert.deepEqual((await get<Page<StatusMapping>>(app, `/api/master-data/status-maps${ALL}&system=${s}`, h)).body.items, []);
      }
      // Filtering by canonical status does not reach other systems either.
      const status = 'damaged';
      const blocked = await get<Page<StatusMapping>>(app, `/api/master-data/status-maps${ALL}&status=${status}`, h);
      assert.ok(blocked.body.items.every((m) => m.system === 'sha-wms'));
      assert.ok((await get<Page<StatusMapping>>(app, `/api/master-data/status-maps${ALL}&status=${status}`)).body.items.some((m) => m.system !== 'sha-wms'));
    });

    test(`[${via}] conflicts: none naming another system (the A1001 homonym with szx-cold is hidden); SKU-only ones stay`, async () => {
      const { app } = ctx();
      const h = as[via];
      const everyone = (await get<Page<Conflict>>(app, `/api/master-data/conflicts${ALL}`)).body.items;
      assert.ok(everyone.some((c) => c.kind === 'homonym' && c.code === 'A1001'), 'the admin sees the homonym');
      const mine = await get<Page<Conflict>>(app, `/api/master-data/conflicts${ALL}`, h);
      assert.equal(mine.status, 200);
      for (const s of OTHER_SOURCES) assert.ok(!JSON.stringify(mine.body).includes(s), `${s} leaks through conflicts`);
      assert.ok(!mine.body.items.some((c) => c.code === 'A1001'));
      const visible = (c: Conflict): boolean =>
        c.kind === 'duplicate-gtin' || (c.kind === 'undeclared-synonym' ? c.system === 'sha-wms' : (c.mappings ?? []).every((m) => m.system === 'sha-wms'));
      assert.deepEqual(mine.body.items, everyone.filter(visible));
      assert.equal(mine.body.total, everyone.filter(visible).length);
    });

    test(`[${via}] warehouses: only SHA-RDC in lists and filters; another one is 404 like an unknown id`, async () => {
      const { app } = ctx();
      const h = as[via];
      const list = await get<Page<{ id: string }>>(app, `/api/master-data/warehouses${ALL}`, h);
      assert.deepEqual([list.body.items.map((w) => w.id), list.body.total], [['SHA-RDC'], 1]);
      const all = await get<Page<{ id: string; region: string }>>(app, `/api/master-data/warehouses${ALL}`);
      const elsewhere = all.body.items.find((w) => w.id === 'CAN-RDC');
      assert.ok(elsewhere);
      assert.deepEqual((await get<Page<unknown>>(app, `/api/master-data/warehouses${ALL}&region=${elsewhere.region}`, h)).body.items, []);
      const other = await get<Problem>(app, '/api/master-data/warehouses/CAN-RDC', h);
      const missing = await get<Problem>(app, '/api/master-data/warehouses/XXX-NONE', h);
      assert.deepEqual([other.status, other.body.detail], [404, 'warehouse CAN-RDC not found']);
      assert.deepEqual([missing.status, missing.body.detail], [404, 'warehouse XXX-NONE not found']);
      assert.equal((await get(app, '/api/master-data/warehouses/SHA-RDC', h)).status, 200);
    });

    test(`[${via}] SKUs and unit conversions are network-wide reference data: the same as an admin sees`, async () => {
      const { app } = ctx();
      const h = as[via];
      for (const path of ['skus', 'units']) {
        const mine = await get<Page<unknown>>(app, `/api/master-data/${path}${ALL}`, h);
        assert.equal(mine.status, 200);
        assert.ok(mine.body.items.length > 0);
        assert.deepEqual(mine.body, (await get<Page<unknown>>(app, `/api/master-data/${path}${ALL}`)).body);
      }
      assert.equal((await get(app, '/api/master-data/skus/CHL-MILK-1L', h)).status, 200, 'a SKU stocked only elsewhere is still readable');
    });

    test(`[${via}] writes need masterdata:write, which a warehouse manager lacks: 403, nothing changes`, async () => {
      const { app } = ctx();
      const h = as[via];
      const beforeAliases = await get(app, `/api/master-data/aliases${ALL}`);
      const attempts: ['POST' | 'PUT' | 'DELETE', string, unknown][] = [
        ['POST', '/api/master-data/aliases', { system: 'sha-wms', code: 'SCOPE-NEW', sku: 'APP-TEE-WHT-M' }],
        ['PUT', '/api/master-data/aliases/sha-wms/A1001', { sku: 'CHL-MILK-1L' }],
        ['DELETE', '/api/master-data/aliases/sha-wms/A1001', undefined],
        ['PUT', '/api/master-data/aliases/szx-cold/A1001', { sku: 'APP-TEE-WHT-M' }],
        ['DELETE', '/api/master-data/warehouses/SHA-RDC', undefined],
        ['POST', '/api/master-data/skus', { id: 'SCOPE-SKU', name: 'x', category: 'x' }],
      ];
      for (const [method, url, body] of attempts) {
        const r = await send<Problem>(app, method, url, body, h);
        assert.equal(r.status, 403, `${method} ${url}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.code, 'FORBIDDEN');
      }
      const imp = await app.inject({ method: 'POST', url: '/api/master-data/import', headers: { ...h, 'content-type': 'application/json' }, payload: '{"aliases":[]}' });
      assert.equal(imp.statusCode, 403);
      assert.deepEqual(await get(app, `/api/master-data/aliases${ALL}`), beforeAliases);
    });
  }

  test('a connector key (even of sha-wms) holds no masterdata:read: 403', async () => {
    const { app } = ctx();
    const h = await keyHeaders(app, 'connector', { warehouses: ['SHA-RDC'], source: 'sha-wms' });
    for (const path of ['aliases', 'status-maps', 'conflicts', 'aliases/sha-wms/A1001']) {
      const r = await get<Problem>(app, `/api/master-data/${path}`, h);
      assert.equal(r.status, 403, path);
    }
  });

  test('a scoped viewer gets the same scoped view as the manager', async () => {
    const { app } = ctx();
    const h = await keyHeaders(app, 'viewer', { warehouses: ['SHA-RDC'] });
    const aliases = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}`, h);
    assert.deepEqual(systemsOf(aliases.body.items), ['sha-wms']);
    assert.equal((await get(app, '/api/master-data/aliases/szx-cold/A1001', h)).status, 404);
  });

  test('a planner scoped to SHA-RDC changes only sha-wms codes; another system is 404; a bulk import is refused 403', async () => {
    const { app } = ctx();
    const h = await keyHeaders(app, 'planner', { warehouses: ['SHA-RDC'] });
    const before = await get<Page<Alias>>(app, `/api/master-data/aliases${ALL}&system=szx-cold`);
    const put = await send<Problem>(app, 'PUT', '/api/master-data/aliases/szx-cold/A1001', { sku: 'APP-TEE-WHT-M' }, h);
    assert.deepEqual([put.status, put.body.detail], [404, 'alias szx-cold/A1001 not found']);
    const del = await send<Problem>(app, 'DELETE', '/api/master-data/aliases/szx-cold/A1001', undefined, h);
    assert.equal(del.status, 404);
    const post = await send<Problem>(app, 'POST', '/api/master-data/aliases', { system: 'szx-cold', code: 'SCOPE-X', sku: 'CHL-MILK-1L' }, h);
    assert.equal(post.status, 404);
    const imp = await app.inject({
      method: 'POST',
      url: '/api/master-data/import',
      headers: { ...h, 'content-type': 'application/json' },
      payload: JSON.stringify({ aliases: [{ system: 'szx-cold', code: 'SCOPE-Y', sku: 'CHL-MILK-1L' }] }),
    });
    assert.equal(imp.statusCode, 403);
    assert.equal((imp.json() as Problem).code, 'FORBIDDEN');
    assert.deepEqual(await get(app, `/api/master-data/aliases${ALL}&system=szx-cold`), before, 'nothing changed');

    const own = await send<{ record: Alias }>(app, 'POST', '/api/master-data/aliases', { system: 'sha-wms', code: 'SCOPE-OWN', sku: 'APP-TEE-WHT-M' }, h);
    assert.equal(own.status, 201, JSON.stringify(own.body));
    assert.equal((await send(app, 'DELETE', '/api/master-data/aliases/sha-wms/SCOPE-OWN', undefined, h)).status, 200);
  });
});
