import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { heuristicSolver, highsSolver, parseProblem, plan, planCost, violations, type Plan } from '../src/allocation/index.ts';

const fixture = (name: string) => parseProblem(JSON.parse(readFileSync(new URL(`./fixtures/allocation/${name}`, import.meta.url), 'utf8')));
const solvers = [heuristicSolver(), highsSolver()];
const modes = ['single', 'wave'] as const;
const lines = (p: Plan, order: string) => p.allocations.find((a) => a.order === order)?.lines ?? [];

test('given the network fixture, when planned in every mode with every solver, then no rule breaks and the objective is the plan cost', async () => {
  const problem = fixture('network.json');
  for (const solver of solvers) {
    for (const mode of modes) {
      const p = await plan(problem, { mode, solver, timeLimitSeconds: 1 });
      assert.deepEqual(violations(problem, p), [], `${mode}/${solver.name}`);
      assert.ok(Math.abs(planCost(problem, p) - p.objective) < 1e-6);
      assert.equal(p.mode, mode);
      assert.equal(p.solver, solver.name);
    }
  }
});

test('given chilled milk with a lot too close to expiry, when planned, then the next lot ships (FEFO among eligible lots)', async () => {
  const p = await plan(fixture('network.json'), { timeLimitSeconds: 1 });
  assert.deepEqual(lines(p, 'O-MILK'), [{ sku: 'SKU-MILK', warehouse: 'WH-SH', lot: 'M-MID', qty: 6 }]);
});

test('given a hazmat order, when planned, then only the hazmat warehouse ships it and the shortfall is explained', async () => {
  const p = await plan(fixture('network.json'), { timeLimitSeconds: 1 });
  assert.deepEqual(lines(p, 'O-HAZ'), [{ sku: 'SKU-LIGHTER', warehouse: 'WH-GZ', qty: 10 }]);
  assert.deepEqual(p.unfilled, [{ order: 'O-HAZ', sku: 'SKU-LIGHTER', qty: 2, reason: 'INSUFFICIENT_STOCK' }]);
  const why = p.explanations?.find((e) => e.order === 'O-HAZ');
  assert.deepEqual(why?.candidates.map((c) => [c.warehouse, c.rank ?? c.excluded]), [
    ['WH-GZ', 1],
    ['WH-SH', 'not approved for hazmat SKU SKU-LIGHTER'],
    ['WH-BJ', 'no lane to south'],
  ]);
  assert.equal(why?.shipments[0]?.cost.total, 5 + 1 + 1);
});

test('given allowSplit false, when one warehouse cannot fill the order, then it ships from one and leaves the rest unfilled', async () => {
  const problem = fixture('no-split.json');
  for (const solver of solvers) {
    const p = await plan(problem, { solver, timeLimitSeconds: 1 });
    assert.deepEqual(violations(problem, p), []);
    assert.equal(new Set(lines(p, 'N1').map((l) => l.warehouse)).size, 1);
    assert.equal(p.objective, 57, 'W2 ships P×1 and Q×2 (3 + 4 kg), one P unfilled at 50');
    assert.deepEqual(p.unfilled, [{ order: 'N1', sku: 'P', qty: 1, reason: 'SPLIT_NOT_ALLOWED' }]);
  }
});

test('given orders with quotes competing for stock and capacity, when planned as a wave, then the proven optimum', async () => {
  const problem = fixture('quotes.json');
  const p = await plan(problem, { timeLimitSeconds: 2 });
  assert.deepEqual(violations(problem, p), []);
  assert.equal(p.objective, 118);
  assert.equal(p.status, 'optimal');
  assert.equal(p.bound, 118);
  assert.equal(p.gap, 0);
  assert.ok(!p.allocations.some((a) => a.lines.some((l) => l.warehouse === 'C')), 'the switched-off warehouse ships nothing');
  assert.deepEqual(p.unfilled, [{ order: 'J2', qty: 1, reason: 'CAPACITY' }]);
});

test('given two orders where the first would take the stock the second needs most, when planned, then the wave beats single mode', async () => {
  const problem = parseProblem({
    warehouses: [{ id: 'A', capacity: 1 }, { id: 'B', capacity: 1 }],
    orders: [
      { id: 'FIRST', quotes: [{ warehouse: 'A', cost: 1 }, { warehouse: 'B', cost: 2 }] },
      { id: 'SECOND', quotes: [{ warehouse: 'A', cost: 1 }, { warehouse: 'B', cost: 50 }] },
    ],
  });
  for (const solver of solvers) {
    const single = await plan(problem, { mode: 'single', solver, timeLimitSeconds: 1 });
    const wave = await plan(problem, { mode: 'wave', solver, timeLimitSeconds: 1 });
    assert.equal(single.objective, 51, solver.name);
    assert.equal(wave.objective, 3, solver.name);
    assert.equal(single.status, 'heuristic');
    assert.equal(single.bound, null);
  }
});

test('given priorities, when planned in single mode, then the higher priority order is served first', async () => {
  const problem = parseProblem({
    warehouses: [{ id: 'A', capacity: 1 }],
    orders: [
      { id: 'LOW', quotes: [{ warehouse: 'A', cost: 1 }] },
      { id: 'HIGH', priority: 5, quotes: [{ warehouse: 'A', cost: 1 }] },
    ],
  });
  const p = await plan(problem, { mode: 'single', solver: heuristicSolver(), timeLimitSeconds: 1 });
  assert.deepEqual(p.allocations.map((a) => a.order), ['HIGH']);
});
