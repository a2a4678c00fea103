import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { type CliDataFolder, type CliRun, cliDataFolder } from './support/cli-data-folder.ts';

// The stockmesh command as a user runs it, on a fresh embedded store in a temp data folder.
const root = new URL('..', import.meta.url).pathname;
const fx = (f: string) => join(root, 'test/fixtures/ledger', f);
let folder: CliDataFolder | undefined;
const stockmesh = (...args: string[]): CliRun => {
  if (!folder) throw new Error('data folder not set up');
  return folder.stockmesh(...args);
};

interface Entry {
  seq: number;
  actor: string;
  via: string;
  action: string;
  target: { kind: string; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const list = (...args: string[]): Entry[] => JSON.parse(stockmesh('audit', 'list', '--json', ...args).out) as Entry[];

describe('stockmesh audit (embedded store)', () => {
  before(async () => {
    folder = await cliDataFolder('stockmesh-audit-cli-', async () => {});
  });
  after(() => folder?.remove());

  test('an empty trail verifies', () => {
    const r = stockmesh('audit', 'verify');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /audit trail intact: 0 entries/);
  });

  test('mdm import is recorded as cli:<os user> with what it wrote; the same import again records nothing', () => {
    assert.equal(stockmesh('mdm', 'import', fx('masterdata.json')).code, 0);
    const [e, ...rest] = list();
    assert.equal(rest.length, 0);
    assert.equal(e?.actor, `cli:${userInfo().username}`);
    assert.equal(e?.via, 'cli');
    assert.equal(e?.action, 'masterdata.import');
    assert.ok(Array.isArray(e?.after?.skus) && (e?.after?.skus as unknown[]).length > 0);
    assert.equal(stockmesh('mdm', 'import', fx('masterdata.json')).code, 0);
    assert.equal(list().length, 1);
  });

  test('a rejected import records nothing', () => {
    const r = stockmesh('mdm', 'import', join(root, 'test/fixtures/ledger/events.ndjson'));
    assert.notEqual(r.code, 0);
    assert.equal(list().length, 1);
  });

  test('replaying dead letters is recorded with the pending ones before and after', () => {
    stockmesh('events', 'ingest', fx('events.ndjson'));
    stockmesh('events', 'replay-dead-letters');
    const [ingest] = list('--action', 'events.ingest');
    assert.deepEqual(ingest?.after, { applied: 6, duplicate: 1, rejected: 3 });
    assert.equal(ingest?.target.id, fx('events.ndjson'));
    const [e] = list('--action', 'deadletter.*');
    assert.equal(e?.action, 'deadletter.replay');
    assert.equal((e?.before?.pending as string[]).length, 3);
    assert.equal(e?.after?.tried, 3);
  });

  test('audit list filters and prints a table', () => {
    const r = stockmesh('audit', 'list', '--limit', '1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /seq\s+at\s+actor/);
    assert.match(r.out, /deadletter\.replay/);
    assert.doesNotMatch(r.out, /masterdata\.import/);
    assert.equal(list('--actor', 'user:nobody').length, 0);
    assert.equal(stockmesh('audit', 'list', '--limit', 'x').code, 2);
  });

  test('verify is intact, then exits 1 naming the entry edited behind the hub and what to do', () => {
    const ok = stockmesh('audit', 'verify');
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /audit trail intact: 3 entries, head [0-9a-f]{64}/);

    const db = new Database(join(folder?.dir ?? '', 'stockmesh.db'));
    try {
      assert.throws(() => db.prepare(`update audit_log set actor = 'user:mallory' where seq = 1`).run(), /append-only/);
      db.exec('drop trigger audit_log_no_update');
      db.prepare(`update audit_log set actor = 'user:mallory' where seq = 1`).run();
    } finally {
      db.close();
    }
    const bad = stockmesh('audit', 'verify');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /AUDIT_TAMPERED at entry 1: entry 1's content does not match its hash/);
    assert.match(bad.err, /docs\/audit\.md/);
  });
});
