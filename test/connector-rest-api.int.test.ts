import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, describe, test } from 'node:test';
import Fastify from 'fastify';
import type { FulfilmentRequest } from '../src/connectors/connector.ts';
import { StockmeshError } from '../src/domain/index.ts';
import { eventCount, qtyOf, seedConnectorNetwork } from './support/connector-network.ts';
import { RestRig, pullAll as pull } from './support/connector-rest-rig.ts';

const T = { timeout: 30_000 };
const rig = new RestRig();
afterEach(() => rig.stopConnectors());
after(() => rig.close());
const openFileHub = (dir?: string) => rig.hub(dir);
const wmsUp = () => rig.wms();
const connectorFor = rig.connector.bind(rig);

describe('rest-pull with the recorded fixtures', () => {
  const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/rest/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

  test('given the recorded pages and listing served by a WMS, then the ledger holds them and the listing reconciles its drift', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const [p1, p2, stock] = [fixture('movements-page-1.json'), fixture('movements-page-2.json'), fixture('stock.json')];
    const app = Fastify({ logger: false });
    app.get<{ Querystring: { after?: string } }>('/api/movements', async (req) => {
      if (req.query.after === undefined) return p1;
      if (req.query.after === p1.next_cursor) return p2;
      return { items: [], next_cursor: req.query.after, has_more: false };
    });
    app.get('/api/stock', async () => ({ ...stock, warehouses: (stock.warehouses as { wh_code: string }[]).filter((w) => w.wh_code === 'SH01') }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    try {
      const wms = { baseUrl: `http://127.0.0.1:${port}` };
      const c = connectorFor(hub, wms, { warehouseCodes: { SH01: 'WH-SH' }, snapshotEveryMs: 0 });
      await pull(c);
      assert.equal(await eventCount(hub, 'wms-sh'), 7 + 1, 'seven movements and one adjusting event');
      assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-TEA', 'picking'), 0);
      assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-VAX', 'quarantine', 'VX2611A'), 10);
      assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-VAX', 'available', 'VX2611A'), 20);
      // 240 received − 24 picked − 6 transferred + 2 put away = 212; the listing counted 18 cases + 8 = 224
      assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-TEA'), 224);
      const drift = await hub.store.db.selectFrom('drift').selectAll().execute();
      assert.deepEqual(drift.map((d) => [d.snapshot_id, d.sku_id, d.ledger_qty, d.counted_qty]), [['wms-sh:STK-20261125-2200:WH-SH', 'SKU-TEA', 212, 224]]);
    } finally {
      await app.close();
    }
  });
});

describe('rest-pull fulfilment requests out', () => {
  const request: FulfilmentRequest = {
    kind: 'ship',
    id: 'ful_0001',
    warehouse: 'WH-SH',
    orderRef: 'SO-1001',
    shipTo: { name: 'Tea House Hangzhou', address: '1 West Lake Rd', region: 'east' },
    lines: [{ sku: 'SKU-TEA', externalCode: 'T-100-CS', quantity: 2, unit: 'case' }],
    requestedAt: '2026-11-25T09:00:00+08:00',
  };

  test('given a ship request, then the WMS gets it in its own words, once, even when sent again or after 503s', T, async () => {
    const { hub } = await openFileHub();
    const wms = await wmsUp();
    const c = connectorFor(hub, wms, { warehouseCodes: { SH01: 'WH-SH' } });
    wms.faults.failNext = 2;
    await c.send(request);
    await c.send(request);
    assert.equal(wms.shipments.length, 1);
    assert.deepEqual(wms.shipments[0], {
      key: 'ful_0001',
      body: {
        request_no: 'ful_0001',
        type: 'SHIP',
        order_no: 'SO-1001',
        wh_code: 'SH01',
        ship_to: { name: 'Tea House Hangzhou', address: '1 West Lake Rd', region: 'east' },
        lines: [{ line_no: 1, item_no: 'T-100-CS', qty: 2, uom: 'case' }],
        requested_at: '2026-11-25T09:00:00+08:00',
      },
    });
  });

  test('given a request the WMS refuses, then send fails with REQUEST_REFUSED and the WMS answer', T, async () => {
    const { hub } = await openFileHub();
    const wms = await wmsUp();
    const c = connectorFor(hub, wms);
    const bad = { ...request, id: 'ful_0002', lines: [{ sku: 'SKU-TEA', externalCode: 'UNKNOWN', quantity: 1, unit: 'each' }] };
    await assert.rejects(c.send(bad), (e: unknown) => e instanceof StockmeshError && e.code === 'REQUEST_REFUSED' && /unknown item_no/.test(e.message));
  });
});
