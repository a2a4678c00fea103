/**
 * Runs every benchmark, each in its own child process (clean memory figures, no JIT or cache
 * carried over), prints one table and writes bench/RESULTS.md. BENCH_QUICK=1 for a smaller run;
 * DATABASE_URL to include PostgreSQL; BENCH_ONLY=ingest,atp to run some only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quick, RUNS } from './lib/config.ts';
import { explanations } from './lib/explain.ts';
import { machineInfo } from './lib/machine.ts';
import { type BenchResult, fmt, met } from './lib/result.ts';
import { readIfExists, resultsMarkdown, withKeptSections } from './lib/results-md.ts';
import { stopwatch } from './lib/timer.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ALL = ['baselines', 'phases', 'ingest', 'atp', 'rebuild', 'memory'];
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const benches = only ? ALL.filter((b) => only.includes(b)) : ALL;

function runChild(bench: string, jsonFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, `${bench}.ts`)], {
      env: { ...process.env, BENCH_JSON: jsonFile },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const sw = stopwatch();
const machine = machineInfo();
process.stderr.write(`Stockmesh benchmarks — ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}${quick ? ' (quick)' : ''}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'stockmesh-bench-json-'));
const results: BenchResult[] = [];
const failures: { bench: string; error: string }[] = [];
/** 1-minute load average sampled every 5 s while each benchmark ran: how busy the shared machine was. */
const load = new Map<string, number[]>();
try {
  for (const bench of benches) {
    const file = join(tmp, `${bench}.json`);
    const t = stopwatch();
    const loads: number[] = [];
    const sampler = setInterval(() => loads.push(loadavg()[0] ?? 0), 5000);
    const code = await runChild(bench, file).finally(() => clearInterval(sampler));
    load.set(bench, loads.length > 0 ? loads : [loadavg()[0] ?? 0]);
    if (code !== 0) {
      failures.push({ bench, error: `exited with code ${code}` });
      continue;
    }
    results.push(JSON.parse(readFileSync(file, 'utf8')) as BenchResult);
    process.stderr.write(`(${bench} took ${(t.ms() / 1000).toFixed(0)} s)\n`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const seconds = sw.ms() / 1000;
const lines = ['', `== summary (${(seconds / 60).toFixed(1)} min)`];
for (const r of results) {
  if (r.bench === 'baselines' || r.bench === 'phases') continue;
  for (const m of r.metrics) {
    const ok = met(m);
    lines.push(
      `${r.bench.padEnd(8)} ${m.store.padEnd(9)} ${m.name.padEnd(28)} ${fmt(m.median, m.median < 10 ? 3 : 0).padStart(10)} ${m.unit.padEnd(10)}` +
        `${m.p99 !== undefined ? ` p99 ${fmt(m.p99, 3)} ms` : ''}` +
        `${m.target ? `  target ${m.targetOn === 'p99' ? 'p99 ' : ''}${m.target.op} ${fmt(m.target.value)}: ${ok ? 'met' : 'MISSED'}` : ''}` +
        `${m.baseline ? `  raw ${fmt(m.baseline.median, m.baseline.median < 10 ? 3 : 0)}, ratio ${fmt(m.median / m.baseline.median, 2)}` : ''}`,
    );
  }
}
for (const f of failures) lines.push(`${f.bench}: FAILED (${f.error})`);
const out = join(here, 'RESULTS.md');
writeFileSync(
  out,
  withKeptSections(readIfExists(out), resultsMarkdown({
    machine,
    quick,
    runs: RUNS,
    databaseUrl: Boolean(process.env.DATABASE_URL),
    seconds,
    results,
    failures,
    load,
    explanations: explanations(results, load),
  })),
);
lines.push(`written ${out}`);
process.stdout.write(lines.join('\n') + '\n');
process.exit(failures.length > 0 ? 1 : 0);
