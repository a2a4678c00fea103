import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { exceptionService, type ExceptionView } from '../src/exceptions/index.ts';
import { KPI_KEYS, type KpiBreakdown, type KpiSummary } from '../src/kpi/index.ts';
import { seedDemoOrders } from '../src/sim/index.ts';
import { describeOnStores, get, keyHeaders, NOW, send } from './api-harness.ts';

const H = 3_600_000;
const FROM = new Date(NOW.getTime() - 7 * 24 * H).toISOString();
const TO = new Date(NOW.getTime() + 12 * H).toISOString();
const RANGE = `from=${FROM}&to=${TO}`;

interface Problem {
  status: number;
  code: string;
  detail: string;
}

describeOnStores('KPI API', (ctx) => {
  let clock = new Date(NOW.getTime() - 3 * H);
  let manager: Record<string, string>;

  before(async () => {
    const { hub, app } = ctx();
    await seedDemoOrders(hub, NOW);
    await exceptionService(hub, { now: () => clock }).sweep(clock);
    manager = await keyHeaders(app, 'warehouse_manager', { warehouses: ['SHA-RDC'] });
  });

  const summary = (query: string, headers: Record<string, string> = {}) => get<KpiSummary>(ctx().app, `/api/kpis?${query}`, headers);

  test('the network summary holds every KPI, from the demo\'s orders, picks, shipments and transfer (hand-checked)', async () => {
    const r = await summary(RANGE);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body.network.kpis).sort(), [...KPI_KEYS].sort());
    const k = r.body.network.kpis;
    // 6 orders shipped: one mis-shipped (DEMO-ORD-0004), one late (0002: 30 h against 24 h), one split (0005).
    assert.deepEqual(k['order-accuracy'].inputs, { ordersShipped: 6, ordersAccurate: 5 });
    assert.deepEqual(k['on-time-ship-rate'].inputs, { ordersShipped: 6, ordersOnTime: 5 });
    assert.equal(k['split-shipment-rate'].value, 0.1667);
    // Hours to ship: 5 + 30 + 8 + 6 + 9 + 4 = 62 over 6 orders.
    assert.equal(k['avg-time-to-ship'].value, 10.3333);
    // Every unit ordered was allocated: 6 + 4 + 3 + 2 + 5 + 2 + 2 + 3 + 2 = 29.
    assert.deepEqual(k['fill-rate'].inputs, { unitsOrdered: 29, unitsAllocated: 29 });
    // Outbound: 25 units shipped for orders (one extra on the mis-ship) + 10 transferred.
    assert.deepEqual(k['transfer-rate'].inputs, { outboundUnits: 35, transferUnits: 10 });
    assert.ok((k['picking-efficiency'].value ?? 0) > 0);
    assert.ok((k['inventory-turnover'].value ?? 0) > 0);
    assert.ok((k['expiring-stock'].value ?? 0) > 0);
    assert.deepEqual(r.body.warehouses.map((w) => w.warehouse), ['CAN-RDC', 'CTU-3PL', 'PEK-RDC', 'SHA-RDC', 'SIN-BOND', 'SZV-GDP', 'SZX-COLD', 'WUH-HUB']);
    const sha = r.body.warehouses.find((w) => w.warehouse === 'SHA-RDC');
    // SHA-RDC shipped DEMO-ORD-0001, 0004 (mis-shipped) and 0005 (split with SZV-GDP).
    assert.deepEqual(sha?.kpis['order-accuracy'].inputs, { ordersShipped: 3, ordersAccurate: 2 });
    assert.deepEqual(sha?.kpis['transfer-rate'].inputs, { outboundUnits: 21, transferUnits: 10 });
  });

  test('drill-down: warehouse, region and category filters narrow the network; groupBy splits it', async () => {
    const east = await summary(`${RANGE}&region=east`);
    assert.deepEqual(east.body.warehouses.map((w) => w.warehouse), ['SHA-RDC', 'SZV-GDP']);
    assert.deepEqual(east.body.network.kpis['order-accuracy'].inputs, { ordersShipped: 3, ordersAccurate: 2 });
    const two = await summary(`${RANGE}&warehouse=SHA-RDC,WUH-HUB`);
    assert.deepEqual(two.body.filters.warehouses, ['SHA-RDC', 'WUH-HUB']);
    assert.deepEqual(two.body.network.kpis['order-accuracy'].inputs, { ordersShipped: 4, ordersAccurate: 3 });
    const apparel = await summary(`${RANGE}&category=apparel`);
    // Orders with an apparel line: 0001 (tee), 0005 (cap, split) shipped; 0007 (hoodie) not yet.
    assert.deepEqual(apparel.body.network.kpis['order-accuracy'].inputs, { ordersShipped: 2, ordersAccurate: 2 });
    const byRegion = await get<KpiBreakdown>(ctx().app, `/api/kpis/order-accuracy?${RANGE}&groupBy=region`);
    assert.equal(byRegion.status, 200);
    assert.deepEqual(byRegion.body.rows.find((r) => r.group === 'east')?.value.inputs, { ordersShipped: 3, ordersAccurate: 2 });
    const byDay = await get<KpiBreakdown>(ctx().app, `/api/kpis/transfer-rate?${RANGE}&groupBy=day`);
    assert.equal(byDay.body.rows.length, 8);
    assert.equal(byDay.body.rows.reduce((s, r) => s + (r.value.inputs.transferUnits ?? 0), 0), 10);
    const byCategory = await get<KpiBreakdown>(ctx().app, `/api/kpis/expiring-stock?groupBy=category`);
    assert.ok(byCategory.body.rows.some((r) => r.group === 'chilled-food' && (r.value.value ?? 0) > 0));
  });

  test('CSV of every table: ?format=csv or Accept: text/csv', async () => {
    const csv = await ctx().app.inject({ method: 'GET', url: `/api/kpis?${RANGE}&format=csv`, headers: await adminHeaders() });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /kpis\.csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], `scope,name,region,${KPI_KEYS.join(',')},exception-handling-time-p90`);
    assert.equal(lines.length, 10);
    assert.match(lines[1] ?? '', /^network,,,/);
    const accept = await ctx().app.inject({ method: 'GET', url: `/api/kpis/aged-stock`, headers: { ...(await adminHeaders()), accept: 'text/csv' } });
    assert.match(String(accept.headers['content-type']), /^text\/csv/);
    assert.equal(accept.body.split('\r\n')[0], 'group,label,band,fromDays,toDays,units,lots');
  });

  test('bad input names the parameter: unknown parameter, region, category, KPI; from after to; groupBy=day on a stock-now KPI', async () => {
    for (const [url, status, where] of [
      ['/api/kpis?color=red', 400, 'color'],
      ['/api/kpis?region=mars', 400, 'region'],
      ['/api/kpis?category=toys', 400, 'category'],
      [`/api/kpis?from=${TO}&to=${FROM}`, 400, 'from'],
      ['/api/kpis?from=yesterday', 400, 'from'],
      ['/api/kpis/happiness', 404, 'kpi'],
      ['/api/kpis/aged-stock?groupBy=day', 400, 'groupBy'],
      ['/api/kpis?warehouse=NOPE', 404, 'warehouse'],
    ] as const) {
      const r = await get<Problem & { problems: { where?: string }[] }>(ctx().app, url);
      assert.equal(r.status, status, url);
      assert.ok(r.body.problems.some((p) => p.where === where), `${url}: ${JSON.stringify(r.body.problems)}`);
    }
  });

  test("a warehouse manager's network is their warehouses only; another warehouse is a 404", async () => {
    const admin = await summary(RANGE);
    const mine = await summary(RANGE, manager);
    assert.deepEqual(mine.body.warehouses.map((w) => w.warehouse), ['SHA-RDC']);
    const sha = admin.body.warehouses.find((w) => w.warehouse === 'SHA-RDC');
    for (const k of KPI_KEYS) assert.deepEqual(mine.body.network.kpis[k].inputs, sha?.kpis[k].inputs, k);
    assert.equal((await summary(`${RANGE}&warehouse=CAN-RDC`, manager)).status, 404);
    assert.equal((await get(ctx().app, '/api/kpis', { authorization: '' })).status, 401);
  });

  test('resolving an exception moves the handling-time KPI', async () => {
    const url = `/api/kpis/exception-handling-time?${RANGE}`;
    const before = await get<KpiBreakdown>(ctx().app, url);
    const resolvedBefore = before.body.network.inputs.resolved ?? 0;
    const list = await get<{ items: ExceptionView[] }>(ctx().app, '/api/exceptions?type=snapshot_drift&state=open');
    const drift = list.body.items[0] as ExceptionView;
    clock = NOW; // detected 3 h before
    const r = await send(ctx().app, 'POST', `/api/exceptions/${drift.id}/resolve`, { note: 'recounted' });
    assert.equal(r.status, 200);
    const after = await get<KpiBreakdown>(ctx().app, url);
    assert.equal(after.body.network.inputs.resolved, resolvedBefore + 1);
    assert.equal(after.body.network.value, 3);
    assert.equal(after.body.rows.find((x) => x.group === 'CAN-RDC')?.value.value, 3);
  });

  const adminHeaders = async () => ({ authorization: `Bearer ${ctx().adminKey}` });
});
