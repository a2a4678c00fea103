/**
 * Where the wave gap comes from (issue 4): on waves small enough for HiGHS to solve the LP relaxation
 * of the whole wave as one model, prints the plan's cost, the LP bound, the per-order bound
 * (λ = 0) and the Lagrangian bound, and the share of each in the plan's cost.
 *
 *   node --import tsx bench/allocation-wave-diagnose.ts [--orders 500,1000] [--time-limit 10] [--lp-limit 120]
 */
import { plan, highsSolver } from '../src/allocation/index.ts';
import { prepare } from '../src/allocation/prepare.ts';
import { fullRemaining } from '../src/allocation/remaining.ts';
import { buildMip } from '../src/allocation/mip-model.ts';
import { highsRuntime, withUnrefTimers } from '../src/allocation/highs-runtime.ts';
import { lagrangianBound } from '../src/allocation/lagrangian-bound.ts';
import { orderLowerBound } from '../src/allocation/lower-bound.ts';
import { components } from '../src/allocation/components.ts';
import { syntheticWave } from './allocation-wave-network.ts';

const args = process.argv.slice(2);
const value = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const sizes = value('--orders', '500,1000').split(',').map(Number);
const LIMIT = Number(value('--time-limit', '10'));
const LP_LIMIT = Number(value('--lp-limit', '120'));
const highs = await highsRuntime();
const pct = (a: number, b: number) => ((100 * (a - b)) / a).toFixed(2) + ' %';
for (const n of sizes) {
  const problem = syntheticWave(n, 50, Math.max(50, n / 10));
  const p = prepare(problem);
  const left = fullRemaining(p);
  const all = p.orders.map((o) => o.index);
  const comps = components(p, all, left);
  const big = comps.reduce((m, c) => Math.max(m, c.orders.length), 0);
  const t0 = performance.now();
  const pl = await plan(problem, { mode: 'wave', solver: highsSolver(), timeLimitSeconds: LIMIT, explain: false });
  const tPlan = (performance.now() - t0) / 1000;
  const perOrder = p.orders.reduce((a, o) => a + orderLowerBound(p, o), 0);
  const t1 = performance.now();
  const lag = lagrangianBound(p, all, left, pl.objective, () => performance.now(), performance.now() + 1000 * LIMIT);
  const tLag = (performance.now() - t1) / 1000;
  const m = buildMip({ prepared: p, orders: all, remaining: left, pureAssignment: false }, false, 10_000_000);
  let lp = Number.NaN;
  let tLp = 0;
  if (m) {
    const t2 = performance.now();
    const model = highs.createModel(m.data);
    model.options.set({ output_flag: false, time_limit: LP_LIMIT });
    withUnrefTimers(() => model.run());
    if (model.getModelStatus() === highs.constants.modelStatus.optimal) lp = model.getObjectiveValue();
    model.dispose();
    tLp = (performance.now() - t2) / 1000;
  }
  const unfilled = pl.unfilled.reduce((a, u) => a + u.qty, 0);
  console.log(
    `${n} orders: components ${comps.length} (largest ${big}); plan ${pl.objective.toFixed(1)} (${tPlan.toFixed(1)} s, reported bound ${pl.bound?.toFixed(1)}, unfilled units ${unfilled})\n` +
      `  LP ${lp.toFixed(1)} (${tLp.toFixed(1)} s, ${m?.columns} columns)  plan vs LP ${pct(pl.objective, lp)}\n` +
      `  per-order bound ${perOrder.toFixed(1)}  plan vs it ${pct(pl.objective, perOrder)}\n` +
      `  Lagrangian ${lag.toFixed(1)} (${tLag.toFixed(1)} s)  plan vs it ${pct(pl.objective, lag)}  LP vs it ${pct(lp, lag)}`,
  );
}
