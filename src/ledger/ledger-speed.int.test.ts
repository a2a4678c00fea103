import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { configFromEnv, openHub } from '../hub/index.ts';
import { importMasterData, loadMasterData, masterDataCache, saveMasterData } from '../mdm/index.ts';
import { seedDemo } from '../sim/index.ts';
import { type Database, openStore } from '../store/index.ts';
import { migrations } from '../store/migrations/index.ts';
import { seedSmallNetwork, shEvent } from '../../test/support/small-network.ts';
import { forEachStore } from '../../test/support/stores.ts';
import { rowToEvent } from './batch-state.ts';
import { eventHash } from './event-hash.ts';
import { listPositions, verifyLedger } from './index.ts';
import { Ingestor } from './ingestor.ts';

// The ledger's speed work must not change what is stored: the hash recipe (one-shot sha-256 now,
// three `update` calls before) and the schema of migration 0008 (rows copied as they are).

/** The recipe as it was written before: three updates on one Hash object. */
function hashAsBefore(prevHash: string, chainSeq: number, receivedAt: string, e: ReturnType<typeof rowToEvent>): string {
  const content = JSON.stringify([
    chainSeq, e.id, e.source, e.sourceSeq, e.occurredAt, receivedAt, e.warehouse, e.sku, e.lot, e.expiry, e.quantity,
    e.fromStatus, e.toStatus, e.reason, e.orderRef, e.transferRef, e.external.sku, e.external.unit, e.external.quantity,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

const NOW = new Date('2026-11-25T08:00:00Z');
const fixtures = new URL('../../test/fixtures/ledger/', import.meta.url).pathname;

test('the hash of a fixed entry is the one recorded before the speed work (golden value)', () => {
  const e = {
    id: '大单-1 "q" \\ {}', source: 'wms-sh', sourceSeq: 3, occurredAt: '2026-11-25T08:00:00+08:00', warehouse: 'WH-SH',
    sku: 'SKU-TEA', lot: 'L\u2028x', expiry: '2027-01-31', quantity: 12, fromStatus: null, toStatus: 'available' as const,
    reason: 'receipt', orderRef: null, transferRef: 'T-9', external: { sku: 'T-100-CS', unit: 'case', quantity: '1' },
  };
  const h = eventHash('0'.repeat(64), 1, '2026-11-25T00:00:00.000Z', e);
  assert.equal(h, hashAsBefore('0'.repeat(64), 1, '2026-11-25T00:00:00.000Z', e));
  // Computed with src/ledger/event-hash.ts as it was before the change (commit c99fdd1).
  assert.equal(h, '6ce91fe3ff3cf8177c4b0d7c2569dcf0562b1e28165e1ba76d2bb20a54cba263');
});

forEachStore('ledger hash recipe over the demo and the published fixtures', (store) => {
  test('every stored hash equals the recipe as it was, and the chain verifies', async () => {
    const hub = await store.open({ now: () => NOW });
    await seedDemo(hub, NOW);
    const report = await importMasterData(hub.store.db, [`${fixtures}masterdata.json`], { dialect: hub.store.dialect });
    assert.equal(report.ok, true, JSON.stringify(report));
    await hub.masterData.refresh();
    const lines = readFileSync(`${fixtures}events.ndjson`, 'utf8').split('\n').filter((l) => l.trim() !== '');
    await hub.ingestor.ingest(lines.map((raw, i) => ({ raw, location: `events.ndjson:${i + 1}` })));

    const rows = await hub.store.db.selectFrom('events').selectAll().orderBy('chain_seq').execute();
    assert.ok(rows.length > 100, `${rows.length} ledger rows`);
    assert.ok(rows.some((r) => r.source === 'wms-sh'), 'the fixture events are in the ledger');
    for (const r of rows) {
      const before = hashAsBefore(r.prev_hash, r.chain_seq, r.received_at, rowToEvent(r));
      assert.equal(r.hash, before, `entry ${r.chain_seq}`);
      assert.equal(eventHash(r.prev_hash, r.chain_seq, r.received_at, rowToEvent(r)), before);
    }
    const v = await verifyLedger(hub.store.db);
    assert.equal(v.ok, true, JSON.stringify(v));
  });
});

test('migration 0008 on a SQLite ledger written before it keeps every row, the chain and the positions', async () => {
  // The demo's ledger, written by the current code, copied row for row into a store migrated only
  // up to the migration before 0008 (the old schema), which is then migrated.
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:', now: () => NOW });
  let events: Database['events'][];
  let positions: Database['positions'][];
  let head: Database['ledger_head'];
  let md: Awaited<ReturnType<typeof loadMasterData>>;
  try {
    await seedDemo(hub, NOW);
    events = await hub.store.db.selectFrom('events').selectAll().orderBy('chain_seq').execute();
    positions = await hub.store.db.selectFrom('positions').selectAll().execute();
    head = await hub.store.db.selectFrom('ledger_head').selectAll().executeTakeFirstOrThrow();
    md = await loadMasterData(hub.store.db);
  } finally {
    await hub.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-0008-'));
  const sqlite = new SQLite(join(dir, 'old.db'));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const ddl = (name: string) => String(sqlite.prepare('select sql from sqlite_master where name = ?').pluck().get(name));
  let positionsBefore: Awaited<ReturnType<typeof listPositions>>;
  try {
    const before0008 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0008'));
    assert.equal((await new Migrator({ db, provider: { getMigrations: async () => before0008 } }).migrateToLatest()).error, undefined);
    assert.match(ddl('events'), /"chain_seq" bigint primary key/);
    for (let i = 0; i < events.length; i += 500) await db.insertInto('events').values(events.slice(i, i + 500)).execute();
    for (let i = 0; i < positions.length; i += 500) await db.insertInto('positions').values(positions.slice(i, i + 500)).execute();
    await db.transaction().execute((tx) => saveMasterData(tx, md));
    await db.updateTable('ledger_head').set({ chain_seq: head.chain_seq, hash: head.hash }).where('id', '=', 1).execute();
    assert.equal((await verifyLedger(db)).ok, true);
    positionsBefore = await listPositions(db, { includeZero: true });
    assert.ok(events.length > 100 && positionsBefore.length > 50, `${events.length} events, ${positionsBefore.length} positions`);
  } finally {
    await db.destroy();
  }

  // Opening the store applies 0008 (and whatever else is registered) as the hub does at start.
  const store = await openStore({ dataDir: dir, sqliteFile: 'old.db' });
  try {
    assert.deepEqual(await store.db.selectFrom('events').selectAll().orderBy('chain_seq').execute(), events);
    assert.deepEqual(await listPositions(store.db, { includeZero: true }), positionsBefore);
    assert.equal((await verifyLedger(store.db)).ok, true);
    const check = new SQLite(join(dir, 'old.db'), { readonly: true });
    try {
      const sqlOf = (name: string) => String(check.prepare('select sql from sqlite_master where name = ?').pluck().get(name));
      assert.match(sqlOf('events'), /chain_seq integer primary key/);
      assert.match(sqlOf('positions'), /without rowid/i);
      assert.equal(check.prepare("select count(*) from sqlite_master where name = 'events_sku_wh'").pluck().get(), 0);
      assert.equal(check.prepare("select count(*) from sqlite_master where name in ('events_source_seq', 'positions_wh')").pluck().get(), 2);
    } finally {
      check.close();
    }

    // The migrated store keeps working: the next event appends to the same chain.
    const ingestor = new Ingestor({ store, masterData: masterDataCache(store.db), now: () => NOW });
    const rec = events.find((e) => e.from_status === null && e.ext_unit === null);
    assert.ok(rec);
    const ext = (st: string | null) => md.statusMaps.find((m) => m.system === rec.source && m.status === st)?.external ?? st;
    const raw = Object.fromEntries(
      Object.entries({
        id: 'after-0008', source: rec.source, occurredAt: rec.occurred_at, warehouse: rec.warehouse_id, sku: rec.ext_sku,
        quantity: rec.ext_quantity, lot: rec.lot || undefined, expiry: rec.expiry ?? undefined, toStatus: ext(rec.to_status), reason: 'receipt',
      }).filter(([, v]) => v !== undefined),
    );
    const r = await ingestor.ingest([{ raw }]);
    assert.deepEqual([r[0]?.outcome, r[0]?.chainSeq], ['applied', head.chain_seq + 1], JSON.stringify(r));
    assert.equal((await verifyLedger(store.db)).ok, true);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

forEachStore('ingestor group commit', (store) => {
  test('a deep queue is drained in larger transactions (up to maxDeepBatch), a trickle in maxBatch ones; no call is split', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const commits = (maxBatch: number, maxDeepBatch: number | undefined, calls: number[]) => {
      const ingestor = new Ingestor({ store: hub.store, masterData: hub.masterData, maxBatch, ...(maxDeepBatch ? { maxDeepBatch } : {}) });
      const sizes: number[] = [];
      ingestor.onCommitted((items) => sizes.push(items.length));
      return Promise.all(calls.map((n) => ingestor.ingest(Array.from({ length: n }, () => ({ raw: shEvent() }))))).then((rs) => {
        assert.deepEqual(rs.map((r) => r.length), calls);
        assert.ok(rs.flat().every((r) => r.outcome === 'applied'));
        return sizes;
      });
    };
    assert.deepEqual(await commits(2, undefined, [2, 2, 2]), [6]);
    assert.deepEqual(await commits(2, 2, [2, 2, 2]), [2, 2, 2]);
    assert.deepEqual(await commits(2, 5, [2, 2, 2]), [4, 2]);
    assert.deepEqual(await commits(2, 4, [3, 3]), [3, 3]);
    assert.deepEqual(await commits(4, undefined, [1, 1]), [2]);
    assert.equal((await verifyLedger(hub.store.db)).ok, true);
  });
});
