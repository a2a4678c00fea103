import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { heuristicSolver, highsSolver, parseProblem, plan, planCost, violations, type AllocationProblem, type Solver } from '../src/allocation/index.ts';

// Random small problems in the contract's format: storage classes, hazmat, lots with expiry around
// asOf, lanes to two regions, orders with and without quotes, capacities, split allowed or not.
const day = (offset: number) => new Date(Date.UTC(2026, 10, 25) + offset * 86_400_000).toISOString().slice(0, 10);

const problemArb = fc
  .record({
    warehouses: fc.array(
      fc.record({
        storage: fc.constantFrom(['ambient'], ['ambient'], ['ambient', 'chilled'], ['chilled']),
        hazmat: fc.boolean(),
        capacity: fc.option(fc.integer({ min: 2, max: 20 }), { nil: undefined }),
        handling: fc.integer({ min: 0, max: 4 }).map((x) => x / 2),
        enabled: fc.boolean().map((b) => b || Math.random() < 0.8),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    skus: fc.array(
      fc.record({
        weightKg: fc.integer({ min: 0, max: 6 }).map((x) => x / 2),
        storage: fc.constantFrom('ambient', 'ambient', 'chilled'),
        hazmat: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
        shelf: fc.integer({ min: 0, max: 20 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    // one optional stock row (or two lots) per warehouse × SKU, one optional lane per warehouse × region
    stock: fc.array(
      fc.option(
        fc.array(fc.record({ qty: fc.integer({ min: 0, max: 10 }), lot: fc.option(fc.constantFrom('L1', 'L2'), { nil: undefined }), expiry: fc.option(fc.integer({ min: -5, max: 60 }), { nil: undefined }) }), { minLength: 1, maxLength: 2 }),
        { nil: undefined, freq: 4 },
      ),
      { minLength: 12, maxLength: 12 },
    ),
    lanes: fc.array(
      fc.option(fc.record({ fixedCost: fc.integer({ min: 0, max: 10 }), costPerKg: fc.integer({ min: 0, max: 3 }), transitHours: fc.integer({ min: 0, max: 48 }) }), { nil: undefined, freq: 4 }),
      { minLength: 8, maxLength: 8 },
    ),
    orders: fc.array(
      fc.record({
        quoted: fc.boolean(),
        region: fc.constantFrom('north', 'south'),
        promise: fc.option(fc.integer({ min: 24, max: 72 }), { nil: undefined }),
        lines: fc.array(fc.record({ s: fc.nat(), qty: fc.integer({ min: 1, max: 4 }) }), { maxLength: 3 }),
        quotes: fc.array(fc.record({ w: fc.nat(), cost: fc.integer({ min: 0, max: 30 }), load: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 4 }),
        priority: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    policy: fc.record({ allowSplit: fc.boolean(), splitPenalty: fc.integer({ min: 0, max: 6 }), latePenaltyPerHour: fc.integer({ min: 0, max: 1 }), unfilledPenaltyPerUnit: fc.integer({ min: 10, max: 200 }) }),
  })
  .map((r): AllocationProblem => {
    const W = r.warehouses.length;
    const S = r.skus.length;
    const regions = ['north', 'south'];
    const lanes = r.lanes.flatMap((l, i) => (l && i < 2 * W ? [{ from: `W${i >> 1}`, to: regions[i & 1] as string, ...l }] : []));
    const stock = r.stock.flatMap((rows, i) => {
      const w = i % 4;
      const s = Math.floor(i / 4);
      if (!rows || w >= W || s >= S) return [];
      const lots = new Map(rows.map((x) => [x.lot ?? '', x]));
      return [...lots.values()].map((x) => ({ warehouse: `W${w}`, sku: `S${s}`, qty: x.qty, ...(x.lot ? { lot: x.lot } : {}), ...(x.expiry !== undefined ? { expiry: day(x.expiry) } : {}) }));
    });
    return parseProblem({
      warehouses: r.warehouses.map((w, i) => ({ id: `W${i}`, storage: w.storage, hazmat: w.hazmat, ...(w.capacity !== undefined ? { capacity: w.capacity } : {}), handlingCostPerUnit: w.handling, enabled: w.enabled })),
      skus: r.skus.map((s, i) => ({ id: `S${i}`, weightKg: s.weightKg, storage: s.storage, hazmat: s.hazmat, minShelfLifeDays: s.shelf })),
      stock,
      lanes,
      orders: r.orders.map((o, i) => {
        const lines = o.quoted ? o.lines.slice(0, 1) : o.lines.length > 0 ? o.lines : [{ s: 0, qty: 1 }];
        const quotes = [...new Map(o.quotes.map((q) => [q.w % W, q])).values()].map((q) => ({ warehouse: `W${q.w % W}`, cost: q.cost, load: q.load }));
        return {
          id: `O${i}`,
          destination: o.region,
          ...(o.promise !== undefined ? { promiseHours: o.promise } : {}),
          lines: lines.map((l) => ({ sku: `S${l.s % S}`, qty: l.qty })),
          ...(o.quoted ? { quotes } : {}),
          priority: o.priority,
        };
      }),
      policy: r.policy,
      asOf: '2026-11-25',
    });
  });

const solvers: Solver[] = [heuristicSolver(), highsSolver()];

test('property: in both modes with both solvers, a plan breaks no rule and its objective is its cost', async () => {
  await fc.assert(
    fc.asyncProperty(problemArb, async (problem) => {
      for (const solver of solvers) {
        for (const mode of ['single', 'wave'] as const) {
          const p = await plan(problem, { mode, solver, timeLimitSeconds: 0.3, explain: false });
          assert.deepEqual(violations(problem, p), [], `${mode}/${solver.name}`);
          assert.ok(Math.abs(planCost(problem, p) - p.objective) <= 1e-6, `${mode}/${solver.name}: objective ${p.objective} vs cost ${planCost(problem, p)}`);
        }
      }
    }),
    { numRuns: Number(process.env.ALLOC_PROP_RUNS ?? 40), seed: Number(process.env.ALLOC_PROP_SEED ?? 20261125) },
  );
});

test('property: on tiny problems the wave costs no more than single mode and no less than its proven bound', async () => {
  await fc.assert(
    fc.asyncProperty(problemArb, async (problem) => {
      for (const solver of solvers) {
        const single = await plan(problem, { mode: 'single', solver, timeLimitSeconds: 0.3, explain: false });
        const wave = await plan(problem, { mode: 'wave', solver, timeLimitSeconds: 0.3, explain: false });
        assert.ok(wave.objective <= single.objective + 1e-6, `${solver.name}: wave ${wave.objective} > single ${single.objective}`);
        if (wave.bound !== null) assert.ok(wave.bound <= wave.objective + 1e-6, `${solver.name}: bound ${wave.bound} > objective ${wave.objective}`);
        if (wave.status === 'optimal') assert.ok(wave.bound !== null && wave.objective - wave.bound <= 1e-5 * Math.max(1, wave.objective));
      }
    }),
    { numRuns: Number(process.env.ALLOC_PROP_RUNS ?? 40), seed: Number(process.env.ALLOC_PROP_SEED ?? 7) },
  );
});

test('property: the proven bound never exceeds the true optimum (checked against the HiGHS optimum of tiny pure-assignment waves)', async () => {
  await fc.assert(
    fc.asyncProperty(problemArb, async (problem) => {
      const exact = await plan(problem, { mode: 'wave', solver: highsSolver(), timeLimitSeconds: 2, explain: false });
      const quick = await plan(problem, { mode: 'wave', solver: heuristicSolver(), timeLimitSeconds: 0.2, explain: false });
      if (exact.status === 'optimal') assert.ok((quick.bound ?? Number.NEGATIVE_INFINITY) <= exact.objective + 1e-6, 'a heuristic plan may be worse, never its bound');
    }),
    { numRuns: 20, seed: 11 },
  );
});
