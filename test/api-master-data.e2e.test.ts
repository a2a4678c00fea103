import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeOnStores, get, keyHeaders, send } from './api-harness.ts';

interface Problem {
  code: string;
  status: number;
  detail: string;
  problems: { code: string; message: string; where?: string }[];
}
interface Page<T> {
  items: T[];
  total?: number;
}
interface Entry {
  seq: number;
  actor: string;
  via: string;
  action: string;
  target: { kind: string; id: string };
  warehouse: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}
type Rec = Record<string, unknown>;

const PROBLEM = /^application\/problem\+json/;
const newSku = { id: 'TST-KETTLE', name: 'Electric kettle 1.7 l', category: 'home', weightKg: 1.2 };

describeOnStores('master data API', (ctx) => {
  const audit = async (query: string) => (await get<Page<Entry>>(ctx().app, `/api/audit?${query}`)).body.items;
  const auditCount = async () => (await get<{ entries: number }>(ctx().app, '/api/audit/verify')).body.entries;

  /** Sends a change that must be refused, and checks that it changed nothing at all. */
  async function refused(method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown, status: number, code: string, where: string): Promise<Problem> {
    const before = await auditCount();
    const r = await send<Problem>(ctx().app, method, url, body);
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.match(r.type, PROBLEM);
    assert.equal(r.body.code, code);
    assert.ok(r.body.problems.some((p) => p.where === where), `a problem names ${where}: ${JSON.stringify(r.body.problems)}`);
    assert.equal(await auditCount(), before, 'no audit entry for a refused change');
    return r.body;
  }

  test('warehouses list their owner team and escalation contact: ownership is data', async () => {
    const r = await get<Page<Rec>>(ctx().app, '/api/master-data/warehouses');
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 8);
    for (const w of r.body.items) assert.equal(typeof w.ownerTeam, 'string');
    const one = await get<Rec>(ctx().app, '/api/master-data/warehouses/SHA-RDC');
    assert.equal(one.status, 200);
    assert.ok(one.body.ownerTeam);
    assert.ok('escalationContact' in one.body);
  });

  test('a warehouse-scoped reader sees only its warehouses; others are not found', async () => {
    const h = await keyHeaders(ctx().app, 'warehouse_manager', { warehouses: ['SHA-RDC'] });
    const list = await get<Page<Rec>>(ctx().app, '/api/master-data/warehouses', h);
    assert.deepEqual(list.body.items.map((w) => w.id), ['SHA-RDC']);
    assert.equal((await get(ctx().app, '/api/master-data/warehouses/CAN-RDC', h)).status, 404);
    assert.equal((await get(ctx().app, '/api/master-data/warehouses/SHA-RDC', h)).status, 200);
  });

  test('a warehouse-scoped writer cannot change, delete or create another warehouse (404, nothing changed)', async () => {
    const app = ctx().app;
    const h = await keyHeaders(app, 'planner', { warehouses: ['SHA-RDC'] });
    const other = (await get<Rec>(app, '/api/master-data/warehouses/CAN-RDC')).body;
    const n = await auditCount();
    const put = await send<Problem>(app, 'PUT', '/api/master-data/warehouses/CAN-RDC', { ...other, id: undefined, ownerTeam: 'taken-over' }, h);
    assert.equal(put.status, 404);
    assert.equal((await send(app, 'DELETE', '/api/master-data/warehouses/CAN-RDC', undefined, h)).status, 404);
    assert.equal((await send(app, 'POST', '/api/master-data/warehouses', { ...other, id: 'NEW-WH' }, h)).status, 404);
    assert.equal((await get<Rec>(app, '/api/master-data/warehouses/CAN-RDC')).body.ownerTeam, other.ownerTeam);
    assert.equal(await auditCount(), n);
    assert.equal((await send(app, 'POST', '/api/master-data/skus', { ...newSku, id: 'TST-VIEW' }, await keyHeaders(app, 'viewer'))).status, 403);
  });

  test('create, read, replace and delete a SKU; each change audited with before and after', async () => {
    const app = ctx().app;
    const created = await send<{ record: Rec }>(app, 'POST', '/api/master-data/skus', newSku);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.record.baseUnit, 'each', 'defaults filled in as the importer does');
    assert.deepEqual((await get<Rec>(app, '/api/master-data/skus/TST-KETTLE')).body, created.body.record);

    const [c] = await audit('target=sku:TST-KETTLE');
    assert.equal(c?.action, 'masterdata.sku.create');
    assert.equal(c?.via, 'api');
    assert.match(c?.actor ?? '', /^key:key_.*\(test-admin\)$/);
    assert.equal(c?.before, null);
    assert.deepEqual(c?.after, created.body.record);
    assert.ok(c?.requestId);

    const put = await send<{ record: Rec; changed: boolean }>(app, 'PUT', '/api/master-data/skus/TST-KETTLE', { ...newSku, id: undefined, name: 'Kettle 1.7 l, steel' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.changed, true);
    const [u] = await audit('target=sku:TST-KETTLE');
    assert.equal(u?.action, 'masterdata.sku.update');
    assert.equal(u?.before?.name, 'Electric kettle 1.7 l');
    assert.equal(u?.after?.name, 'Kettle 1.7 l, steel');

    const n = await auditCount();
    const again = await send<{ changed: boolean }>(app, 'PUT', '/api/master-data/skus/TST-KETTLE', { ...newSku, name: 'Kettle 1.7 l, steel' });
    assert.equal(again.body.changed, false);
    assert.equal(await auditCount(), n, 'a PUT that changes nothing writes no audit entry');

    const del = await send<{ deleted: Rec }>(app, 'DELETE', '/api/master-data/skus/TST-KETTLE');
    assert.equal(del.status, 200);
    assert.equal((await get(app, '/api/master-data/skus/TST-KETTLE')).status, 404);
    const [d] = await audit('target=sku:TST-KETTLE');
    assert.equal(d?.action, 'masterdata.sku.delete');
    assert.equal(d?.before?.name, 'Kettle 1.7 l, steel');
    assert.equal(d?.after, null);
  });

  test('bad input is refused with problem+json naming the field, and nothing changes', async () => {
    await refused('POST', '/api/master-data/skus', { ...newSku, id: 'TST-TYPO', lotControled: true }, 400, 'INVALID_ARGUMENT', 'lotControled');
    assert.equal((await get(ctx().app, '/api/master-data/skus/TST-TYPO')).status, 404);
    await refused('POST', '/api/master-data/skus', { ...newSku, id: 'TST-GTIN', gtin: '6901234567890' }, 400, 'INVALID_GTIN', 'gtin');
    await refused('POST', '/api/master-data/aliases', { system: 'sha-wms', code: 'Z-1', sku: 'NO-SUCH-SKU' }, 422, 'DANGLING_REFERENCE', 'sku');
    await refused('POST', '/api/master-data/units', { sku: 'APP-TEE-WHT-M', unit: 'box', factor: 2.5 }, 400, 'INVALID_ARGUMENT', 'factor');
    await refused('POST', '/api/master-data/units', { sku: 'APP-TEE-WHT-M', unit: 'box', factor: 0 }, 400, 'INVALID_ARGUMENT', 'factor');
    await refused('POST', '/api/master-data/units', { sku: 'NO-SUCH-SKU', unit: 'box', factor: 6 }, 422, 'DANGLING_REFERENCE', 'sku');
    await refused('POST', '/api/master-data/status-maps', { system: 'sha-wms', external: 'SOLD', status: 'sold' }, 400, 'INVALID_ARGUMENT', 'status');
    await refused('POST', '/api/master-data/aliases', { system: 'sha-wms', code: 'A1001', sku: 'APP-TEE-WHT-L' }, 409, 'ALREADY_EXISTS', 'system');
    await refused('PUT', '/api/master-data/skus/APP-TEE-WHT-M', { id: 'APP-TEE-WHT-L', name: 'x' }, 400, 'INVALID_ARGUMENT', 'id');
    await refused('PUT', '/api/master-data/skus/NO-SUCH-SKU', { name: 'x' }, 404, 'NOT_FOUND', 'id');
    assert.equal((await get(ctx().app, '/api/master-data/units?sku=APP-TEE-WHT-M')).status, 200);
    const units = (await get<Page<Rec>>(ctx().app, '/api/master-data/units?sku=APP-TEE-WHT-M')).body.items;
    assert.ok(!units.some((u) => u.unit === 'box'));
  });

  test('a SKU or warehouse with stock or ledger history cannot be deleted; a warehouse is deactivated instead', async () => {
    const sku = await refused('DELETE', '/api/master-data/skus/APP-TEE-WHT-M', undefined, 409, 'RECORD_IN_USE', 'id');
    assert.match(sku.detail, /ledger events/);
    assert.equal((await get(ctx().app, '/api/master-data/skus/APP-TEE-WHT-M')).status, 200);
    const wh = await refused('DELETE', '/api/master-data/warehouses/SHA-RDC', undefined, 409, 'RECORD_IN_USE', 'id');
    assert.match(wh.detail, /deactivate it instead/);

    const current = (await get<Rec>(ctx().app, '/api/master-data/warehouses/SHA-RDC')).body;
    const r = await send<{ record: Rec }>(ctx().app, 'PUT', '/api/master-data/warehouses/SHA-RDC', { ...current, id: undefined, active: false, ownerTeam: 'east-ops-night', escalationContact: 'duty-east@example.com' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const after = (await get<Rec>(ctx().app, '/api/master-data/warehouses/SHA-RDC')).body;
    assert.equal(after.active, false);
    assert.equal(after.ownerTeam, 'east-ops-night');
    const [e] = await audit('target=warehouse:SHA-RDC');
    assert.equal(e?.warehouse, 'SHA-RDC');
    assert.equal(e?.before?.ownerTeam, current.ownerTeam);
    assert.equal(e?.after?.escalationContact, 'duty-east@example.com');
    await send(ctx().app, 'PUT', '/api/master-data/warehouses/SHA-RDC', { ...current, id: undefined });
  });

  test('units, aliases and status maps round-trip; a unit an alias counts in cannot go first', async () => {
    const app = ctx().app;
    assert.equal((await send(app, 'POST', '/api/master-data/skus', { ...newSku, id: 'TST-MUG', name: 'Mug' })).status, 201);
    const unit = await send(app, 'POST', '/api/master-data/units', { sku: 'TST-MUG', unit: 'case', factor: 6 });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    const alias = await send<{ record: Rec }>(app, 'POST', '/api/master-data/aliases', { system: 'sha-wms', code: 'M-6', sku: 'TST-MUG', unit: 'case' });
    assert.equal(alias.status, 201, JSON.stringify(alias.body));
    assert.equal((await send(app, 'POST', '/api/master-data/status-maps', { system: 'sha-wms', external: 'ZZ-MOVE', status: 'in_transit' })).status, 201);
    assert.equal((await get<Rec>(app, '/api/master-data/status-maps/sha-wms/ZZ-MOVE')).body.status, 'in_transit');
    assert.equal((await get<Rec>(app, '/api/master-data/aliases/sha-wms/M-6')).body.unit, 'case');

    await refused('DELETE', '/api/master-data/units/TST-MUG/case', undefined, 409, 'RECORD_IN_USE', 'sku');
    await refused('DELETE', '/api/master-data/skus/TST-MUG', undefined, 409, 'RECORD_IN_USE', 'id');
    const repoint = await send<{ record: Rec }>(app, 'PUT', '/api/master-data/aliases/sha-wms/M-6', { sku: 'APP-TEE-WHT-M' });
    assert.equal(repoint.status, 200, JSON.stringify(repoint.body));
    const [a] = await audit('action=masterdata.alias.update');
    assert.equal(a?.before?.sku, 'TST-MUG');
    assert.equal(a?.after?.sku, 'APP-TEE-WHT-M');

    for (const url of ['/api/master-data/aliases/sha-wms/M-6', '/api/master-data/status-maps/sha-wms/ZZ-MOVE', '/api/master-data/skus/TST-MUG']) {
      assert.equal((await send(app, 'DELETE', url)).status, 200, url);
    }
    const [d] = await audit('target=sku:TST-MUG');
    assert.deepEqual(d?.before?.units, [{ sku: 'TST-MUG', unit: 'case', factor: 6 }], "a SKU's units go with it, recorded in its before");
    assert.equal((await get(app, '/api/master-data/units/TST-MUG/case')).status, 404);
  });

  test('an event with a newly added alias ingests right after the API added it (cache invalidated)', async () => {
    const { hub, app } = ctx();
    const event = (id: string) => ({ id, source: 'sha-wms', occurredAt: '2026-11-25T07:00:00Z', warehouse: 'SHA-RDC', sku: 'A9999', quantity: 4, toStatus: 'AVAIL', reason: 'receipt' });
    const [first] = await hub.ingestor.ingest([{ raw: event('md-cache-1') }]);
    assert.notEqual(first?.outcome, 'applied', 'unknown before the alias exists');
    assert.equal((await hub.masterData.current()).resolveSku('sha-wms', 'A9999'), undefined);
    const r = await send(app, 'POST', '/api/master-data/aliases', { system: 'sha-wms', code: 'A9999', sku: 'APP-TEE-WHT-M' });
    assert.equal(r.status, 201);
    assert.equal((await hub.masterData.current()).resolveSku('sha-wms', 'A9999')?.sku.id, 'APP-TEE-WHT-M', 'the cached copy was reloaded, not left to age');
    const [second] = await hub.ingestor.ingest([{ raw: event('md-cache-2') }]);
    assert.equal(second?.outcome, 'applied', JSON.stringify(second));
  });

  test('bulk import (JSON) is all or nothing, problems named with file:line and field', async () => {
    const before = await auditCount();
    const doc = JSON.stringify({ skus: [{ id: 'TST-BULK-1', name: 'Bulk one' }], aliases: [{ system: 'sha-wms', code: 'B-1', sku: 'TST-NOPE' }] }, null, 2);
    const r = await send<Problem>(ctx().app, 'POST', '/api/master-data/import', doc, { 'content-type': 'application/json' });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.match(r.type, PROBLEM);
    assert.equal(r.body.code, 'DANGLING_REFERENCE');
    assert.match(r.body.problems[0]?.where ?? '', /^body\.json:\d+ sku$/);
    assert.equal((await get(ctx().app, '/api/master-data/skus/TST-BULK-1')).status, 404, 'the good record was not written either');
    assert.equal(await auditCount(), before);
  });

  test('bulk import (YAML and CSV) writes, records one audit entry with before/after, and says what changed', async () => {
    const app = ctx().app;
    const yaml = 'skus:\n  - id: TST-BULK-2\n    name: Bulk two\n  - id: APP-TEE-WHT-M\n    name: Tee white M (renamed)\n';
    const current = (await get<Rec>(app, '/api/master-data/skus/APP-TEE-WHT-M')).body;
    const r = await send<{ ok: boolean; counts: Record<string, { inserted: number; updated: number }>; auditSeq: number }>(app, 'POST', '/api/master-data/import', yaml, { 'content-type': 'application/yaml' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.counts.skus?.inserted, 1);
    assert.equal(r.body.counts.skus?.updated, 1);
    const [e] = await audit('action=masterdata.import');
    assert.equal(e?.seq, r.body.auditSeq);
    assert.deepEqual((e?.before?.skus as Rec[]).map((s) => s.name), [current.name]);
    assert.deepEqual((e?.after?.skus as Rec[]).map((s) => s.id).sort(), ['APP-TEE-WHT-M', 'TST-BULK-2']);

    const csv = 'id,name,weightKg\nTST-BULK-3,Bulk three,0.5\n';
    const c = await send<{ counts: Record<string, { inserted: number }> }>(app, 'POST', '/api/master-data/import?kind=skus', csv, { 'content-type': 'text/csv' });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.counts.skus?.inserted, 1);
    assert.equal((await get<Rec>(app, '/api/master-data/skus/TST-BULK-3')).body.weightKg, 0.5);

    const bad = await send<Problem>(app, 'POST', '/api/master-data/import?kind=skus', 'id,name,weightKg\nTST-BULK-4,Bulk four,heavy\n', { 'content-type': 'text/csv' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.problems[0]?.where ?? '', /^body-skus\.csv:2 weightKg$/);
    const noKind = await send<Problem>(app, 'POST', '/api/master-data/import', csv, { 'content-type': 'text/csv' });
    assert.equal(noKind.status, 400);
    assert.equal(noKind.body.problems[0]?.where, 'kind');
  });

  test('the bulk import takes bodies over the usual 1 MiB, up to 10 MiB', async () => {
    const app = ctx().app;
    const padding = `# ${'x'.repeat(2 * 1024 * 1024)}\n`;
    const big = await send(app, 'POST', '/api/master-data/import', `${padding}skus:\n  - id: TST-BIG\n    name: Big body\n`, { 'content-type': 'application/yaml' });
    assert.equal(big.status, 200, JSON.stringify(big.body));
    const huge = await send<Problem>(app, 'POST', '/api/master-data/import', `# ${'x'.repeat(10 * 1024 * 1024)}\n`, { 'content-type': 'application/yaml' });
    assert.equal(huge.status, 413);
    assert.match(huge.type, PROBLEM);
  });

  test('conflicts are listed (the demo declares one homonym)', async () => {
    const r = await get<{ items: { kind: string; message: string }[] }>(ctx().app, '/api/master-data/conflicts');
    assert.equal(r.status, 200);
    assert.ok(r.body.items.some((c) => c.kind === 'homonym'), JSON.stringify(r.body.items));
  });

  test('the audit list filters by actor, action and target, and scopes to the reader\'s warehouses', async () => {
    const app = ctx().app;
    const all = await audit('limit=1000');
    assert.ok(all.length > 5);
    assert.ok((await audit('action=masterdata.sku.*')).every((e) => e.action.startsWith('masterdata.sku.')));
    assert.deepEqual((await audit(`actor=${encodeURIComponent(all[0]?.actor ?? '')}&limit=1000`)).length, all.filter((e) => e.actor === all[0]?.actor).length);
    assert.equal((await audit('actor=user:nobody')).length, 0);
    assert.equal((await get(app, '/api/audit?from=not-a-date')).status, 400);
    const scoped = await keyHeaders(app, 'operations', { warehouses: ['SHA-RDC'] });
    const mine = (await get<Page<Entry>>(app, '/api/audit?limit=1000', scoped)).body.items;
    assert.ok(mine.length > 0);
    assert.ok(mine.every((e) => e.warehouse === 'SHA-RDC'), JSON.stringify(mine.map((e) => e.warehouse)));
    assert.equal((await get(app, '/api/audit', await keyHeaders(app, 'viewer'))).status, 403);
  });

  test('/api/audit/verify is ok, then names the entry edited behind the hub', async () => {
    const { app, hub } = ctx();
    const ok = await get<{ ok: boolean; entries: number; head: string }>(app, '/api/audit/verify');
    assert.equal(ok.body.ok, true);
    assert.match(ok.body.head, /^[0-9a-f]{64}$/);
    if (hub.store.dialect === 'postgres') await sql`drop trigger audit_log_no_change on audit_log`.execute(hub.store.db);
    else await sql`drop trigger audit_log_no_update`.execute(hub.store.db);
    await sql`update audit_log set after_json = ${'{"name":"forged"}'} where seq = 2`.execute(hub.store.db);
    const bad = await get<{ ok: boolean; seq: number; reason: string }>(app, '/api/audit/verify');
    assert.equal(bad.status, 200);
    assert.equal(bad.body.ok, false);
    assert.equal(bad.body.seq, 2);
    assert.match(bad.body.reason, /edited/);
  });
});
