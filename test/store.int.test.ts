import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { listPositions, verifyLedger } from '../src/ledger/index.ts';
import { openStore } from '../src/store/index.ts';
import { PG_SKIP } from './support/stores.ts';
import { seedSmallNetwork, shEvent } from './support/small-network.ts';

/**
 * The store contract where it matters most: migrations applied twice, values round-tripping, and two
 * hub instances (two connection pools, as two processes would have) writing one ledger at once.
 */
interface Target {
  readonly name: string;
  readonly skip: string | false;
  open(): Promise<Hub>;
  cleanup(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'stockmesh-store-'));
const pgSchema = `t_store_${process.pid}`;
const targets: Target[] = [
  {
    name: 'sqlite file',
    skip: false,
    open: () => openHub({ ...configFromEnv({}), dataDir: dir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  },
  {
    name: 'postgres',
    skip: process.env.DATABASE_URL ? false : PG_SKIP,
    open: () => openHub({ ...configFromEnv({}), databaseUrl: process.env.DATABASE_URL }, { pgSchema }),
    cleanup: async () => {
      const s = await openStore({ databaseUrl: process.env.DATABASE_URL });
      await sql`drop schema if exists ${sql.id(pgSchema)} cascade`.execute(s.db);
      await s.close();
    },
  },
];

for (const t of targets) {
  describe(`store contract [${t.name}]`, { skip: t.skip }, () => {
    after(() => t.cleanup());

    test('opening twice runs the migrations once and keeps the data', async () => {
      const a = await t.open();
      await seedSmallNetwork(a);
      await a.ingestor.ingest([{ raw: shEvent({ id: 'keep-1', quantity: 3 }) }]);
      await a.close();
      const b = await t.open();
      const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(b.store.db)).rows.map((r) => r.name);
      assert.equal(applied[0], '0001-core');
      assert.equal(new Set(applied).size, applied.length, 'no migration recorded twice');
      assert.equal((await listPositions(b.store.db, { sku: 'SKU-TEA' }))[0]?.qty, 3);
      await b.close();
    });

    test('large quantities, unicode codes and times round-trip exactly (the hash chain depends on it)', async () => {
      const hub = await t.open();
      await hub.ingestor.ingest([
        { raw: shEvent({ id: '大单-1', quantity: 9_000_000_000_000, occurredAt: '2026-11-25T23:59:59.123+08:00' }) },
      ]);
      const row = await hub.store.db.selectFrom('events').selectAll().where('id', '=', '大单-1').executeTakeFirstOrThrow();
      assert.equal(row.quantity, 9_000_000_000_000);
      assert.equal(typeof row.chain_seq, 'number');
      assert.equal(row.occurred_at, '2026-11-25T23:59:59.123+08:00');
      assert.equal((await verifyLedger(hub.store.db)).ok, true);
      await hub.close();
    });

    test('two hub instances ingesting at once keep one intact chain and count everything once', async () => {
      const [a, b] = [await t.open(), await t.open()];
      const before = (await listPositions(a.store.db, { sku: 'SKU-TEA', warehouse: 'WH-SH' })).find((p) => p.status === 'available')?.qty ?? 0;
      const send = (hub: Hub, tag: string) =>
        Promise.all(
          Array.from({ length: 10 }, (_, c) =>
            hub.ingestor.ingest(Array.from({ length: 50 }, (_, i) => ({ raw: shEvent({ id: `${tag}-${c}-${i}`, quantity: 1 }) }))),
          ),
        );
      // Both instances also send the same 100 events: each must count once in total.
      const shared = Array.from({ length: 100 }, (_, i) => ({ raw: shEvent({ id: `shared-${i}`, quantity: 1 }) }));
      const [ra, rb] = await Promise.all([
        Promise.all([send(a, 'a'), a.ingestor.ingest(shared)]),
        Promise.all([send(b, 'b'), b.ingestor.ingest(shared)]),
      ]);
      const sharedOutcomes = [...ra[1], ...rb[1]].map((r) => r.outcome);
      assert.equal(sharedOutcomes.filter((o) => o === 'applied').length, 100);
      assert.equal(sharedOutcomes.filter((o) => o === 'duplicate').length, 100);
      const after = (await listPositions(a.store.db, { sku: 'SKU-TEA', warehouse: 'WH-SH' })).find((p) => p.status === 'available')?.qty;
      assert.equal(after, before + 1000 + 100);
      assert.equal((await verifyLedger(a.store.db)).ok, true);
      await a.close();
      await b.close();
    });
  });
}
