import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { type AuditInput, listAudit, recordAudit, verifyAudit } from '../src/audit/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { forEachStore } from './support/stores.ts';

// Tampering is done the way an attacker or a careless admin would: SQL straight into the table,
// after taking the append-only trigger out of the way (which needs the rights such a person has).

const entry = (i: number, over: Partial<AuditInput> = {}): AuditInput => ({
  actor: 'user:alice',
  via: 'api',
  action: 'masterdata.sku.update',
  target: { kind: 'sku', id: `SKU-${i}` },
  warehouse: i % 2 ? 'SHA-RDC' : null,
  before: { name: `old ${i}`, weightKg: i },
  after: { name: `new ${i}`, weightKg: i + 1 },
  requestId: `req-${i}`,
  ...over,
});

async function trail(hub: Hub, n = 10): Promise<void> {
  for (let i = 1; i <= n; i++) await recordAudit(hub.store.db, entry(i));
  assert.deepEqual(await verifyAudit(hub.store.db), { ok: true, entries: n, head: (await head(hub)).hash });
}

async function head(hub: Hub): Promise<{ seq: number; hash: string }> {
  const h = await hub.store.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash };
}

/** Takes the append-only triggers away, as someone with the database owner's rights could. */
async function dropGuards(hub: Hub): Promise<void> {
  if (hub.store.dialect === 'postgres') {
    await sql`drop trigger audit_log_no_change on audit_log`.execute(hub.store.db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(hub.store.db);
    await sql`drop trigger audit_log_no_delete`.execute(hub.store.db);
  }
}

const COLUMNS: readonly [string, string][] = [
  ['at', `'2020-01-01T00:00:00.000Z'`],
  ['actor', `'user:mallory'`],
  ['via', `'cli'`],
  ['action', `'masterdata.sku.delete'`],
  ['target_kind', `'warehouse'`],
  ['target_id', `'SKU-999'`],
  ['warehouse_id', `'CAN-RDC'`],
  ['before_json', `'{"name":"forged"}'`],
  ['after_json', 'null'],
  ['request_id', `'req-x'`],
];

forEachStore('audit trail', (store) => {
  test('entries chain: each points at the previous hash, the head names the last, before/after round-trip', async () => {
    const hub = await store.open();
    await trail(hub, 3);
    const rows = await hub.store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => Number(r.seq)), [1, 2, 3]);
    assert.equal(rows[1]?.prev_hash, rows[0]?.hash);
    assert.equal(rows[2]?.prev_hash, rows[1]?.hash);
    assert.deepEqual(await head(hub), { seq: 3, hash: rows[2]?.hash });
    const [newest] = await listAudit(hub.store.db, { limit: 1 });
    assert.deepEqual(newest?.before, { name: 'old 3', weightKg: 3 });
    assert.deepEqual(newest?.after, { name: 'new 3', weightKg: 4 });
    assert.deepEqual(newest?.target, { kind: 'sku', id: 'SKU-3' });
  });

  test('the table refuses UPDATE and DELETE while its trigger is in place', async () => {
    const hub = await store.open();
    await trail(hub, 2);
    await assert.rejects(sql`update audit_log set actor = 'user:mallory' where seq = 1`.execute(hub.store.db), /append-only/);
    await assert.rejects(sql`delete from audit_log where seq = 2`.execute(hub.store.db), /append-only/);
    if (hub.store.dialect === 'postgres') await assert.rejects(sql`truncate audit_log`.execute(hub.store.db), /append-only/);
    assert.equal((await verifyAudit(hub.store.db)).ok, true);
  });

  for (const [column, value] of COLUMNS) {
    test(`an edited ${column} is detected at its entry`, async () => {
      const hub = await store.open();
      await trail(hub, 6);
      await dropGuards(hub);
      await sql.raw(`update audit_log set ${column} = ${value} where seq = 4`).execute(hub.store.db);
      const r = await verifyAudit(hub.store.db);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.seq, 4);
      assert.equal(!r.ok && r.entries, 3);
      assert.match(!r.ok ? r.reason : '', /edited/);
    });
  }

  test('an edited hash (to cover an edit) is detected at that entry', async () => {
    const hub = await store.open();
    await trail(hub, 5);
    await dropGuards(hub);
    await sql`update audit_log set actor = 'user:mallory', hash = ${'f'.repeat(64)} where seq = 2`.execute(hub.store.db);
    const r = await verifyAudit(hub.store.db);
    assert.equal(!r.ok && r.seq, 2);
  });

  test('a deleted entry in the middle is named as missing', async () => {
    const hub = await store.open();
    await trail(hub, 5);
    await dropGuards(hub);
    await sql`delete from audit_log where seq = 3`.execute(hub.store.db);
    const r = await verifyAudit(hub.store.db);
    assert.equal(!r.ok && r.seq, 3);
    assert.match(!r.ok ? r.reason : '', /entry 3 is missing/);
  });

  test('a deleted last entry is detected through the head', async () => {
    const hub = await store.open();
    await trail(hub, 5);
    await dropGuards(hub);
    await sql`delete from audit_log where seq = 5`.execute(hub.store.db);
    const r = await verifyAudit(hub.store.db);
    assert.equal(!r.ok && r.seq, 5);
    assert.match(!r.ok ? r.reason : '', /deleted from the end/);
  });

  test('an entry added around the hub (the head not moved) is detected', async () => {
    const hub = await store.open();
    await trail(hub, 3);
    await sql`insert into audit_log (seq, at, actor, via, action, target_kind, target_id, warehouse_id, before_json, after_json, request_id, prev_hash, hash)
      select 4, at, 'user:mallory', via, action, target_kind, target_id, warehouse_id, before_json, after_json, request_id, hash, hash from audit_log where seq = 3`.execute(hub.store.db);
    const r = await verifyAudit(hub.store.db);
    assert.equal(!r.ok && r.seq, 4);
    assert.match(!r.ok ? r.reason : '', /added around the hub/);
  });

  test('verify while writers append never reports a break', async () => {
    const hub = await store.open();
    await trail(hub, 3);
    const writes = Array.from({ length: 30 }, (_, i) => recordAudit(hub.store.db, entry(i)));
    const checks = Array.from({ length: 10 }, () => verifyAudit(hub.store.db));
    await Promise.all(writes);
    for (const r of await Promise.all(checks)) assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal((await verifyAudit(hub.store.db)).entries, 33);
  });

  test('a failed change writes no audit entry: the entry rolls back with its transaction', async () => {
    const hub = await store.open();
    await trail(hub, 2);
    await assert.rejects(
      hub.store.db.transaction().execute(async (tx) => {
        await recordAudit(tx, entry(3));
        throw new Error('the change failed after its audit entry was written');
      }),
      /change failed/,
    );
    assert.equal((await head(hub)).seq, 2);
    assert.equal((await listAudit(hub.store.db, { limit: 10 })).length, 2);
    await recordAudit(hub.store.db, entry(3));
    assert.deepEqual(await verifyAudit(hub.store.db), { ok: true, entries: 3, head: (await head(hub)).hash });
  });

  test('parallel transactions append one chain', async () => {
    const hub = await store.open();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        hub.store.db.transaction().execute(async (tx) => {
          await recordAudit(tx, entry(i));
        }),
      ),
    );
    const r = await verifyAudit(hub.store.db);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.entries, 40);
  });

  test('filters: actor, action prefix, target, time window and warehouse scope', async () => {
    const hub = await store.open();
    await recordAudit(hub.store.db, entry(1, { at: '2026-11-25T08:00:00.000Z' }));
    await recordAudit(hub.store.db, entry(2, { at: '2026-11-25T09:00:00.000Z', actor: 'cli:ops', via: 'cli', action: 'order.cancel', target: { kind: 'order', id: 'ORD-1' } }));
    await recordAudit(hub.store.db, entry(3, { at: '2026-11-25T10:00:00.000Z', action: 'masterdata_x' }));
    const ids = async (f: Parameters<typeof listAudit>[1]) => (await listAudit(hub.store.db, f)).map((e) => e.seq);
    assert.deepEqual(await ids({ limit: 10 }), [3, 2, 1]);
    assert.deepEqual(await ids({ limit: 10, order: 'oldest' }), [1, 2, 3]);
    assert.deepEqual(await ids({ limit: 10, actor: 'cli:ops' }), [2]);
    assert.deepEqual(await ids({ limit: 10, action: 'masterdata.*' }), [1]);
    assert.deepEqual(await ids({ limit: 10, action: 'order.cancel' }), [2]);
    assert.deepEqual(await ids({ limit: 10, target: 'order' }), [2]);
    assert.deepEqual(await ids({ limit: 10, target: 'sku:SKU-3' }), [3]);
    assert.deepEqual(await ids({ limit: 10, from: '2026-11-25T09:00:00.000Z', to: '2026-11-25T10:00:00.000Z' }), [2]);
    assert.deepEqual(await ids({ limit: 10, warehouses: new Set(['SHA-RDC']) }), [3, 1]);
    assert.deepEqual(await ids({ limit: 10, warehouses: new Set() }), []);
    assert.deepEqual(await ids({ limit: 1, offset: 1 }), [2]);
  });
});

test('two hubs on one PostgreSQL database append one chain', { skip: process.env.DATABASE_URL ? false : 'DATABASE_URL not set' }, async () => {
  const url = process.env.DATABASE_URL as string;
  const schema = `t_audit_${process.pid}`;
  const a = await openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema });
  const b = await openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema });
  try {
    const writes = (hub: Hub, who: string) =>
      Array.from({ length: 25 }, (_, i) =>
        hub.store.db.transaction().execute(async (tx) => {
          await recordAudit(tx, entry(i, { actor: who }));
        }),
      );
    await Promise.all([...writes(a, 'user:a'), ...writes(b, 'user:b')]);
    const r = await verifyAudit(a.store.db);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.entries, 50);
  } finally {
    await a.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await b.close();
    await a.close();
  }
});
