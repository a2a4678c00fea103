import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeMovementPage } from '../src/connectors/rest-pull/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { listPositions, verifyLedger } from '../src/ledger/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { connectorNetwork } from './support/connector-network.ts';
import { FakeRestWms, type FakeMovement, movement } from './support/fake-rest-wms.ts';
import { getJson, type HubProcess, killHub, seedDataDir, startHub, stopHub, until } from './support/hub-process.ts';

/**
 * SIGKILL in the middle of a stream, twice: a self-built WMS keeps committing movements while the
 * hub (a real `stockmesh serve` process, embedded store and bus) pulls them through its rest-pull
 * connector; the hub is killed -9 at two points of the stream and restarted. Afterwards its
 * positions equal a clean replay of everything the WMS sent (a fresh hub ingesting the whole
 * movement log directly), every movement is in the ledger exactly once, and the chain verifies.
 * (Each restart takes the ledger consumer over from the killed instance at once — its pid is gone —
 * instead of waiting out the 30 s ackWait: test/bus-takeover.int.test.ts.)
 */
const N = 3000;
const dir = mkdtempSync(join(tmpdir(), 'stockmesh-kill-'));
const wms = new FakeRestWms();
const procs: HubProcess[] = [];
const hubs: Hub[] = [];
after(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  for (const h of hubs) await h.close().catch(() => undefined);
  await wms.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Receipts, holds, releases, picks and shipments of one warehouse (each possible when it is made), seeded. */
function stream(n: number): FakeMovement[] {
  let seed = 7;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 1 + (seed % k);
  };
  const at = { AVAIL: 0, QC: 0, PICK: 0 };
  const out: FakeMovement[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const roll = rnd(10);
    const m = (over: Partial<FakeMovement>) => out.push(movement(seq, { qty: 1, ...over }));
    if (roll <= 3 || at.AVAIL < 5) {
      const cases = rnd(3);
      at.AVAIL += cases * 12;
      m(roll === 1 ? { item_no: 'T-100-CS', uom: null, qty: cases, to_status: 'AVAIL', move_type: 'RCV' } : { qty: cases * 12, to_status: 'AVAIL', move_type: 'RCV' });
    } else if (roll === 4) {
      const q = rnd(at.AVAIL);
      at.AVAIL -= q;
      at.QC += q;
      m({ qty: q, from_status: 'AVAIL', to_status: 'QC', move_type: 'HOLD' });
    } else if (roll === 5 && at.QC > 0) {
      const q = rnd(at.QC);
      at.QC -= q;
      at.AVAIL += q;
      m({ qty: q, from_status: 'QC', to_status: 'AVAIL', move_type: 'RELEASE' });
    } else if (roll <= 7) {
      const q = rnd(Math.min(at.AVAIL, 20));
      at.AVAIL -= q;
      at.PICK += q;
      m({ qty: q, from_status: 'AVAIL', to_status: 'PICK', move_type: 'PICK' });
    } else if (at.PICK > 0) {
      const q = rnd(at.PICK);
      at.PICK -= q;
      m({ qty: q, from_status: 'PICK', to_status: null, move_type: 'SHIP' });
    } else {
      at.AVAIL += 1;
      m({ to_status: 'AVAIL', move_type: 'RCV' });
    }
  }
  return out;
}

interface SourceStatus {
  source: string;
  sequence: number | null;
  eventsApplied: number;
}

const applied = async (h: HubProcess): Promise<number> => {
  const r = await getJson<{ items: SourceStatus[] }>(`${h.url}/api/connectors`).catch(() => undefined);
  return r?.body.items.find((s) => s.source === 'wms-sh')?.eventsApplied ?? 0;
};

test('killed -9 twice mid-stream, the hub ends with exactly a clean replay of what the WMS sent', { timeout: 400_000 }, async () => {
  // Deadlines are for a loaded CI machine (2 cores, load 15+, three hub start-ups): they bound a
  // failure, they are not how long things take; every wait is on what the hub shows.
  await seedDataDir(dir, connectorNetwork);
  await wms.start();
  const all = stream(N);
  const connectors = join(dir, 'connectors.json');
  writeFileSync(connectors, JSON.stringify({ sources: [{ source: 'wms-sh', dialect: 'rest-pull', baseUrl: wms.baseUrl, pageSize: 50, pollIntervalMs: 20, backoff: { initialMs: 20, maxMs: 200, factor: 2 } }] }));
  const env = { STOCKMESH_CONNECTORS: connectors };

  // The WMS commits its movements over a few seconds, whether the hub is up or not.
  let pushed = 0;
  const feeder = setInterval(() => {
    const next = all.slice(pushed, pushed + 60);
    wms.push(...next);
    pushed += next.length;
    if (pushed >= N) clearInterval(feeder);
  }, 40);

  try {
    for (const killAt of [700, 1800]) {
      const h = await startHub(dir, ['serve', '--no-demo'], env, 120_000);
      procs.push(h);
      await until(120_000, `${killAt} movements applied`, async () => (await applied(h)) >= killAt);
      await killHub(h);
      assert.equal(h.child.signalCode, 'SIGKILL');
    }
    const h = await startHub(dir, ['serve', '--no-demo'], env, 120_000);
    procs.push(h);
    await until(120_000, 'the whole stream applied after the restarts', async () => pushed >= N && (await applied(h)) >= N).catch(async (err: unknown) => {
      const st = await getJson(`${h.url}/api/connectors`).catch(() => undefined);
      const src = await getJson(`${h.url}/api/sources`).catch(() => undefined);
      throw new Error(`${String(err)}\n${JSON.stringify(st?.body)}\n${JSON.stringify(src?.body)}\n${h.output()}\nrequests: ${JSON.stringify(wms.requests.slice(-5))}`);
    });
    const status = (await getJson<{ items: (SourceStatus & { openGaps: number; pendingDeadLetters: number })[] }>(`${h.url}/api/connectors`)).body.items.find((s) => s.source === 'wms-sh');
    assert.deepEqual([status?.sequence, status?.eventsApplied, status?.openGaps, status?.pendingDeadLetters], [N, N, 0, 0]);
    assert.equal(await stopHub(h, 60_000), 0);
  } finally {
    clearInterval(feeder);
  }

  const survived = await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined, natsUrl: undefined });
  hubs.push(survived);
  const replay = await openHub({ ...configFromEnv({}), databaseUrl: undefined, natsUrl: undefined }, { sqliteFile: ':memory:' });
  hubs.push(replay);
  await replay.store.db.transaction().execute((tx) => saveMasterData(tx, connectorNetwork));
  await replay.masterData.refresh();
  const page = decodeMovementPage({ items: wms.log, next_cursor: null }, { source: 'wms-sh' });
  const results = await replay.ingestor.ingest(page.decoded.events.map((raw) => ({ raw })));
  assert.deepEqual([...new Set(results.map((r) => r.outcome))], ['applied'], 'the clean replay applies every movement');

  assert.deepEqual(await listPositions(survived.store.db), await listPositions(replay.store.db));
  const counted = await survived.store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'wms-sh').executeTakeFirstOrThrow();
  assert.equal(Number(counted.n), N, 'every movement once: nothing lost, nothing twice');
  assert.equal((await verifyLedger(survived.store.db)).ok, true);
});
