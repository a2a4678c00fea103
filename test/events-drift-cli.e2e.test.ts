import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_DRIFT, seedDemo } from '../src/sim/index.ts';
import { type CliDataFolder, cliDataFolder } from './support/cli-data-folder.ts';

// `stockmesh events drift` as a user runs it, on an embedded store seeded with the demo (one drift line).
const NOW = new Date('2026-11-25T08:00:00Z');
let cli: CliDataFolder;
const stockmesh = (...args: string[]) => cli.stockmesh(...args);

describe('stockmesh events drift (embedded store)', () => {
  before(async () => {
    cli = await cliDataFolder('stockmesh-drift-cli-', (hub) => seedDemo(hub, NOW), { now: NOW });
  });
  after(() => cli.remove());

  test('prints the drift line: warehouse, SKU, ledger vs counted, delta, snapshot', () => {
    const r = stockmesh('events', 'drift');
    assert.equal(r.code, 0, r.err);
    const line = r.out.split('\n').find((l) => l.includes(DEMO_DRIFT.sku));
    assert.ok(line, r.out);
    assert.match(line, new RegExp(`${DEMO_DRIFT.warehouse}.*${DEMO_DRIFT.sku}.*-${DEMO_DRIFT.missing}\\b.*demo:can-saas:snapshot-1`));
  });

  test('--json and filters: the same line as JSON; other warehouses or a later window have none', () => {
    const r = stockmesh('events', 'drift', '--json', '--source', 'can-saas');
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as { warehouse: string; sku: string; delta: number; ledgerQty: number; countedQty: number }[];
    assert.deepEqual(rows.map((d) => [d.warehouse, d.sku, d.delta, d.countedQty - d.ledgerQty]), [[DEMO_DRIFT.warehouse, DEMO_DRIFT.sku, -DEMO_DRIFT.missing, -DEMO_DRIFT.missing]]);
    assert.match(stockmesh('events', 'drift', '--warehouse', 'SHA-RDC').out, /no snapshot drift recorded for these filters/);
    assert.match(stockmesh('events', 'drift', '--from', '2026-11-25T08:00:01Z').out, /no snapshot drift/);
    assert.equal(JSON.parse(stockmesh('events', 'drift', '--json', '--to', '2026-11-26').out).length, 1);
  });

  test('a bad instant or limit is INVALID_ARGUMENT, exit 2, naming the option', () => {
    const bad = stockmesh('events', 'drift', '--from', 'last-week');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /INVALID_ARGUMENT.*from: "last-week"/s);
    const order = stockmesh('events', 'drift', '--from', '2026-11-26', '--to', '2026-11-25');
    assert.equal(order.code, 2);
    assert.match(order.err, /is after to/);
    const lim = stockmesh('events', 'drift', '--limit', 'many');
    assert.equal(lim.code, 2);
    assert.match(lim.err, /--limit/);
  });
});
