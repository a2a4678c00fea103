import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { type AuditInput, listAudit, recordAudit, recordAuditBatch, verifyAudit } from '../src/audit/index.ts';
import type { Hub } from '../src/hub/index.ts';
import { canonicalJson, OrderService } from '../src/orders/index.ts';
import { GENESIS_HASH } from '../src/store/migrations/0001-core.ts';
import { order, receive, seedOrderNetwork } from './support/order-network.ts';
import { forEachStore } from './support/stores.ts';

// The chain as it was written before recordAuditBatch: one entry at a time, before/after through
// canonicalJson(JSON.parse(JSON.stringify(state))), hashed by the recipe of docs/audit.md, spelled
// out here on its own so that neither write path can drift from it unnoticed.
const oldStateJson = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const plain: unknown = JSON.parse(JSON.stringify(v) ?? 'null');
  return plain === null ? null : canonicalJson(plain);
};
interface RefRow {
  seq: number; at: string; actor: string; via: string; action: string; target_kind: string; target_id: string;
  warehouse_id: string | null; before_json: string | null; after_json: string | null; request_id: string | null; prev_hash: string; hash: string;
}
function referenceChain(inputs: readonly AuditInput[], from = { seq: 0, hash: GENESIS_HASH }): RefRow[] {
  let { seq, hash: prev } = from;
  return inputs.map((i) => {
    seq += 1;
    const r = { seq, at: i.at as string, actor: i.actor, via: i.via, action: i.action, target_kind: i.target.kind, target_id: i.target.id, warehouse_id: i.warehouse ?? null, before_json: oldStateJson(i.before), after_json: oldStateJson(i.after), request_id: i.requestId ?? null };
    const content = JSON.stringify([r.seq, r.at, r.actor, r.via, r.action, r.target_kind, r.target_id, r.warehouse_id, r.before_json, r.after_json, r.request_id]);
    const hash = createHash('sha256').update(prev).update('\n').update(content).digest('hex');
    const row = { ...r, prev_hash: prev, hash };
    prev = hash;
    return row;
  });
}

const input = (i: number): AuditInput => ({
  actor: i % 3 ? 'user:alice' : 'cli:bob',
  via: i % 3 ? 'api' : 'cli',
  action: i % 2 ? 'masterdata.sku.update' : 'order.submit',
  target: { kind: i % 2 ? 'sku' : 'order', id: `T-${i}` },
  warehouse: i % 4 ? 'SHA-RDC' : null,
  before: i % 5 ? { name: `old ${i}`, weightKg: i, tags: ['b', 'a'], nested: { z: 1, a: [{ y: 2, x: null }] }, gone: undefined } : null,
  after: { name: `new ${i}`, weightKg: i + 0.5, at: new Date(Date.UTC(2026, 10, 26, 0, 0, i)), unicode: 'Grüße ✓ "q"', '10': 'ten', '2': 'two' },
  requestId: i % 2 ? `req-${i}` : null,
  at: `2026-11-26T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
});

const rowsOf = async (hub: Hub): Promise<RefRow[]> =>
  (await hub.store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((r) => ({ ...r, seq: Number(r.seq) }));
const headOf = async (hub: Hub) => {
  const h = await hub.store.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash };
};

forEachStore('audit batch', (store) => {
  test('recordAuditBatch writes the same rows, byte for byte, as recordAudit one by one and as the recipe written out', async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => input(i + 1));
    const one = await store.open();
    const batch = await store.open();
    for (const i of inputs) await one.store.db.transaction().execute((tx) => recordAudit(tx, i));
    // Two batches: the second continues from the head the first left.
    const first = await batch.store.db.transaction().execute((tx) => recordAuditBatch(tx, inputs.slice(0, 15)));
    const second = await batch.store.db.transaction().execute((tx) => recordAuditBatch(tx, inputs.slice(15)));
    const expected = referenceChain(inputs);
    assert.deepEqual(await rowsOf(one), expected);
    assert.deepEqual(await rowsOf(batch), expected);
    assert.deepEqual([...first, ...second].map((e) => [e.seq, e.prevHash, e.hash]), expected.map((r) => [r.seq, r.prev_hash, r.hash]), 'the returned entries are the stored ones');
    assert.deepEqual([...first, ...second], await listAudit(batch.store.db, { limit: 100, order: 'oldest' }));
    assert.deepEqual(await headOf(batch), { seq: 40, hash: expected[39]?.hash });
    assert.equal((await verifyAudit(batch.store.db)).ok, true);
  });

  test('a batch continues a chain written before it (rows by the recipe, as earlier hubs wrote them) and verifies', async () => {
    const hub = await store.open();
    const old = referenceChain(Array.from({ length: 5 }, (_, i) => input(i + 1)));
    await hub.store.db.insertInto('audit_log').values(old).execute();
    const last = old[4] as RefRow;
    await hub.store.db.updateTable('audit_head').set({ seq: last.seq, hash: last.hash }).where('id', '=', 1).execute();
    const more = Array.from({ length: 1200 }, (_, i) => input(i + 6));
    const entries = await hub.store.db.transaction().execute((tx) => recordAuditBatch(tx, more));
    assert.equal(entries.length, 1200);
    assert.deepEqual(await rowsOf(hub), [...old, ...referenceChain(more, { seq: last.seq, hash: last.hash })]);
    assert.deepEqual(await verifyAudit(hub.store.db), { ok: true, entries: 1205, head: entries[1199]?.hash });
  });

  test('a batch with one bad entry writes nothing and says which; an empty batch writes nothing', async () => {
    const hub = await store.open();
    await hub.store.db.transaction().execute((tx) => recordAuditBatch(tx, [input(1)]));
    const before = await headOf(hub);
    await assert.rejects(
      hub.store.db.transaction().execute((tx) => recordAuditBatch(tx, [input(2), { ...input(3), actor: ' ' }, input(4)])),
      /audit entry needs actor, action and target/,
    );
    await assert.rejects(hub.store.db.transaction().execute((tx) => recordAuditBatch(tx, [input(2), { ...input(3), at: 'yesterday' }])), /at must be an ISO-8601 time, got yesterday/);
    assert.deepEqual(await hub.store.db.transaction().execute((tx) => recordAuditBatch(tx, [])), []);
    assert.deepEqual(await headOf(hub), before);
    assert.equal((await rowsOf(hub)).length, 1);
    assert.equal((await verifyAudit(hub.store.db)).ok, true);
  });

  test('audited submits of one reservation batch: one entry per new order, its after the stored order in the recipe\'s canonical JSON', async () => {
    const hub = await store.open();
    await seedOrderNetwork(hub);
    await receive(hub, 'WH-1', 'SKU-A', 100);
    const svc = new OrderService({ store: hub.store, masterData: hub.masterData });
    const ids = Array.from({ length: 12 }, (_, i) => `AB-${i}`);
    // Submitted together: they share reservation batches; AB-0 is sent twice (one entry).
    await Promise.all([...ids, 'AB-0'].map((id) => svc.submit(order(id, { lines: [{ sku: 'SKU-A', qty: 1, unit: 'case' }] }), { actor: 'user:alice', via: 'api', requestId: `r-${id}` })));
    const rows = await rowsOf(hub);
    assert.deepEqual(rows.map((r) => r.target_id).sort(), [...ids].sort());
    for (const r of rows) {
      const stored = await svc.get(r.target_id);
      assert.ok(stored?.explanation, 'the order carries its explanation');
      assert.equal(r.after_json, oldStateJson(stored), `entry of ${r.target_id} holds the stored order`);
      assert.equal(r.request_id, `r-${r.target_id}`);
    }
    assert.equal((await verifyAudit(hub.store.db)).ok, true);
  });
});
