import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';

// The stockmesh command as a user runs it, on a fresh embedded store in a temp data folder.
const root = new URL('..', import.meta.url).pathname;
const fx = (f: string) => join(root, 'test/fixtures/ledger', f);
let data = '';

function stockmesh(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), ...args], {
    cwd: root,
    env: { ...process.env, STOCKMESH_DATA: data, DATABASE_URL: '', NATS_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('stockmesh ledger commands (embedded store)', () => {
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'stockmesh-cli-'));
  });
  after(() => rmSync(data, { recursive: true, force: true }));

  test('ingest applies good lines, ignores the duplicate, rejects bad lines naming file:line, exit 1', () => {
    assert.equal(stockmesh('mdm', 'import', fx('masterdata.json')).code, 0);
    const r = stockmesh('events', 'ingest', fx('events.ndjson'));
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /6 applied, 1 duplicates ignored, 3 rejected/);
    assert.match(r.err, /events\.ndjson:8: gz-0003: UNKNOWN_SKU/);
    assert.match(r.err, /events\.ndjson:9: gz-0004: UNKNOWN_STATUS/);
    assert.match(r.err, /events\.ndjson:10: \(no id\): MALFORMED_EVENT/);
    assert.match(r.err, /replay-dead-letters/);
  });

  test('ingesting the same file again changes nothing', () => {
    const before = stockmesh('inventory', '--json').out;
    const r = stockmesh('events', 'ingest', fx('events.ndjson'));
    assert.match(r.out, /0 applied, 7 duplicates ignored, 3 rejected/);
    assert.equal(stockmesh('inventory', '--json').out, before);
  });

  test('inventory shows converted base units per warehouse × SKU × lot × status, and ATP', () => {
    const pos = JSON.parse(stockmesh('inventory', '--json').out) as { warehouse: string; sku: string; lot: string; status: string; qty: number }[];
    const q = (w: string, s: string, st: string) => pos.filter((p) => p.warehouse === w && p.sku === s && p.status === st).reduce((a, p) => a + p.qty, 0);
    assert.equal(q('WH-SH', 'SKU-TEA', 'available'), 120 - 6 - 12);
    assert.equal(q('WH-SH', 'SKU-TEA', 'quarantine'), 12);
    assert.equal(q('WH-SH', 'SKU-TEA', 'picking'), 0);
    assert.equal(q('WH-GZ', 'SKU-VAX', 'available'), 20);
    assert.equal(q('WH-GZ', 'SKU-TEA', 'available'), 48);
    const atp = JSON.parse(stockmesh('inventory', '--atp', '--sku', 'SKU-TEA', '--json').out) as { warehouse: string; atp: number }[];
    assert.deepEqual(atp.map((a) => [a.warehouse, a.atp]), [['WH-GZ', 48], ['WH-SH', 102]]);
    assert.match(stockmesh('inventory', '--warehouse', 'WH-GZ').out, /L-2611\s+2027-05-31\s+available\s+20/);
  });

  test('the gap from sequence 5 arriving before 3 and 4 is listed as open', () => {
    const r = stockmesh('events', 'gaps', '--json');
    const gaps = JSON.parse(r.out) as { source: string; fromSeq: number; toSeq: number; filled: number }[];
    assert.deepEqual(gaps.map((g) => [g.source, g.fromSeq, g.toSeq, g.filled]), [['wms-sh', 3, 4, 1]]);
  });

  test('a snapshot with drift adjusts the books once and closes the gap', () => {
    const r = stockmesh('snapshots', 'ingest', fx('snapshot.json'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /1 positions drifted and were adjusted, 1 sequence gaps closed/);
    assert.match(stockmesh('snapshots', 'ingest', fx('snapshot.json')).out, /already reconciled/);
    assert.match(stockmesh('events', 'gaps').out, /no open sequence gaps/);
    assert.match(stockmesh('inventory', '--sku', 'SKU-TEA', '--warehouse', 'WH-SH').out, /available\s+100/);
  });

  test('dead letters replay after the master data fix; the malformed line stays', () => {
    assert.match(stockmesh('events', 'dead-letters').out, /UNKNOWN_SKU/);
    assert.equal(stockmesh('mdm', 'import', fx('masterdata-fix.json')).code, 0);
    const r = stockmesh('events', 'replay-dead-letters');
    assert.match(r.out, /replayed 3 dead letters: 2 resolved, 1 still failing/);
    assert.equal(r.code, 1);
    const pending = JSON.parse(stockmesh('events', 'dead-letters', '--json').out) as { code: string }[];
    assert.deepEqual(pending.map((d) => d.code), ['MALFORMED_EVENT']);
    assert.match(stockmesh('inventory', '--warehouse', 'WH-GZ').out, /L-2611\s+2027-05-31\s+damaged\s+1/);
  });

  test('rebuild yields identical positions; verify passes', () => {
    const before = stockmesh('inventory', '--json').out;
    const r = stockmesh('rebuild');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /identical/);
    assert.equal(stockmesh('inventory', '--json').out, before);
    const v = stockmesh('ledger', 'verify');
    assert.equal(v.code, 0);
    assert.match(v.out, /ledger intact: 9 events/);
  });

  test('an edit straight in the database is caught by ledger verify, naming the event', () => {
    const db = new Database(join(data, 'stockmesh.db'));
    db.prepare("update events set quantity = quantity + 1 where id = 'gz-0001'").run();
    db.close();
    const v = stockmesh('ledger', 'verify');
    assert.equal(v.code, 1);
    assert.match(v.err, /LEDGER_TAMPERED at entry 5 \(event "gz-0001"\)/);
  });

  test('a missing file or a wrong option says what to do', () => {
    const r = stockmesh('events', 'ingest', join(data, 'nope.ndjson'));
    assert.equal(r.code, 1);
    assert.match(r.err, /UNREADABLE_FILE/);
    assert.equal(stockmesh('inventory', '--bogus').code, 2);
  });
});
