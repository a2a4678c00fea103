import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Page } from '../src/api/index.ts';
import { ingestSnapshot, listDrift, type DriftLine } from '../src/ledger/index.ts';
import { DEMO_DRIFT, demoFeed, demoNetwork } from '../src/sim/index.ts';
import { describeOnStores, get, NOW } from './api-harness.ts';

const LATER = new Date(NOW.getTime() + 3600_000);

describeOnStores('GET /api/drift (snapshot drift)', (ctx) => {
  before(async () => {
    // A second count, an hour later in Shanghai, finds more of its first line than the ledger holds.
    const sha = demoFeed(demoNetwork(), NOW).snapshots.find((s) => s.warehouse === 'SHA-RDC');
    assert.ok(sha);
    const [first, ...rest] = sha.lines;
    assert.ok(first);
    const doc = { ...sha, id: 'test:sha:snapshot-2', takenAt: '2026-11-25T16:55:00+08:00', lines: [{ ...first, quantity: Number(first.quantity) + 1 }, ...rest] };
    const r = await ingestSnapshot(ctx().hub.store, ctx().hub.masterData, doc, { now: () => LATER });
    assert.equal(r.outcome, 'reconciled');
  });

  test('lists every drift line, newest reconciliation first, with ledger vs counted quantity and the adjusting event', async () => {
    const r = await get<Page<DriftLine>>(ctx().app, '/api/drift');
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 2);
    const [sha, can] = r.body.items;
    assert.equal(sha?.warehouse, 'SHA-RDC');
    assert.equal(sha?.snapshotId, 'test:sha:snapshot-2');
    assert.equal(sha?.reconciledAt, LATER.toISOString());
    assert.equal(sha?.takenAt, '2026-11-25T16:55:00+08:00');
    assert.ok((sha?.delta ?? 0) > 0 && sha?.countedQty === (sha?.ledgerQty ?? 0) + (sha?.delta ?? 0));
    assert.deepEqual(
      can && { source: can.source, warehouse: can.warehouse, sku: can.sku, status: can.status, delta: can.delta, counted: can.countedQty - can.ledgerQty },
      { source: 'can-saas', warehouse: DEMO_DRIFT.warehouse, sku: DEMO_DRIFT.sku, status: DEMO_DRIFT.status, delta: -DEMO_DRIFT.missing, counted: -DEMO_DRIFT.missing },
    );
    const ev = await ctx().hub.store.db.selectFrom('events').select(['id', 'reason']).where('id', '=', can?.eventId ?? '').executeTakeFirst();
    assert.equal(ev?.reason, 'snapshot_drift', 'the adjusting event is in the ledger');
  });

  test('filters by source, warehouse, SKU and reconciliation time; pages with limit/offset', async () => {
    const ids = async (q: string) => (await get<Page<DriftLine>>(ctx().app, `/api/drift?${q}`)).body.items.map((d) => d.warehouse);
    assert.deepEqual(await ids('source=can-saas'), ['CAN-RDC']);
    assert.deepEqual(await ids('warehouse=SHA-RDC'), ['SHA-RDC']);
    assert.deepEqual(await ids(`sku=${DEMO_DRIFT.sku}`), ['CAN-RDC']);
    assert.deepEqual(await ids('source=sha-wms&warehouse=CAN-RDC'), []);
    assert.deepEqual(await ids(`from=${encodeURIComponent('2026-11-25T16:30:00+08:00')}`), ['SHA-RDC'], 'an offset is compared as UTC (08:30Z)');
    assert.deepEqual(await ids(`to=${LATER.toISOString()}`), ['CAN-RDC'], 'to is exclusive');
    assert.deepEqual(await ids('from=2026-11-25&to=2026-11-26'), ['SHA-RDC', 'CAN-RDC']);
    const p1 = await get<Page<DriftLine>>(ctx().app, '/api/drift?limit=1');
    assert.equal(p1.body.items.length, 1);
    assert.equal(p1.body.nextOffset, 1);
    const p2 = await get<Page<DriftLine>>(ctx().app, '/api/drift?limit=1&offset=1');
    assert.deepEqual([p2.body.items[0]?.warehouse, p2.body.nextOffset, p2.body.total], ['CAN-RDC', null, 2]);
  });

  test('bad filters are refused with problem+json naming the parameter, and change nothing', async () => {
    for (const [q, what] of [
      ['from=yesterday', /from/],
      ['from=2026-11-26T00:00:00Z&to=2026-11-25T00:00:00Z', /from .* is after to/],
      ['limit=0', /limit/],
      ['warehous=SHA-RDC', /warehous/],
    ] as const) {
      const r = await get<{ status: number; detail?: string; title?: string; errors?: unknown }>(ctx().app, `/api/drift?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(r.type, /application\/problem\+json/, q);
      assert.match(JSON.stringify(r.body), what, q);
    }
    assert.equal((await get<Page<DriftLine>>(ctx().app, '/api/drift')).body.total, 2);
  });

  test('a caller scoped to some warehouses sees only their drift (the route passes warehouseScope)', async () => {
    const db = ctx().hub.store.db;
    assert.deepEqual((await listDrift(db, { warehouses: new Set(['SHA-RDC']) })).map((d) => d.warehouse), ['SHA-RDC']);
    assert.deepEqual(await listDrift(db, { warehouses: new Set() }), []);
    assert.equal((await listDrift(db, { warehouses: null })).length, 2);
  });
});
