import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Warehouse } from '../src/domain/index.ts';
import { greatCircleKm, greatCircleLanes } from '../src/orders/index.ts';

const wh = (id: string, lat: number, lon: number): Warehouse => ({
  id, name: id, kind: 'regional', region: 'r', lat, lon, storageClasses: ['ambient'], hazmat: false, dailyCapacity: 0,
  cutoffTime: '17:00', timeZone: 'UTC', ownerTeam: 'o', active: true,
});

test('given Shanghai and Beijing, the great-circle distance is about 1,070 km', () => {
  const d = greatCircleKm({ lat: 31.23, lon: 121.47 }, { lat: 39.9, lon: 116.4 });
  assert.ok(d > 1050 && d < 1090, String(d));
});

test('given a warehouse at the destination and one 1,000 km away, the default lanes price distance as documented', () => {
  const lanes = greatCircleLanes().lanes([wh('near', 30, 110), wh('far', 30 + 1000 / 111.195, 110)], { key: 'geo:30.00,110.00', point: { lat: 30, lon: 110 } });
  assert.deepEqual(lanes[0], { from: 'near', to: 'geo:30.00,110.00', fixedCost: 5, costPerKg: 0.2, transitHours: 6 });
  assert.deepEqual(lanes[1], { from: 'far', to: 'geo:30.00,110.00', fixedCost: 15, costPerKg: 1.2, transitHours: 26 });
});

test('given the backorder hook, when batches apply events while a retry runs, then retries run one at a time and once more after', async () => {
  const { backorderHook } = await import('../src/orders/index.ts');
  let calls = 0;
  let release: () => void = () => {};
  const fake = { allocateBackorders: () => new Promise<void>((r) => { calls += 1; release = r; }) };
  const hook = backorderHook(fake as unknown as Parameters<typeof backorderHook>[0]);
  hook([{ outcome: 'duplicate' }]);
  assert.equal(calls, 0, 'nothing applied, nothing retried');
  hook([{ outcome: 'applied' }]);
  hook([{ outcome: 'applied' }]);
  hook([{ outcome: 'applied' }]);
  assert.equal(calls, 1);
  release();
  await new Promise((r) => setImmediate(r));
  assert.equal(calls, 2);
  release();
  await new Promise((r) => setImmediate(r));
  assert.equal(calls, 2);
});
