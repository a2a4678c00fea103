import assert from 'node:assert/strict';
import { test } from 'node:test';
import { X12Interchange, X12Parser } from 'node-x12';
import type { FulfilmentRequest } from '../src/connectors/connector.ts';
import { decodeX12, encode940, encode997, type GroupAck, type X12Envelope } from '../src/connectors/edi-x12/index.ts';
import { StockmeshError } from '../src/domain/index.ts';

const envelope: X12Envelope = {
  sender: { qualifier: 'ZZ', id: 'STOCKMESH' },
  receiver: { qualifier: 'ZZ', id: 'EAST3PL' },
  controlNumber: 2001,
  date: '2026-11-25T03:04:05Z',
};

const request: FulfilmentRequest = {
  kind: 'ship',
  id: 'ful_01HZX',
  warehouse: 'WH-EAST',
  orderRef: 'SO-7788',
  shipTo: { name: 'ACME RETAIL STORE 12', address: '1 MAIN ST SHANGHAI', region: 'SH' },
  lines: [
    { sku: 'SKU-TEA', externalCode: 'TEA-CS', quantity: 6, unit: 'case' },
    { sku: 'SKU-VAX', externalCode: 'VAX-10', quantity: 30, unit: 'EA', lot: 'L2026A' },
  ],
  requestedAt: '2026-11-26T09:00:00+08:00',
};

/** The hub reading its own 940 back, as the 3PL would: the warehouse party is ZZ <hub warehouse id>. */
const readBack = (text: string) =>
  decodeX12(text, {
    source: 'hub',
    now: '2026-11-25T03:05:00Z',
    warehouseFor: (p) => (p.qualifier === 'ZZ' && p.id.startsWith('WH-') ? p.id : undefined),
  });

test('given a fulfilment request, when encoded as a 940, then node-x12 parses it strictly with the documented segments', () => {
  const edi = encode940(request, envelope);
  const ic = new X12Parser(true).parse(edi);
  assert.ok(ic instanceof X12Interchange);
  assert.equal(ic.header.valueOf(13), '2001');
  assert.equal(ic.header.elements.length, 16);
  const group = ic.functionalGroups[0]!;
  assert.deepEqual([group.header.valueOf(1), group.header.valueOf(4), group.header.valueOf(5), group.header.valueOf(8)], ['OW', '20261125', '0304', '004010']);
  const set = group.transactions[0]!;
  assert.equal(set.header.valueOf(1), '940');
  assert.deepEqual(
    set.segments.map((s) => `${s.tag}*${s.elements.map((e) => e.value).join('*')}`),
    [
      'W05*N*SO-7788',
      'N1*ST*ACME RETAIL STORE 12',
      'N3*1 MAIN ST SHANGHAI',
      'N4**SH',
      'N1*WH*WH-EAST*ZZ*WH-EAST',
      'G62*10*20261126',
      'W66*PP*M',
      'LX*1',
      'W01*6*CA**VN*TEA-CS',
      'LX*2',
      'W01*30*EA**VN*VAX-10********L2026A',
      'W76*36',
    ],
  );
  assert.equal(edi, encode940(request, envelope), 'pure: the same request and envelope give the same bytes');
});

test('given an encoded 940, when decoded again, then the order, lines and lot come back', () => {
  const r = readBack(encode940(request, envelope));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.orders[0], {
    kind: 'ship',
    id: 'hub:STOCKMESH:000002001:2001:0001',
    warehouse: 'WH-EAST',
    orderRef: 'SO-7788',
    shipTo: { name: 'ACME RETAIL STORE 12', address: '1 MAIN ST SHANGHAI, SH', region: 'SH' },
    lines: [
      { externalCode: 'TEA-CS', qualifier: 'VN', quantity: 6, unit: 'CA' },
      { externalCode: 'VAX-10', qualifier: 'VN', quantity: 30, unit: 'EA', lot: 'L2026A' },
    ],
    requestedAt: '2026-11-26T00:00:00Z',
  });
  assert.match(r.reply!, /AK1\*OW\*2001~\nAK2\*940\*0001~\nAK5\*A~/);
});

test('given a transfer request, then the receiving warehouse is the ship-to party and reads back as a transfer', () => {
  const transfer: FulfilmentRequest = { ...request, kind: 'transfer', shipTo: { name: 'HUB CENTRAL', toWarehouse: 'WH-HUB' } };
  const o = readBack(encode940(transfer, { ...envelope, usage: 'T', delimiters: { element: '|', component: '^', segment: '~', lineBreaks: false } })).orders[0]!;
  assert.deepEqual([o.kind, o.shipTo.toWarehouse, o.shipTo.name], ['transfer', 'WH-HUB', 'HUB CENTRAL']);
});

test('given values X12 cannot carry, then encoding is refused naming the field (UNENCODABLE_REQUEST)', () => {
  const refused = (r: FulfilmentRequest, field: RegExp) =>
    assert.throws(() => encode940(r, envelope), (e: unknown) => e instanceof StockmeshError && e.code === 'UNENCODABLE_REQUEST' && field.test(e.message));
  refused({ ...request, orderRef: 'SO-'.padEnd(23, '9') }, /^orderRef:/);
  refused({ ...request, lines: [{ ...request.lines[0]!, unit: 'bucket' }] }, /^lines\[0\]\.unit: unit "bucket" has no X12 unit code/);
  refused({ ...request, lines: [{ ...request.lines[0]!, externalCode: 'TEA*CS' }] }, /contains the delimiter "\*"/);
  refused({ ...request, lines: [{ ...request.lines[0]!, quantity: 0 }] }, /^lines\[0\]\.quantity/);
  refused({ ...request, lines: [] }, /^lines:/);
  refused({ ...request, requestedAt: 'tomorrow' }, /^requestedAt/);
  assert.throws(() => encode940(request, { ...envelope, controlNumber: 0 }), StockmeshError);
  assert.throws(() => encode940(request, { ...envelope, sender: { qualifier: 'ZZ', id: 'A-SENDER-ID-LONGER-THAN-15' } }), StockmeshError);
});

test('given acknowledgments with errors, when encoded as a 997, then they decode back unchanged', () => {
  const groups: GroupAck[] = [
    {
      functionalId: 'SW',
      controlNumber: '601',
      status: 'P',
      included: 2,
      received: 2,
      accepted: 1,
      codes: [],
      sets: [
        { setId: '945', controlNumber: '0001', status: 'A', codes: [], segments: [] },
        {
          setId: '945',
          controlNumber: '0002',
          status: 'R',
          codes: ['5'],
          segments: [{ tag: 'W12', position: 6, code: '8', elements: [{ position: 3, reference: '380', code: '6', value: 'TEN' }] }],
        },
      ],
    },
    { functionalId: 'RE', controlNumber: '602', status: 'R', included: 2, received: 1, accepted: 0, codes: ['5'], sets: [{ setId: '944', controlNumber: '0001', status: 'R', codes: [], segments: [] }] },
  ];
  const edi = encode997(groups, envelope);
  assert.ok(new X12Parser(true).parse(edi) instanceof X12Interchange);
  const r = decodeX12(edi, { source: 'east3pl', now: '2026-11-25T03:05:00Z' });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.acknowledgments, groups);
  assert.match(edi, /^ST\*997\*0002~$/m, 'one 997 transaction set per acknowledged group');
});
