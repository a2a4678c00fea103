import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../src/store/index.ts';
import { forEachStore } from './support/stores.ts';

/** `store.commitDurably` (src/store/durable-commit.ts): durable, rolled back on failure, and on an SQLite file off the event loop. */

const dir = mkdtempSync(join(tmpdir(), 'stockmesh-durable-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const openFile = (name: string) => openStore({ dataDir: dir, sqliteFile: name });

async function makeTable(store: Store): Promise<void> {
  await sql`create table if not exists durable_probe (id text primary key, n integer not null)`.execute(store.db);
}

async function probeRows(store: Store): Promise<{ id: string; n: number }[]> {
  return (await sql<{ id: string; n: number }>`select id, n from durable_probe order by id`.execute(store.db)).rows;
}

describe('durable commit on an SQLite file', () => {
  test('what it committed is there after the store is closed and reopened', async () => {
    let store = await openFile('reopen.db');
    await makeTable(store);
    const r = await store.commitDurably(async (tx) => {
      await sql`insert into durable_probe (id, n) values ('a', 1), ('b', 2)`.execute(tx);
      return 'done';
    });
    assert.equal(r, 'done');
    await store.close();
    store = await openFile('reopen.db');
    try {
      assert.deepEqual(await probeRows(store), [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ]);
    } finally {
      await store.close();
    }
  });

  test('the event loop keeps turning between visible and resolve (the fdatasync runs on the thread pool)', async () => {
    const store = await openFile('loop.db');
    try {
      await makeTable(store);
      let ticks = 0;
      let running = true;
      const tick = () => {
        ticks++;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 5; i++) {
        let atVisible = -1;
        let seen: Promise<number> | null = null;
        await store.commitDurably(
          async (tx) => {
            await sql`insert into durable_probe (id, n) values (${`k${i}`}, ${i})`.execute(tx);
          },
          () => {
            atVisible = ticks;
            // readers in this process may see it now, before the sync
            seen = sql<{ c: number }>`select count(*) as c from durable_probe`.execute(store.readDb).then((x) => Number(x.rows[0]?.c));
          },
        );
        assert.ok(atVisible >= 0, 'visible was called before the commit resolved');
        assert.ok(ticks > atVisible, `setImmediate ran while the sync was in flight (${atVisible} → ${ticks})`);
        assert.equal(await (seen as unknown as Promise<number>), i + 1);
      }
      running = false;
      const sync = (await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0]?.synchronous;
      assert.equal(sync, 2, 'the connection is back at synchronous = FULL for everything else');
    } finally {
      await store.close();
    }
  });

  test('a failing body rolls back, calls no visible, and the next commit works', async () => {
    const store = await openFile('rollback.db');
    try {
      await makeTable(store);
      let visible = 0;
      await assert.rejects(
        store.commitDurably(
          async (tx) => {
            await sql`insert into durable_probe (id, n) values ('x', 1)`.execute(tx);
            throw new Error('body failed');
          },
          () => visible++,
        ),
        /body failed/,
      );
      assert.equal(visible, 0);
      assert.deepEqual(await probeRows(store), []);
      const sync = (await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0]?.synchronous;
      assert.equal(sync, 2, 'synchronous = FULL restored after the failure');
      await store.commitDurably(async (tx) => {
        await sql`insert into durable_probe (id, n) values ('y', 2)`.execute(tx);
      });
      assert.deepEqual(await probeRows(store), [{ id: 'y', n: 2 }]);
    } finally {
      await store.close();
    }
  });
});

forEachStore('durable commit (plain transaction)', (s) => {
  test('returns the body result, calls visible with it, and rolls back a failing body', async () => {
    const hub = await s.open();
    const { store } = hub;
    await makeTable(store);
    const seen: string[] = [];
    const r = await store.commitDurably(
      async (tx) => {
        await sql`insert into durable_probe (id, n) values ('a', 1)`.execute(tx);
        return 'ok';
      },
      (x) => seen.push(x),
    );
    assert.equal(r, 'ok');
    assert.deepEqual(seen, ['ok']);
    await assert.rejects(
      store.commitDurably(async (tx) => {
        await sql`insert into durable_probe (id, n) values ('b', 2)`.execute(tx);
        throw new Error('nope');
      }),
      /nope/,
    );
    assert.deepEqual(await probeRows(store), [{ id: 'a', n: 1 }]);
  });
});
