import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ExceptionView } from '../src/exceptions/index.ts';
import { seedDemo, seedDemoOrders } from '../src/sim/index.ts';
import { type CliDataFolder, cliDataFolder } from './support/cli-data-folder.ts';

// The stockmesh command as a user runs it, on a demo network in a temp data folder.
let cli: CliDataFolder;
const stockmesh = (...args: string[]) => cli.stockmesh(...args);

describe('stockmesh exceptions and kpis (embedded store)', () => {
  before(async () => {
    cli = await cliDataFolder('stockmesh-cli-exc-', async (hub) => {
      const now = new Date();
      await seedDemo(hub, now);
      await seedDemoOrders(hub, now);
    });
  });
  after(() => cli.remove());

  test('list --sweep runs the rules and lists open exceptions with owners; ack and resolve record the OS user; a second ack exits 1', () => {
    const list = stockmesh('exceptions', 'list', '--sweep', '--json');
    assert.equal(list.code, 0, list.err);
    const items = JSON.parse(list.out) as ExceptionView[];
    assert.ok(new Set(items.map((e) => e.type)).size >= 4);
    const table = stockmesh('exceptions', 'list', '--type', 'sequence_gap');
    assert.match(table.out, /sequence_gap\s+SIN-BOND\s+integration/);
    const gap = items.find((e) => e.type === 'sequence_gap') as ExceptionView;
    const ack = stockmesh('exceptions', 'ack', gap.id, '--note', 'on it');
    assert.equal(ack.code, 0, ack.err);
    assert.match(ack.out, new RegExp(`${gap.id} acknowledged by cli:`));
    const again = stockmesh('exceptions', 'ack', gap.id);
    assert.equal(again.code, 1);
    assert.match(again.err, /EXCEPTION_STATE_CONFLICT: exception .* is acknowledged: it cannot be acknowledged/);
    const res = stockmesh('exceptions', 'resolve', gap.id, '--note', 'file re-sent');
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /resolved by cli:/);
    const resolved = JSON.parse(stockmesh('exceptions', 'list', '--state', 'resolved', '--json').out) as ExceptionView[];
    assert.deepEqual(resolved.map((e) => e.id), [gap.id]);
    const usage = stockmesh('exceptions', 'list', '--state', 'closed');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /state must be one of open, acknowledged, resolved, active/);
  });

  test('kpis prints a table, CSV with --csv, and refuses an unknown warehouse with exit 1', () => {
    const table = stockmesh('kpis');
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /Order accuracy \(ratio\)\s+83\.3 %/);
    const csv = stockmesh('kpis', '--warehouse', 'SHA-RDC', '--csv');
    const lines = csv.out.trim().split('\r\n');
    assert.match(lines[0] ?? '', /^scope,name,region,inventory-turnover/);
    assert.deepEqual(lines.map((l) => l.split(',')[0]), ['scope', 'network', 'SHA-RDC']);
    const bad = stockmesh('kpis', '--warehouse', 'NOPE');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /NOT_FOUND: warehouse NOPE not found/);
  });
});
