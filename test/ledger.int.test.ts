import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import {
  ingestSnapshot,
  listDeadLetters,
  listGaps,
  listPositions,
  atpFor,
  rebuildPositions,
  replayDeadLetters,
  verifyLedger,
} from '../src/ledger/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { forEachStore } from './support/stores.ts';
import { seedSmallNetwork, shEvent, smallNetwork } from './support/small-network.ts';

const qty = async (hub: Parameters<typeof listPositions>[0], sku: string, status = 'available', warehouse = 'WH-SH') =>
  (await listPositions(hub, { sku, warehouse, includeZero: true })).filter((p) => p.status === status).reduce((s, p) => s + p.qty, 0);

forEachStore('ledger contract', (store) => {
  test('given an event sent twice, when ingested, then it counts once and the second is a harmless duplicate', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const e = shEvent({ sequence: 1 });
    const r1 = await hub.ingestor.ingest([{ raw: e }, { raw: e }]);
    const r2 = await hub.ingestor.ingest([{ raw: JSON.stringify(e) }]);
    assert.deepEqual([...r1, ...r2].map((r) => r.outcome), ['applied', 'duplicate', 'duplicate']);
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 10);
  });

  test('given a reused id with other content, then it is rejected as ID_REUSED and kept as a dead letter', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const e = shEvent();
    await hub.ingestor.ingest([{ raw: e }]);
    const [r] = await hub.ingestor.ingest([{ raw: { ...e, quantity: 99 } }]);
    assert.equal(r?.outcome, 'rejected');
    assert.equal(r?.problems?.[0]?.code, 'ID_REUSED');
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 10);
    const dl = await listDeadLetters(hub.store.db, { state: 'pending' });
    assert.equal(dl.length, 1);
    assert.equal(dl[0]?.code, 'ID_REUSED');
  });

  test('units convert exactly: a case is 12, an alias may fix the unit, 1.5 cases is 18, 1/7 case is refused', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const rs = await hub.ingestor.ingest([
      { raw: shEvent({ quantity: 2, unit: 'case' }) },
      { raw: shEvent({ sku: 'T-100-CS', quantity: 1 }) },
      { raw: shEvent({ quantity: '1.5', unit: 'case' }) },
      { raw: shEvent({ quantity: 0.25, unit: 'case' }) },
      { raw: shEvent({ quantity: 1, unit: 'crate' }) },
    ]);
    assert.deepEqual(rs.map((r) => r.outcome), ['applied', 'applied', 'applied', 'applied', 'rejected']);
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 24 + 12 + 18 + 3);
    const inexact = await hub.ingestor.ingest([{ raw: shEvent({ quantity: '0.1', unit: 'case' }) }]);
    assert.equal(inexact[0]?.problems?.[0]?.code, 'UNIT_INEXACT');
    assert.equal(rs[4]?.problems?.[0]?.code, 'UNKNOWN_UNIT');
  });

  test('every kind of bad input is rejected with its reason, kept, and changes nothing', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const before = await verifyLedger(hub.store.db);
    const rs = await hub.ingestor.ingest([
      { raw: shEvent({ sku: 'NOPE' }), location: 'f:1' },
      { raw: shEvent({ toStatus: 'LOST' }), location: 'f:2' },
      { raw: shEvent({ warehouse: 'WH-GZ' }), location: 'f:3' },
      { raw: shEvent({ source: 'ghost' }), location: 'f:4' },
      { raw: shEvent({ fromStatus: 'AVAIL', toStatus: undefined, reason: 'ship' }), location: 'f:5' },
      { raw: '{"id":', location: 'f:6' },
      { raw: { ...shEvent(), quantity: -3 }, location: 'f:7' },
      { raw: { ...shEvent(), colour: 'red' }, location: 'f:8' },
    ]);
    assert.deepEqual(
      rs.map((r) => r.problems?.[0]?.code),
      ['UNKNOWN_SKU', 'UNKNOWN_STATUS', 'SOURCE_NOT_ALLOWED', 'UNKNOWN_SOURCE', 'STOCK_NEGATIVE', 'MALFORMED_EVENT', 'MALFORMED_EVENT', 'MALFORMED_EVENT'],
    );
    assert.ok(rs.every((r) => r.outcome === 'rejected'));
    assert.equal((await listPositions(hub.store.db)).length, 0);
    const after = await verifyLedger(hub.store.db);
    assert.deepEqual(after, before);
    const dl = await listDeadLetters(hub.store.db, { state: 'pending' });
    assert.equal(dl.length, 8);
    assert.ok(dl.every((d) => d.location?.startsWith('f:')));
  });

  test('a GTIN sent where no alias exists is refused with a hint, never guessed', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const [r] = await hub.ingestor.ingest([{ raw: shEvent({ sku: '6901234567892' }) }]);
    assert.equal(r?.problems?.[0]?.code, 'UNKNOWN_SKU');
    assert.match(r?.problems?.[0]?.message ?? '', /GTIN of SKU-TEA/);
  });

  test('dead letters replay once master data is fixed, and resolve', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    await hub.ingestor.ingest([{ raw: shEvent({ sku: 'T-NEW', quantity: 5 }) }]);
    assert.equal((await listDeadLetters(hub.store.db, { state: 'pending' })).length, 1);
    let r = await replayDeadLetters(hub.store, hub.ingestor, hub.masterData);
    assert.deepEqual(r, { tried: 1, resolved: 0, stillFailing: 1 });
    assert.equal((await listDeadLetters(hub.store.db))[0]?.attempts, 2);
    await hub.store.db.transaction().execute((tx) =>
      saveMasterData(tx, { ...smallNetwork, aliases: [{ system: 'wms-sh', code: 'T-NEW', sku: 'SKU-TEA' }] }),
    );
    r = await replayDeadLetters(hub.store, hub.ingestor, hub.masterData);
    assert.deepEqual(r, { tried: 1, resolved: 1, stillFailing: 0 });
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 5);
    r = await replayDeadLetters(hub.store, hub.ingestor, hub.masterData);
    assert.equal(r.tried, 0);
  });

  test('a shipment that arrives before its receipt is refused, then applies on replay: nothing lost, nothing twice', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const receipt = shEvent({ sequence: 1, quantity: 10 });
    const ship = shEvent({ sequence: 2, quantity: 4, fromStatus: 'AVAIL', toStatus: undefined, reason: 'ship' });
    const [s] = await hub.ingestor.ingest([{ raw: ship }]);
    assert.equal(s?.problems?.[0]?.code, 'STOCK_NEGATIVE');
    await hub.ingestor.ingest([{ raw: receipt }]);
    await replayDeadLetters(hub.store, hub.ingestor, hub.masterData);
    await hub.ingestor.ingest([{ raw: ship }, { raw: receipt }]);
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 6);
  });

  test('a sequence gap is recorded, later events still apply, and late arrivals close it', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const e = (seq: number) => shEvent({ id: `g-${seq}`, sequence: seq });
    await hub.ingestor.ingest([{ raw: e(1) }, { raw: e(2) }, { raw: e(5) }, { raw: e(6) }]);
    let gaps = await listGaps(hub.store.db, { open: true });
    assert.equal(gaps.length, 1);
    assert.deepEqual([gaps[0]?.fromSeq, gaps[0]?.toSeq, gaps[0]?.filled], [3, 4, 0]);
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 40);
    await hub.ingestor.ingest([{ raw: e(4) }]);
    gaps = await listGaps(hub.store.db, { open: true });
    assert.equal(gaps[0]?.filled, 1);
    await hub.ingestor.ingest([{ raw: e(3) }]);
    assert.equal((await listGaps(hub.store.db, { open: true })).length, 0);
    assert.equal((await listGaps(hub.store.db))[0]?.closedBy, 'filled');
    const [dup] = await hub.ingestor.ingest([{ raw: shEvent({ id: 'other', sequence: 4 }) }]);
    assert.equal(dup?.problems?.[0]?.code, 'SEQUENCE_REUSED');
  });

  test('a snapshot reconciles drift into adjusting events plus drift records, once, and closes gaps', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    await hub.ingestor.ingest([
      { raw: shEvent({ id: 's1', sequence: 1, quantity: 100 }) },
      { raw: shEvent({ id: 's2', sequence: 2, quantity: 5, fromStatus: 'AVAIL', toStatus: 'QC', reason: 'quarantine' }) },
      { raw: shEvent({ id: 's5', sequence: 5, quantity: 1 }) },
    ]);
    const snap = {
      id: 'snap-sh-1',
      source: 'wms-sh',
      warehouse: 'WH-SH',
      takenAt: '2026-11-25T20:00:00Z',
      lines: [
        { sku: 'T-100', status: 'AVAIL', quantity: 90 },
        { sku: 'T-100-CS', status: 'PICK', quantity: 1 },
      ],
    };
    const r = await ingestSnapshot(hub.store, hub.masterData, snap);
    assert.deepEqual(r, { outcome: 'reconciled', snapshotId: 'snap-sh-1', lines: 2, adjustments: 3, gapsClosed: 1, deadLettersSuperseded: 0 });
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 90);
    assert.equal(await qty(hub.store.db, 'SKU-TEA', 'picking'), 12);
    assert.equal(await qty(hub.store.db, 'SKU-TEA', 'quarantine'), 0);
    const drift = await hub.store.db.selectFrom('drift').selectAll().orderBy('status').execute();
    assert.deepEqual(
      drift.map((d) => [d.status, d.ledger_qty, d.counted_qty, d.delta]),
      [['available', 96, 90, -6], ['picking', 0, 12, 12], ['quarantine', 5, 0, -5]],
    );
    const again = await ingestSnapshot(hub.store, hub.masterData, snap);
    assert.equal(again.outcome, 'duplicate');
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 90);
    assert.equal((await verifyLedger(hub.store.db)).ok, true);
  });

  test('a movement refused before a snapshot that counted it is superseded, never replayed twice', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const pick = shEvent({ id: 'early-pick', quantity: 4, fromStatus: 'AVAIL', toStatus: 'PICK', reason: 'pick', occurredAt: '2026-11-25T09:00:00Z' });
    const [r] = await hub.ingestor.ingest([{ raw: pick }]);
    assert.equal(r?.problems?.[0]?.code, 'STOCK_NEGATIVE');
    await hub.ingestor.ingest([{ raw: shEvent({ id: 'late-receipt', quantity: 10, occurredAt: '2026-11-25T08:00:00Z' }) }]);
    const snap = await ingestSnapshot(hub.store, hub.masterData, {
      id: 'snap-after', source: 'wms-sh', warehouse: 'WH-SH', takenAt: '2026-11-25T10:00:00Z',
      lines: [{ sku: 'T-100', status: 'AVAIL', quantity: 6 }, { sku: 'T-100', status: 'PICK', quantity: 4 }],
    });
    assert.equal(snap.outcome === 'reconciled' && snap.deadLettersSuperseded, 1);
    const replay = await replayDeadLetters(hub.store, hub.ingestor, hub.masterData);
    assert.equal(replay.tried, 0);
    assert.equal(await qty(hub.store.db, 'SKU-TEA', 'picking'), 4);
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 6);
    assert.equal((await listDeadLetters(hub.store.db, { state: 'superseded' }))[0]?.eventId, 'early-pick');
  });

  test('a snapshot with one bad line is refused whole and kept', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    await hub.ingestor.ingest([{ raw: shEvent({ quantity: 7 }) }]);
    const r = await ingestSnapshot(hub.store, hub.masterData, {
      id: 'snap-bad',
      source: 'wms-sh',
      warehouse: 'WH-SH',
      takenAt: '2026-11-25T20:00:00Z',
      lines: [{ sku: 'T-100', status: 'AVAIL', quantity: 3 }, { sku: 'ZZZ', status: 'AVAIL', quantity: 1 }],
    });
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.outcome === 'rejected' && r.problems[0]?.where, 'lines[1].sku');
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 7);
    const dl = await listDeadLetters(hub.store.db, { state: 'pending' });
    assert.equal(dl[0]?.kind, 'snapshot');
  });

  test('lot and expiry control: a lot-controlled SKU needs lot and expiry; lots are separate positions', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const gz = (over: Record<string, unknown>) => ({
      source: 'erp-gz', occurredAt: '2026-11-25T08:00:00Z', warehouse: 'WH-GZ', sku: 'V-9', toStatus: '可用', reason: 'receipt', ...over,
    });
    const rs = await hub.ingestor.ingest([
      { raw: gz({ id: 'v1', quantity: 3, unit: 'box', lot: 'L1', expiry: '2027-03-01' }) },
      { raw: gz({ id: 'v2', quantity: 5, lot: 'L2', expiry: '2027-06-01' }) },
      { raw: gz({ id: 'v3', quantity: 5 }) },
      { raw: gz({ id: 'v4', quantity: 2, lot: 'L1', expiry: '2027-03-01', fromStatus: '可用', toStatus: '冻结', reason: 'quarantine' }) },
    ]);
    assert.deepEqual(rs.map((r) => r.outcome), ['applied', 'applied', 'rejected', 'applied']);
    assert.deepEqual(rs[2]?.problems?.map((p) => p.code), ['LOT_REQUIRED', 'EXPIRY_REQUIRED']);
    const pos = await listPositions(hub.store.db, { warehouse: 'WH-GZ' });
    assert.deepEqual(
      pos.map((p) => [p.lot, p.status, p.qty, p.expiry]),
      [['L1', 'available', 28, '2027-03-01'], ['L1', 'quarantine', 2, '2027-03-01'], ['L2', 'available', 5, '2027-06-01']],
    );
    const atp = await atpFor(hub.store.db, ['SKU-VAX']);
    assert.deepEqual(atp, [{ sku: 'SKU-VAX', warehouse: 'WH-GZ', available: 33, held: 0, atp: 33 }]);
  });

  test('rebuild from the ledger yields identical positions, and repairs positions edited behind its back', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const events = [];
    for (let i = 1; i <= 200; i++) {
      events.push({ raw: shEvent({ id: `r-${i}`, sequence: i, quantity: (i % 7) + 1, ...(i % 3 === 0 ? { fromStatus: 'AVAIL', toStatus: 'PICK', reason: 'pick', quantity: 1 } : {}) }) });
    }
    await hub.ingestor.ingest(events);
    const before = await listPositions(hub.store.db);
    const r = await rebuildPositions(hub.store.db);
    assert.equal(r.events, 200);
    assert.deepEqual(r.differences, []);
    assert.deepEqual(await listPositions(hub.store.db), before);
    await sql`update positions set qty = qty + 1000 where status = 'available'`.execute(hub.store.db);
    const dry = await rebuildPositions(hub.store.db, { dryRun: true });
    assert.equal(dry.differences.length, 1);
    await rebuildPositions(hub.store.db);
    assert.deepEqual(await listPositions(hub.store.db), before);
  });

  test('concurrent callers are grouped, each gets its own answers, in order', async () => {
    const hub = await store.open();
    await seedSmallNetwork(hub);
    const calls = Array.from({ length: 20 }, (_, c) =>
      hub.ingestor.ingest(Array.from({ length: 25 }, (_, i) => ({ raw: shEvent({ id: `c${c}-${i}`, quantity: 1 }) }))),
    );
    const answers = await Promise.all(calls);
    answers.forEach((rs, c) => {
      assert.equal(rs.length, 25);
      assert.deepEqual(rs.map((r) => r.id), Array.from({ length: 25 }, (_, i) => `c${c}-${i}`));
    });
    assert.equal(await qty(hub.store.db, 'SKU-TEA'), 500);
  });
});
