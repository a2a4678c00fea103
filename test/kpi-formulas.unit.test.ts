import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  agedStock,
  avgTimeToShip,
  breakdownCsv,
  csvField,
  daysOfCover,
  exceptionHandlingTime,
  expiringStock,
  fillRate,
  type KpiFacts,
  type KpiOrder,
  inventoryTurnover,
  median,
  onTimeShipRate,
  orderAccuracy,
  percentile,
  pickingEfficiency,
  restrictFacts,
  splitShipmentRate,
  transferRate,
} from '../src/kpi/index.ts';

const H = 3_600_000;
const D = 24 * H;
const FROM = Date.parse('2026-11-01T00:00:00Z');
const TO = FROM + 10 * D;
const NOW = TO;

const facts = (f: Partial<KpiFacts>): KpiFacts => ({
  from: FROM,
  to: TO,
  now: NOW,
  warehouses: [
    { id: 'W1', name: 'One', region: 'east' },
    { id: 'W2', name: 'Two', region: 'west' },
  ],
  skuCategory: new Map([
    ['A', 'apparel'],
    ['B', 'food'],
  ]),
  onHandAtTo: [],
  flows: [],
  picks: [],
  orders: [],
  exceptions: [],
  lots: [],
  includeUnplaced: true,
  ...f,
});

const order = (o: Partial<KpiOrder> & { id: string }): KpiOrder => ({ createdAt: FROM + D, promisedHours: 24, lines: [], allocated: [], held: [], shipments: [], ...o });

describe('math', () => {
  test('median: middle value, or the mean of the two middle ones', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.equal(median([]), null);
  });
  test('p90 by nearest rank: the ⌈0.9·n⌉-th smallest', () => {
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.equal(percentile([5, 1, 3], 90), 5);
    assert.equal(percentile([], 90), null);
  });
});

describe('stock KPIs', () => {
  // On hand at the end 300; in the range 100 received and 200 shipped → start = 300 − (100 − 200) = 400.
  const f = facts({
    onHandAtTo: [{ warehouse: 'W1', sku: 'A', qty: 300 }],
    flows: [
      { warehouse: 'W1', sku: 'A', qty: 100, at: FROM + D, outbound: false, transfer: false },
      { warehouse: 'W1', sku: 'A', qty: -150, at: FROM + 2 * D, outbound: true, transfer: false },
      { warehouse: 'W1', sku: 'A', qty: -50, at: FROM + 3 * D, outbound: true, transfer: true },
    ],
  });
  test('turnover = 200 out ÷ average on hand (400 + 300) ÷ 2 = 350 → 0.5714', () => {
    const v = inventoryTurnover(f);
    assert.equal(v.value, 0.5714);
    assert.deepEqual(v.inputs, { outboundUnits: 200, onHandStart: 400, onHandEnd: 300, avgOnHand: 350 });
  });
  test('days of cover = 300 ÷ (200 ÷ 10 days) = 15', () => {
    assert.equal(daysOfCover(f).value, 15);
  });
  test('days of cover with nothing shipped is null (no data), not 0 or infinity', () => {
    assert.equal(daysOfCover(facts({ onHandAtTo: [{ warehouse: 'W1', sku: 'A', qty: 5 }] })).value, null);
  });
  test('transfer rate = 50 of 200 outbound units = 0.25', () => {
    assert.equal(transferRate(f).value, 0.25);
  });
  test('a sub-range rebuilds on-hand at its end from the movements after it', () => {
    const day2 = restrictFacts(f, { warehouses: new Set(['W1']), categories: null, includeUnplaced: true, from: FROM + D, to: FROM + 2 * D });
    // On hand at end of day 2 = 300 − (−150 − 50) = 500; in day 2 only the receipt of 100 → start 400.
    assert.deepEqual(inventoryTurnover(day2).inputs, { outboundUnits: 0, onHandStart: 400, onHandEnd: 500, avgOnHand: 450 });
  });
});

describe('order KPIs', () => {
  const created = FROM + D;
  const f = facts({
    orders: [
      // On time, accurate, one warehouse: 5 h to ship.
      order({ id: 'O1', createdAt: created, lines: [{ sku: 'A', qty: 2 }], allocated: [{ warehouse: 'W1', sku: 'A', qty: 2 }], held: [{ warehouse: 'W1', sku: 'A', qty: 2 }], shipments: [{ warehouse: 'W1', sku: 'A', qty: 2, at: created + 5 * H }] }),
      // Late (30 h > 24 h), split over two warehouses, accurate.
      order({
        id: 'O2',
        createdAt: created,
        lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 1 }],
        allocated: [{ warehouse: 'W1', sku: 'A', qty: 1 }, { warehouse: 'W2', sku: 'B', qty: 1 }],
        held: [{ warehouse: 'W1', sku: 'A', qty: 1 }, { warehouse: 'W2', sku: 'B', qty: 1 }],
        shipments: [{ warehouse: 'W1', sku: 'A', qty: 1, at: created + 10 * H }, { warehouse: 'W2', sku: 'B', qty: 1, at: created + 30 * H }],
      }),
      // Mis-shipped: held at W1, shipped from W2. 7 h.
      order({ id: 'O3', createdAt: created, lines: [{ sku: 'B', qty: 3 }], allocated: [{ warehouse: 'W1', sku: 'B', qty: 3 }], held: [{ warehouse: 'W1', sku: 'B', qty: 3 }], shipments: [{ warehouse: 'W2', sku: 'B', qty: 3, at: created + 7 * H }] }),
      // Half filled, not shipped yet: counts for fill rate only.
      order({ id: 'O4', createdAt: created, lines: [{ sku: 'A', qty: 4 }], allocated: [{ warehouse: 'W1', sku: 'A', qty: 2 }], held: [{ warehouse: 'W1', sku: 'A', qty: 2 }] }),
    ],
  });
  test('order accuracy = 2 of 3 shipped orders shipped as held', () => {
    assert.deepEqual(orderAccuracy(f), { value: 0.6667, unit: 'ratio', inputs: { ordersShipped: 3, ordersAccurate: 2 } });
  });
  test('fill rate = (2 + 2 + 3 + 2) allocated ÷ (2 + 2 + 3 + 4) ordered = 9 ÷ 11', () => {
    assert.deepEqual(fillRate(f).inputs, { unitsOrdered: 11, unitsAllocated: 9 });
    assert.equal(fillRate(f).value, 0.8182);
  });
  test('on-time ship rate = 2 of 3 (O2 took 30 h against 24 h)', () => {
    assert.equal(onTimeShipRate(f).value, 0.6667);
  });
  test('average time to ship = (5 + 30 + 7) ÷ 3 = 14 h, to the last shipment', () => {
    assert.equal(avgTimeToShip(f).value, 14);
  });
  test('split-shipment rate = 1 of 3', () => {
    assert.equal(splitShipmentRate(f).value, 0.3333);
  });
  test('a warehouse slice keeps the orders allocated or shipped there', () => {
    const w2 = restrictFacts(f, { warehouses: new Set(['W2']), categories: null, includeUnplaced: false });
    assert.deepEqual(w2.orders.map((o) => o.id), ['O2', 'O3']);
  });
  test('a category slice keeps orders with a line of that category', () => {
    const food = restrictFacts(f, { warehouses: new Set(['W1', 'W2']), categories: new Set(['food']), includeUnplaced: true });
    assert.deepEqual(food.orders.map((o) => o.id), ['O2', 'O3']);
  });
  test('no shipped orders: null, not 0', () => {
    assert.equal(orderAccuracy(facts({})).value, null);
    assert.equal(avgTimeToShip(facts({})).value, null);
  });
});

describe('picking efficiency', () => {
  test('lines ÷ hours from first to last pick per warehouse and 8-hour shift, at least 0.25 h a shift', () => {
    const shift = Date.parse('2026-11-02T08:00:00Z'); // 08–16 shift
    const f = facts({
      picks: [
        { warehouse: 'W1', sku: 'A', at: shift + 1 * H, last: shift + 1.5 * H, lines: 2 }, // two picks in one hour
        { warehouse: 'W1', sku: 'B', at: shift + 3 * H, last: shift + 3 * H, lines: 1 }, // W1 shift: 1 h → 3 h = 2 h, 3 lines
        { warehouse: 'W2', sku: 'A', at: shift + 1 * H, last: shift + 1 * H, lines: 1 }, // W2 shift: one pick → 0.25 h
        { warehouse: 'W1', sku: 'A', at: shift + 9 * H, last: shift + 9 * H, lines: 1 }, // next shift (16–24): one pick → 0.25 h
      ],
    });
    const v = pickingEfficiency(f);
    assert.deepEqual(v.inputs, { lines: 5, labourHours: 2.5, shifts: 3 });
    assert.equal(v.value, 2);
  });
});

describe('exception handling time', () => {
  test('median and p90 of resolved − detected over exceptions resolved in the range', () => {
    const hours = [1, 2, 3, 4, 10];
    const f = facts({ exceptions: hours.map((h, i) => ({ warehouse: 'W1', sku: null, detectedAt: FROM + i * D, resolvedAt: FROM + i * D + h * H })) });
    const v = exceptionHandlingTime(f);
    assert.equal(v.value, 3);
    assert.equal(v.p90, 10);
    assert.deepEqual(v.inputs, { resolved: 5 });
  });
  test('network-wide exceptions belong only to the unfiltered view', () => {
    const f = facts({ exceptions: [{ warehouse: null, sku: null, detectedAt: FROM, resolvedAt: FROM + H }] });
    assert.equal(restrictFacts(f, { warehouses: new Set(['W1']), categories: null, includeUnplaced: false }).exceptions.length, 0);
    assert.equal(restrictFacts(f, { warehouses: new Set(['W1']), categories: null, includeUnplaced: true }).exceptions.length, 1);
  });
});

describe('aged and expiring stock', () => {
  const lot = { warehouse: 'W1', sku: 'A', qty: 10 };
  test('age bands by days since first receipt; the value is the units older than 90 days', () => {
    const f = facts({
      lots: [
        { ...lot, lot: 'a', receivedAt: NOW - 10 * D, expiry: null },
        { ...lot, lot: 'b', qty: 20, receivedAt: NOW - 91 * D, expiry: null },
        { ...lot, lot: 'c', qty: 30, receivedAt: NOW - 400 * D, expiry: null },
        { ...lot, lot: 'd', qty: 5, receivedAt: null, expiry: null },
      ],
    });
    const v = agedStock(f);
    assert.equal(v.value, 50);
    assert.deepEqual(v.bands?.map((b) => [b.band, b.units, b.lots]), [
      ['0-30', 10, 1],
      ['31-90', 0, 0],
      ['91-180', 20, 1],
      ['181-365', 0, 0],
      ['>365', 30, 1],
    ]);
    assert.equal(v.inputs.unknownAgeUnits, 5);
  });
  test('expiry bands by days to expiry; the value is the units expired or within 30 days', () => {
    const f = facts({
      lots: [
        { ...lot, lot: 'x', receivedAt: null, expiry: '2026-11-10' }, // expired (NOW = 2026-11-11)
        { ...lot, lot: 'y', qty: 20, receivedAt: null, expiry: '2026-11-18' }, // 7 days
        { ...lot, lot: 'z', qty: 30, receivedAt: null, expiry: '2026-12-11' }, // 30 days
        { ...lot, lot: 'w', qty: 40, receivedAt: null, expiry: '2027-06-01' }, // > 180
        { ...lot, lot: 'n', qty: 50, receivedAt: null, expiry: null },
      ],
    });
    const v = expiringStock(f);
    assert.equal(v.value, 60);
    assert.deepEqual(v.bands?.map((b) => [b.band, b.units]), [
      ['expired', 10],
      ['0-7', 20],
      ['8-30', 30],
      ['31-90', 0],
      ['91-180', 0],
      ['>180', 40],
    ]);
  });
});

describe('CSV', () => {
  test('fields with commas, quotes or line breaks are quoted; null is empty', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField(null), '');
    assert.equal(csvField(1.5), '1.5');
  });
  test('a breakdown lists the network first, then each group, with one column per input', () => {
    const v = { value: 0.5, unit: 'ratio' as const, inputs: { ordersShipped: 2, ordersOnTime: 1 } };
    const csv = breakdownCsv({
      kpi: 'on-time-ship-rate',
      definition: { key: 'on-time-ship-rate', title: 't', unit: 'ratio', formula: 'f' },
      range: { from: 'a', to: 'b' },
      filters: { warehouses: null, region: null, category: null },
      groupBy: 'warehouse',
      network: v,
      rows: [{ group: 'W1', label: 'One, east', value: v }],
    });
    assert.equal(csv, 'group,label,value,unit,ordersShipped,ordersOnTime\r\nnetwork,network,0.5,ratio,2,1\r\nW1,"One, east",0.5,ratio,2,1\r\n');
  });
});
