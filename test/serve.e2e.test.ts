import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STEP_MS = 30_000;

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

/** Starts `stockmesh <args>` on `dataDir` (embedded store, any free port) and waits until it printed its URL. */
async function start(dataDir: string, args: readonly string[], env: NodeJS.ProcessEnv = { STOCKMESH_PORT: '0' }): Promise<Running> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, STOCKMESH_DATA: dataDir, ...env };
  for (const k of ['DATABASE_URL', 'NATS_URL', 'STOCKMESH_HOST']) delete childEnv[k];
  if (env.STOCKMESH_PORT === undefined) delete childEnv.STOCKMESH_PORT;
  const child = spawn(process.execPath, ['bin/stockmesh.js', ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${STEP_MS} ms; output:\n${out}`)), STEP_MS);
    const check = () => {
      const m = /Stockmesh hub listening on (http:\/\/\S+) \(store: .+\)/.exec(out);
      // The start-up text ends with the Ctrl+C hint: wait for all of it.
      if (m?.[1] && out.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening; output:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

/** Sends SIGTERM and resolves with the exit code (SIGKILL and a failure after the timeout). */
function stop(r: Running): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (r.child.exitCode !== null) return resolve(r.child.exitCode);
    const timer = setTimeout(() => {
      r.child.kill('SIGKILL');
      reject(new Error(`did not stop within ${STEP_MS} ms after SIGTERM; output:\n${r.output()}`));
    }, STEP_MS);
    r.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    r.child.kill('SIGTERM');
  });
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(STEP_MS) });
  return { status: res.status, body: (await res.json()) as T };
}

interface InventoryPage {
  items: unknown[];
  total?: number;
}

const dirs: string[] = [];
const freshDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'stockmesh-serve-'));
  dirs.push(d);
  return d;
};
const running: Running[] = [];
after(async () => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// The live traffic is switched off here (--rate 0 --no-incidents) so positions can be compared
// across a restart; test/demo-live.e2e.test.ts runs the demo with its traffic and safeguards.
const FROZEN = ['--rate', '0', '--no-incidents'];

test('npm start: serves the demo on first start, stops on SIGTERM, and does not load it twice', { timeout: 180_000 }, async () => {
  const dir = freshDir();
  const first = await start(dir, ['serve', ...FROZEN]);
  running.push(first);
  assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.doesNotMatch(first.url, /:0$/, 'the real port is printed');
  assert.match(first.output(), /Demo network loaded: 8 warehouses/);
  assert.match(first.output(), /curl http:\/\/127\.0\.0\.1:\d+\/api\/inventory\?sku=/);

  assert.deepEqual(await getJson(`${first.url}/healthz`), { status: 200, body: { status: 'ok' } });
  assert.deepEqual(await getJson(`${first.url}/readyz`), { status: 200, body: { status: 'ready', store: 'sqlite' } });
  const before = await getJson<InventoryPage>(`${first.url}/api/inventory?limit=1000`);
  assert.equal(before.status, 200);
  assert.ok(before.body.items.length > 0, 'the demo stock is there');
  assert.equal(await stop(first), 0);
  assert.match(first.output(), /Stockmesh hub stopped\./);

  const second = await start(dir, ['serve', ...FROZEN]);
  running.push(second);
  assert.match(second.output(), /Demo already loaded/);
  const again = await getJson<InventoryPage>(`${second.url}/api/inventory?limit=1000`);
  assert.deepEqual(again.body, before.body, 'positions are identical after a restart');
  assert.equal(await stop(second), 0);
});

test('serve --no-demo --port 0 starts on an empty store', { timeout: 120_000 }, async () => {
  const r = await start(freshDir(), ['serve', '--no-demo', '--port', '0'], {});
  running.push(r);
  assert.match(r.output(), /Demo not loaded \(--no-demo\)/);
  const inv = await getJson<InventoryPage>(`${r.url}/api/inventory`);
  assert.deepEqual([inv.status, inv.body.items, inv.body.total], [200, [], 0]);
  assert.equal(await stop(r), 0);
});
