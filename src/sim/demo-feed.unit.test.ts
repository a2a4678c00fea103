import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toBaseUnits } from '../domain/index.ts';
import { inboundEventSchema, snapshotSchema } from '../ledger/index.ts';
import { MasterDataIndex } from '../mdm/index.ts';
import { DEMO_DRIFT, demoFeed } from './demo-feed.ts';
import { demoNetwork } from './demo-network.ts';
import { demoStockChanges } from './demo-stock.ts';

const now = new Date('2026-11-25T08:00:00Z');
const net = demoNetwork();
const md = new MasterDataIndex(net.masterData);
const feed = demoFeed(net, now);

test('given the same clock, when the feed is built twice, then it is identical (deterministic ids and content)', () => {
  assert.deepEqual(demoFeed(net, now), feed);
  assert.equal(new Set(feed.events.map((e) => e.id)).size, feed.events.length, 'event ids are unique');
});

test('every event and snapshot has the documented shape', () => {
  for (const e of [...feed.events, feed.incidents.deadLetter, feed.incidents.afterGap]) {
    const r = inboundEventSchema.safeParse(e);
    assert.ok(r.success, `${e.id}: ${JSON.stringify(r.error?.issues)}`);
    assert.match(e.id, /^demo:[a-z0-9-]+:\d+$/);
  }
  for (const s of feed.snapshots) assert.ok(snapshotSchema.safeParse(s).success, s.id);
  assert.equal(feed.snapshots.length, net.warehouses.length, 'one snapshot per warehouse');
});

test('every event speaks its source dialect and maps through master data to the change it stands for', () => {
  const changes = demoStockChanges(net, now);
  assert.equal(feed.events.length, changes.length);
  const receipts = changes.filter((c) => c.from === null);
  const ordered = [...receipts, ...changes.filter((c) => c.from !== null)];
  feed.events.forEach((e, i) => {
    const c = ordered[i];
    assert.ok(c);
    const source = md.source(e.source);
    assert.ok(source?.warehouses.includes(e.warehouse), `${e.id}: source may report for ${e.warehouse}`);
    const r = md.resolveSku(e.source, e.sku);
    assert.equal(r?.sku.id, c.sku, `${e.id}: code ${e.sku}`);
    const factor = md.factor(c.sku, e.unit ?? r?.unit ?? r?.sku.baseUnit ?? '');
    assert.equal(toBaseUnits(e.quantity, factor ?? 0), c.qty, `${e.id}: quantity`);
    assert.equal(e.fromStatus === undefined ? null : md.resolveStatus(e.source, e.fromStatus), c.from, `${e.id}: from`);
    assert.equal(e.toStatus === undefined ? null : md.resolveStatus(e.source, e.toStatus), c.to, `${e.id}: to`);
    if (r?.sku.lotControlled) assert.ok(e.lot, `${e.id}: lot`);
    if (r?.sku.expiryControlled) assert.ok(e.expiry, `${e.id}: expiry`);
  });
  const perSource = new Map<string, number[]>();
  for (const e of feed.events) perSource.set(e.source, [...(perSource.get(e.source) ?? []), e.sequence ?? -1]);
  for (const [source, seqs] of perSource) assert.deepEqual(seqs, seqs.map((_, i) => i + 1), `${source} numbers 1, 2, …`);
});

test('stock sits only where it may be stored: storage class, dangerous goods', () => {
  const warehouses = new Map(net.warehouses.map((w) => [w.id, w]));
  for (const p of feed.expected) {
    const w = warehouses.get(p.warehouse);
    const s = md.sku(p.sku);
    assert.ok(w && s);
    assert.ok(w.storageClasses.includes(s.storageClass), `${s.id} (${s.storageClass}) at ${w.id}`);
    assert.ok(!s.hazmat || w.hazmat, `${s.id} is dangerous goods at ${w.id}`);
  }
  for (const w of net.warehouses) assert.ok(feed.expected.some((p) => p.warehouse === w.id), `${w.id} holds stock`);
  assert.ok(feed.expected.some((p) => p.status === 'quarantine'));
  assert.ok(feed.expected.some((p) => p.status === 'allocated'));
  assert.ok(feed.expected.some((p) => p.status === 'damaged'));
});

test('snapshots list what the events leave behind, except the one deliberate drift', () => {
  const drifted = feed.snapshots.find((s) => s.warehouse === DEMO_DRIFT.warehouse);
  assert.ok(drifted);
  const before = feed.events.filter((e) => e.warehouse === DEMO_DRIFT.warehouse);
  assert.ok(before.length > 0);
  const expected = feed.expected.find((p) => p.warehouse === DEMO_DRIFT.warehouse && p.sku === DEMO_DRIFT.sku && p.status === DEMO_DRIFT.status);
  const line = drifted.lines.find((l) => md.resolveSku(drifted.source, l.sku)?.sku.id === DEMO_DRIFT.sku && l.status === 'sellable');
  assert.equal(Number(line?.quantity), expected?.qty, 'the expected position is what was counted');
});

test('the incidents: an unknown status for the dead letter queue, and a skipped sequence number', () => {
  const { deadLetter, afterGap } = feed.incidents;
  assert.equal(md.resolveStatus(deadLetter.source, deadLetter.toStatus ?? ''), undefined);
  const last = Math.max(...feed.events.filter((e) => e.source === afterGap.source).map((e) => e.sequence ?? 0));
  assert.equal(afterGap.sequence, last + 2);
});
