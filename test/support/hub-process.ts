import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AuthService } from '../../src/auth/index.ts';
import { masterDataCache } from '../../src/mdm/index.ts';
import { openStore } from '../../src/store/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A `stockmesh` process under test: its URL once it listens, everything it printed. */
export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Headers with an admin API key made for this hub's store (`getJson` sends them to this hub by default). */
  readonly headers: Record<string, string>;
  output(): string;
  /** Resolves once the output matches `pattern` (rejects after `ms`). */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray>;
}

/** Admin API key headers per hub origin: `getJson` sends them to the hubs `startHub` started. */
const headersByOrigin = new Map<string, Record<string, string>>();

/** Creates an admin API key directly in the store the hub will open (before it starts). */
async function adminKey(dataDir: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const store = await openStore({ dataDir, databaseUrl: env.DATABASE_URL || undefined });
  try {
    const auth = new AuthService({ db: store.db, masterData: masterDataCache(store.db) });
    const { secret } = await auth.createKey({ label: 'e2e-admin', role: 'admin' }, 'test');
    return { authorization: `Bearer ${secret}` };
  } finally {
    await store.close();
  }
}

/**
 * Starts `node bin/stockmesh.js <args>` on the embedded store in `dataDir` (DATABASE_URL and
 * NATS_URL removed unless `env` sets them), port 0, and waits until it printed its URL and the
 * end of its start-up text. Rejects (and kills it) after `ms`. An admin API key is created in the
 * store first (`headers`), and `getJson` sends it to this hub.
 */
export async function startHub(dataDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, ms = 30_000): Promise<HubProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, STOCKMESH_DATA: dataDir, STOCKMESH_PORT: '0' };
  for (const k of ['DATABASE_URL', 'NATS_URL', 'STOCKMESH_HOST', 'STOCKMESH_CONNECTORS', 'STOCKMESH_DEMO_RATE', 'STOCKMESH_DEMO_TIMESCALE']) delete childEnv[k];
  Object.assign(childEnv, env);
  const headers = await adminKey(dataDir, childEnv);
  const child = spawn(process.execPath, ['bin/stockmesh.js', ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer): void => {
    out += b.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const waitFor = (pattern: RegExp, wait: number): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = pattern.exec(out);
        if (m) {
          cleanup();
          resolve(m);
        }
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`exited with ${code} before ${pattern}; output:\n${out}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} within ${wait} ms; output:\n${out}`));
      }, wait);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
      };
      listeners.add(check);
      child.once('exit', onExit);
      check();
    });
  try {
    const m = await waitFor(/Stockmesh hub listening on (http:\/\/\S+) \(/, ms);
    await waitFor(/Press Ctrl\+C to stop\./, ms);
    const url = m[1] ?? '';
    headersByOrigin.set(new URL(url).origin, headers);
    return { child, url, headers, output: () => out, waitFor };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** SIGTERM, then the exit code (SIGKILL and a failure after `ms`). */
export function stopHub(h: HubProcess, ms = 30_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (h.child.exitCode !== null || h.child.signalCode !== null) return resolve(h.child.exitCode);
    const timer = setTimeout(() => {
      h.child.kill('SIGKILL');
      reject(new Error(`did not stop within ${ms} ms after SIGTERM; output:\n${h.output()}`));
    }, ms);
    h.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    h.child.kill('SIGTERM');
  });
}

/** SIGKILL: no shutdown at all, as a crash or an OOM kill. Resolves once the process is gone. */
export function killHub(h: HubProcess): Promise<void> {
  return new Promise((resolve) => {
    if (h.child.exitCode !== null || h.child.signalCode !== null) return resolve();
    h.child.once('exit', () => resolve());
    h.child.kill('SIGKILL');
  });
}

/** Runs `node bin/stockmesh.js <args>` to completion; its exit code and output. */
export function runCli(dataDir: string, args: readonly string[], ms = 30_000): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, STOCKMESH_DATA: dataDir };
  for (const k of ['DATABASE_URL', 'NATS_URL']) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/stockmesh.js', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stockmesh ${args.join(' ')} did not finish within ${ms} ms`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** GET `url` as JSON; to a hub `startHub` started, with its admin key unless `headers` are given. */
export async function getJson<T>(url: string, ms = 10_000, headers?: Record<string, string>): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(ms), headers: headers ?? headersByOrigin.get(new URL(url).origin) ?? {} });
  return { status: res.status, body: (await res.json()) as T };
}

/** Polls `check` every 50 ms until it is true; throws after `ms` naming `what`. */
export async function until(ms: number, what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Writes master data into the embedded store of `dataDir` (before a hub process starts on it). */
export async function seedDataDir(dataDir: string, md: import('../../src/domain/index.ts').MasterData): Promise<void> {
  const { openHub, configFromEnv } = await import('../../src/hub/index.ts');
  const { saveMasterData } = await import('../../src/mdm/index.ts');
  const hub = await openHub({ ...configFromEnv({}), dataDir, databaseUrl: undefined, natsUrl: undefined });
  try {
    await hub.store.db.transaction().execute((tx) => saveMasterData(tx, md));
  } finally {
    await hub.close();
  }
}
