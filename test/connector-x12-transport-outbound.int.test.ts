import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { X12Interchange, X12Parser } from 'node-x12';
import type { FulfilmentRequest } from '../src/connectors/connector.ts';
import { decodeX12, encode997, type GroupAck } from '../src/connectors/edi-x12/index.ts';
import { X12_FIXTURES, type X12Rig, x12Rig } from './connector-x12-transport-rig.ts';

const T = { timeout: 20_000 };
const rigs: X12Rig[] = [];
after(async () => {
  for (const r of rigs) await r.close();
});
const rig = async (): Promise<X12Rig> => {
  const r = await x12Rig();
  rigs.push(r);
  return r;
};
const fixture = (name: string): string => readFileSync(new URL(name, X12_FIXTURES), 'utf8');
const EAST_DC = { name: 'EAST 3PL DC', qualifier: '91', id: 'EAST01' };

const request = (id: string, orderRef: string): FulfilmentRequest => ({
  kind: 'ship',
  id,
  warehouse: 'WH-EAST',
  orderRef,
  shipTo: { name: 'ACME RETAIL STORE 12', address: '1 MAIN ST', region: 'SH' },
  lines: [
    { sku: 'SKU-TEA', externalCode: 'TEA-CS', quantity: 6, unit: 'case' },
    { sku: 'SKU-VAX', externalCode: 'VAX-10', quantity: 30, unit: 'each', lot: 'L2026A' },
  ],
  requestedAt: '2026-11-26T09:00:00+08:00',
});

/** The partner's 997 for the hub's 940 of group `control`. */
function partnerAck(control: number, status: 'A' | 'R', isa13: number): string {
  const ack: GroupAck = {
    functionalId: 'OW',
    controlNumber: String(control),
    status,
    included: 1,
    received: 1,
    accepted: status === 'A' ? 1 : 0,
    codes: [],
    sets: [{ setId: '940', controlNumber: '0001', status, codes: [], segments: [] }],
  };
  return encode997([ack], { sender: { qualifier: 'ZZ', id: 'EAST3PL' }, receiver: { qualifier: 'ZZ', id: 'STOCKMESH' }, controlNumber: isa13, date: '2026-11-26T03:00:00Z' });
}

describe('X12 folder transport: 940s out, 997s back, restarts', () => {
  test('given a fulfilment request, then a 940 lands in the outbox that node-x12 parses strictly and reads back as the same order; sending it again writes nothing new', T, async () => {
    const r = await rig();
    const c = r.connector({ warehouseParty: (w) => (w === 'WH-EAST' ? EAST_DC : undefined) });
    const sent = await c.sendOrder(request('req-1', 'SO-3001'));
    assert.deepEqual([sent.file, sent.controlNumber, sent.status], ['940-000000001.edi', 1, 'sent']);
    const text = r.read('outbox', '940-000000001.edi');
    const parsed = new X12Parser(true).parse(text);
    assert.ok(parsed instanceof X12Interchange);
    assert.deepEqual([6, 8, 13].map((n) => parsed.header.elements[n - 1]?.value.trim()), ['STOCKMESH', 'EAST3PL', '1']);
    assert.match(text, /^ISA\*00\*.{10}\*00\*.{10}\*ZZ\*STOCKMESH {6}\*ZZ\*EAST3PL {8}\*261126\*0200\*U\*00401\*000000001\*0\*P\*>~$/m);
    assert.equal(parsed.functionalGroups[0]!.transactions[0]!.header.valueOf(1), '940');
    // Read as the partner would: its own warehouse EAST01, items by the VN codes the hub wrote.
    const back = decodeX12(text, { source: 'partner', now: '2026-11-26T00:00:00Z', warehouseFor: (p) => (p.entity === 'WH' && p.id === 'EAST01' ? 'DC1' : undefined) });
    assert.deepEqual(back.problems, []);
    const order = back.orders[0]!;
    assert.deepEqual([order.orderRef, order.warehouse, order.shipTo.name, order.requestedAt.slice(0, 10)], ['SO-3001', 'DC1', 'ACME RETAIL STORE 12', '2026-11-26']);
    assert.deepEqual(order.lines.map((l) => [l.externalCode, l.qualifier, l.quantity, l.unit, l.lot]), [['TEA-CS', 'VN', 6, 'CA', undefined], ['VAX-10', 'VN', 30, 'EA', 'L2026A']]);
    const again = await c.sendOrder(request('req-1', 'SO-3001'));
    assert.deepEqual(again, sent);
    assert.deepEqual([r.list('outbox'), await c.controls.last()], [['940-000000001.edi'], 1]);
  });

  test('given a request X12 cannot carry, then it is refused before a control number is spent', T, async () => {
    const r = await rig();
    const c = r.connector({ warehouseParty: (w) => (w === 'WH-EAST' ? EAST_DC : undefined) });
    await assert.rejects(c.sendOrder(request('req-2', 'SO-THIS-REFERENCE-IS-FAR-TOO-LONG')), { code: 'UNENCODABLE_REQUEST' });
    await assert.rejects(c.sendOrder({ ...request('req-3', 'SO-3003'), warehouse: 'WH-SH' }), /WH-SH has no N1\*WH party/);
    assert.deepEqual([r.list('outbox'), await c.controls.last(), await c.order('req-2')], [[], null, undefined]);
  });

  test("given the partner's 997s for the hub's 940s, then each order is marked accepted or rejected with the reasons, and a 997 is never acknowledged", T, async () => {
    const r = await rig();
    const c = r.connector();
    await c.sendOrder(request('req-1', 'SO-3001'));
    await c.sendOrder(request('req-2', 'SO-3002'));
    r.write('997-rejects-1.edi', fixture('997-from-partner.edi').replace('AK1*OW*2001', 'AK1*OW*1'));
    r.write('997-accepts-2.edi', partnerAck(2, 'A', 902));
    r.write('997-unknown.edi', partnerAck(77, 'A', 903));
    await c.drain();
    const rejected = await c.order('req-1');
    assert.equal(rejected?.status, 'rejected');
    assert.equal(rejected?.ackInterchange, '000000901');
    assert.deepEqual(rejected?.errors, ['940 0001: AK5 R codes 5', '940 0001: segment W01 at position 12 (AK304 8)', '940 0001: W0102 (element 355) AK403 7 value "XX"']);
    assert.equal((await c.order('req-2'))?.status, 'accepted');
    assert.deepEqual(c.processed().map((o) => [o.name, o.outcome, o.acks.map((a) => [a.group, a.status, a.order?.orderRef])]).sort(), [
      ['997-accepts-2.edi', 'archived', [['OW 2', 'A', 'SO-3002']]],
      ['997-rejects-1.edi', 'archived', [['OW 1', 'R', 'SO-3001']]],
      ['997-unknown.edi', 'archived', [['OW 77', 'A', undefined]]],
    ]);
    assert.deepEqual(r.list('outbox'), ['940-000000001.edi', '940-000000002.edi'], 'no 997 answers a 997');
    const s = c.state();
    assert.equal(s.errors, 1);
    assert.match(s.lastError ?? '', /940 SO-3001 \(ISA13 1\) rejected by EAST3PL: .*W01 at position 12/);
  });

  test('given a restart, then control numbers continue, sent orders are remembered, and files dropped meanwhile (or half seen) are processed', T, async () => {
    const r = await rig();
    const first = r.connector();
    r.write('944-receipt.edi', fixture('944-receipt.edi'));
    await first.drain();
    await first.sendOrder(request('req-1', 'SO-3001'));
    writeFileSync(join(r.inbox, '846-full-listing.edi'), fixture('846-full-listing.edi'));
    await first.drain();
    assert.equal(first.processed().length, 1, 'the listing was only sighted, not yet stable');
    await first.stop();
    r.write('945-with-lots.edi', fixture('945-with-lots.edi'));
    r.clock += 60_000;

    const second = r.connector();
    await r.settle(second);
    assert.deepEqual(second.processed().map((o) => [o.name, o.outcome, o.snapshots, o.events, o.ackFile]).sort(), [
      ['846-full-listing.edi', 'archived', 1, 0, '997-000000501.edi'],
      ['945-with-lots.edi', 'archived', 0, 3, '997-000000601.edi'],
    ]);
    const numbers = ['997-000000701.edi', '940-000000002.edi', '997-000000501.edi', '997-000000601.edi'].map((f) => new X12Parser(true).parse(r.read('outbox', f)));
    assert.deepEqual(numbers.map((ic) => Number((ic as X12Interchange).header.elements[12]?.value)).sort(), [1, 2, 3, 4]);
    assert.equal((await second.order('req-1'))?.status, 'sent');
    assert.equal((await second.sendOrder(request('req-1', 'SO-3001'))).controlNumber, 2, 'known after the restart: not sent twice');
    assert.equal((await second.sendOrder(request('req-9', 'SO-3009'))).controlNumber, 5);
    assert.deepEqual(r.list('inbox'), []);
  });

  test('given a crash between reserving a control number and writing the 940, then sending again writes it with that same number', T, async () => {
    const r = await rig();
    const blocked = join(r.root, 'blocked-out');
    writeFileSync(blocked, 'a file where the outbox should be');
    const crashed = r.connector({ outbox: blocked });
    await assert.rejects(crashed.sendOrder(request('req-1', 'SO-3001')));
    assert.deepEqual([(await crashed.order('req-1'))?.status, await crashed.controls.last()], ['pending', 1]);
    rmSync(blocked);
    const restarted = r.connector({ outbox: blocked });
    r.clock += 3_600_000;
    const sent = await restarted.sendOrder(request('req-1', 'SO-3001'));
    assert.deepEqual([sent.status, sent.controlNumber, await restarted.controls.last()], ['sent', 1, 1]);
    const text = readFileSync(join(blocked, '940-000000001.edi'), 'utf8');
    assert.match(text, /\*261126\*0200\*/, 'dated when the number was reserved, so a retransmission is the same interchange');
  });
});
