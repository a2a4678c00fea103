/**
 * The GAP proof (issue 4, section 5): every C, D and E instance in ../shared/benchmarks/gap with at
 * most 20 agents × 200 jobs, mapped as docs/allocation-format.md says, planned in wave mode; each plan
 * must keep every rule (`violations`), report its own cost as objective, be within 1 % of the
 * published optimum and take at most 10 s. Prints a table and writes bench/GAP-RESULTS.md.
 *
 *   node --import tsx bench/gap.ts [--time-limit 8] [--filter d20] [--cli] [--solver highs|heuristic] [--no-write]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gapToProblem, heuristicSolver, highsSolver, plan, planCost, readGapInstances, violations, type Plan } from '../src/allocation/index.ts';
import { GAP_TARGETS } from './gap-optima.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, '..', 'shared', 'benchmarks', 'gap');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const timeLimit = Number(value('--time-limit', '8'));
const filter = value('--filter', '');
const solverName = value('--solver', 'highs');
const viaCli = flag('--cli');

if (!existsSync(dir)) {
  console.log(`skipped: ${dir} is absent`);
  process.exit(0);
}

interface Row {
  readonly name: string;
  readonly size: string;
  readonly optimum: number;
  readonly ours: number;
  readonly gapPct: number;
  readonly bound: number | null;
  readonly status: string;
  readonly seconds: number;
  readonly ok: boolean;
  readonly note: string;
}

const rows: Row[] = [];
const cache = new Map<string, ReturnType<typeof readGapInstances>>();
const header = ['instance', 'm×n', 'optimum', 'ours', 'gap %', 'bound', 'status', 'seconds', 'ok'];
console.log(header.join('\t'));
for (const t of GAP_TARGETS) {
  if (filter && !t.name.includes(filter)) continue;
  if (!cache.has(t.file)) cache.set(t.file, readGapInstances(readFileSync(join(dir, t.file), 'utf8'), t.file.endsWith('.txt')));
  const g = cache.get(t.file)![t.index]!;
  const problem = gapToProblem(g);
  const started = performance.now();
  let result: Plan;
  if (viaCli) {
    const r = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), 'allocate', '--input', '-', '--time-limit', String(timeLimit), '--solver', solverName, '--no-explain'], {
      input: JSON.stringify(problem),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) throw new Error(`${t.name}: exit ${r.status}: ${r.stderr}`);
    result = JSON.parse(r.stdout) as Plan;
  } else {
    result = await plan(problem, { timeLimitSeconds: timeLimit, solver: solverName === 'heuristic' ? heuristicSolver() : highsSolver(), explain: false });
  }
  const seconds = (performance.now() - started) / 1000;
  const broken = violations(problem, result);
  const cost = planCost(problem, result);
  const gapPct = (100 * (result.objective - t.optimum)) / t.optimum;
  const strict = (100 * (result.objective - (t.lower ?? t.optimum))) / (t.lower ?? t.optimum);
  const ok = broken.length === 0 && Math.abs(cost - result.objective) < 1e-6 && strict <= 1 + 1e-9 && seconds <= 10;
  const note = broken.length > 0 ? `${broken.length} violations: ${broken[0]!.message}` : '';
  const row: Row = { name: t.name, size: `${g.m}×${g.n}`, optimum: t.optimum, ours: result.objective, gapPct, bound: result.bound, status: result.status, seconds, ok, note };
  rows.push(row);
  console.log([row.name, row.size, row.optimum, row.ours, row.gapPct.toFixed(3), row.bound ?? '', row.status, row.seconds.toFixed(2), row.ok ? 'yes' : `NO ${note}`].join('\t'));
}

const passed = rows.filter((r) => r.ok).length;
const worst = rows.reduce((m, r) => Math.max(m, r.gapPct), 0);
const mean = rows.reduce((a, r) => a + r.gapPct, 0) / Math.max(1, rows.length);
const slowest = rows.reduce((m, r) => Math.max(m, r.seconds), 0);
const summary = `${passed}/${rows.length} within 1 % and 10 s; mean gap ${mean.toFixed(3)} %, worst ${worst.toFixed(3)} %, slowest ${slowest.toFixed(2)} s`;
console.log(summary);

if (!flag('--no-write') && !filter) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const md = [
    '# GAP benchmark results (issue 4, section 5)',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version};`,
    `load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (the machine is shared).`,
    `Command: \`node --import tsx bench/gap.ts${args.length ? ' ' + args.join(' ') : ''}\` — wave mode, solver ${solverName}, time limit ${timeLimit} s per instance,`,
    viaCli ? 'each through `stockmesh allocate --input -` (seconds include starting the process).' : 'in process through `plan()` (seconds are the wall time of `plan()`; the CLI adds about 1 s of start-up).',
    '',
    'Mapping as docs/allocation-format.md says (agent i → warehouse W{i}, job j → order J{j} quoting every agent).',
    'Optimum = the README\'s "use as target" (d20200: best known 12238, lower bound 12235; the pass check uses 12235).',
    '"bound" is the plan\'s proven lower bound (LP relaxation, or HiGHS\'s MIP dual bound); "ok" = no violated rule,',
    'objective equal to planCost, gap ≤ 1 % and ≤ 10 s.',
    '',
    `**${summary}.**`,
    '',
    '| instance | m×n | optimum | ours | gap % | bound | status | seconds | ok |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.size} | ${r.optimum} | ${r.ours} | ${r.gapPct.toFixed(3)} | ${r.bound ?? ''} | ${r.status} | ${r.seconds.toFixed(2)} | ${r.ok ? 'yes' : 'NO ' + r.note} |`),
    '',
  ].join('\n');
  writeFileSync(join(root, 'bench', 'GAP-RESULTS.md'), md);
  console.log('written bench/GAP-RESULTS.md');
}
