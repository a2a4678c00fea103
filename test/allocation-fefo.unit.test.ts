import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fefoOrder, parseProblem, pickLots, plan, heuristicSolver } from '../src/allocation/index.ts';

test('given lots with and without expiry, when sorted FEFO, then earliest expiry first and undated last', () => {
  const lots = [{ lot: 'C', qty: 1 }, { lot: 'B', expiry: '2027-02-01', qty: 1 }, { lot: 'A', expiry: '2027-01-01', qty: 1 }];
  assert.deepEqual([...lots].sort(fefoOrder).map((l) => l.lot), ['A', 'B', 'C']);
});

test('given two orders drawing on the same lots, when picked in turn, then each takes the earliest remaining', () => {
  const lots = [{ lot: 'A', expiry: '2027-01-01', qty: 3 }, { lot: 'B', expiry: '2027-02-01', qty: 5 }];
  const taken: number[] = [];
  assert.deepEqual(pickLots(lots, taken, 2), [{ lot: 'A', qty: 2 }]);
  assert.deepEqual(pickLots(lots, taken, 4), [{ lot: 'A', qty: 1 }, { lot: 'B', qty: 3 }]);
  assert.deepEqual(taken, [3, 3]);
});

test('given a warehouse with an expired, a near and a later lot, when an order is planned, then it ships the near eligible lot first', async () => {
  const problem = parseProblem({
    warehouses: [{ id: 'W', storage: ['chilled'] }],
    skus: [{ id: 'MILK', weightKg: 1, storage: 'chilled', minShelfLifeDays: 5 }],
    stock: [
      { warehouse: 'W', sku: 'MILK', qty: 10, lot: 'L-LATE', expiry: '2027-03-01' },
      { warehouse: 'W', sku: 'MILK', qty: 10, lot: 'L-EXPIRED', expiry: '2026-11-28' },
      { warehouse: 'W', sku: 'MILK', qty: 3, lot: 'L-NEAR', expiry: '2026-12-10' },
    ],
    lanes: [{ from: 'W', to: 'r', fixedCost: 1, costPerKg: 0, transitHours: 1 }],
    orders: [{ id: 'O', destination: 'r', lines: [{ sku: 'MILK', qty: 5 }] }],
    asOf: '2026-11-25',
  });
  const p = await plan(problem, { solver: heuristicSolver(), timeLimitSeconds: 1 });
  assert.deepEqual(p.allocations[0]?.lines, [
    { sku: 'MILK', warehouse: 'W', lot: 'L-NEAR', qty: 3 },
    { sku: 'MILK', warehouse: 'W', lot: 'L-LATE', qty: 2 },
  ]);
});
