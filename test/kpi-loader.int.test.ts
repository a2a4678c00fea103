import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Hub } from '../src/hub/index.ts';
import { daysOfCover, loadKpiFacts, pickingEfficiency, transferRate } from '../src/kpi/index.ts';
import { seedDemo } from '../src/sim/index.ts';
import { forEachStore } from './support/stores.ts';

const NOW = new Date('2026-11-25T08:00:00Z');
const WH = { id: 'WUH-HUB', name: 'Wuhan', region: 'central' };
const SKU = 'ELE-MOUSE-WL';

let n = 0;
const move = (occurredAt: string, qty: number, from: string | null, to: string | null, reason: string) => ({
  id: `kpi-loader:${++n}`,
  source: 'wuh-hub-api',
  occurredAt,
  warehouse: WH.id,
  sku: SKU,
  quantity: qty,
  ...(from ? { fromStatus: from } : {}),
  ...(to ? { toStatus: to } : {}),
  reason,
});

forEachStore('KPI facts: hourly sums inside the range, single movements at its edges and for times with an offset', (s) => {
  let hub: Hub;
  before(async () => {
    hub = await s.open({ now: () => NOW });
    await seedDemo(hub, NOW);
    const events = [
      move('2026-11-19T10:00:00Z', 100, null, 'available', 'receipt'),
      move('2026-11-20T10:10:00Z', 5, 'available', null, 'ship'), // before the range
      move('2026-11-20T10:30:00Z', 7, 'available', null, 'ship'), // partial first hour
      move('2026-11-20T11:15:00Z', 11, 'available', null, 'ship'), // whole hours
      move('2026-11-20T12:59:59.999Z', 13, 'available', null, 'ship'),
      move('2026-11-20T21:05:00+08:00', 17, 'available', null, 'transfer_out'), // 13:05 UTC, written with an offset
      move('2026-11-20T13:20:00Z', 19, 'available', null, 'ship'), // after the range
      move('2026-11-20T10:25:00Z', 1, 'available', 'picking', 'pick'),
      move('2026-11-20T11:00:00Z', 1, 'available', 'picking', 'pick'),
      move('2026-11-20T11:40:00Z', 1, 'available', 'picking', 'pick'),
      move('2026-11-20T20:50:00+08:00', 1, 'available', 'picking', 'pick'), // 12:50 UTC
      move('2026-11-20T13:30:00Z', 1, 'available', 'picking', 'pick'), // after the range
    ];
    const results = await hub.ingestor.ingest(events.map((raw) => ({ raw, location: 'test' })));
    assert.deepEqual(results.filter((r) => r.outcome !== 'applied'), []);
  });

  test('a range that does not start or end on the hour counts exactly what happened inside it', async () => {
    const from = new Date('2026-11-20T10:20:00Z');
    const to = new Date('2026-11-20T13:10:00Z');
    const f = await loadKpiFacts(hub, { from, to, now: NOW, warehouses: [WH], includeUnplaced: false });
    const mine = { ...f, flows: f.flows.filter((m) => m.sku === SKU), picks: f.picks.filter((p) => p.sku === SKU) };
    assert.deepEqual(transferRate(mine).inputs, { outboundUnits: 7 + 11 + 13 + 17, transferUnits: 17 });
    // Picks 10:25, 11:00, 11:40 and 12:50, all in the 08–16 UTC shift: 2 h 25 min.
    assert.deepEqual(pickingEfficiency(mine).inputs, { lines: 4, labourHours: 2.4167, shifts: 1 });
    // On hand at the end of the range, rebuilt from today's: 100 received − 5 − 7 − 11 − 13 − 17 (the transfer written
    // with an offset happened before the end) = 47; picks move no stock out of the books.
    assert.equal(f.onHandAtTo.find((p) => p.warehouse === WH.id && p.sku === SKU)?.qty, 47);
    assert.equal(daysOfCover(mine).inputs.outboundUnits, 48);
  });

  test('a range shorter than an hour reads single movements only', async () => {
    const f = await loadKpiFacts(hub, { from: new Date('2026-11-20T12:30:00Z'), to: new Date('2026-11-20T13:10:00Z'), now: NOW, warehouses: [WH], includeUnplaced: false });
    const mine = { ...f, flows: f.flows.filter((m) => m.sku === SKU) };
    assert.deepEqual(transferRate(mine).inputs, { outboundUnits: 13 + 17, transferUnits: 17 });
  });
});
