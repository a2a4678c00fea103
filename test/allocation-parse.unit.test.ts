import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POLICY, parseProblem } from '../src/allocation/index.ts';
import { StockmeshError } from '../src/domain/index.ts';

const wheres = (doc: unknown): string[] => {
  try {
    parseProblem(doc);
  } catch (err) {
    assert.ok(err instanceof StockmeshError);
    assert.equal(err.code, 'MALFORMED_PROBLEM');
    return err.problems.map((p) => `${p.where}: ${p.message}`);
  }
  assert.fail('expected MALFORMED_PROBLEM');
};
const base = () => ({
  warehouses: [{ id: 'W1' }],
  skus: [{ id: 'S1', weightKg: 1 }],
  stock: [{ warehouse: 'W1', sku: 'S1', qty: 3 }],
  lanes: [{ from: 'W1', to: 'r', fixedCost: 1, costPerKg: 1, transitHours: 1 }],
  orders: [{ id: 'O1', destination: 'r', lines: [{ sku: 'S1', qty: 1 }] }],
});

test('given a minimal problem, when parsed, then the documented defaults apply', () => {
  const p = parseProblem(base(), () => new Date('2026-11-25T10:00:00Z'));
  assert.deepEqual(p.warehouses[0], { id: 'W1', storage: ['ambient'], hazmat: false, handlingCostPerUnit: 0, enabled: true });
  assert.deepEqual(p.skus[0], { id: 'S1', weightKg: 1, storage: 'ambient', hazmat: false, minShelfLifeDays: 0 });
  assert.deepEqual(p.policy, DEFAULT_POLICY);
  assert.equal(p.asOf, '2026-11-25', 'asOf defaults to today (injected clock)');
});

test('given a zero quantity in the fourth order, when parsed, then the error names orders[3].lines[0].qty', () => {
  const doc = base();
  doc.orders.push({ id: 'O2', destination: 'r', lines: [{ sku: 'S1', qty: 1 }] }, { id: 'O3', destination: 'r', lines: [{ sku: 'S1', qty: 1 }] }, { id: 'O4', destination: 'r', lines: [{ sku: 'S1', qty: 0 }] });
  assert.deepEqual(wheres(doc), ['orders[3].lines[0].qty: must be a positive integer']);
});

test('given fractional, negative and missing fields, when parsed, then every problem is listed with its path', () => {
  const doc = {
    warehouses: [{ id: 'W1', capacity: -1, storage: 'ambient' }],
    skus: [{ id: 'S1', minShelfLifeDays: 1.5 }],
    stock: [{ warehouse: 'W1', sku: 'S1', qty: 2.5, expiry: '2027-02-30' }],
    orders: [{ id: 'O1', lines: [{ qty: 1 }] }, { destination: 'r', lines: [] }],
    policy: { allowSplit: 'no' },
    asOf: 'tomorrow',
  };
  assert.deepEqual(wheres(doc), [
    'warehouses[0].storage: must be an array',
    'warehouses[0].capacity: must be a number >= 0',
    'skus[0].minShelfLifeDays: must be an integer >= 0',
    'stock[0].qty: must be an integer >= 0',
    'stock[0].expiry: must be a date YYYY-MM-DD',
    'orders[0].lines[0].sku: is required (a non-empty string)',
    'orders[0].destination: is required for an order without quotes',
    'orders[1].id: is required (a non-empty string)',
    'orders[1].lines: must not be empty for an order without quotes',
    'policy.allowSplit: must be true or false',
    'asOf: must be a date YYYY-MM-DD',
  ]);
});

test('given references to undeclared warehouses and SKUs or duplicates, when parsed, then each is named', () => {
  const doc = {
    ...base(),
    warehouses: [{ id: 'W1' }, { id: 'W1' }],
    stock: [{ warehouse: 'W9', sku: 'S1', qty: 1 }],
    lanes: [{ from: 'W1', to: 'r' }, { from: 'W1', to: 'r' }],
    orders: [
      { id: 'O1', destination: 'r', lines: [{ sku: 'NOPE', qty: 1 }] },
      { id: 'O2', quotes: [{ warehouse: 'W1', cost: 1 }, { warehouse: 'W1', cost: 2 }, { warehouse: 'WX', cost: 1 }] },
    ],
  };
  assert.deepEqual(wheres(doc), [
    'warehouses[1].id: duplicate id "W1" (also warehouses[0])',
    'stock[0].warehouse: unknown warehouse "W9"',
    'lanes[1]: duplicate lane W1 → r (also lanes[0])',
    'orders[0].lines[0].sku: unknown SKU "NOPE"',
    'orders[1].quotes[1].warehouse: second quote for "W1" (also quotes[0])',
    'orders[1].quotes[2].warehouse: unknown warehouse "WX"',
  ]);
});

test('given a document that is not an object or lacks orders, when parsed, then it says so', () => {
  assert.deepEqual(wheres([]), ['(document): must be an object']);
  assert.deepEqual(wheres({ warehouses: [] }), ['orders: is required (an array)']);
  assert.deepEqual(wheres({ warehouses: [], orders: [{ id: 'O', destination: 'r', lines: [] }] }), ['orders[0].lines: must not be empty for an order without quotes']);
});

test('given a GAP-style problem (no SKUs, stock or lanes; orders with quotes only), when parsed, then loads default to one unit', () => {
  const p = parseProblem({ warehouses: [{ id: 'W1', capacity: 5 }], orders: [{ id: 'J1', quotes: [{ warehouse: 'W1', cost: 3 }] }] });
  assert.deepEqual(p.orders[0]?.quotes, [{ warehouse: 'W1', cost: 3, load: 1 }]);
  assert.deepEqual(p.orders[0]?.lines, []);
});
