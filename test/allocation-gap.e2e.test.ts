import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gapToProblem, planCost, readGapInstances, violations, type Plan } from '../src/allocation/index.ts';

// The GAP proof in small: published instances through the CLI, feasible and within 1 % of the optimum.
// The time limit is generous on purpose: a test must not depend on how busy the machine is; the
// 10 s figure is the benchmark's (bench/gap.ts, bench/GAP-RESULTS.md), not this test's.
const root = new URL('..', import.meta.url).pathname;
const gapDir = join(root, '..', 'shared', 'benchmarks', 'gap');
const cases = [
  { name: 'gap12-0 (10×60)', file: 'gap12.txt', index: 0, optimum: 974, limit: 20 },
  { name: 'c05100 (5×100)', file: 'gapc.txt', index: 0, optimum: 1931, limit: 20 },
];

for (const c of cases) {
  test(`given GAP instance ${c.name}, when allocated through the CLI, then feasible and within 1 % of ${c.optimum}`, { skip: existsSync(gapDir) ? false : `${gapDir} is absent` }, () => {
    const g = readGapInstances(readFileSync(join(gapDir, c.file), 'utf8'), c.file.endsWith('.txt'))[c.index]!;
    const problem = gapToProblem(g);
    const r = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), 'allocate', '--input', '-', '--time-limit', String(c.limit), '--no-explain'], {
      input: JSON.stringify(problem),
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as Plan;
    assert.deepEqual(violations(problem, plan), []);
    assert.equal(plan.unfilled.length, 0, 'every job assigned');
    assert.ok(Math.abs(planCost(problem, plan) - plan.objective) < 1e-6);
    assert.ok(plan.objective <= c.optimum * 1.01, `objective ${plan.objective} vs optimum ${c.optimum}`);
    assert.ok(plan.bound !== null && plan.bound <= c.optimum, `bound ${plan.bound} must not exceed the optimum`);
  });
}
