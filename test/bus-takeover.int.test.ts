import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Delivered, EmbeddedBus } from '../src/bus/index.ts';
import { ownerIsGone } from '../src/bus/owner-id.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { PG_SKIP } from './support/stores.ts';

/**
 * Restart takeover: a hub killed with SIGKILL while holding the durable ledger consumer's claim,
 * with the real ackWait of 30 s. The restarted process must resume within seconds — the claim of
 * a dead process is taken over (SQLite: its pid is gone; PostgreSQL: its session advisory lock
 * went with its connection), not waited out — while a live holder is never taken over.
 */
const ACK_WAIT = 30_000;

/** Holds the durable `ledger` (ackWait 30 s); prints `holding <ids>` when a batch is in hand, which it never finishes. */
const CHILD = (hubUrl: string, busUrl: string): string => `
import { configFromEnv, openHub } from ${JSON.stringify(hubUrl)};
import { EmbeddedBus } from ${JSON.stringify(busUrl)};
const [dir, databaseUrl, schema] = process.argv.slice(2);
const hub = databaseUrl === '-'
  ? await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined }, { sqliteFile: 'hub.db' })
  : await openHub({ ...configFromEnv({}), databaseUrl }, { pgSchema: schema });
const bus = new EmbeddedBus(hub.store, { pollInterval: 20 });
await bus.consume('ledger', 'stockmesh.inventory.>', async (batch) => {
  process.stdout.write('holding ' + batch.map((d) => d.id).join(',') + '\\n');
  await new Promise(() => undefined);
}, { maxBatch: 10, ackWait: ${ACK_WAIT} });
process.stdout.write('started\\n');
`;

interface Child {
  readonly child: ChildProcess;
  /** Resolves with the first line starting with `prefix`. */
  line(prefix: string): Promise<string>;
}

function startChild(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: { prefix: string; resolve: (l: string) => void }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    lines.push(l);
    for (const w of [...waiting]) if (l.startsWith(w.prefix)) w.resolve(l);
  });
  return {
    child,
    line: (prefix) =>
      new Promise((ok, fail) => {
        const seen = lines.find((l) => l.startsWith(prefix));
        if (seen) return ok(seen);
        const timer = setTimeout(() => fail(new Error(`the child printed no "${prefix}" line in 60 s`)), 60_000);
        waiting.push({ prefix, resolve: (l) => (clearTimeout(timer), ok(l)) });
        child.once('exit', (code) => fail(new Error(`the child exited (${code}) before printing "${prefix}"`)));
      }),
  };
}

const killed = (c: ChildProcess): Promise<void> =>
  new Promise((ok) => {
    if (c.exitCode !== null || c.signalCode !== null) return ok();
    c.once('exit', () => ok());
    c.kill('SIGKILL');
  });

async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const msg = (id: string) => ({ id, key: 'WH-SH|T-100', payload: id });

interface Target {
  readonly name: string;
  readonly skip: string | false;
  open(dir: string): Promise<{ hub: Hub; args: string[]; drop(): Promise<void> }>;
}

const url = process.env.DATABASE_URL;
const targets: Target[] = [
  {
    name: 'sqlite file',
    skip: false,
    async open(dir) {
      const hub = await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined }, { sqliteFile: 'hub.db' });
      return { hub, args: [dir, '-', '-'], drop: async () => undefined };
    },
  },
  {
    name: 'postgres',
    skip: url ? false : PG_SKIP,
    async open(dir) {
      const schema = `t_takeover_${process.pid}_${Date.now() % 100000}`;
      const hub = await openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema });
      return { hub, args: [dir, url as string, schema], drop: () => hub.store.db.schema.dropSchema(schema).ifExists().cascade().execute().then(() => undefined) };
    },
  },
];

for (const target of targets) {
  describe(`bus restart takeover [${target.name}]`, { skip: target.skip }, () => {
    const cleanup: (() => Promise<void> | void)[] = [];
    after(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    test('a consumer killed -9 with a batch in hand is taken over in seconds, not after its 30 s ackWait; a live one never', { timeout: 120_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stockmesh-takeover-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const script = join(dir, 'child.mts');
      writeFileSync(script, CHILD(pathToFileURL(resolve('src/hub/index.ts')).href, pathToFileURL(resolve('src/bus/index.ts')).href));
      const { hub, args, drop } = await target.open(dir);
      cleanup.push(async () => {
        await drop();
        await hub.close();
      });
      const bus = new EmbeddedBus(hub.store, { pollInterval: 20 });
      cleanup.push(() => bus.close());
      await bus.publish('stockmesh.inventory.WH-SH', [msg('e1'), msg('e2'), msg('e3')]);

      const child = startChild(script, args);
      cleanup.push(() => killed(child.child));
      assert.equal(await child.line('holding'), 'holding e1,e2,e3');

      // A live holder keeps the durable: a second instance stands by, well past the claim's length.
      const got: Delivered[] = [];
      await bus.consume('ledger', 'stockmesh.inventory.>', async (batch) => void got.push(...batch), { maxBatch: 10, ackWait: ACK_WAIT });
      await new Promise((r) => setTimeout(r, 7000));
      assert.equal(got.length, 0, 'a live holder (heartbeat renewed) is not taken over');

      await killed(child.child);
      const killedAt = Date.now();
      await waitFor('the batch the killed process held', () => got.length >= 3, 25_000);
      const takeover = Date.now() - killedAt;
      assert.deepEqual(
        got.map((d) => d.id),
        ['e1', 'e2', 'e3'],
        'what the killed process held unacknowledged comes again, in order',
      );
      assert.ok(takeover < 15_000, `taken over ${takeover} ms after the kill: it did not wait for the 30 s ackWait`);
      console.log(`# takeover after SIGKILL [${target.name}]: ${takeover} ms`);
    });
  });
}

describe('bus claim owners', () => {
  test('an owner whose process on this host is gone can be taken over; a live one, our own or another host cannot be judged gone', async () => {
    const host = hostname();
    assert.equal(ownerIsGone(`${host}:${process.pid}:abcd1234`), false, 'this process');
    assert.equal(ownerIsGone(`${host}:${process.ppid}:abcd1234`), false, 'a live process');
    assert.equal(ownerIsGone(`some-other-host-${process.pid}:1:abcd1234`), false, 'another host: unknown');
    assert.equal(ownerIsGone('garbage'), false);
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.once('exit', r));
    assert.equal(ownerIsGone(`${host}:${child.pid}:abcd1234`), true, 'an exited process');
  });

  test('on SQLite a claim of another host is taken over only once its heartbeat is stale', async () => {
    const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
    const bus = new EmbeddedBus(hub.store, { pollInterval: 20 });
    try {
      await bus.publish('stockmesh.inventory.WH-SH', [msg('e1')]);
      const future = new Date(Date.now() + 60_000).toISOString();
      const now = new Date().toISOString();
      await hub.store.db
        .insertInto('bus_consumers')
        .values({ durable: 'ledger', filter: 'stockmesh.inventory.>', acked_seq: 0, owner: 'elsewhere:4242:abcd1234', lease_until: future, updated_at: now })
        .execute();
      const got: string[] = [];
      await bus.consume('ledger', 'stockmesh.inventory.>', async (batch) => void got.push(...batch.map((d) => d.id)), { maxBatch: 10, ackWait: ACK_WAIT });
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(got, [], 'a fresh claim of another host is respected');
      await hub.store.db.updateTable('bus_consumers').set({ lease_until: new Date(Date.now() - 1).toISOString() }).where('durable', '=', 'ledger').execute();
      await waitFor('takeover of the stale claim', () => got.length === 1, 5000);
      assert.deepEqual(got, ['e1']);
    } finally {
      await bus.close();
      await hub.close();
    }
  });
});
