import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectorNetwork } from './support/connector-network.ts';
import { FakeRestWms, movement } from './support/fake-rest-wms.ts';
import { getJson, type HubProcess, seedDataDir, startHub, stopHub, until } from './support/hub-process.ts';

/**
 * A source down for a while, then back, through a running hub: the REST WMS stops answering
 * (connections dropped) while it keeps committing movements; the connector backs off — visible
 * as `backing-off` with its last error in `GET /api/connectors` — and once the WMS answers again
 * it catches up from its committed cursor on its own: every movement applied once, nothing
 * pulled from the start again, no gap left.
 */
const dir = mkdtempSync(join(tmpdir(), 'stockmesh-down-'));
const wms = new FakeRestWms();
const procs: HubProcess[] = [];
after(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await wms.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Status {
  source: string;
  state: string;
  sequence: number | null;
  eventsApplied: number;
  errors: number;
  lastError: string | null;
  openGaps: number;
  pendingDeadLetters: number;
}

// Every wait below is on a state the hub or the WMS shows, with deadlines meant for a loaded CI
// machine (2 cores, load 15+): they bound a failure, they are not how long things take.
test('a WMS down for a while: the connector backs off, then catches up from its cursor without help', { timeout: 300_000 }, async () => {
  await seedDataDir(dir, connectorNetwork);
  await wms.start();
  wms.push(...Array.from({ length: 100 }, (_, i) => movement(i + 1, { qty: 1 })));
  const connectors = join(dir, 'connectors.json');
  writeFileSync(connectors, JSON.stringify({ sources: [{ source: 'wms-sh', dialect: 'rest-pull', baseUrl: wms.baseUrl, pageSize: 40, pollIntervalMs: 20, requestTimeoutMs: 15_000, backoff: { initialMs: 50, maxMs: 400, factor: 2 } }] }));
  // The outage drops connections (an answer at once), so the request timeout plays no part in it;
  // it is long so that a slow first answer on a loaded machine is not taken for an outage (a
  // timed-out first pull is retried from the start and would count as a second pull from null).
  const hub = await startHub(dir, ['serve', '--no-demo'], { STOCKMESH_CONNECTORS: connectors }, 120_000);
  procs.push(hub);
  const status = async (): Promise<Status | undefined> => (await getJson<{ items: Status[] }>(`${hub.url}/api/connectors`, 30_000)).body.items.find((s) => s.source === 'wms-sh');

  await until(120_000, 'the first 100 movements applied', async () => (await status())?.eventsApplied === 100);
  wms.faults.down = true;
  wms.push(...Array.from({ length: 150 }, (_, i) => movement(101 + i, { qty: 2 })));
  const requestsBefore = wms.requests.length;
  await until(60_000, 'the connector backing off', async () => (await status())?.state === 'backing-off');
  const down = await status();
  assert.ok((down?.errors ?? 0) > 0 && /SOURCE_UNAVAILABLE/.test(down?.lastError ?? ''), `last error: ${down?.lastError}`);
  assert.equal(down?.eventsApplied, 100, 'nothing new while the WMS is down');
  // Down for a while: several attempts dropped (the backoff retries on its own), still nothing new.
  await until(60_000, 'three attempts dropped while the WMS is down', () => wms.requests.length - requestsBefore >= 3);
  const stillDown = await status();
  assert.deepEqual([stillDown?.state, stillDown?.eventsApplied], ['backing-off', 100], 'still backing off, nothing new, after several dropped attempts');

  wms.faults.down = false;
  await until(120_000, 'caught up after the outage', async () => (await status())?.eventsApplied === 250);
  await until(60_000, 'running again', async () => (await status())?.state === 'running');
  const back = await status();
  assert.deepEqual([back?.sequence, back?.openGaps, back?.pendingDeadLetters], [250, 0, 0]);
  assert.equal(wms.pullsAfter(null), 1, 'only the very first pull starts from the beginning: the rest resume from the cursor');
  const inv = await getJson<{ items: { warehouse: string; status: string; qty: number }[] }>(`${hub.url}/api/inventory?warehouse=WH-SH`, 30_000);
  assert.equal(inv.body.items.filter((p) => p.status === 'available').reduce((n, p) => n + p.qty, 0), 100 + 150 * 2);
  assert.equal(await stopHub(hub, 60_000), 0);
});
