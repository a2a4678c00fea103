import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderCost, parseProblem, planCost } from '../src/allocation/index.ts';

const problem = parseProblem({
  warehouses: [
    { id: 'A', handlingCostPerUnit: 0.5 },
    { id: 'B', handlingCostPerUnit: 1 },
  ],
  skus: [
    { id: 'S', weightKg: 2 },
    { id: 'T', weightKg: 0.5 },
  ],
  stock: [],
  lanes: [
    { from: 'A', to: 'east', fixedCost: 6, costPerKg: 1.5, transitHours: 24 },
    { from: 'B', to: 'east', fixedCost: 4, costPerKg: 1, transitHours: 60 },
  ],
  orders: [
    { id: 'FREE', destination: 'east', promiseHours: 48, lines: [{ sku: 'S', qty: 3 }, { sku: 'T', qty: 4 }] },
    { id: 'QUOTED', lines: [{ sku: 'S', qty: 2 }], quotes: [{ warehouse: 'A', cost: 7.5, load: 3 }] },
    { id: 'JOB', quotes: [{ warehouse: 'B', cost: 11, load: 4 }] },
  ],
  policy: { allowSplit: true, splitPenalty: 5, latePenaltyPerHour: 2, unfilledPenaltyPerUnit: 100 },
  asOf: '2026-11-25',
});
const order = (id: string) => problem.orders.find((o) => o.id === id)!;

test('given a shipment without quotes, when priced, then lane fixed + cost per kg × kg + late penalty + handling', () => {
  const c = orderCost(problem, order('FREE'), [
    { sku: 'S', warehouse: 'A', qty: 3 },
    { sku: 'T', warehouse: 'A', qty: 4 },
  ]);
  // kg = 3×2 + 4×0.5 = 8; A is on time; handling 7 × 0.5
  assert.deepEqual(c.shipments[0]?.cost, { quote: 0, fixed: 6, weight: 12, late: 0, handling: 3.5, total: 21.5 });
  assert.equal(c.total, 21.5);
});

test('given a late lane, when priced, then latePenaltyPerHour × hours beyond the promise is added', () => {
  const c = orderCost(problem, order('FREE'), [{ sku: 'T', warehouse: 'B', qty: 4 }]);
  // B: 60 h against a 48 h promise = 12 h late × 2; kg 2; handling 4; S (3 units) unfilled
  assert.deepEqual(c.shipments[0]?.cost, { quote: 0, fixed: 4, weight: 2, late: 24, handling: 4, total: 34 });
  assert.equal(c.unfilledUnits, 3);
  assert.equal(c.total, 34 + 300);
});

test('given an order split over two warehouses, when priced, then one split penalty per extra shipment', () => {
  const c = orderCost(problem, order('FREE'), [
    { sku: 'S', warehouse: 'A', qty: 3 },
    { sku: 'T', warehouse: 'B', qty: 4 },
  ]);
  assert.equal(c.splitPenalty, 5);
  assert.equal(c.total, 6 + 9 + 1.5 + (4 + 2 + 24 + 4) + 5);
});

test('given orders with quotes, when priced, then the quote cost plus handling; a job without lines counts one unit', () => {
  assert.equal(orderCost(problem, order('QUOTED'), [{ sku: 'S', warehouse: 'A', qty: 2 }]).total, 7.5 + 1);
  assert.equal(orderCost(problem, order('JOB'), [{ warehouse: 'B', qty: 1 }]).total, 11 + 1);
  assert.equal(orderCost(problem, order('JOB'), []).total, 100, 'an unshipped job costs one unit of penalty');
});

test('given a whole plan, when priced, then planCost is the sum over orders including every unfilled unit', () => {
  const total = planCost(problem, {
    allocations: [
      { order: 'FREE', lines: [{ sku: 'S', warehouse: 'A', qty: 3 }, { sku: 'T', warehouse: 'A', qty: 4 }] },
      { order: 'JOB', lines: [{ warehouse: 'B', qty: 1 }] },
    ],
  });
  assert.equal(total, 21.5 + 200 + 12);
});

test('given a shipment from a warehouse without quote or lane, when priced, then it costs Infinity', () => {
  assert.equal(orderCost(problem, order('JOB'), [{ warehouse: 'A', qty: 1 }]).total, Number.POSITIVE_INFINITY);
  const noLane = parseProblem({ warehouses: [{ id: 'A' }], skus: [{ id: 'S' }], orders: [{ id: 'O', destination: 'west', lines: [{ sku: 'S', qty: 1 }] }] });
  assert.equal(planCost(noLane, { allocations: [{ order: 'O', lines: [{ sku: 'S', warehouse: 'A', qty: 1 }] }] }), Number.POSITIVE_INFINITY);
});
