import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalEvent } from '../src/domain/index.ts';
import { consumesHolds, holdKey, type HoldState, matchHolds } from '../src/ledger/index.ts';

const ev = (over: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
  id: 'e1', source: 'wms', sourceSeq: null, occurredAt: '2026-11-25T00:00:00Z', warehouse: 'W', sku: 'S', lot: 'L1', expiry: null,
  quantity: 3, fromStatus: 'available', toStatus: 'allocated', reason: 'pick', orderRef: 'O1', transferRef: null,
  external: { sku: 'S', unit: null, quantity: '3' }, ...over,
});
const state = (): HoldState => ({
  byKey: new Map([[holdKey('O1', 'W', 'S'), [
    { id: 'h-L2', orderId: 'O1', warehouse: 'W', sku: 'S', lot: 'L2', remaining: 2 },
    { id: 'h-L1', orderId: 'O1', warehouse: 'W', sku: 'S', lot: 'L1', remaining: 2 },
  ]]]),
});

test('given holds on two lots, when the WMS allocates 3 of lot L1 for the order, then L1 is consumed first and L2 gives the rest', () => {
  const s = state();
  const c = matchHolds(s, ev());
  assert.deepEqual(c.map((x) => [x.holdId, x.qty, x.exhausted]), [['h-L1', 2, true], ['h-L2', 1, false]]);
  assert.deepEqual(s.byKey.get(holdKey('O1', 'W', 'S'))?.map((h) => h.remaining), [1, 0]);
});

test('given holds, when the WMS moves more than is held, then only what is held is consumed', () => {
  const c = matchHolds(state(), ev({ quantity: 10 }));
  assert.equal(c.reduce((s, x) => s + x.qty, 0), 4);
});

test('given holds, when stock ships straight from available (no to-status), then it consumes', () => {
  assert.equal(matchHolds(state(), ev({ toStatus: null })).reduce((s, x) => s + x.qty, 0), 3);
});

test('given holds, when a later move (allocated → picking) or a move without orderRef or for another order arrives, then nothing is consumed', () => {
  assert.equal(consumesHolds(ev({ fromStatus: 'allocated', toStatus: 'picking' })), false);
  assert.deepEqual(matchHolds(state(), ev({ fromStatus: 'allocated', toStatus: 'picking' })), []);
  assert.deepEqual(matchHolds(state(), ev({ orderRef: null })), []);
  assert.deepEqual(matchHolds(state(), ev({ orderRef: 'O2' })), []);
  assert.deepEqual(matchHolds(state(), ev({ toStatus: 'quarantine' })), []);
  assert.deepEqual(matchHolds(state(), ev({ warehouse: 'X' })), []);
});
