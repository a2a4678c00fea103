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

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(STEP_MS), headers });
  return { status: res.status, body: (await res.json()) as T };
}

/** Signs in with the password `serve` printed: the session cookie header. */
async function signIn(url: string, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }), signal: AbortSignal.timeout(STEP_MS) });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = res.headers.get('set-cookie') ?? '';
  assert.match(cookie, /^sm_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict$/, 'no Secure flag over plain http, HttpOnly and SameSite=Strict always');
  return { cookie: cookie.split(';')[0] ?? '' };
}

const ADMIN_LINE = /First start: created the administrator "admin" with password (\S+)/;

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
  assert.match(first.output(), /curl -H "Authorization: Bearer \$STOCKMESH_KEY" http:\/\/127\.0\.0\.1:\d+\/api\/inventory\?sku=/);
  // First start: the administrator's password, printed once; the demo's sign-ins in the banner.
  const password = ADMIN_LINE.exec(first.output())?.[1] ?? '';
  assert.ok(password.length >= 16, first.output());
  assert.match(first.output(), /Demo sign-ins/);
  assert.match(first.output(), /sha-manager\s+demo-shanghai-2026\s+warehouse_manager \(SHA-RDC\)/);

  assert.deepEqual(await getJson(`${first.url}/healthz`), { status: 200, body: { status: 'ok' } });
  assert.deepEqual(await getJson(`${first.url}/readyz`), { status: 200, body: { status: 'ready', store: 'sqlite' } });
  assert.equal((await getJson(`${first.url}/api/inventory`)).status, 401, 'the API needs credentials');
  const admin = await signIn(first.url, 'admin', password);
  const before = await getJson<InventoryPage>(`${first.url}/api/inventory?limit=1000`, admin);
  assert.equal(before.status, 200);
  assert.ok(before.body.items.length > 0, 'the demo stock is there');
  assert.equal(await stop(first), 0);
  assert.match(first.output(), /Stockmesh hub stopped\./);

  const second = await start(dir, ['serve', ...FROZEN]);
  running.push(second);
  assert.match(second.output(), /Demo already loaded/);
  assert.doesNotMatch(second.output(), /First start|administrator/, 'the admin password is printed on the first start only');
  assert.match(second.output(), /Demo sign-ins/);
  // Sessions live in the store: the cookie of the first run still works.
  const again = await getJson<InventoryPage>(`${second.url}/api/inventory?limit=1000`, admin);
  assert.deepEqual(again.body, before.body, 'positions are identical after a restart');
  assert.equal(await stop(second), 0);
});

test('serve --no-demo --port 0 starts on an empty store', { timeout: 120_000 }, async () => {
  const r = await start(freshDir(), ['serve', '--no-demo', '--port', '0'], {});
  running.push(r);
  assert.match(r.output(), /Demo not loaded \(--no-demo\)/);
  assert.doesNotMatch(r.output(), /Demo sign-ins/, 'demo users only with the demo');
  const password = ADMIN_LINE.exec(r.output())?.[1] ?? '';
  const inv = await getJson<InventoryPage>(`${r.url}/api/inventory`, await signIn(r.url, 'admin', password));
  assert.deepEqual([inv.status, inv.body.items, inv.body.total], [200, [], 0]);
  assert.equal(await stop(r), 0);
});
