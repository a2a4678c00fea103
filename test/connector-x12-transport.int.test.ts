import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { X12Interchange, X12Parser } from 'node-x12';
import type { InboundSink } from '../src/connectors/connector.ts';
import { decodeX12 } from '../src/connectors/edi-x12/index.ts';
import { ledgerSink, storeRejections } from '../src/connectors/runtime/index.ts';
import { replayDeadLetters } from '../src/ledger/index.ts';
import { deadLetters, eventCount, qtyOf } from './support/connector-network.ts';
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

/** A 997 the hub wrote: a valid interchange (node-x12, strict) from the hub to the partner, read back. */
function readAck(text: string) {
  const parsed = new X12Parser(true).parse(text);
  assert.ok(parsed instanceof X12Interchange);
  assert.equal(parsed.functionalGroups[0]!.header.valueOf(1), 'FA');
  const back = decodeX12(text, { source: 'check', now: '2026-11-26T00:00:00Z' });
  assert.deepEqual(back.problems, []);
  assert.equal(back.interchange?.sender, 'STOCKMESH');
  assert.equal(back.interchange?.receiver, 'EAST3PL');
  return { control: back.interchange!.controlNumber, acks: back.acknowledgments };
}

describe('X12 folder transport: inbound interchanges', () => {
  test('given a listing, a receipt and a shipment from the 3PL, then the ledger follows, each is acknowledged with a 997 of its own number and archived', T, async () => {
    const r = await rig();
    const c = r.connector();
    for (const f of ['846-full-listing.edi', '944-receipt.edi', '945-with-lots.edi']) r.drop(f);
    await r.settle(c);
    assert.deepEqual(c.processed().map((o) => [o.name, o.outcome, o.interchange, o.events, o.snapshots, o.ackFile]), [
      ['846-full-listing.edi', 'archived', '000000501', 0, 1, '997-000000501.edi'],
      ['944-receipt.edi', 'archived', '000000701', 2, 0, '997-000000701.edi'],
      ['945-with-lots.edi', 'archived', '000000601', 3, 0, '997-000000601.edi'],
    ]);
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-TEA'), 480 + 20 * 12 - 10 * 12, 'listing 40 CA, +20 CA received, −10 CA shipped');
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-TEA', 'quarantine'), 24);
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-VAX', 'available', 'L2026A'), 50, 'listed 150, the 945 ships 100 of the lot (its expiry is known from the listing)');
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-WID'), 480);
    const dl = await deadLetters(r.hub, 'east3pl');
    assert.deepEqual(dl.map((d) => [d.code, d.location]).sort(), [
      ['EXPIRY_REQUIRED', '944-receipt.edi:EAST3PL:000000701:701:0001:2'],
      ['STOCK_NEGATIVE', '945-with-lots.edi:EAST3PL:000000601:601:0001:3'],
    ], 'a 944 receipt carries no expiry date for a new lot; WID-7 ships a lot the listing never had');
    assert.deepEqual(r.list('inbox'), []);
    assert.deepEqual(r.list('archive'), ['846-full-listing.edi', '944-receipt.edi', '945-with-lots.edi']);
    assert.deepEqual(r.list('outbox'), ['997-000000501.edi', '997-000000601.edi', '997-000000701.edi']);
    const acks = ['997-000000501.edi', '997-000000701.edi', '997-000000601.edi'].map((f) => readAck(r.read('outbox', f)));
    assert.deepEqual(acks.map((a) => a.control), ['000000001', '000000002', '000000003'], 'the hub numbers its own interchanges');
    assert.deepEqual(acks.map((a) => [a.acks[0]!.functionalId, a.acks[0]!.controlNumber, a.acks[0]!.status]), [['IB', '501', 'A'], ['RE', '701', 'A'], ['SW', '601', 'A']]);
    const s = c.state();
    assert.deepEqual([s.messages, s.errors, s.cursor], [6, 0, '945-with-lots.edi']);
  });

  test('given the same interchange dropped again, then nothing counts twice, the copy is archived beside the first and acknowledged again', T, async () => {
    const r = await rig();
    const c = r.connector();
    r.drop('944-receipt.edi');
    await r.settle(c);
    const events = await eventCount(r.hub, 'east3pl');
    r.drop('944-receipt.edi');
    await r.settle(c);
    assert.equal(await eventCount(r.hub, 'east3pl'), events);
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-TEA', 'available', 'LOT-T01'), 240);
    assert.deepEqual(r.list('archive'), ['944-receipt.2.edi', '944-receipt.edi']);
    assert.deepEqual(r.list('outbox'), ['997-000000701.edi']);
    assert.equal(readAck(r.read('outbox', '997-000000701.edi')).control, '000000002', 'a new acknowledgment, a new number');
  });

  test('given a shipment that arrives before its receipt, then it waits as a dead letter and a replay makes the books right', T, async () => {
    const r = await rig();
    const c = r.connector();
    r.write('945-with-lots.edi', fixture('945-with-lots.edi'));
    await c.drain();
    assert.ok((await deadLetters(r.hub, 'east3pl')).some((d) => d.code === 'STOCK_NEGATIVE' && d.location?.endsWith(':601:0001:1')));
    r.write('944-receipt.edi', fixture('944-receipt.edi'));
    await c.drain();
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-TEA', 'available', 'LOT-T01'), 240);
    await replayDeadLetters(r.hub.store, r.hub.ingestor, r.hub.masterData);
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-TEA', 'available', 'LOT-T01'), 120);
  });

  test('given bad interchanges, then each is quarantined with a report naming segment, position and reason, recorded, rejected in its 997, and the next one goes through', T, async () => {
    const r = await rig();
    const c = r.connector();
    r.write('945-bad-quantity.edi', fixture('945-bad-quantity.edi'));
    r.write('945-truncated.edi', fixture('945-truncated.edi'));
    r.write('not-x12.txt', 'W12*CC*10*10**CA~\n');
    r.write('wrong-partner.edi', fixture('944-receipt.edi').replace('*ZZ*EAST3PL        *', '*ZZ*WEST3PL        *'));
    await c.drain();
    assert.equal(await eventCount(r.hub, 'east3pl'), 0);
    assert.deepEqual(r.list('quarantine').filter((n) => !n.endsWith('.report.txt')), ['945-bad-quantity.edi', '945-truncated.edi', 'not-x12.txt', 'wrong-partner.edi']);
    const bad = r.read('quarantine', '945-bad-quantity.edi.report.txt');
    assert.match(bad, /nothing from it was applied/);
    assert.match(bad, /GS 603 \(SW\) \/ ST 945 0001, segment W12 at position 5, element W1203: MALFORMED_MESSAGE: W12-03: "TEN" is not a quantity/);
    assert.match(bad, /^997: +997-000000603\.edi/m);
    const rejected = readAck(r.read('outbox', '997-000000603.edi')).acks[0]!;
    assert.deepEqual([rejected.status, rejected.sets[0]!.status, rejected.sets[0]!.segments[0]!.tag, rejected.sets[0]!.segments[0]!.position], ['R', 'R', 'W12', 5]);
    assert.deepEqual(rejected.sets[0]!.segments[0]!.elements.map((e) => [e.position, e.code, e.value]), [[3, '6', 'TEN']]);
    assert.match(r.read('quarantine', '945-truncated.edi.report.txt'), /IEA: MALFORMED_MESSAGE: the IEA trailer is missing/);
    assert.equal(readAck(r.read('outbox', '997-000000604.edi')).acks[0]!.status, 'R');
    assert.match(r.read('quarantine', 'not-x12.txt.report.txt'), /interchange: \(no readable ISA\)[\s\S]*not an X12 interchange/);
    assert.match(r.read('quarantine', 'wrong-partner.edi.report.txt'), /from "WEST3PL" to "STOCKMESH"; this folder takes interchanges from "EAST3PL"/);
    assert.deepEqual(r.list('outbox'), ['997-000000603.edi', '997-000000604.edi'], 'no 997 for what is not X12 or not ours');
    const recs = await storeRejections(r.hub.store.db).list({ source: 'east3pl' });
    assert.deepEqual(recs.map((x) => [x.dialect, x.reason, x.location]).sort(), [
      ['edi-x12', 'interchange_quarantined', 'quarantine/945-bad-quantity.edi'],
      ['edi-x12', 'interchange_quarantined', 'quarantine/945-truncated.edi'],
      ['edi-x12', 'interchange_quarantined', 'quarantine/not-x12.txt'],
      ['edi-x12', 'interchange_quarantined', 'quarantine/wrong-partner.edi'],
    ]);
    assert.ok(recs.every((x) => x.message.length > 0 && x.payload !== undefined));
    assert.equal(c.state().errors, 4);
    r.write('944-receipt.edi', fixture('944-receipt.edi'));
    await c.drain();
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-TEA', 'available', 'LOT-T01'), 240);
  });

  test('given an interchange with one unreadable group among good ones, then the good groups apply, the file is archived with a report, and the 997 rejects only that group', T, async () => {
    const r = await rig();
    const c = r.connector();
    r.write('multi-group.edi', fixture('multi-group.edi'));
    await c.drain();
    assert.deepEqual(c.processed().map((o) => [o.outcome, o.events, o.problems.map((p) => p.code)]), [['archived', 3, ['UNMAPPED_CONTENT']]]);
    assert.match(r.read('archive', 'multi-group.edi.report.txt'), /applied except for the parts listed[\s\S]*ST 810 0001: rejected[\s\S]*810 is not read/);
    const acks = readAck(r.read('outbox', '997-000001001.edi')).acks;
    assert.deepEqual(acks.map((a) => [a.functionalId, a.status]), [['RE', 'A'], ['SW', 'A'], ['IN', 'R']]);
    const recs = await storeRejections(r.hub.store.db).list({ source: 'east3pl' });
    assert.deepEqual(recs.map((x) => [x.reason, x.location]), [['sets_refused', 'archive/multi-group.edi']]);
  });

  test('given a file still being written, then it is not read until it stopped changing for stableMs', T, async () => {
    const r = await rig();
    const c = r.connector();
    const text = fixture('944-receipt.edi');
    const path = join(r.inbox, '944-receipt.edi');
    writeFileSync(path, text.slice(0, 120));
    await c.drain();
    r.clock += 1500;
    appendFileSync(path, text.slice(120, 300));
    await c.drain();
    assert.deepEqual(c.processed(), [], 'it grew since the last scan');
    appendFileSync(path, text.slice(300));
    await c.drain();
    r.clock += 999;
    await c.drain();
    assert.deepEqual(c.processed(), [], 'not yet unchanged for 1000 ms');
    r.clock += 1;
    await c.drain();
    assert.deepEqual(c.processed().map((o) => [o.outcome, o.events]), [['archived', 2]], 'the whole interchange, not its first bytes');
  });

  test('given the ledger failing, then the file stays in the inbox, no 997 and no number is spent, and it goes through once the ledger is back', T, async () => {
    const r = await rig();
    let down = true;
    const real = ledgerSink(r.hub);
    const sink: InboundSink = {
      events: (inputs) => (down ? Promise.reject(new Error('disk full')) : real.events(inputs)),
      snapshot: (doc, at) => (down ? Promise.reject(new Error('disk full')) : real.snapshot(doc, at)),
    };
    const c = r.connector({ sink });
    r.write('944-receipt.edi', fixture('944-receipt.edi'));
    await assert.rejects(c.step(), /disk full/);
    assert.deepEqual([r.list('inbox'), r.list('outbox'), await c.controls.last()], [['944-receipt.edi', '944-receipt.edi.done'], [], null]);
    down = false;
    await c.drain();
    assert.deepEqual([r.list('inbox'), r.list('outbox'), await c.controls.last()], [[], ['997-000000701.edi'], 1]);
    assert.equal(await qtyOf(r.hub, 'WH-EAST', 'SKU-TEA', 'available', 'LOT-T01'), 240);
  });

  test('given a running connector, then its loop picks up files dropped later and it stops cleanly', T, async () => {
    const r = await rig();
    const c = r.connector({ pollIntervalMs: 5, stableMs: 0 });
    await c.start();
    r.write('944-receipt.edi', fixture('944-receipt.edi'));
    const until = Date.now() + 5000;
    while (c.processed().length === 0 && Date.now() < until) await new Promise((res) => setTimeout(res, 10));
    await c.stop();
    assert.deepEqual(c.processed().map((o) => o.outcome), ['archived']);
    assert.equal(c.state().state, 'stopped');
  });
});
