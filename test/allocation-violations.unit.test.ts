import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseProblem, planCost, violations, type Plan, type PlanAllocation, type Unfilled } from '../src/allocation/index.ts';

const problem = parseProblem(JSON.parse(readFileSync(new URL('./fixtures/allocation/network.json', import.meta.url), 'utf8')));
const quoted = parseProblem(JSON.parse(readFileSync(new URL('./fixtures/allocation/quotes.json', import.meta.url), 'utf8')));

/** A plan with the right objective and unfilled list for these allocations, so only the named rule breaks. */
function planOf(p: typeof problem, allocations: PlanAllocation[], unfilled: Unfilled[] = []): Plan {
  return { status: 'heuristic', objective: planCost(p, { allocations }), bound: null, gap: null, allocations, unfilled, seconds: 0 };
}
const kinds = (p: typeof problem, plan: Plan) => violations(p, plan).map((v) => v.kind);
const everythingElseUnfilled = (p: typeof problem, except: string[]): Unfilled[] =>
  p.orders.filter((o) => !except.includes(o.id)).flatMap((o) => (o.lines.length ? o.lines.map((l) => ({ order: o.id, sku: l.sku, qty: l.qty, reason: 'CHEAPER_UNFILLED' as const })) : [{ order: o.id, qty: 1, reason: 'CHEAPER_UNFILLED' as const }]));

test('given an empty plan listing every unit as unfilled, when checked, then no rule is broken', () => {
  assert.deepEqual(kinds(problem, planOf(problem, [], everythingElseUnfilled(problem, []))), []);
});

test('given a plan shipping more than a lot holds, when checked, then STOCK', () => {
  const plan = planOf(problem, [{ order: 'O-TEA', lines: [{ sku: 'SKU-TEA', warehouse: 'WH-BJ', qty: 2 }] }], everythingElseUnfilled(problem, ['O-TEA']));
  assert.deepEqual(kinds(problem, plan), []);
  const over = planOf(problem, [{ order: 'O-BIG', lines: [{ sku: 'SKU-TEA', warehouse: 'WH-BJ', qty: 10 }] }], [
    ...everythingElseUnfilled(problem, ['O-BIG']),
    { order: 'O-BIG', sku: 'SKU-MILK', qty: 2, reason: 'INSUFFICIENT_STOCK' },
  ]);
  assert.deepEqual(kinds(problem, over), ['STOCK']);
  const wrongLot = planOf(problem, [{ order: 'O-TEA', lines: [{ sku: 'SKU-TEA', warehouse: 'WH-SH', qty: 2 }] }], everythingElseUnfilled(problem, ['O-TEA']));
  assert.deepEqual(kinds(problem, wrongLot), ['STOCK'], 'stock is counted per lot: a line without the lot has no stock');
});

test('given a lot too close to expiry, when shipped, then SHELF_LIFE', () => {
  const plan = planOf(problem, [{ order: 'O-MILK', lines: [{ sku: 'SKU-MILK', warehouse: 'WH-SH', lot: 'M-OLD', qty: 5 }, { sku: 'SKU-MILK', warehouse: 'WH-SH', lot: 'M-MID', qty: 1 }] }], everythingElseUnfilled(problem, ['O-MILK']));
  assert.deepEqual(kinds(problem, plan), ['SHELF_LIFE']);
});

test('given a chilled or hazmat SKU from a warehouse not allowed to ship it, when checked, then STORAGE / HAZMAT', () => {
  const milk = planOf(problem, [{ order: 'O-MILK', lines: [{ sku: 'SKU-MILK', warehouse: 'WH-GZ', qty: 6 }] }], everythingElseUnfilled(problem, ['O-MILK']));
  assert.ok(kinds(problem, milk).includes('STORAGE'));
  const haz = planOf(problem, [{ order: 'O-HAZ', lines: [{ sku: 'SKU-LIGHTER', warehouse: 'WH-SH', qty: 12 }] }], everythingElseUnfilled(problem, ['O-HAZ']));
  assert.deepEqual(kinds(problem, haz), ['HAZMAT']);
});

test('given a warehouse without a lane to the destination, when it ships, then NO_LANE', () => {
  const plan = planOf(problem, [{ order: 'O-HAZ', lines: [{ sku: 'SKU-LIGHTER', warehouse: 'WH-BJ', qty: 1 }] }], [
    ...everythingElseUnfilled(problem, ['O-HAZ']),
    { order: 'O-HAZ', sku: 'SKU-LIGHTER', qty: 11, reason: 'NO_LANE' },
  ]);
  assert.ok(kinds(problem, plan).includes('NO_LANE'));
});

test('given quotes, when an order ships partly, from an unquoted or from two warehouses, then QUOTE; over capacity, then CAPACITY', () => {
  const rest = (except: string[]) => everythingElseUnfilled(quoted, except);
  assert.deepEqual(kinds(quoted, planOf(quoted, [{ order: 'Q1', lines: [{ sku: 'S1', warehouse: 'A', qty: 3 }] }], rest(['Q1']))), []);
  assert.deepEqual(kinds(quoted, planOf(quoted, [{ order: 'Q1', lines: [{ sku: 'S1', warehouse: 'A', qty: 2 }] }], [...rest(['Q1']), { order: 'Q1', sku: 'S1', qty: 1, reason: 'CAPACITY' }])), ['QUOTE']);
  assert.ok(kinds(quoted, planOf(quoted, [{ order: 'J2', lines: [{ warehouse: 'A', qty: 1 }] }], rest(['J2']))).includes('QUOTE'));
  const two = planOf(quoted, [{ order: 'Q1', lines: [{ sku: 'S1', warehouse: 'A', qty: 2 }, { sku: 'S1', warehouse: 'B', qty: 1 }] }], rest(['Q1']));
  assert.ok(kinds(quoted, two).includes('QUOTE'));
  const full = planOf(quoted, [{ order: 'J1', lines: [{ warehouse: 'B', qty: 1 }] }, { order: 'J2', lines: [{ warehouse: 'B', qty: 1 }] }], rest(['J1', 'J2']));
  assert.deepEqual(kinds(quoted, full), ['CAPACITY']);
  const off = planOf(quoted, [{ order: 'Q1', lines: [{ sku: 'S1', warehouse: 'C', qty: 3 }] }], rest(['Q1']));
  assert.ok(kinds(quoted, off).includes('SWITCHED_OFF'));
});

test('given allowSplit false, when an order ships from two warehouses, then SPLIT', () => {
  const p = parseProblem(JSON.parse(readFileSync(new URL('./fixtures/allocation/no-split.json', import.meta.url), 'utf8')));
  const plan = planOf(p, [{ order: 'N1', lines: [{ sku: 'P', warehouse: 'W1', qty: 2 }, { sku: 'Q', warehouse: 'W2', qty: 2 }] }]);
  assert.deepEqual(kinds(p, plan), ['SPLIT']);
});

test('given a wrong objective, a wrong unfilled list or a fractional quantity, when checked, then OBJECTIVE / UNFILLED_MISMATCH / QUANTITY', () => {
  const good = planOf(problem, [], everythingElseUnfilled(problem, []));
  assert.deepEqual(kinds(problem, { ...good, objective: good.objective - 1 }), ['OBJECTIVE']);
  assert.deepEqual(kinds(problem, { ...good, unfilled: good.unfilled.slice(1) }), ['UNFILLED_MISMATCH']);
  const frac = planOf(problem, [{ order: 'O-TEA', lines: [{ sku: 'SKU-TEA', warehouse: 'WH-BJ', qty: 1.5 }] }], [...everythingElseUnfilled(problem, ['O-TEA']), { order: 'O-TEA', sku: 'SKU-TEA', qty: 0.5, reason: 'CHEAPER_UNFILLED' }]);
  assert.ok(kinds(problem, frac).includes('QUANTITY'));
});
