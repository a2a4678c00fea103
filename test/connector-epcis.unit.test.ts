import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeEpcis, type DecodeEpcisOptions, type EpcisDecoded, glnOf, gtinOf, parseObjectId } from '../src/connectors/epcis/index.ts';
import { inboundEventSchema } from '../src/ledger/index.ts';

// The project's own EPCIS fixtures (test/fixtures/epcis/README.md): DC East (GLN 0690123000010),
// a cold store named by GS1 Digital Link (GLN 0690123000034), and an unknown site.
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/epcis/${name}`, import.meta.url), 'utf8');
const SITES: Readonly<Record<string, string>> = { '0690123000010': 'WH-EAST', '0690123000034': 'WH-COLD' };
const options: DecodeEpcisOptions = { source: 'rfid-east', warehouseFor: (id) => SITES[glnOf(id)?.gln ?? ''] };
const decode = (name: string, extra: Partial<DecodeEpcisOptions> = {}): EpcisDecoded => decodeEpcis(fixture(name), { ...options, ...extra });
const rows = (r: EpcisDecoded) => r.events.map((e) => [e.warehouse, e.sku, e.quantity, e.unit, e.lot, e.fromStatus, e.toStatus, e.reason]);
const TEA = '10690123456784';
const VAX = '00690123456794';
const WIDGET = '00690123456800';

test('GS1 identifiers: SGTIN/LGTIN/idpat URNs and Digital Link URIs give GTIN-14 with check digit; SGLN and 414 give the GLN', () => {
  assert.equal(gtinOf('0614141', '107346'), '10614141073464');
  assert.deepEqual(parseObjectId('urn:epc:id:sgtin:0690123.145678.1001', false), { kind: 'trade_item', gtin: TEA, serial: '1001' });
  assert.deepEqual(parseObjectId('urn:epc:class:lgtin:0690123.045679.L%2F26', true), { kind: 'trade_item', gtin: VAX, lot: 'L/26' });
  assert.deepEqual(parseObjectId('urn:epc:idpat:sgtin:0690123.045680.*', true), { kind: 'trade_item', gtin: WIDGET });
  assert.deepEqual(parseObjectId('https://id.gs1.org/01/00690123456794/10/L2026B/21/77', false), { kind: 'trade_item', gtin: VAX, lot: 'L2026B', serial: '77' });
  assert.deepEqual(parseObjectId('https://brand.example.com/01/690123456794', true), { kind: 'trade_item', gtin: VAX, lot: undefined, serial: undefined });
  assert.deepEqual(parseObjectId('urn:epc:id:sscc:0690123.0000000001', false), { kind: 'other', scheme: 'sscc' });
  assert.equal(parseObjectId('https://id.gs1.org/01/00690123456795/21/1', false).kind, 'invalid', 'wrong check digit');
  assert.equal(parseObjectId('urn:epc:idpat:sgtin:0690123.045679.*', false).kind, 'invalid', 'a pattern is not an instance');
  assert.deepEqual(glnOf('urn:epc:id:sgln:0690123.00001.dock-3'), { gln: '0690123000010', extension: 'dock-3' });
  assert.deepEqual(glnOf('https://id.gs1.org/414/0690123000034/254/door-1'), { gln: '0690123000034', extension: 'door-1' });
  assert.equal(glnOf('https://id.gs1.org/414/0690123000035'), undefined, 'wrong check digit');
});

test('given a DC day (receive a pallet, store, pick, ship, receive at the cold store), then each step moves the documented status', () => {
  const r = decode('dc-inbound-outbound.jsonld');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.outcomes.map((o) => `${o.bizStep}:${o.result}`), [
    'receiving:movement', 'storing:no_movement', 'picking:movement', 'shipping:movement', 'receiving:movement',
  ]);
  assert.deepEqual(rows(r), [
    ['WH-EAST', TEA, 3, undefined, undefined, undefined, 'available', 'receipt'],
    ['WH-EAST', VAX, 100, undefined, 'L2026A', undefined, 'available', 'receipt'],
    ['WH-EAST', TEA, 2, undefined, undefined, 'available', 'picking', 'pick'],
    ['WH-EAST', TEA, 2, undefined, undefined, 'available', undefined, 'ship'],
    ['WH-COLD', WIDGET, 1, undefined, undefined, undefined, 'available', 'receipt'],
    ['WH-COLD', VAX, 20, 'H87', 'L2026B', undefined, 'available', 'receipt'],
  ]);
  assert.deepEqual([r.events[0]!.orderRef, r.events[0]!.transferRef], ['urn:epcglobal:cbv:bt:0690123000010:PO-5544', 'urn:epcglobal:cbv:bt:0690123000027:ASN-88']);
  assert.equal(r.events[0]!.id, 'rfid-east:urn:uuid:6f1b2c3d-0001-4a5b-8c9d-000000000001:objects:01/10690123456784');
  assert.equal(r.events[1]!.id, 'rfid-east:urn:uuid:6f1b2c3d-0001-4a5b-8c9d-000000000001:objects:01/00690123456794/10/L2026A');
  assert.deepEqual(r.outcomes[0]!.extensions, ['example:receivingClerk']);
});

test('given a site that records picking, when its shipping rule takes stock from picking, then pick and ship add up', () => {
  const r = decode('dc-inbound-outbound.jsonld', { bizSteps: { shipping: { kind: 'remove', reason: 'ship', from: 'picking' } } });
  assert.deepEqual(rows(r).filter((x) => x[7] === 'pick' || x[7] === 'ship'), [
    ['WH-EAST', TEA, 2, undefined, undefined, 'available', 'picking', 'pick'],
    ['WH-EAST', TEA, 2, undefined, undefined, 'picking', undefined, 'ship'],
  ]);
});

test('given receipts announced as transfers, then receiving moves in_transit → available', () => {
  const r = decode('dc-inbound-outbound.jsonld', { receiptsFromInTransit: true });
  assert.deepEqual(r.events.filter((e) => e.reason === 'receipt').map((e) => [e.fromStatus, e.toStatus]), [
    ['in_transit', 'available'], ['in_transit', 'available'], ['in_transit', 'available'], ['in_transit', 'available'],
  ]);
});

test('given quality events, then damaged, held, recalled and destroyed stock moves per the disposition table; DELETE removes', () => {
  const r = decode('quality-events.jsonld');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(rows(r), [
    ['WH-EAST', TEA, 1, undefined, undefined, 'available', 'damaged', 'inspect'],
    ['WH-EAST', VAX, 10, undefined, 'L2026A', 'available', 'quarantine', 'quarantine'],
    ['WH-EAST', VAX, 5, undefined, 'L2026A', 'available', 'quarantine', 'inspect'],
    ['WH-EAST', TEA, 1, undefined, undefined, 'damaged', undefined, 'destroy'],
    ['WH-COLD', WIDGET, 1, undefined, undefined, 'available', undefined, 'decommission'],
  ]);
  assert.deepEqual(r.outcomes.map((o) => o.result), ['movement', 'movement', 'movement', 'no_movement', 'movement', 'movement', 'no_movement']);
  assert.match(r.outcomes[3]!.note, /stay available/);
  assert.match(r.outcomes[6]!.note, /disaggregation/);
});

test('given events without eventID in a query document, then ids come from a hash of their canonical JSON, key order aside', () => {
  const r = decode('commissioning-and-query.jsonld');
  assert.equal(r.documentType, 'EPCISQueryDocument');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(rows(r), [
    ['WH-EAST', VAX, 2, undefined, 'L2027C', undefined, 'available', 'commission'],
    ['WH-EAST', VAX, 2, undefined, 'L2027C', 'available', undefined, 'consume'],
    ['WH-EAST', WIDGET, 1, undefined, undefined, undefined, 'available', 'produce'],
  ]);
  assert.equal(r.events[0]!.expiry, '2028-12-31');
  assert.match(r.events[0]!.id, /^rfid-east:sha256:[0-9a-f]{64}:objects:01\/00690123456794\/10\/L2027C$/);
  assert.deepEqual(r.outcomes.slice(2).map((o) => `${o.type}:${o.result}`), ['ObjectEvent:no_movement', 'TransactionEvent:no_movement']);
  const reversed = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
  const again = decodeEpcis(reversed(JSON.parse(fixture('commissioning-and-query.jsonld'))), options);
  assert.deepEqual(again.events, r.events);
});

test('given a document of bad events, then each is reported on its own and the good one still decodes', () => {
  const r = decode('bad-events.jsonld');
  assert.deepEqual(r.outcomes.map((o) => o.result), ['refused', 'refused', 'refused', 'refused', 'refused', 'movement']);
  const at = (i: number) => `eventList[${i}] (urn:uuid:b0000000-000${i + 1}-4000-8000-00000000000${i + 1})`;
  assert.deepEqual(r.problems.map((p) => [p.code, p.where]), [
    ['UNMAPPED_CONTENT', at(0)],
    ['UNKNOWN_WAREHOUSE', at(1)],
    ['MALFORMED_MESSAGE', at(2)],
    ['MALFORMED_MESSAGE', at(3)],
    ['UNMAPPED_CONTENT', at(4)],
  ]);
  assert.match(r.problems[0]!.message, /bizStep "https:\/\/example\.com\/bizstep\/relabelling" has no stock mapping/);
  assert.match(r.problems[1]!.message, /urn:epc:id:sgln:0690123\.00009\.0/);
  assert.match(r.problems[2]!.message, /0690123\.14567\.2003.*13 digits/);
  assert.match(r.problems[3]!.message, /eventTime/);
  assert.match(r.problems[4]!.message, /disposition "https:\/\/example\.com\/disp\/frozen"/);
  assert.deepEqual(rows(r), [['WH-EAST', TEA, 2, undefined, undefined, undefined, 'available', 'receipt']]);
  assert.deepEqual(r.warnings.map((w) => w.message), [
    '"bizstep" is neither an EPCIS 2.0 field nor a prefixed extension: ignored',
    '1 EPC(s) listed twice: counted once',
  ]);
});

test('given a user-defined step the source declares, then it maps like a standard one', () => {
  const r = decode('bad-events.jsonld', { bizSteps: { 'https://example.com/bizstep/relabelling': { kind: 'none', why: 'relabelling keeps stock as is' } } });
  assert.equal(r.outcomes[0]!.result, 'no_movement');
  assert.equal(r.outcomes[0]!.note, 'relabelling keeps stock as is');
});

test('given documents that are not EPCIS 2.0, then they are refused whole with the reason', () => {
  const refused = (input: unknown, where: string) => {
    const r = decodeEpcis(input, options);
    assert.deepEqual([r.events, r.documentType, r.problems.map((p) => [p.code, p.where])], [[], null, [['MALFORMED_MESSAGE', where]]], JSON.stringify(input));
  };
  refused('{not json', '(document)');
  refused('[]', '(document)');
  refused({ type: 'EPCISMasterDataDocument', epcisBody: {} }, 'type');
  refused({ '@context': 42, type: 'EPCISDocument', epcisBody: { eventList: [] } }, '@context');
  refused({ type: 'EPCISDocument', schemaVersion: '2.0', epcisBody: {} }, 'epcisBody.eventList');
  refused({ type: 'EPCISQueryDocument', epcisBody: { eventList: [] } }, 'epcisBody.queryResults.resultsBody.eventList');
  const quirky = decodeEpcis({ type: 'EPCISDocument', schemaVersion: 2, epcisBody: { eventList: [] } }, options);
  assert.deepEqual([quirky.problems, quirky.warnings.map((w) => w.where)], [[], ['@context', 'schemaVersion']]);
});

test('every own fixture: ledger-valid events, and the same document twice gives the same ids', () => {
  const files = readdirSync(new URL('./fixtures/epcis/', import.meta.url)).filter((f) => f.endsWith('.jsonld'));
  assert.equal(files.length, 4);
  for (const f of files) {
    const a = decode(f);
    for (const e of a.events) assert.equal(inboundEventSchema.safeParse(e).success, true, `${f}: ${JSON.stringify(e)}`);
    assert.deepEqual(decode(f).events, a.events, f);
    assert.equal(new Set(a.events.map((e) => e.id)).size, a.events.length, `${f}: ids are unique`);
  }
});
