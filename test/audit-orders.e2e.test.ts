import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/api/index.ts';
import { listAudit, verifyAudit } from '../src/audit/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { useAdminKey } from './api-harness.ts';
import { order, receive, seedOrderNetwork } from './support/order-network.ts';
import { orderApiOnSqlite } from './support/order-api.ts';

test('HTTP orders: a new order and a cancel are audited with the stored order before and after; repeats and refusals are not', async () => {
  const { hub, app, headers } = await orderApiOnSqlite();
  const entries = () => listAudit(hub.store.db, { limit: 100, action: 'order.*', order: 'oldest' });

  const body = order('AU-1', { lines: [{ sku: 'SKU-A', qty: 1, unit: 'case' }] });
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders', headers, payload: body })).statusCode, 201);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders', headers, payload: body })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders', headers, payload: { ...body, priority: 9 } })).statusCode, 409);
  let list = await entries();
  assert.equal(list.length, 1, 'only the new order is a change');
  assert.equal(list[0]?.action, 'order.submit');
  assert.deepEqual(list[0]?.target, { kind: 'order', id: 'AU-1' });
  assert.match(list[0]?.actor ?? '', /^key:/);
  assert.equal(list[0]?.via, 'api');
  assert.ok(list[0]?.requestId, 'the entry names the HTTP request');
  assert.equal((list[0]?.after as { state: string }).state, 'allocated');

  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/AU-1/cancel', headers })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/AU-1/cancel', headers })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/api/orders/nope/cancel', headers })).statusCode, 404);
  list = await entries();
  assert.deepEqual(list.map((e) => e.action), ['order.submit', 'order.cancel'], 'a second cancel changes nothing and is not recorded');
  assert.equal((list[1]?.before as { state: string }).state, 'allocated');
  assert.equal((list[1]?.after as { state: string }).state, 'cancelled');
  assert.equal((await verifyAudit(hub.store.db)).ok, true);
});

/** Makes every audit write about `target` fail (a trigger), and takes that back. */
async function refuseAuditOf(hub: Hub, target: string): Promise<() => Promise<void>> {
  const db = hub.store.db;
  if (hub.store.dialect === 'postgres') {
    await sql.raw(`create function audit_refuse() returns trigger language plpgsql as $$ begin if new.target_id = '${target}' then raise exception 'audit write refused'; end if; return new; end $$`).execute(db);
    await sql.raw('create trigger audit_refuse before insert on audit_log for each row execute function audit_refuse()').execute(db);
    return async () => {
      await sql.raw('drop trigger audit_refuse on audit_log').execute(db);
      await sql.raw('drop function audit_refuse()').execute(db);
    };
  }
  await sql.raw(`create trigger audit_refuse before insert on audit_log when new.target_id = '${target}' begin select raise(abort, 'audit write refused'); end`).execute(db);
  return async () => void (await sql.raw('drop trigger audit_refuse').execute(db));
}

const stores = [{ name: 'SQLite', url: undefined as string | undefined }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.DATABASE_URL }] : [])];
for (const store of stores) {
  test(`HTTP orders [${store.name}]: an order, its holds and its audit entry commit together — a failing audit write undoes the reservation and the cancel`, async () => {
    const schema = `test_audit_orders_${process.pid}`;
    const hub = store.url ? await openHub({ ...configFromEnv({}), databaseUrl: store.url }, { pgSchema: schema }) : await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
    const app = await buildApp({ hub });
    const headers = await useAdminKey(app);
    after(async () => {
      await app.close();
      await hub.close();
      if (store.url) {
        const c = new pg.Client({ connectionString: store.url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    });
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-1', 'SKU-A', 12);
    const body = order('AU-FAIL', { lines: [{ sku: 'SKU-A', qty: 1, unit: 'case' }] });
    const holds = async (id: string) => (await app.inject({ method: 'GET', url: `/api/holds?order=${id}`, headers })).json<{ items: { state: string; qty: number }[] }>().items;
    const entries = async () => (await listAudit(hub.store.db, { limit: 100, action: 'order.*', order: 'oldest' })).map((e) => `${e.action} ${e.target.id}`);

    let allow = await refuseAuditOf(hub, 'AU-FAIL');
    const refused = await app.inject({ method: 'POST', url: '/api/orders', headers, payload: body });
    assert.equal(refused.statusCode, 500, 'the caller is answered with an error');
    assert.equal(refused.headers['content-type']?.toString().startsWith('application/problem+json'), true);
    assert.equal((await app.inject({ method: 'GET', url: '/api/orders/AU-FAIL', headers })).statusCode, 404, 'no order stored');
    assert.deepEqual(await holds('AU-FAIL'), [], 'no hold left');
    assert.deepEqual(await entries(), [], 'no entry');
    await allow();

    // The 12 units were never held: the same order now gets all of them, with its one entry.
    const ok = await app.inject({ method: 'POST', url: '/api/orders', headers, payload: body });
    assert.equal(ok.statusCode, 201);
    assert.equal(ok.json<{ state: string }>().state, 'allocated');
    assert.deepEqual((await holds('AU-FAIL')).map((h) => [h.state, h.qty]), [['pending', 12]]);
    assert.deepEqual(await entries(), ['order.submit AU-FAIL']);

    allow = await refuseAuditOf(hub, 'AU-FAIL');
    assert.equal((await app.inject({ method: 'POST', url: '/api/orders/AU-FAIL/cancel', headers })).statusCode, 500);
    assert.equal((await app.inject({ method: 'GET', url: '/api/orders/AU-FAIL', headers })).json<{ state: string }>().state, 'allocated', 'the cancel was undone');
    assert.deepEqual((await holds('AU-FAIL')).map((h) => h.state), ['pending'], 'its hold is still active');
    await allow();
    assert.equal((await app.inject({ method: 'POST', url: '/api/orders/AU-FAIL/cancel', headers })).statusCode, 200);
    assert.deepEqual((await holds('AU-FAIL')).map((h) => h.state), ['released']);
    assert.deepEqual(await entries(), ['order.submit AU-FAIL', 'order.cancel AU-FAIL']);
    assert.equal((await verifyAudit(hub.store.db)).ok, true);
  });
}

test('CLI orders: submit and cancel are audited as cli:<os user> in their own transactions; a re-sent order and a second cancel are not', () => {
  const root = new URL('..', import.meta.url).pathname;
  const data = mkdtempSync(join(tmpdir(), 'stockmesh-audit-orders-'));
  after(() => rmSync(data, { recursive: true, force: true }));
  const stockmesh = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), ...args], { cwd: root, env: { ...process.env, STOCKMESH_DATA: data, DATABASE_URL: '', NATS_URL: '' }, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  assert.equal(stockmesh('mdm', 'import', join(root, 'test/fixtures/ledger/masterdata.json')).code, 0);
  const file = join(data, 'order.json');
  writeFileSync(file, JSON.stringify({ id: 'CLI-1', destination: { region: 'east' }, lines: [{ sku: 'SKU-TEA', qty: 1 }] }));
  for (let i = 0; i < 2; i++) {
    const r = stockmesh('orders', 'submit', file);
    assert.equal(r.code, 0, r.err);
  }
  for (let i = 0; i < 2; i++) assert.equal(stockmesh('orders', 'cancel', 'CLI-1').code, 0);
  const list = JSON.parse(stockmesh('audit', 'list', '--json', '--action', 'order.*').out) as { action: string; actor: string; via: string; target: { id: string }; before: { state: string } | null; after: { state: string } | null }[];
  const mine = list.sort((a, b) => (a.action < b.action ? 1 : -1));
  assert.deepEqual(mine.map((e) => [e.action, e.target.id, e.actor, e.via]), [
    ['order.submit', 'CLI-1', `cli:${userInfo().username}`, 'cli'],
    ['order.cancel', 'CLI-1', `cli:${userInfo().username}`, 'cli'],
  ]);
  assert.equal(mine[0]?.before, null);
  assert.equal(mine[0]?.after?.state, 'backordered', 'nothing in stock: stored backordered, still a change');
  assert.equal(mine[1]?.before?.state, 'backordered');
  assert.equal(mine[1]?.after?.state, 'cancelled');
  const v = stockmesh('audit', 'verify');
  assert.equal(v.code, 0, v.err);
});
