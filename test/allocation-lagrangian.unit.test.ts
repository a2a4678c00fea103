import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heuristicSolver, highsSolver, parseProblem, plan, violations, type AllocationProblem } from '../src/allocation/index.ts';
import { lagrangianBound, lagrangianDual } from '../src/allocation/lagrangian-bound.ts';
import { pricedPlan } from '../src/allocation/lagrangian-plan.ts';
import { orderLowerBound } from '../src/allocation/lower-bound.ts';
import { prepare } from '../src/allocation/prepare.ts';
import { decisionCost, fullRemaining } from '../src/allocation/remaining.ts';
import { seededRng } from '../src/allocation/rng.ts';

const forever = () => 0;

/** A small seeded wave without quotes: scarce stock, tight capacities, 1–3 lines per order. */
function wave(seed: number, orders: number, W = 3, S = 3): AllocationProblem {
  const r = seededRng(seed);
  const regions = ['east', 'west'];
  return parseProblem({
    warehouses: Array.from({ length: W }, (_, i) => ({ id: `W${i}`, region: regions[i % 2], capacity: 2 + r.int(2 * orders), handlingCostPerUnit: r.int(3) / 2 })),
    skus: Array.from({ length: S }, (_, i) => ({ id: `S${i}`, weightKg: 1 + r.int(3) })),
    stock: Array.from({ length: W * S }, (_, i) => ({ warehouse: `W${Math.floor(i / S)}`, sku: `S${i % S}`, qty: r.int(6) })),
    lanes: Array.from({ length: W * 2 }, (_, i) => ({ from: `W${i >> 1}`, to: regions[i & 1], fixedCost: 2 + r.int(8), costPerKg: r.int(3), transitHours: 24 + 24 * r.int(2) })),
    orders: Array.from({ length: orders }, (_, i) => ({
      id: `O${i}`,
      destination: regions[r.int(2)],
      promiseHours: 48,
      lines: [...new Set(Array.from({ length: 1 + r.int(3) }, () => r.int(S)))].map((s) => ({ sku: `S${s}`, qty: 1 + r.int(3) })),
    })),
    policy: { allowSplit: r.int(4) > 0, splitPenalty: r.int(5), latePenaltyPerHour: 1, unfilledPenaltyPerUnit: 30 + r.int(50) },
    asOf: '2026-11-25',
  });
}

test('given an order that can only be served by two shipments, when bounded at zero prices, then the bound is both fixed costs plus the split penalty (not one fixed cost)', () => {
  const problem = parseProblem({
    warehouses: [{ id: 'A', region: 'east' }, { id: 'B', region: 'west' }],
    skus: [{ id: 'X', weightKg: 1 }, { id: 'Y', weightKg: 1 }],
    stock: [{ warehouse: 'A', sku: 'X', qty: 9 }, { warehouse: 'B', sku: 'Y', qty: 9 }],
    lanes: [{ from: 'A', to: 'east', fixedCost: 5, costPerKg: 0, transitHours: 24 }, { from: 'B', to: 'east', fixedCost: 7, costPerKg: 0, transitHours: 24 }],
    orders: [{ id: 'O', destination: 'east', promiseHours: 48, lines: [{ sku: 'X', qty: 1 }, { sku: 'Y', qty: 1 }] }],
    policy: { allowSplit: true, splitPenalty: 2, latePenaltyPerHour: 0, unfilledPenaltyPerUnit: 100 },
    asOf: '2026-11-25',
  });
  const p = prepare(problem);
  assert.equal(orderLowerBound(p, p.orders[0]!), 5);
  assert.equal(lagrangianBound(p, [0], fullRemaining(p), 14, () => 0, 1), 14);
});

test('given small waves HiGHS solves to optimality, when bounded, then the Lagrangian bound is never above the optimum and never below the per-order bound', async () => {
  let proven = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const problem = wave(seed, 3 + (seed % 4));
    const p = prepare(problem);
    const all = p.orders.map((o) => o.index);
    const best = await plan(problem, { solver: highsSolver(), timeLimitSeconds: 5, explain: false });
    const perOrder = p.orders.reduce((a, o) => a + orderLowerBound(p, o), 0);
    const bound = lagrangianBound(p, all, fullRemaining(p), best.objective, () => performance.now(), performance.now() + 2000);
    assert.ok(bound >= perOrder - 1e-6, `seed ${seed}: ${bound} < per-order ${perOrder}`);
    assert.ok(bound <= best.objective + 1e-6, `seed ${seed}: bound ${bound} above the plan's cost ${best.objective}`);
    if (best.status === 'optimal') proven++;
  }
  assert.ok(proven >= 20, `only ${proven} of 40 waves proven optimal`);
});

test('given dual prices, when a priced plan is built, then it fits every stock and capacity limit and its total is its cost', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const problem = wave(seed, 25, 4, 5);
    const p = prepare(problem);
    const all = p.orders.map((o) => o.index);
    const left = fullRemaining(p);
    const d = lagrangianDual(p, all, left, 1e6, forever, 1, undefined, 200);
    const pp = pricedPlan(p, all, left, d.prices, () => 0, 1, seed);
    const total = pp.decisions.reduce((a, dec, i) => a + decisionCost(p, p.orders[i]!, dec), 0);
    assert.ok(Math.abs(total - pp.total) < 1e-6);
    assert.ok(d.bound <= pp.total + 1e-6, `seed ${seed}: bound ${d.bound} above a feasible plan ${pp.total}`);
    const used = new Float64Array(p.W * p.S);
    const load = new Float64Array(p.W);
    pp.decisions.forEach((dec, i) =>
      dec.forEach((s) =>
        p.orders[i]!.lines.forEach((l, k) => {
          used[s.warehouse * p.S + l.sku]! += s.qty[k] ?? 0;
          load[s.warehouse]! += s.qty[k] ?? 0;
        }),
      ),
    );
    used.forEach((u, r) => assert.ok(u <= p.available[r]! + 1e-9, `seed ${seed}: stock ${r} over-used`));
    load.forEach((u, w) => assert.ok(u <= p.capacity[w]! + 1e-9, `seed ${seed}: capacity ${w} over-used`));
  }
});

test('given waves with competing orders, when planned in wave mode, then the plan breaks no rule and its bound is at most its objective', async () => {
  for (let seed = 1; seed <= 15; seed++) {
    const problem = wave(seed, 40, 4, 5);
    const out = await plan(problem, { solver: heuristicSolver(), timeLimitSeconds: 0.5, explain: false });
    assert.deepEqual(violations(problem, out), []);
    assert.ok(out.bound !== null && out.bound <= out.objective + 1e-6, `seed ${seed}: bound ${out.bound} above ${out.objective}`);
  }
});
