import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseProblem, planCost, violations, type Plan } from '../src/allocation/index.ts';
import { main } from '../src/cli/main.ts';

// `stockmesh allocate` as a user (or an outside checker) runs it.
const root = new URL('..', import.meta.url).pathname;
const fx = (f: string) => join(root, 'test/fixtures/allocation', f);

function allocate(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), 'allocate', ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The same command in process (no start-up cost): exit code, stdout and stderr lines. */
async function allocateInProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), progress: () => undefined, progressDone: () => undefined };
  const code = await main(['allocate', ...args], output);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function checked(file: string, r: { code: number; out: string; err: string }): Plan {
  assert.equal(r.code, 0, r.err);
  const plan = JSON.parse(r.out) as Plan;
  const problem = parseProblem(JSON.parse(readFileSync(fx(file), 'utf8')));
  assert.deepEqual(violations(problem, plan), []);
  assert.ok(Math.abs(planCost(problem, plan) - plan.objective) < 1e-6);
  return plan;
}

describe('stockmesh allocate', () => {
  test('given a valid problem, when the stockmesh binary allocates it, then exactly one plan JSON keeping every rule, exit 0', () => {
    const r = allocate(['--input', fx('network.json'), '--time-limit', '2']);
    const plan = checked('network.json', r);
    assert.equal(r.out.trim().split('\n').length, 1, 'one JSON document on one line');
    assert.deepEqual(Object.keys(plan).slice(0, 7), ['status', 'objective', 'bound', 'gap', 'allocations', 'unfilled', 'seconds']);
    assert.ok(plan.seconds >= 0 && plan.seconds < 5);
    assert.equal(r.err, '');
  });

  test('given the fixtures, when allocated in wave and single mode, then every plan keeps every rule', async () => {
    for (const file of ['network.json', 'quotes.json', 'no-split.json']) {
      for (const mode of ['wave', 'single']) {
        const r = await allocateInProcess(['--input', fx(file), '--mode', mode, '--time-limit', '1']);
        const plan = checked(file, r);
        assert.equal(plan.mode, mode);
        assert.ok(Array.isArray(plan.explanations), 'explanations by default');
      }
    }
    const bare = checked('quotes.json', await allocateInProcess(['--input', fx('quotes.json'), '--no-explain', '--solver', 'heuristic']));
    assert.equal(bare.explanations, undefined);
    assert.equal(bare.solver, 'heuristic');
  });

  test('given the problem on stdin (--input -), when allocated, then the same plan as from the file', () => {
    const text = readFileSync(fx('quotes.json'), 'utf8');
    const plan = checked('quotes.json', allocate(['--input', '-', '--time-limit', '5'], text));
    assert.equal(plan.objective, 118);
    assert.equal(plan.status, 'optimal');
  });

  test('given a zero quantity, when allocated, then exit 2 naming orders[3].lines[0].qty and nothing on stdout', () => {
    const r = allocate(['--input', fx('malformed-qty.json')]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /orders\[3\]\.lines\[0\]\.qty: must be a positive integer/);
  });

  test('given bad fields and dangling references, when allocated, then exit 2 naming each field', async () => {
    const r = await allocateInProcess(['--input', fx('malformed-references.json')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /warehouses\[0\]\.capacity: must be a number >= 0/);
    assert.match(r.err, /stock\[0\]\.expiry: must be a date YYYY-MM-DD/);
  });

  test('given broken JSON, a missing file or a bad option, when allocated, then exit 2 with the reason', async () => {
    const json = await allocateInProcess(['--input', fx('malformed-json.json')]);
    assert.equal(json.code, 2);
    assert.match(json.err, /not valid JSON/);
    const missing = await allocateInProcess(['--input', fx('does-not-exist.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read/);
    const mode = await allocateInProcess(['--input', fx('quotes.json'), '--mode', 'batch']);
    assert.equal(mode.code, 2);
    assert.match(mode.err, /--mode must be single or wave/);
    const limit = await allocateInProcess(['--input', fx('quotes.json'), '--time-limit', 'soon']);
    assert.equal(limit.code, 2);
    const none = await allocateInProcess([]);
    assert.equal(none.code, 2, 'a missing --input is a command-line error');
    for (const r of [json, missing, mode, limit]) assert.equal(r.out, '');
  });
});
