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

test('a WMS down for a while: the connector backs off, then catches up from its cursor without help', { timeout: 90_000 }, async () => {
  await seedDataDir(dir, connectorNetwork);
  await wms.start();
  wms.push(...Array.from({ length: 100 }, (_, i) => movement(i + 1, { qty: 1 })));
  const connectors = join(dir, 'connectors.json');
  writeFileSync(connectors, JSON.stringify({ sources: [{ source: 'wms-sh', dialect: 'rest-pull', baseUrl: wms.baseUrl, pageSize: 40, pollIntervalMs: 20, requestTimeoutMs: 1000, backoff: { initialMs: 50, maxMs: 400, factor: 2 } }] }));
  const hub = await startHub(dir, ['serve', '--no-demo'], { STOCKMESH_CONNECTORS: connectors });
  procs.push(hub);
  const status = async (): Promise<Status | undefined> => (await getJson<{ items: Status[] }>(`${hub.url}/api/connectors`)).body.items.find((s) => s.source === 'wms-sh');

  await until(30_000, 'the first 100 movements applied', async () => (await status())?.eventsApplied === 100);
  wms.faults.down = true;
  wms.push(...Array.from({ length: 150 }, (_, i) => movement(101 + i, { qty: 2 })));
  await until(20_000, 'the connector backing off', async () => (await status())?.state === 'backing-off');
  const down = await status();
  assert.ok((down?.errors ?? 0) > 0 && /SOURCE_UNAVAILABLE/.test(down?.lastError ?? ''), `last error: ${down?.lastError}`);
  assert.equal(down?.eventsApplied, 100, 'nothing new while the WMS is down');
  await new Promise((r) => setTimeout(r, 1500));

  wms.faults.down = false;
  await until(30_000, 'caught up after the outage', async () => (await status())?.eventsApplied === 250);
  await until(10_000, 'running again', async () => (await status())?.state === 'running');
  const back = await status();
  assert.deepEqual([back?.sequence, back?.openGaps, back?.pendingDeadLetters], [250, 0, 0]);
  assert.equal(wms.pullsAfter(null), 1, 'only the very first pull starts from the beginning: the rest resume from the cursor');
  const inv = await getJson<{ items: { warehouse: string; status: string; qty: number }[] }>(`${hub.url}/api/inventory?warehouse=WH-SH`);
  assert.equal(inv.body.items.filter((p) => p.status === 'available').reduce((n, p) => n + p.qty, 0), 100 + 150 * 2);
  assert.equal(await stopHub(hub), 0);
});
