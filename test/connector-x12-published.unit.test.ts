import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { X12Interchange, X12Parser } from 'node-x12';
import { decodeX12, type DecodeX12Options, type X12Decoded, type X12Party } from '../src/connectors/edi-x12/index.ts';
import { inboundEventSchema, snapshotSchema } from '../src/ledger/index.ts';

// Published ASC X12 samples from five open-source parser projects (../shared/fixtures/README.md),
// byte-exact, some deliberately malformed. Every file is decoded here and either read into the
// expected movements or refused with the reason its README quirk describes.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dir = join(repoRoot, '..', 'shared', 'fixtures', 'x12');
const skip = existsSync(dir) ? false : '../shared/fixtures not found: published-sample tests skipped';

const WAREHOUSES: Readonly<Record<string, string>> = { SAN003: 'WH-E88', ACME01: 'WH-ACME', '1234567890001': 'WH-ACME', '0000000000140': 'WH-CA' };
const options: DecodeX12Options = {
  source: 'partner',
  now: '2026-11-25T10:00:00Z',
  warehouseFor: (p: X12Party) => (p.entity === 'WH' || p.entity === 'ST' ? WAREHOUSES[p.id] : undefined),
};
const decode = (file: string, extra: Partial<DecodeX12Options> = {}): X12Decoded => decodeX12(readFileSync(join(dir, file), 'utf8'), { ...options, ...extra });
const codes = (r: X12Decoded) => r.problems.map((p) => p.code);
const messages = (r: X12Decoded) => r.problems.map((p) => `${p.where}: ${p.message}`).join('\n');

/** Every decoded event and snapshot must be accepted by the ledger's own schema. */
function assertLedgerShaped(r: X12Decoded): void {
  for (const e of r.events) assert.equal(inboundEventSchema.safeParse(e).success, true, JSON.stringify(e));
  for (const s of r.snapshots) assert.equal(snapshotSchema.safeParse(s).success, true, JSON.stringify(s));
}

/** The 997 the hub owes is a valid interchange that reads back into the same acknowledgment. */
function assertReplyReadsBack(r: X12Decoded): void {
  assert.ok(r.reply, 'a 997 reply is owed');
  const parsed = new X12Parser(true).parse(r.reply!);
  assert.ok(parsed instanceof X12Interchange);
  assert.equal(parsed.functionalGroups[0]!.header.valueOf(1), 'FA');
  const back = decodeX12(r.reply!, options);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.acknowledgments, r.ack);
}

const EXPECTED = [
  '846-oopfactory-1.edi', '846-oopfactory-2.edi', '940-ediengine-1.edi', '940-ediengine-2.edi', '940-oopfactory-simplot-1.edi',
  '943-stupidedi-1.edi', '944-stupidedi-1.edi', '945-edifabric-1.edi', '945-oopfactory-interamerican-1.edi',
  '997-edifabric-1.edi', '997-staedi-1.edi', '997-stupidedi-1.edi',
];

test('the published X12 folder holds exactly the samples tested here, byte-exact (git blob ids of its README)', { skip }, () => {
  assert.deepEqual(readdirSync(dir).sort(), EXPECTED);
  const readme = readFileSync(join(dir, '..', 'README.md'), 'utf8');
  for (const f of EXPECTED) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${f}\``));
    const blob = /`([0-9a-f]{8})` \|$/.exec(row ?? '')?.[1];
    const bytes = readFileSync(join(dir, f));
    const id = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    assert.equal(id.slice(0, 8), blob, `${f} differs from its upstream blob`);
  }
});

test('846-oopfactory-1 (BOM, `~` elements, `}` terminator, CRLF, blank ISA11, padded GS03): a full listing read as a snapshot', { skip }, () => {
  const r = decode('846-oopfactory-1.edi');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events, []);
  assert.equal(r.snapshots.length, 1);
  const s = r.snapshots[0]!;
  assert.equal(s.warehouse, 'WH-E88');
  assert.equal(s.takenAt, '2004-08-11T23:00:00Z');
  assert.equal(s.id, 'partner:322341109:000001979:1979:1979:WH-E88');
  assert.deepEqual(s.lines, [
    { sku: '46L5055', unit: 'EA', status: 'available', quantity: 5250 },
    { sku: '46L5055', unit: 'EA', status: 'quarantine', quantity: 100 },
  ]);
  assert.deepEqual(r.warnings.map((w) => w.where), ['ISA11', 'GS 1979 (IB), GS03']);
  assert.match(r.sets[0]!.notes.join('\n'), /QTY QB 50 EA .*ignored/);
  assert.match(r.sets[0]!.notes.join('\n'), /QTY 87 75 EA .*already in the listed balances/);
  assertLedgerShaped(r);
  assert.match(r.reply!, /AK9~A~1~1~1\}/);
  assertReplyReadsBack(r);
});

test('846-oopfactory-2 (`*` terminator, two missing terminators): refused, the 997 names REF at 13 and QTY at 23', { skip }, () => {
  const r = decode('846-oopfactory-2.edi');
  assert.deepEqual(r.snapshots, []);
  assert.deepEqual(codes(r), ['MALFORMED_MESSAGE', 'MALFORMED_MESSAGE']);
  assert.match(messages(r), /segment REF at position 13, element REF05: REF-05: REF has 5 elements.*terminator/);
  assert.match(messages(r), /segment QTY at position 23, element QTY03: QTY-03: "FTCTT" is not a unit of measure code/);
  const set = r.ack[0]!.sets[0]!;
  assert.equal(set.status, 'R');
  assert.deepEqual(set.segments.map((s) => [s.tag, s.position, s.code, s.elements.map((e) => [e.position, e.code, e.value])]), [
    ['REF', 13, '8', [[5, '3', 'FT']]],
    ['QTY', 23, '8', [[3, '5', 'FTCTT']]],
  ]);
  assert.equal(r.ack[0]!.status, 'R');
  assertReplyReadsBack(r);
});

test('940-oopfactory-simplot-1 (no terminator, CRLF): control numbers do not match, refused and rejected in the 997', { skip }, () => {
  const r = decode('940-oopfactory-simplot-1.edi');
  assert.deepEqual(r.orders, []);
  assert.match(messages(r), /^IEA02: ISA13 398161180 and IEA02 940001777 differ/m);
  assert.match(messages(r), /GE02: GS06 177818711 and GE02 940001777 differ/);
  assert.deepEqual([r.ack[0]!.functionalId, r.ack[0]!.controlNumber, r.ack[0]!.status, r.ack[0]!.codes], ['OW', '177818711', 'R', ['4']]);
  assertReplyReadsBack(r);
});

test('945-oopfactory-interamerican-1 (GS with 10 elements, 10-character ST02): refused', { skip }, () => {
  const r = decode('945-oopfactory-interamerican-1.edi');
  assert.deepEqual(r.events, []);
  assert.match(messages(r), /GS has 10 elements instead of 8/);
  assert.match(messages(r), /ST02 "0003100001" is not a transaction set control number/);
  assert.deepEqual(r.ack[0]!.sets[0]!.codes, ['7']);
  assert.equal(r.ack[0]!.status, 'R');
  assertReplyReadsBack(r);
});

test('945-edifabric-1 (GS01 IN, GE01 2 for 1 set, W06 date "CCYYMMDD"): refused, every defect in the 997', { skip }, () => {
  const r = decode('945-edifabric-1.edi');
  assert.deepEqual(r.events, []);
  assert.match(messages(r), /GE01 says 2 transaction sets, the group holds 1/);
  assert.match(messages(r), /a 945 belongs in a functional group SW, not IN/);
  assert.match(messages(r), /segment W06 at position 2, element W0603: W06-03: "CCYYMMDD" is not a date/);
  const g = r.ack[0]!;
  assert.deepEqual([g.status, g.included, g.received, g.accepted, g.codes], ['R', 2, 1, 0, ['5']]);
  assert.deepEqual(g.sets[0]!.segments, [{ tag: 'W06', position: 2, code: '8', elements: [{ position: 3, reference: '373', code: '8', value: 'CCYYMMDD' }] }]);
  assertReplyReadsBack(r);
});

test('940-ediengine-1 (LF terminators, GS07 T): a shipping order read, GS07 reported', { skip }, () => {
  const r = decode('940-ediengine-1.edi');
  assert.deepEqual(r.problems, []);
  assert.match(r.warnings.map((w) => w.message).join(), /GS07 is "T"/);
  const o = r.orders[0]!;
  assert.deepEqual([o.kind, o.warehouse, o.orderRef, o.requestedAt], ['ship', 'WH-CA', '538686', '2000-02-04T00:00:00Z']);
  assert.deepEqual(o.shipTo, { name: 'ST COMPANY', address: 'ADDRESS, CITY CA 00003', region: 'CA' });
  assert.deepEqual(o.lines.map((l) => [l.qualifier, l.externalCode, l.quantity, l.unit, l.lot]), [
    ['UA', '000100000010', 12, 'CA', '19991205'],
    ['UA', '000000000220', 32, 'CA', '19991207'],
    ['UA', '000000000330', 12, 'CA', '20000107'],
  ]);
  assertReplyReadsBack(r);
});

test('940-ediengine-2 (no N1 at all): no warehouse unless the partner has a default one', { skip }, () => {
  const none = decode('940-ediengine-2.edi');
  assert.deepEqual(codes(none), ['UNKNOWN_WAREHOUSE']);
  assert.deepEqual(none.orders, []);
  assert.equal(none.ack[0]!.status, 'A', 'the 997 acknowledges syntax, not business content');
  const r = decode('940-ediengine-2.edi', { defaultWarehouse: 'WH-ONE' });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.orders[0]!.lines, [{ externalCode: '871209028795', qualifier: 'UP', quantity: 1, unit: 'EA' }]);
  assert.equal(r.orders[0]!.orderRef, '35131');
});

test('943-stupidedi-1: the transfer shipped to the warehouse is in transit there', { skip }, () => {
  const r = decode('943-stupidedi-1.edi');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events, [
    {
      id: 'partner:SENDER:000000001:1:0001:1',
      source: 'partner',
      occurredAt: '2026-07-14T00:00:00Z',
      warehouse: 'WH-ACME',
      sku: 'ITEM123',
      unit: 'EA',
      quantity: 100,
      toStatus: 'in_transit',
      reason: 'transfer_shipped',
      transferRef: 'DO12345',
    },
  ]);
  assertLedgerShaped(r);
  assertReplyReadsBack(r);
});

test('944-stupidedi-1: a receipt with its lot, answering the 943 (same depositor order)', { skip }, () => {
  const r = decode('944-stupidedi-1.edi');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => [e.sku, e.quantity, e.unit, e.lot, e.fromStatus, e.toStatus, e.reason, e.transferRef, e.warehouse]), [
    ['ITEM123', 100, 'EA', 'LOT456', undefined, 'available', 'receipt', 'DO12345', 'WH-ACME'],
  ]);
  const fromTransit = decode('944-stupidedi-1.edi', { receiptsFromInTransit: true });
  assert.equal(fromTransit.events[0]!.fromStatus, 'in_transit');
  assertLedgerShaped(r);
});

test('997-edifabric-1 (AK202 placeholder "ST02"): read, the unmatched set control numbers reported', { skip }, () => {
  const r = decode('997-edifabric-1.edi');
  assert.deepEqual(r.problems, []);
  assert.equal(r.reply, undefined, 'a 997 is never acknowledged');
  const a = r.acknowledgments[0]!;
  assert.deepEqual([a.functionalId, a.controlNumber, a.status, a.included, a.received, a.accepted], ['IN', '000000001', 'R', 2, 2, 1]);
  assert.deepEqual(a.sets.map((s) => [s.setId, s.controlNumber, s.status, s.codes]), [['810', 'ST02', 'A', []], ['810', 'ST02', 'R', ['5']]]);
  assert.deepEqual(a.sets[1]!.segments, [{ tag: 'TXI', position: 54, code: '8', elements: [{ position: 1, reference: '963', code: '7', value: 'C1' }] }]);
  assert.equal(r.warnings.filter((w) => /AK202 "ST02"/.test(w.message)).length, 2);
});

test('997-staedi-1 (5010, `:` components): the partner rejected an 837', { skip }, () => {
  const r = decode('997-staedi-1.edi');
  assert.deepEqual(r.problems, []);
  const a = r.acknowledgments[0]!;
  assert.deepEqual([a.functionalId, a.controlNumber, a.status, a.accepted], ['HC', '000001', 'R', 0]);
  assert.deepEqual(a.sets[0]!.segments[0], { tag: 'NM1', position: 8, code: '8', elements: [{ position: 8, reference: '66', code: '7', value: 'MI' }] });
});

test('997-stupidedi-1 (ISA of 103 characters, backtick components): read by its separators, the short ISA reported', { skip }, () => {
  const r = decode('997-stupidedi-1.edi');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.acknowledgments.map((a) => [a.functionalId, a.controlNumber, a.status, a.sets.map((s) => [s.setId, s.controlNumber, s.status])]), [
    ['AG', '160', 'A', [['824', '0160', 'A']]],
  ]);
  assert.match(r.warnings[0]!.message, /103 characters instead of 106 \(ISA06 has 12 characters instead of 15\)/);
});

test('every published sample decodes twice to identical ids (re-sending a file is a harmless duplicate)', { skip }, () => {
  for (const f of EXPECTED) {
    const a = decode(f);
    const b = decode(f);
    assert.deepEqual(b.events, a.events, f);
    assert.deepEqual(b.snapshots, a.snapshots, f);
    assert.equal(b.reply, a.reply, f);
  }
});
