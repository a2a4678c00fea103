import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getJson, type HubProcess, runCli, startHub, stopHub } from './support/hub-process.ts';

/**
 * `stockmesh demo` as a new user sees it, sped up (STOCKMESH_DEMO_TIMESCALE): the live network
 * comes up with its seven connectors, every safeguard prints its line, the connectors are seen
 * running through the API and, after a clean stop, through `stockmesh connectors` on the stopped
 * hub; the ledger verifies.
 */
const dir = mkdtempSync(join(tmpdir(), 'stockmesh-demo-'));
const running: HubProcess[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const SAFEGUARDS = ['duplicate', 'bad signature', 'out-of-order', 'malformed file', 'drift', 'sequence gap'];

interface Status {
  source: string;
  dialect: string | null;
  state: string;
  live: boolean;
  messages: number;
  sequence: number | null;
  rejections: number;
}

test('the live demo: six dialects flowing, every safeguard fires once with its line, a clean stop', { timeout: 110_000 }, async () => {
  const hub = await startHub(dir, ['demo', '--rate', '12'], { STOCKMESH_DEMO_TIMESCALE: '6' });
  running.push(hub);
  assert.match(hub.output(), /Live demo: 8 simulated WMS in 6 dialects/);
  assert.match(hub.output(), /Connectors: 7 \(/);

  for (const kind of SAFEGUARDS) await hub.waitFor(new RegExp(`safeguard · ${kind}\\s+\\S`), 75_000);
  const lines = hub.output().split('\n').filter((l) => l.startsWith('safeguard · '));
  for (const kind of SAFEGUARDS) assert.equal(lines.filter((l) => l.startsWith(`safeguard · ${kind} `)).length, 1, `one ${kind} line`);
  assert.deepEqual(lines.filter((l) => /safeguard · (dead letter|drift)/.test(l) && !l.includes("pek-erp's listing")), [], 'no unplanned refusal or drift');

  const live = await getJson<{ items: Status[] }>(`${hub.url}/api/connectors`);
  assert.equal(live.status, 200);
  const connectors = live.body.items.filter((s) => s.state !== 'none');
  assert.deepEqual(connectors.map((s) => s.dialect).sort(), ['edi-x12', 'epcis', 'file-drop', 'rest-pull', 'webhook', 'webhook', 'webhook']);
  for (const s of connectors) {
    assert.equal(s.live, true, s.source);
    assert.ok(['running', 'starting'].includes(s.state), `${s.source} is ${s.state}`);
    assert.ok(s.messages > 0, `${s.source} delivered messages`);
  }
  assert.ok((live.body.items.find((s) => s.source === 'can-saas')?.rejections ?? 0) >= 1, 'the badly signed delivery is recorded');

  assert.equal(await stopHub(hub), 0);
  assert.match(hub.output(), /Stockmesh hub stopped\./);

  const cli = await runCli(dir, ['connectors', '--json']);
  assert.equal(cli.code, 0, cli.err);
  const stopped = (JSON.parse(cli.out) as Status[]).filter((s) => s.state !== 'none');
  assert.equal(stopped.length, 7);
  for (const s of stopped) assert.deepEqual([s.source, s.state, s.live], [s.source, 'stopped', false]);
  const table = await runCli(dir, ['connectors']);
  assert.match(table.out, /sha-wms\s+rest-pull\s+stopped/);

  const verify = await runCli(dir, ['ledger', 'verify']);
  assert.equal(verify.code, 0, verify.out + verify.err);
});
