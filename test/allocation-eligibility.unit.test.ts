import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lateHours, lotEligible, orderExclusion, shelfLifeCutoff, skuExclusion, type ProblemOrder, type ProblemSku, type ProblemWarehouse } from '../src/allocation/index.ts';

const wh = (over: Partial<ProblemWarehouse> = {}): ProblemWarehouse => ({ id: 'W', storage: ['ambient'], hazmat: false, handlingCostPerUnit: 0, enabled: true, ...over });
const sku = (over: Partial<ProblemSku> = {}): ProblemSku => ({ id: 'S', weightKg: 1, storage: 'ambient', hazmat: false, minShelfLifeDays: 0, ...over });
const order = (over: Partial<ProblemOrder> = {}): ProblemOrder => ({ id: 'O', destination: 'r', lines: [], priority: 0, ...over });

test('given an ambient warehouse, when a chilled SKU asks, then it is excluded for its storage class', () => {
  assert.match(skuExclusion(wh(), sku({ storage: 'chilled' })) ?? '', /cannot store chilled/);
  assert.equal(skuExclusion(wh({ storage: ['ambient', 'chilled'] }), sku({ storage: 'chilled' })), undefined);
});

test('given a warehouse without hazmat approval, when a hazmat SKU asks, then it is excluded', () => {
  assert.match(skuExclusion(wh(), sku({ hazmat: true })) ?? '', /hazmat/);
  assert.equal(skuExclusion(wh({ hazmat: true }), sku({ hazmat: true })), undefined);
  assert.equal(skuExclusion(wh({ hazmat: true }), sku()), undefined, 'a hazmat warehouse ships ordinary SKUs too');
});

test('given a switched-off warehouse, when anything asks, then it is excluded', () => {
  assert.match(skuExclusion(wh({ enabled: false }), sku()) ?? '', /switched off/);
  assert.match(orderExclusion(order(), wh({ enabled: false })) ?? '', /switched off/);
});

test('given a minimum shelf life, when lots expire before asOf + days, then they may not ship; on the day they may', () => {
  const s = sku({ minShelfLifeDays: 10 });
  assert.equal(shelfLifeCutoff(s, '2026-11-25'), '2026-12-05');
  assert.equal(lotEligible('2026-12-04', s, '2026-11-25'), false);
  assert.equal(lotEligible('2026-12-05', s, '2026-11-25'), true);
  assert.equal(lotEligible(undefined, s, '2026-11-25'), true, 'stock without expiry always ships');
  assert.equal(lotEligible('2026-11-25', sku(), '2026-11-25'), true, 'minShelfLifeDays 0: expiring today still ships');
  assert.equal(lotEligible('2026-11-24', sku(), '2026-11-25'), false);
});

test('given channel restrictions and customer exclusions, when an order asks, then only allowed warehouses serve it', () => {
  const b2b = wh({ channels: ['b2b'] });
  assert.equal(orderExclusion(order({ channel: 'b2b' }), b2b), undefined);
  assert.match(orderExclusion(order({ channel: 'retail' }), b2b) ?? '', /serves only channel b2b/);
  assert.match(orderExclusion(order(), b2b) ?? '', /serves only/);
  assert.equal(orderExclusion(order({ channel: 'retail' }), wh()), undefined);
  assert.match(orderExclusion(order({ excludeWarehouses: ['W'] }), wh()) ?? '', /excluded by the order/);
});

test('given a lane and a promise, when transit is longer, then the hours late are counted; no promise means never late', () => {
  assert.equal(lateHours(48, 24), 24);
  assert.equal(lateHours(24, 48), 0);
  assert.equal(lateHours(100, undefined), 0);
});
