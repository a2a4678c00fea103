import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeMovementPage, decodeStockListing, encodeShipment } from '../src/connectors/rest-pull/index.ts';
import { StockmeshError } from '../src/domain/index.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/rest/${name}`, import.meta.url), 'utf8'));
const ctx = { source: 'wms-sh', warehouseCodes: { SH01: 'WH-SH', SH02: 'WH-SH2' } };

test('a page decodes to inbound events sorted by sequence, ids from the WMS sequence, unknown fields ignored', () => {
  const { decoded, page, refused } = decodeMovementPage(fixture('movements-page-1.json'), ctx);
  assert.deepEqual(page, { nextCursor: 'eyJ0eCI6OTgxMjM0LCJpIjo0fQ', items: 4, hasMore: true });
  assert.deepEqual([refused, decoded.problems], [[], []]);
  assert.deepEqual(decoded.events.map((e) => e.sequence), [120451, 120452, 120453, 120454]);
  assert.deepEqual(decoded.events[0], {
    id: 'wms-sh:120451',
    source: 'wms-sh',
    sequence: 120451,
    occurredAt: '2026-11-25T08:00:12+08:00',
    warehouse: 'WH-SH',
    sku: 'T-100-CS',
    quantity: 20,
    reason: 'receipt',
    toStatus: 'AVAIL',
    orderRef: 'ASN-SH-2611-0031',
  });
  assert.deepEqual(decoded.events[2], {
    id: 'wms-sh:120453',
    source: 'wms-sh',
    sequence: 120453,
    occurredAt: '2026-11-25T08:04:40+08:00',
    warehouse: 'WH-SH',
    sku: 'VAX-1',
    quantity: '3',
    reason: 'receipt',
    unit: 'box',
    lot: 'VX2611A',
    expiry: '2027-05-31',
    toStatus: 'AVAIL',
    orderRef: 'ASN-SH-2611-0032',
  });
  assert.equal(decoded.events[3]?.lot, undefined, 'an empty lot_no is no lot');
});

test('movement types map to reasons; an unlisted type that is a valid reason passes through lower-cased', () => {
  const { decoded } = decodeMovementPage(fixture('movements-page-2.json'), ctx);
  assert.deepEqual(
    decoded.events.map((e) => [e.reason, e.fromStatus ?? null, e.toStatus ?? null, e.quantity, e.transferRef ?? null]),
    [
      ['quarantine', 'AVAIL', 'QC', 1, null],
      ['transfer_out', 'AVAIL', null, '0.5', 'TR-SH-GZ-0003'],
      ['putaway', null, 'AVAIL', 2, null],
    ],
  );
});

test('bad items are refused one by one with their paths; the good one goes through', () => {
  const { decoded, refused, page } = decodeMovementPage(fixture('movements-bad-items.json'), ctx);
  assert.equal(page?.items, 5);
  assert.deepEqual(decoded.events.map((e) => e.id), ['wms-sh:130001']);
  assert.deepEqual(refused.map((r) => r.index), [1, 2, 3, 4]);
  assert.deepEqual(refused[0]?.problems.map((p) => p.where), ['items[1].ts', 'items[1].qty', 'items[1].exp_date']);
  assert.deepEqual(refused[1]?.problems.map((p) => [p.code, p.where]), [['UNKNOWN_WAREHOUSE', 'items[2].wh_code']]);
  assert.deepEqual(refused[2]?.problems.map((p) => p.where), ['items[3].move_type', 'items[3].to_status']);
  assert.equal(refused[3]?.problems[0]?.where, 'items[4]');
});

test('something that is not a page has problems and no page', () => {
  const r = decodeMovementPage(fixture('not-a-page.json'), ctx);
  assert.equal(r.page, null);
  assert.ok(r.decoded.problems.length > 0);
  assert.equal(r.decoded.problems[0]?.code, 'MALFORMED_MESSAGE');
});

test('without a warehouse code table the WMS is taken to use the hub ids', () => {
  const r = decodeMovementPage(fixture('movements-page-2.json'), { source: 'wms-sh' });
  assert.deepEqual(r.decoded.events.map((e) => e.warehouse), ['SH01', 'SH01', 'SH01']);
});

test('a stock listing decodes to one snapshot per warehouse (an empty one included) and names its cursor', () => {
  const r = decodeStockListing(fixture('stock.json'), ctx);
  assert.equal(r.asOfCursor, 'eyJ0eCI6OTgxMjUwLCJpIjozfQ');
  assert.deepEqual(r.decoded.snapshots.map((s) => [s.id, s.warehouse, s.takenAt, s.lines.length]), [
    ['wms-sh:STK-20261125-2200:WH-SH', 'WH-SH', '2026-11-25T22:00:00+08:00', 4],
    ['wms-sh:STK-20261125-2200:WH-SH2', 'WH-SH2', '2026-11-25T22:00:00+08:00', 0],
  ]);
  assert.deepEqual(r.decoded.snapshots[0]?.lines[3], { sku: 'VAX-1', status: 'QC', quantity: 1, unit: 'box', lot: 'VX2611A', expiry: '2027-05-31' });
});

test('a stock listing with one bad warehouse is refused whole', () => {
  const r = decodeStockListing(fixture('stock.json'), { source: 'wms-sh', warehouseCodes: { SH01: 'WH-SH' } });
  assert.equal(r.asOfCursor, undefined);
  assert.deepEqual(r.decoded.snapshots, []);
  assert.equal(r.decoded.problems[0]?.where, 'warehouses[1].wh_code');
});

test('a transfer request is written in the WMS words; a warehouse without a code is refused', () => {
  const order = encodeShipment(
    {
      kind: 'transfer',
      id: 'trf_0003',
      warehouse: 'WH-SH',
      orderRef: 'TR-SH-GZ-0003',
      shipTo: { name: 'Guangzhou DC', toWarehouse: 'WH-GZ' },
      lines: [{ sku: 'SKU-VAX', externalCode: 'VAX-1', quantity: 2, unit: 'box', lot: 'VX2611A' }],
      requestedAt: '2026-11-25T10:00:00+08:00',
    },
    { SH01: 'WH-SH', GZ01: 'WH-GZ' },
  );
  assert.deepEqual(order, {
    request_no: 'trf_0003',
    type: 'TRANSFER',
    order_no: 'TR-SH-GZ-0003',
    wh_code: 'SH01',
    ship_to: { name: 'Guangzhou DC', to_wh_code: 'GZ01' },
    lines: [{ line_no: 1, item_no: 'VAX-1', qty: 2, uom: 'box', lot_no: 'VX2611A' }],
    requested_at: '2026-11-25T10:00:00+08:00',
  });
  assert.throws(
    () => encodeShipment({ ...({} as Parameters<typeof encodeShipment>[0]), warehouse: 'WH-XX', shipTo: { name: 'x' }, lines: [] }, { SH01: 'WH-SH' }),
    (e: unknown) => e instanceof StockmeshError && e.code === 'INVALID_ARGUMENT',
  );
});
