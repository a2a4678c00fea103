import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeDelivery, signWebhook, verifyWebhook } from '../src/connectors/webhook/index.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/webhook/${name}`, import.meta.url), 'utf8'));
const ctx = { source: 'saas-bj', warehouseCodes: { 'BJ-01': 'WH-BJ' } };

test('a mixed delivery decodes to inbound events in the WMS vocabulary, ids prefixed by the source', () => {
  const d = decodeDelivery(fixture('delivery-mixed.json'), ctx);
  assert.equal(d.deliveryId, 'dlv_01JDQ8Z6K3M9W2XAB4C5D6E7F8');
  assert.deepEqual(d.decoded.problems, []);
  assert.deepEqual(d.decoded.events[0], {
    id: 'saas-bj:evt_01JDQ8YV0R1S2T3U4V5W6X7Y8Z',
    source: 'saas-bj',
    occurredAt: '2026-11-25T01:02:03Z',
    sequence: 1041,
    warehouse: 'WH-BJ',
    sku: 'GT-100',
    quantity: 48,
    reason: 'po_receipt',
    toStatus: 'sellable',
  });
  assert.deepEqual(
    d.decoded.events.map((e) => [e.reason, e.fromStatus ?? null, e.toStatus ?? null, e.quantity, e.lot ?? null, e.orderRef ?? null]),
    [
      ['po_receipt', null, 'sellable', 48, null, null],
      ['receipt', null, 'sellable', '12', 'VX9-2611A', null],
      ['quarantine', 'sellable', 'on_hold', 2, 'VX9-2611A', null],
      ['allocate', 'sellable', 'reserved', 6, null, 'SO-20261125-0007'],
      ['ship', 'reserved', null, 6, null, 'SO-20261125-0007'],
      ['cycle_count', 'sellable', null, '2', null, null],
      ['adjust', null, 'damaged', '1', null, null],
    ],
  );
});

test('a snapshot event decodes to one snapshot of its facility', () => {
  const d = decodeDelivery(fixture('delivery-snapshot.json'), ctx);
  assert.equal(d.decoded.events.length, 0);
  assert.deepEqual(d.decoded.snapshots.map((s) => [s.id, s.warehouse, s.takenAt, s.lines.length]), [
    ['saas-bj:evt_01JDQZ00SNAP20261125BJ01', 'WH-BJ', '2026-11-25T14:00:00Z', 4],
  ]);
  assert.deepEqual(d.decoded.snapshots[0]?.lines[2], { sku: 'VX-9', status: 'sellable', quantity: 10, unit: 'box', lot: 'VX9-2611A', expiry: '2027-05-31' });
});

test('bad events are refused one by one, each problem naming its path', () => {
  const d = decodeDelivery(fixture('delivery-bad-events.json'), ctx);
  assert.equal(d.decoded.events.length, 1);
  assert.deepEqual(
    d.refused.map((r) => [r.eventId, r.problems[0]?.code, r.problems[0]?.where]),
    [
      ['evt_bad_qty', 'MALFORMED_MESSAGE', 'events[1].data.quantity'],
      ['evt_bad_type', 'MALFORMED_MESSAGE', 'events[2].type'],
      ['evt_no_state', 'MALFORMED_MESSAGE', 'events[3].data.from_state'],
      ['evt_bad_time', 'MALFORMED_MESSAGE', 'events[4].created_at'],
      ['evt_ghost_facility', 'UNKNOWN_WAREHOUSE', 'events[5].data.facility'],
    ],
  );
});

test('a body that is not a delivery has problems and nothing else', () => {
  for (const body of [null, 42, [], { events: [] }, { delivery_id: 'x' }, { delivery_id: 'x', events: [] }]) {
    const d = decodeDelivery(body, ctx);
    assert.equal(d.deliveryId, null);
    assert.ok(d.decoded.problems.length > 0);
    assert.deepEqual([d.decoded.events, d.decoded.snapshots], [[], []]);
  }
});

test('a zero adjustment is refused: it moves nothing', () => {
  const body = { delivery_id: 'd', events: [{ id: 'e', type: 'inventory.adjusted', created_at: '2026-11-25T00:00:00Z', data: { facility: 'BJ-01', sku: 'GT-100', delta: 0, state: 'sellable' } }] };
  assert.equal(decodeDelivery(body, ctx).refused[0]?.problems[0]?.where, 'events[0].data.delta');
});

const now = new Date('2026-11-25T00:00:00Z');
const ts = now.getTime() / 1000;

test('property: what is signed verifies; any other body, timestamp or secret does not', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 299 }), fc.nat(), (secret, body, skew, flip) => {
      const t = ts - skew;
      const sig = signWebhook(secret, t, body);
      const ok = verifyWebhook({ secrets: [secret], timestamp: String(t), signature: sig, rawBody: body, now, toleranceSec: 300 });
      assert.equal(ok.ok, true);
      const changed = body.length > 0 ? body.map((b, i) => (i === flip % body.length ? b ^ 1 : b)) : Uint8Array.of(1);
      const v1 = verifyWebhook({ secrets: [secret], timestamp: String(t), signature: sig, rawBody: changed, now, toleranceSec: 300 });
      const v2 = verifyWebhook({ secrets: [`${secret}x`], timestamp: String(t), signature: sig, rawBody: body, now, toleranceSec: 300 });
      const v3 = verifyWebhook({ secrets: [secret], timestamp: String(t - 1), signature: sig, rawBody: body, now, toleranceSec: 300 });
      for (const v of [v1, v2, v3]) assert.deepEqual(v.ok ? 'ok' : v.reason, 'signature_mismatch');
    }),
    { numRuns: 200 },
  );
});

test('signature: verification order and reasons', () => {
  const body = Buffer.from('{"a":1}');
  const sig = signWebhook('s', ts, body);
  const v = (over: Partial<Parameters<typeof verifyWebhook>[0]>) => {
    const r = verifyWebhook({ secrets: ['s'], timestamp: String(ts), signature: sig, rawBody: body, now, toleranceSec: 300, ...over });
    return r.ok ? 'ok' : `${r.code}/${r.reason}`;
  };
  assert.equal(v({}), 'ok');
  assert.equal(v({ secrets: [] }), 'SIGNATURE_INVALID/unknown_source');
  assert.equal(v({ signature: undefined }), 'SIGNATURE_INVALID/signature_missing');
  assert.equal(v({ signature: `sha256=${'ab'.repeat(31)}` }), 'SIGNATURE_INVALID/signature_malformed', 'wrong length is malformed, never compared');
  assert.equal(v({ signature: `sha256=${'0'.repeat(64)}, ${sig}` }), 'ok', 'one of several signatures may match');
  assert.equal(v({ timestamp: undefined }), 'TIMESTAMP_OUT_OF_TOLERANCE/timestamp_missing');
  assert.equal(v({ timestamp: '2026-11-25T00:00:00Z' }), 'TIMESTAMP_OUT_OF_TOLERANCE/timestamp_malformed');
  assert.equal(v({ now: new Date(now.getTime() + 301_000) }), 'TIMESTAMP_OUT_OF_TOLERANCE/timestamp_outside_tolerance');
  assert.equal(v({ now: new Date(now.getTime() + 301_000), toleranceSec: 600 }), 'ok');
  assert.equal(v({ signature: signWebhook('other', ts, body), now: new Date(now.getTime() + 9_999_000) }), 'SIGNATURE_INVALID/signature_mismatch', 'a forgery is a forgery, however old');
});
