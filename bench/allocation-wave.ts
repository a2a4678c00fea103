/**
 * Wave allocation at scale (issue 4, section 5: "a wave of 10,000 orders × 50 warehouses in ≤ 30 s
 * with gap ≤ 1 %"): a seeded synthetic network — 50 warehouses in 10 regions (some chilled, some
 * hazmat, daily capacities), 1,000 SKUs stocked in a few warehouses each with lots and expiry, lanes
 * priced by distance — and N orders of 1–3 lines. Plans the wave (and single mode unless left out)
 * `--runs` times, checks every rule and prints objective, bound, proven gap, seconds and the machine's
 * load per run, then the medians. `--write` puts the table into bench/RESULTS.md's wave section
 * (replacing an earlier one; `npm run bench` rewrites RESULTS.md without it, so run this after).
 *
 *   node --import tsx bench/allocation-wave.ts [--orders 10000] [--warehouses 50] [--time-limit 30] [--solver highs|heuristic] [--modes single,wave] [--runs 3] [--write]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const RUNS = Number(value('--runs', '1'));
const solver = value('--solver', 'highs') === 'heuristic' ? heuristicSolver() : highsSolver();

interface Run {
  readonly objective: number;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly unfilled: number;
  readonly violations: number;
  readonly load: number;
}

const problem = syntheticWave(ORDERS, WAREHOUSES, SKUS);
console.log(`${ORDERS} orders, ${WAREHOUSES} warehouses, ${SKUS} SKUs, ${problem.stock.length} stock rows; solver ${solver.name}, limit ${LIMIT} s`);
const byMode = new Map<string, Run[]>();
const modes = value('--modes', 'single,wave').split(',') as ('single' | 'wave')[];
for (let k = 0; k < RUNS; k++) {
  for (const mode of modes) {
    const t0 = performance.now();
    const p = await plan(problem, { mode, solver, timeLimitSeconds: LIMIT, explain: false });
    const seconds = (performance.now() - t0) / 1000;
    const r: Run = { objective: p.objective, bound: p.bound, gap: p.gap, seconds, unfilled: p.unfilled.reduce((a, u) => a + u.qty, 0), violations: violations(problem, p).length, load: loadavg()[0] as number };
    byMode.set(mode, [...(byMode.get(mode) ?? []), r]);
    console.log(
      `${mode.padEnd(6)} objective ${r.objective.toFixed(1)}  bound ${r.bound?.toFixed(1) ?? '-'}  gap ${r.gap === null ? '-' : (100 * r.gap).toFixed(3) + ' %'}  status ${p.status}  ` +
        `unfilled units ${r.unfilled}  violations ${r.violations}  ${seconds.toFixed(2)} s  load ${r.load.toFixed(1)}`,
    );
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const rows: string[] = [];
for (const [mode, rs] of byMode) {
  const gaps = rs.map((r) => r.gap ?? Number.NaN);
  const met = mode === 'wave' ? (median(gaps) <= 0.01 && median(rs.map((r) => r.seconds)) <= 30 ? '**met**' : '**missed**') : '–';
  rows.push(
    `| ${mode} | ${median(rs.map((r) => r.objective)).toFixed(1)} | ${mode === 'wave' ? median(rs.map((r) => r.bound ?? Number.NaN)).toFixed(1) : '–'} | ${mode === 'wave' ? (100 * median(gaps)).toFixed(3) + ' %' : '–'} | ${median(rs.map((r) => r.seconds)).toFixed(1)} | ${rs.reduce((a, r) => a + r.violations, 0)} | ` +
      `${rs.map((r) => (mode === 'wave' ? `${(100 * (r.gap ?? Number.NaN)).toFixed(2)} % / ${r.seconds.toFixed(1)} s @ ${r.load.toFixed(1)}` : `${r.objective.toFixed(0)} / ${r.seconds.toFixed(1)} s`)).join('; ')} | ${mode === 'wave' ? 'gap ≤ 1 % in ≤ 30 s: ' + met : '–'} |`,
  );
}
const section =
  `## Wave allocation (bench/allocation-wave.ts)\n\n` +
  `Run ${new Date().toISOString()} on ${cpus().length} cores, Node ${process.version}: ${ORDERS} orders × ${WAREHOUSES} warehouses, ${SKUS} SKUs, ` +
  `solver ${solver.name}, time limit ${LIMIT} s; medians of ${RUNS} runs in one process; "gap" is the proven gap (objective − bound) / objective; ` +
  `per run: gap / seconds @ 1-minute load average (2 cores, shared machine).\n\n` +
  `| mode | objective | bound | proven gap | seconds | violations | per run | target |\n|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
console.log(`\n${section}`);
if (args.includes('--write')) {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = text.indexOf('## Wave allocation (bench/allocation-wave.ts)');
  const rest = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
  const next = start < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start)}${section}${rest < 0 ? '' : text.slice(rest)}`;
  writeFileSync(file, next);
  console.log(`written ${file}`);
}
