import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { X12Interchange, X12Parser } from 'node-x12';
import { decodeX12, type DecodeX12Options, type X12Decoded } from '../src/connectors/edi-x12/index.ts';
import { inboundEventSchema, snapshotSchema } from '../src/ledger/index.ts';

// The project's own X12 fixtures (test/fixtures/x12/README.md): a 3PL partner EAST3PL whose
// warehouse party is N1*WH*…*91*EAST01, in UTC+8.
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/x12/${name}`, import.meta.url), 'utf8');
const options: DecodeX12Options = {
  source: 'east3pl',
  now: '2026-11-26T02:00:00Z',
  utcOffset: '+08:00',
  warehouseFor: (p) => (p.entity === 'WH' && p.id === 'EAST01' ? 'WH-EAST' : p.entity === 'ST' && p.id === 'HUB01' ? 'WH-HUB' : undefined),
};
const decode = (name: string, extra: Partial<DecodeX12Options> = {}): X12Decoded => decodeX12(fixture(name), { ...options, ...extra });
const TEA = '10690123456784';
const VAX = '00690123456794';

function assertLedgerShaped(r: X12Decoded): void {
  for (const e of r.events) assert.equal(inboundEventSchema.safeParse(e).success, true, JSON.stringify(e));
  for (const s of r.snapshots) assert.equal(snapshotSchema.safeParse(s).success, true, JSON.stringify(s));
}

test('given a full-listing 846, when decoded, then one snapshot holds every balance per status, lot and unit', () => {
  const r = decode('846-full-listing.edi');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events, []);
  assert.equal(r.snapshots.length, 1);
  const s = r.snapshots[0]!;
  assert.deepEqual([s.id, s.warehouse, s.takenAt, s.source], ['east3pl:EAST3PL:000000501:501:0001:WH-EAST', 'WH-EAST', '2026-11-24T22:00:00Z', 'east3pl']);
  assert.deepEqual(s.lines, [
    { sku: TEA, unit: 'CA', status: 'available', quantity: 40 },
    { sku: TEA, unit: 'CA', status: 'quarantine', quantity: 2 },
    { sku: TEA, unit: 'CA', status: 'damaged', quantity: 1 },
    { sku: VAX, unit: 'EA', lot: 'L2026A', expiry: '2027-12-31', status: 'available', quantity: 150 },
    { sku: VAX, unit: 'EA', lot: 'L2026B', expiry: '2028-06-30', status: 'available', quantity: 90 },
    { sku: VAX, unit: 'EA', lot: 'L2026B', expiry: '2028-06-30', status: 'quarantine', quantity: 10 },
    { sku: 'WID-7', unit: 'EA', status: 'available', quantity: 480 },
    { sku: 'WID-7', unit: 'EA', status: 'quarantine', quantity: 20 },
  ]);
  assert.deepEqual(r.sets[0]!.notes, [
    `QTY 87 12 CA of ${TEA} (quantity received): already in the listed balances, not applied as a movement`,
    'QTY 63 1000 EA of WID-7 (on order quantity): not stock in the warehouse, ignored',
  ]);
  assertLedgerShaped(r);
});

test('given a full listing with an unknown qualifier or an on-hand total below its parts, then the whole snapshot is refused', () => {
  const unknown = decodeX12(fixture('846-full-listing.edi').replace('QTY*63*1000', 'QTY*ZZ*1000'), options);
  assert.deepEqual(unknown.snapshots, []);
  assert.deepEqual(unknown.problems.map((p) => p.code), ['UNMAPPED_CONTENT']);
  assert.match(unknown.problems[0]!.message, /qualifier ZZ is not in the connector's QTY table/);
  assert.equal(unknown.ack[0]!.status, 'A', 'well-formed: the 997 accepts, the hub refuses the content');
  const short = decodeX12(fixture('846-full-listing.edi').replace('QTY*17*500', 'QTY*17*10'), options);
  assert.deepEqual(short.snapshots, []);
  assert.match(short.problems[0]!.message, /on hand 10 of WID-7 is less than its held, damaged and committed balances \(20\)/);
});

test('given an incremental 846, then activity quantities become events and balances are refused', () => {
  const r = decode('846-incremental.edi');
  assert.deepEqual(
    r.events.map((e) => [e.id, e.sku, e.quantity, e.unit, e.fromStatus, e.toStatus, e.reason]),
    [
      ['east3pl:EAST3PL:000000502:502:0001:1', TEA, 10, 'CA', undefined, 'available', 'receipt'],
      ['east3pl:EAST3PL:000000502:502:0001:2', TEA, 4, 'CA', 'available', undefined, 'transfer_out'],
      ['east3pl:EAST3PL:000000502:502:0001:4', 'WID-7', 25, 'EA', 'available', undefined, 'ship'],
    ],
  );
  assert.deepEqual(r.problems.map((p) => [p.code, p.where]), [['UNMAPPED_CONTENT', 'GS 502 (IB) / ST 846 0001, segment QTY at position 10']]);
  assertLedgerShaped(r);
});

test('given a 945 with lots, then each W12 line ships out of available with its lot, order reference and shipping time', () => {
  const r = decode('945-with-lots.edi');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events[0], {
    id: 'east3pl:EAST3PL:000000601:601:0001:1',
    source: 'east3pl',
    occurredAt: '2026-11-25T14:30:00+08:00',
    warehouse: 'WH-EAST',
    sku: TEA,
    unit: 'CA',
    quantity: 10,
    lot: 'LOT-T01',
    fromStatus: 'available',
    reason: 'ship',
    orderRef: 'SO-1001',
  });
  assert.deepEqual(r.events.map((e) => [e.sku, e.quantity, e.unit, e.lot]), [
    [TEA, 10, 'CA', 'LOT-T01'],
    [VAX, 100, 'EA', 'L2026A'],
    ['WID-7', 50, 'EA', 'W-LOT-3'],
  ]);
  assertLedgerShaped(r);
});

test('given the same 945 twice, or two 945s in reverse order, then the ids are the same (duplicates are harmless)', () => {
  const once = decode('945-with-lots.edi');
  const again = decode('945-with-lots.edi', { now: '2027-01-01T00:00:00Z' });
  assert.deepEqual(again.events, once.events);
  const forward = [...decode('945-with-lots.edi').events, ...decode('945-second.edi').events].map((e) => e.id);
  const reverse = [...decode('945-second.edi').events, ...decode('945-with-lots.edi').events].map((e) => e.id);
  assert.deepEqual([...reverse].sort(), [...forward].sort());
  assert.equal(new Set(forward).size, 4);
});

test('given a 945 with a BOM, no segment terminator and CRLF line ends, then the delimiters come from its ISA', () => {
  const r = decode('945-second.edi');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => [e.id, e.sku, e.quantity, e.orderRef, e.occurredAt]), [
    ['east3pl:EAST3PL:000000602:602:0001:1', 'WID-7', 5, 'SO-1002', '2026-11-25T16:10:00+08:00'],
  ]);
});

test('given a 943 then its 944, when receipts come from in transit, then the 944 empties exactly what the 943 put in transit', () => {
  const shipped = decode('943-transfer.edi');
  assert.deepEqual(shipped.events.map((e) => [e.sku, e.lot, e.quantity, e.toStatus, e.reason, e.transferRef]), [
    [TEA, 'LOT-T01', 20, 'in_transit', 'transfer_shipped', 'TR-3001'],
    [VAX, 'L2026B', 200, 'in_transit', 'transfer_shipped', 'TR-3001'],
  ]);
  const received = decode('944-receipt.edi', { receiptsFromInTransit: true });
  assert.deepEqual(received.events.map((e) => [e.sku, e.lot, e.quantity, e.fromStatus, e.toStatus, e.transferRef]), [
    [TEA, 'LOT-T01', 20, 'in_transit', 'available', 'TR-3001'],
    [VAX, 'L2026B', 200, 'in_transit', 'available', 'TR-3001'],
  ]);
  assert.deepEqual(received.sets[0]!.notes, ['W07 line 3 (VN WID-7): quantity 0, nothing moved']);
  assert.equal(decode('944-receipt.edi').events[0]!.fromStatus, undefined, 'by default a receipt is new stock');
  assertLedgerShaped(received);
});

test('given a partner that ranks its own codes first, then the product qualifiers option picks them', () => {
  const r = decode('944-receipt.edi', { productQualifiers: ['VN', 'UK'] });
  assert.deepEqual(r.events.map((e) => e.sku), ['TEA-CS', VAX]);
});

test('given a received 940, then it reads into a shipping order; a ship-to that is a hub warehouse makes it a transfer', () => {
  const r = decode('940-order.edi');
  assert.deepEqual(r.orders, [
    {
      kind: 'ship',
      id: 'east3pl:EAST3PL:000000801:801:0001',
      warehouse: 'WH-EAST',
      orderRef: 'SO-2001',
      shipTo: { name: 'ACME RETAIL STORE 12', address: '1 MAIN ST, SHANGHAI SH 200000 CN', region: 'SH' },
      lines: [
        { externalCode: TEA, qualifier: 'UK', quantity: 6, unit: 'CA' },
        { externalCode: VAX, qualifier: 'UK', quantity: 30, unit: 'EA', lot: 'L2026A' },
      ],
      requestedAt: '2026-11-26T00:00:00+08:00',
    },
  ]);
  const transfer = decode('940-order.edi', { warehouseFor: (p) => (p.id === 'EAST01' ? 'WH-EAST' : p.id === 'ST012' ? 'WH-STORE12' : undefined) });
  assert.deepEqual([transfer.orders[0]!.kind, transfer.orders[0]!.shipTo.toWarehouse], ['transfer', 'WH-STORE12']);
});

test('given a 997 from the partner, then its verdict on the group the hub sent is read', () => {
  const r = decode('997-from-partner.edi');
  assert.equal(r.reply, undefined);
  assert.deepEqual(r.acknowledgments, [
    {
      functionalId: 'OW',
      controlNumber: '2001',
      status: 'R',
      included: 1,
      received: 1,
      accepted: 0,
      codes: [],
      sets: [{ setId: '940', controlNumber: '0001', status: 'R', codes: ['5'], segments: [{ tag: 'W01', position: 12, code: '8', elements: [{ position: 2, reference: '355', code: '7', value: 'XX' }] }] }],
    },
  ]);
});

test('given an interchange of three groups, then every group is acknowledged and ids stay unique across groups', () => {
  const r = decode('multi-group.edi');
  assert.equal(r.events.length, 3);
  assert.equal(new Set(r.events.map((e) => e.id)).size, 3);
  assert.deepEqual(r.problems.map((p) => [p.code, p.where]), [['UNMAPPED_CONTENT', 'GS 1103 (IN) / ST 810 0001']]);
  assert.deepEqual(r.ack.map((g) => [g.functionalId, g.controlNumber, g.status, g.sets.map((s) => `${s.setId}:${s.status}:${s.codes.join('+')}`)]), [
    ['RE', '1101', 'A', ['944:A:']],
    ['SW', '1102', 'A', ['945:A:', '945:A:']],
    ['IN', '1103', 'R', ['810:R:1']],
  ]);
  const reply = new X12Parser(true).parse(r.reply!);
  assert.ok(reply instanceof X12Interchange);
  assert.equal(reply.functionalGroups[0]!.transactions.length, 3);
});

test('given a bad quantity, then the set is rejected with an AK3/AK4 naming segment, position and element', () => {
  const r = decode('945-bad-quantity.edi');
  assert.deepEqual(r.events, []);
  assert.deepEqual(r.problems.map((p) => [p.code, p.where, p.message]), [
    ['MALFORMED_MESSAGE', 'GS 603 (SW) / ST 945 0001, segment W12 at position 5, element W1203', 'W12-03: "TEN" is not a quantity (a decimal number ≥ 0)'],
  ]);
  assert.match(r.reply!, /AK3\*W12\*5\*\*8~\nAK4\*3\*380\*6\*TEN~\nAK5\*R\*5~\nAK9\*R\*1\*1\*0~/);
});

test('given a truncated interchange, then it is refused and the 997 says the trailers are missing', () => {
  const r = decode('945-truncated.edi');
  assert.deepEqual(r.events, []);
  assert.deepEqual(r.problems.map((p) => p.message), [
    'the IEA trailer is missing: the interchange is incomplete',
    'the GE trailer is missing',
    'the SE trailer is missing',
  ]);
  assert.deepEqual([r.ack[0]!.status, r.ack[0]!.codes, r.ack[0]!.sets[0]!.codes], ['R', ['3'], ['2']]);
});

test('given text that is not an interchange, then it is refused without a reply', () => {
  for (const text of ['', 'hello', 'ISA', '{"type":"EPCISDocument"}', 'ISA*00*too short~']) {
    const r = decodeX12(text, options);
    assert.deepEqual([r.events, r.snapshots, r.reply], [[], [], undefined], text);
    assert.equal(r.problems[0]!.code, 'MALFORMED_MESSAGE', text);
  }
});

test('given no warehouse party the lookup knows and no default, then the set yields nothing and says so', () => {
  const r = decode('945-with-lots.edi', { warehouseFor: () => undefined });
  assert.deepEqual(r.events, []);
  assert.equal(r.problems[0]!.code, 'UNKNOWN_WAREHOUSE');
  assert.match(r.problems[0]!.message, /N1 WH "EAST 3PL DC" 91 EAST01/);
  assert.equal(decode('945-with-lots.edi', { warehouseFor: () => undefined, defaultWarehouse: 'WH-ONE' }).events[0]!.warehouse, 'WH-ONE');
});

test('given sequences from control numbers, then the first event of an interchange carries ISA13 and the ledger accepts it', () => {
  const r = decode('945-with-lots.edi', { sequenceFromControlNumber: true });
  assert.deepEqual(r.events.map((e) => e.sequence), [601, undefined, undefined]);
  assertLedgerShaped(r);
});

test('every own fixture reads, its events fit the ledger, and every reply is a valid interchange node-x12 parses strictly', () => {
  const files = readdirSync(new URL('./fixtures/x12/', import.meta.url)).filter((f) => f.endsWith('.edi'));
  assert.equal(files.length, 11);
  for (const f of files) {
    const r = decode(f);
    assertLedgerShaped(r);
    if (r.reply !== undefined) assert.ok(new X12Parser(true).parse(r.reply) instanceof X12Interchange, f);
    if (!f.includes('truncated')) assert.ok(new X12Parser(false).parse(fixture(f).replace(/^\uFEFF/, '')) instanceof X12Interchange, f);
  }
});
