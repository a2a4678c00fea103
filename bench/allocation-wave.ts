/**
 * Wave allocation at scale (issue 4, section 5: "a wave of 10,000 orders × 50 warehouses in ≤ 30 s
 * with gap ≤ 1 %"): a seeded synthetic network — 50 warehouses in 10 regions (some chilled, some
 * hazmat, daily capacities), 1,000 SKUs stocked in a few warehouses each with lots and expiry, lanes
 * priced by distance — and N orders of 1–3 lines. Plans the wave and single mode, checks every rule
 * and prints objective, bound, gap and seconds.
 *
 *   node --import tsx bench/allocation-wave.ts [--orders 10000] [--warehouses 50] [--time-limit 30] [--solver highs|heuristic] [--modes single,wave]
 */
import { heuristicSolver, highsSolver, plan, violations } from '../src/allocation/index.ts';
import { syntheticWave } from './allocation-wave-network.ts';

const args = process.argv.slice(2);
const value = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const ORDERS = Number(value('--orders', '10000'));
const WAREHOUSES = Number(value('--warehouses', '50'));
const SKUS = Number(value('--skus', '1000'));
const LIMIT = Number(value('--time-limit', '30'));
const solver = value('--solver', 'highs') === 'heuristic' ? heuristicSolver() : highsSolver();

const problem = syntheticWave(ORDERS, WAREHOUSES, SKUS);
console.log(`${ORDERS} orders, ${WAREHOUSES} warehouses, ${SKUS} SKUs, ${problem.stock.length} stock rows; solver ${solver.name}, limit ${LIMIT} s`);
for (const mode of (value('--modes', 'single,wave').split(',') as ('single' | 'wave')[])) {
  const t0 = performance.now();
  const p = await plan(problem, { mode, solver, timeLimitSeconds: LIMIT, explain: false });
  const seconds = (performance.now() - t0) / 1000;
  const broken = violations(problem, p);
  const units = p.unfilled.reduce((a, u) => a + u.qty, 0);
  console.log(
    `${mode.padEnd(6)} objective ${p.objective.toFixed(1)}  bound ${p.bound?.toFixed(1) ?? '-'}  gap ${p.gap === null ? '-' : (100 * p.gap).toFixed(3) + ' %'}  status ${p.status}  ` +
      `unfilled units ${units}  violations ${broken.length}  ${seconds.toFixed(2)} s`,
  );
}
