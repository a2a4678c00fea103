import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { listDeadLetters, listPositions } from '../src/ledger/index.ts';
import { seedSmallNetwork } from './support/small-network.ts';

const EVENTS = 4000;
const BATCH = 100;

/**
 * The process under test, written out at run time: it plays a connector (publishes the events
 * from batch `from` on, printing `acked <batch>` once each publish resolved) and the hub's ledger
 * consumer (embedded bus on a SQLite file → ingestor), and prints `done` when the ledger holds
 * every event.
 */
const CHILD = (hubUrl: string, busUrl: string): string => `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv, openHub } from ${JSON.stringify(hubUrl)};
import { EmbeddedBus, inventoryKey, inventorySubject } from ${JSON.stringify(busUrl)};
const [dir, fromArg] = process.argv.slice(2);
const events = JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8'));
const hub = await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined }, { sqliteFile: 'hub.db' });
const bus = new EmbeddedBus(hub.store, { pollInterval: 20 });
await bus.consume('ledger', 'stockmesh.inventory.*', async (batch) => {
  await hub.ingestor.ingest(batch.map((d) => ({ raw: d.payload, location: 'bus:' + d.seq })));
}, { maxBatch: 250, ackWait: 1000, retryDelay: 20 });
for (let b = Number(fromArg); b * ${BATCH} < events.length; b++) {
  const part = events.slice(b * ${BATCH}, (b + 1) * ${BATCH});
  await bus.publish(inventorySubject('WH-SH'), part.map((e) => ({ id: e.id, key: inventoryKey('WH-SH', 'SKU-TEA'), payload: JSON.stringify(e) })));
  process.stdout.write('acked ' + b + '\\n');
}
for (;;) {
  const r = await hub.store.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (Number(r.n) >= events.length) break;
  await new Promise((r) => setTimeout(r, 20));
}
process.stdout.write('done\\n');
await bus.close();
await hub.close();
`;

/** Receipts, moves to quarantine and back, and shipments of one warehouse: applied out of order, some would be refused. */
function makeEvents(n: number): Record<string, unknown>[] {
  let seed = 11;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 1 + (seed % k);
  };
  let avail = 0;
  let qc = 0;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const base = { id: `crash-${i}`, source: 'wms-sh', occurredAt: '2026-11-25T08:00:00Z', warehouse: 'WH-SH', sku: 'T-100' };
    const roll = rnd(10);
    let q: number;
    if (roll <= 4 || avail === 0) {
      avail += q = rnd(20);
      out.push({ ...base, quantity: q, toStatus: 'AVAIL', reason: 'receipt' });
    } else if (roll <= 6) {
      q = rnd(avail);
      avail -= q;
      qc += q;
      out.push({ ...base, quantity: q, fromStatus: 'AVAIL', toStatus: 'QC', reason: 'quarantine' });
    } else if (roll <= 7 && qc > 0) {
      q = rnd(qc);
      qc -= q;
      avail += q;
      out.push({ ...base, quantity: q, fromStatus: 'QC', toStatus: 'AVAIL', reason: 'release' });
    } else {
      q = rnd(avail);
      avail -= q;
      out.push({ ...base, quantity: q, fromStatus: 'AVAIL', reason: 'ship' });
    }
  }
  return out;
}

/** Runs the child from batch `from`; resolves with the last batch it reported acknowledged and whether it finished. */
function runChild(script: string, dir: string, from: number, killAfterBatch: number | null): Promise<{ lastAcked: number; done: boolean }> {
  return new Promise((done, fail) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, dir, String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastAcked = from - 1;
    let finished = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line === 'done') finished = true;
      const m = /^acked (\d+)$/.exec(line);
      if (!m) return;
      lastAcked = Number(m[1]);
      if (killAfterBatch !== null && lastAcked >= killAfterBatch) child.kill('SIGKILL');
    });
    child.once('error', fail);
    child.once('exit', () => {
      clearTimeout(timer);
      done({ lastAcked, done: finished });
    });
  });
}

describe('bus crash [embedded sqlite]', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  test('a hub killed with SIGKILL mid-stream and restarted: the ledger equals a clean replay — nothing lost, nothing twice', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockmesh-bus-crash-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const events = makeEvents(EVENTS);
    writeFileSync(join(dir, 'events.json'), JSON.stringify(events));
    const script = join(dir, 'child.mts');
    writeFileSync(script, CHILD(pathToFileURL(resolve('src/hub/index.ts')).href, pathToFileURL(resolve('src/bus/index.ts')).href));
    const seed = await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined }, { sqliteFile: 'hub.db' });
    await seedSmallNetwork(seed);
    await seed.close();

    const first = await runChild(script, dir, 0, Math.floor(EVENTS / BATCH / 3));
    assert.equal(first.done, false, 'killed before the end');
    // The source resumes from a cursor that lags: it re-sends its last two acknowledged batches.
    const second = await runChild(script, dir, Math.max(0, first.lastAcked - 1), null);
    assert.equal(second.done, true, 'the restarted hub took the ledger consumer over and finished');

    const hub = await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined }, { sqliteFile: 'hub.db' });
    cleanup.push(() => hub.close());
    const clean: Hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
    cleanup.push(() => clean.close());
    await seedSmallNetwork(clean);
    for (let i = 0; i < events.length; i += 1000) await clean.ingestor.ingest(events.slice(i, i + 1000).map((raw) => ({ raw })));

    const count = async (h: Hub) => Number((await h.store.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const positions = async (h: Hub) => (await listPositions(h.store.db)).map((p) => `${p.warehouse}|${p.sku}|${p.status}=${p.qty}`);
    assert.equal(await count(clean), EVENTS);
    assert.equal(await count(hub), EVENTS, 'nothing lost, nothing twice');
    assert.deepEqual(await listDeadLetters(hub.store.db), [], 'nothing arrived out of order');
    assert.deepEqual(await positions(hub), await positions(clean));
    const log = await hub.store.db.selectFrom('bus_messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(log.n), EVENTS, 'the re-sent batch was de-duplicated by id');
  });
});
