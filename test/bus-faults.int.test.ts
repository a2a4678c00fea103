import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { inventoryKey, inventorySubject, NatsBus } from '../src/bus/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { listDeadLetters, listPositions } from '../src/ledger/index.ts';
import { seedSmallNetwork } from './support/small-network.ts';

const NATS_SKIP = 'NATS_URL not set: NATS suite skipped';
const NATS_SERVER = '/usr/sbin/nats-server';
const EVENTS = 6000;
const BATCH = 250;

/**
 * A private nats-server (its own port and store folder), so it can be killed without touching the
 * shared one. Killed with SIGKILL and started again on the same folder and port.
 */
class PrivateNats {
  private proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'stockmesh-nats-'));
  constructor(readonly port: number) {}
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], { stdio: 'ignore' });
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        const nc = await connect({ servers: this.url, reconnect: false, timeout: 1000 });
        try {
          await (await jetstreamManager(nc)).getAccountInfo();
          return;
        } finally {
          await nc.close();
        }
      } catch (err) {
        if (Date.now() > until) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A deterministic stream of receipts, quarantines, releases and shipments for one warehouse, where
 * order matters: delivered out of order, a shipment or quarantine would find too little stock and
 * be refused (STOCK_NEGATIVE), which the test would see as a dead letter.
 */
function makeEvents(site: 'WH-SH' | 'WH-GZ', n: number, seed0: number): Record<string, unknown>[] {
  let seed = seed0;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 1 + (seed % k);
  };
  const s =
    site === 'WH-SH'
      ? { source: 'wms-sh', sku: 'T-100', avail: 'AVAIL', qc: 'QC' }
      : { source: 'erp-gz', sku: '6901234567892', avail: '可用', qc: '冻结' };
  const stock = { avail: 0, qc: 0 };
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const base = { id: `fault-${process.pid}-${site}-${i}`, source: s.source, occurredAt: '2026-11-25T08:00:00Z', warehouse: site, sku: s.sku };
    const roll = rnd(10);
    if (roll <= 4 || stock.avail === 0) {
      const q = rnd(20);
      stock.avail += q;
      out.push({ ...base, quantity: q, toStatus: s.avail, reason: 'receipt' });
    } else if (roll <= 6) {
      const q = rnd(stock.avail);
      stock.avail -= q;
      stock.qc += q;
      out.push({ ...base, quantity: q, fromStatus: s.avail, toStatus: s.qc, reason: 'quarantine' });
    } else if (roll <= 7 && stock.qc > 0) {
      const q = rnd(stock.qc);
      stock.qc -= q;
      stock.avail += q;
      out.push({ ...base, quantity: q, fromStatus: s.qc, toStatus: s.avail, reason: 'release' });
    } else {
      const q = rnd(stock.avail);
      stock.avail -= q;
      out.push({ ...base, quantity: q, fromStatus: s.avail, reason: 'ship' });
    }
  }
  return out;
}

async function ledgerCount(hub: Hub): Promise<number> {
  const r = await hub.store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function positionsOf(hub: Hub): Promise<string[]> {
  return (await listPositions(hub.store.db)).map((p) => `${p.warehouse}|${p.sku}|${p.lot}|${p.status}=${p.qty}`).sort();
}

describe('bus faults [nats]', { skip: process.env.NATS_URL ? false : NATS_SKIP }, () => {
  const cleanup: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  test('NATS killed with SIGKILL mid-stream and restarted: the ledger equals a clean replay — nothing lost, nothing twice', { timeout: 180_000 }, async (t) => {
    assert.ok(existsSync(NATS_SERVER), `${NATS_SERVER} is needed for this test`);
    const nats = new PrivateNats(await freePort());
    cleanup.push(() => nats.dispose());
    await nats.start();

    const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
    cleanup.push(() => hub.close());
    await seedSmallNetwork(hub);
    const prefix = `tfault${process.pid}`;
    const stream = `T_FAULT_${process.pid}`;
    const troubles: string[] = [];
    const bus = await NatsBus.open(hub.store, {
      url: nats.url,
      stream,
      subjectPrefix: prefix,
      publishGiveUpAfter: 30_000,
      publishAckTimeout: 2000,
      onError: (err) => troubles.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err)),
    });
    cleanup.push(() => bus.close());

    // The hub consumes all along, across the restart.
    const started = Date.now();
    await bus.consume(
      'ledger',
      `${prefix}.inventory.*`,
      async (batch) => void (await hub.ingestor.ingest(batch.map((d) => ({ raw: d.payload, location: `nats:${d.seq}` })))),
      { maxBatch: 500, ackWait: 2000, retryDelay: 50 },
    );

    // Two publishers, one per warehouse, each publishing its events in order, batch after batch;
    // NATS is killed once a third of everything is acknowledged, and started again 0.7 s later.
    const acknowledged: Record<string, unknown>[] = [];
    let publishFailures = 0;
    let restart: Promise<void> | null = null;
    const publisher = async (site: 'WH-SH' | 'WH-GZ', seed: number): Promise<void> => {
      const events = makeEvents(site, EVENTS / 2, seed);
      for (let b = 0; b * BATCH < events.length; b++) {
        const part = events.slice(b * BATCH, (b + 1) * BATCH);
        const messages = part.map((e) => ({ id: String(e.id), key: inventoryKey(site, 'SKU-TEA'), payload: JSON.stringify(e) }));
        const sending = bus.publish(inventorySubject(site, prefix), messages);
        if (restart === null && acknowledged.length >= EVENTS / 3) {
          restart = (async () => {
            await nats.kill();
            await new Promise((r) => setTimeout(r, 700));
            await nats.start();
          })();
        }
        for (let p = sending; ; p = bus.publish(inventorySubject(site, prefix), messages)) {
          try {
            await p;
            break;
          } catch {
            publishFailures += 1; // gave up on this try: publish the same batch (same ids) again
          }
        }
        acknowledged.push(...part);
      }
    };
    await Promise.all([publisher('WH-SH', 42), publisher('WH-GZ', 7)]);
    await restart;
    assert.notEqual(restart, null, 'NATS was restarted mid-stream');

    const published = Date.now();
    t.diagnostic(`published in ${published - started} ms`);
    const until = Date.now() + 90_000;
    while ((await ledgerCount(hub)) < acknowledged.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    t.diagnostic(`ledger caught up ${Date.now() - published} ms after the last publish`);
    await new Promise((r) => setTimeout(r, 500));

    const clean = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
    cleanup.push(() => clean.close());
    await seedSmallNetwork(clean);
    for (let i = 0; i < acknowledged.length; i += 1000) await clean.ingestor.ingest(acknowledged.slice(i, i + 1000).map((raw) => ({ raw })));

    assert.equal(await ledgerCount(clean), EVENTS, 'the clean replay applies every event');
    assert.equal(await ledgerCount(hub), EVENTS, 'nothing lost, nothing twice in the ledger');
    assert.deepEqual(await listDeadLetters(hub.store.db), [], 'no event arrived out of order (no STOCK_NEGATIVE)');
    assert.deepEqual(await positionsOf(hub), await positionsOf(clean));

    t.diagnostic(`publish calls given up: ${publishFailures}; troubles seen: ${troubles.length} ${JSON.stringify([...new Set(troubles)].slice(0, 5))}`);
    assert.ok(troubles.length > 0, 'the bus felt the outage (publish retries or a consumer restart)');
    const nc = await connect({ servers: nats.url });
    try {
      const info = await (await jetstreamManager(nc)).streams.info(stream);
      assert.equal(info.state.messages, EVENTS, `JetStream de-duplicated the retried publishes (${publishFailures} publish calls gave up)`);
    } finally {
      await nc.close();
    }
  });
});
