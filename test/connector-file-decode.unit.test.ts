import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import {
  type FileLayout,
  decodeDropFile,
  detectCharset,
  parseDate,
  parseDateTime,
  parseQuantity,
  parseTime,
  quarantineReport,
  readyFiles,
} from '../src/connectors/file-drop/index.ts';

const dir = new URL('./fixtures/file-drop/', import.meta.url);
const layouts = JSON.parse(readFileSync(new URL('layouts.json', dir), 'utf8')) as FileLayout[];
const load = (name: string) => ({ name: name.replace(/^bad\//, ''), bytes: readFileSync(new URL(name, dir)), modifiedAt: '2026-11-25T14:05:00.000Z' });
const decode = (name: string) => decodeDropFile(load(name), { source: 'erp-gz', layouts });

test('a GBK CSV stock listing (charset in the file name) decodes to one snapshot, totals line skipped, quoted comma kept', () => {
  const r = decode('KC_20261125_2200.gbk.csv');
  assert.deepEqual(r.decoded.problems, []);
  assert.equal(r.charset?.charset, 'gbk');
  assert.equal(r.charset?.by, 'file name');
  assert.deepEqual(r.decoded.snapshots, [
    {
      id: 'erp-gz:KC_20261125_2200.gbk.csv:WH-GZ',
      source: 'erp-gz',
      warehouse: 'WH-GZ',
      takenAt: '2026-11-25T22:00:00+08:00',
      lines: [
        { sku: '6901234567892', status: '可用', quantity: '8', unit: '箱' },
        { sku: 'V-9', status: '可用', quantity: '5', unit: '盒', lot: 'B2611', expiry: '2027-05-31' },
        { sku: 'V-9', status: '冻结', quantity: '1', unit: '盒', lot: 'B2610', expiry: '2027-03-31' },
      ],
    },
  ]);
});

test('GBK without BOM or name hint is detected (not UTF-8 → GB18030); UTF-8 with BOM is read as UTF-8; "1,200" and "5.0" are exact', () => {
  const gbk = decode('KC_20261126_2200.csv');
  assert.equal(gbk.charset?.by, 'auto (not UTF-8: GB18030)');
  assert.deepEqual(gbk.decoded.snapshots[0]?.lines.map((l) => [l.sku, l.status, l.quantity, l.expiry]), [
    ['6901234567892', '可用', '7', undefined],
    ['V-9', '可用', '5', '2027-05-31'],
  ]);
  const bom = decode('KC_20261127_2200.csv');
  assert.deepEqual([bom.charset?.charset, bom.charset?.by], ['utf-8', 'bom']);
  assert.deepEqual(bom.decoded.snapshots[0]?.lines.map((l) => [l.quantity, l.unit]), [['1200', undefined], ['5', '盒']]);
});

test('a GBK fixed-width journal with byte positions decodes to events; ids are file name + line number', () => {
  const r = decode('MX_20261125_0800.gbk.txt');
  assert.deepEqual(r.decoded.problems, []);
  assert.equal(r.lines, 5);
  assert.deepEqual(r.decoded.events[1], {
    id: 'erp-gz:MX_20261125_0800.gbk.txt:4',
    source: 'erp-gz',
    occurredAt: '2026-11-25T08:10:30+08:00',
    warehouse: 'WH-GZ',
    sku: 'V-9',
    quantity: '5',
    reason: 'receipt',
    sequence: 102,
    unit: '盒',
    lot: 'B2611',
    expiry: '2027-05-31',
    toStatus: '可用',
    orderRef: 'PO-GZ-26112502',
  });
  assert.deepEqual(
    r.decoded.events.map((e) => [e.reason, e.fromStatus ?? null, e.toStatus ?? null, e.quantity, e.unit ?? null]),
    [
      ['receipt', null, '可用', '10', '箱'],
      ['receipt', null, '可用', '5', '盒'],
      ['ship', '可用', null, '24', null],
      ['quarantine', '可用', '冻结', '1', '盒'],
      ['release', '冻结', '可用', '1', '盒'],
    ],
  );
});

test('bad files are refused whole, every problem naming its line', () => {
  const bad = decode('bad/KC_20261128_2200.gbk.csv');
  assert.deepEqual([bad.decoded.events, bad.decoded.snapshots], [[], []]);
  assert.deepEqual(bad.decoded.problems.map((p) => [p.where, p.code]), [
    ['KC_20261128_2200.gbk.csv:3', 'MALFORMED_MESSAGE'],
    ['KC_20261128_2200.gbk.csv:4', 'MALFORMED_MESSAGE'],
    ['KC_20261128_2200.gbk.csv:5', 'MALFORMED_MESSAGE'],
  ]);
  assert.match(bad.decoded.problems[0]?.message ?? '', /"12x"/);
  assert.match(bad.decoded.problems[1]?.message ?? '', /expiry "2027\/02\/30" is not a date/);

  const lying = decode('bad/KC_20261129_2200.utf8.csv');
  assert.deepEqual(lying.decoded.problems.map((p) => p.code), ['UNREADABLE_FILE']);
  assert.match(lying.decoded.problems[0]?.message ?? '', /not valid utf-8 \(decided by file name\)/);

  const cut = decode('bad/MX_20261125_1200.gbk.txt');
  assert.deepEqual(cut.decoded.problems.map((p) => p.where), ['MX_20261125_1200.gbk.txt:4', 'MX_20261125_1200.gbk.txt:4']);

  const unknown = decode('bad/库存报表-副本.xls');
  assert.match(unknown.decoded.problems[0]?.message ?? '', /no layout/);
});

test('the quarantine report names the file, layout, charset and each line with its reason', () => {
  const result = decode('bad/KC_20261128_2200.gbk.csv');
  const text = quarantineReport({ name: 'KC_20261128_2200.gbk.csv', source: 'erp-gz', at: '2026-11-28T14:05:00.000Z', result });
  assert.match(text, /^file: {5}KC_20261128_2200\.gbk\.csv$/m);
  assert.match(text, /^layout: {3}erp-gz-stock \(snapshot, csv\)$/m);
  assert.match(text, /^charset: {2}gbk \(by file name\)$/m);
  assert.match(text, /^line 3: MALFORMED_MESSAGE: quantity: "12x" is not a number of zero or more$/m);
  assert.match(text, /^line 5: MALFORMED_MESSAGE: sku: empty$/m);
});

test('fixed-width fields that cut a GBK character in half are refused, never read as garbage', () => {
  const layout: FileLayout = {
    name: 'x',
    match: '^x',
    kind: 'journal',
    charset: 'gbk',
    format: { kind: 'fixed', units: 'bytes', columns: { movementType: { start: 1, length: 3 }, sku: { start: 4, length: 3 }, quantity: { start: 7, length: 2 } } },
    defaults: { warehouse: 'WH-GZ' },
    movementTypes: { 入库: { reason: 'receipt', to: '可用' } },
  };
  const bytes = iconv.encode('入库V-9 5\n', 'gbk');
  const r = decodeDropFile({ name: 'x.txt', bytes, modifiedAt: '2026-11-25T00:00:00Z' }, { source: 'erp-gz', layouts: [layout] });
  assert.equal(r.decoded.problems[0]?.code, 'UNREADABLE_FILE');
  assert.match(r.decoded.problems[0]?.message ?? '', /cuts a character in half/);
});

test('charset: BOM, then file name, then layout, then configuration, then detection', () => {
  const utf8 = Buffer.from('数量', 'utf8');
  const gbk = iconv.encode('数量', 'gbk');
  const by = (b: Uint8Array, name: string, layout?: 'gbk' | 'utf-8', config?: 'gb18030') => {
    const c = detectCharset(b, name, layout, config);
    return `${c.charset}/${c.by}`;
  };
  assert.equal(by(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gbk]), 'a.gbk.csv'), 'utf-8/bom');
  assert.equal(by(Buffer.from([0x84, 0x31, 0x95, 0x33]), 'a.csv'), 'gb18030/bom');
  assert.equal(by(utf8, 'a.GB18030.csv', 'utf-8'), 'gb18030/file name');
  assert.equal(by(utf8, 'a.gb2312.csv'), 'gbk/file name');
  assert.equal(by(gbk, 'a.csv', 'utf-8', 'gb18030'), 'utf-8/layout');
  assert.equal(by(gbk, 'a.csv', undefined, 'gb18030'), 'gb18030/configuration');
  assert.equal(by(utf8, 'a.csv'), 'utf-8/auto (valid UTF-8)');
  assert.equal(by(gbk, 'a.csv'), 'gb18030/auto (not UTF-8: GB18030)');
});

test('values: quantities, dates and times as legacy exports write them, nothing rounded or guessed', () => {
  assert.deepEqual(parseQuantity(' 1,200.50 '), { negative: false, magnitude: '1200.5' });
  assert.deepEqual(parseQuantity('-12'), { negative: true, magnitude: '12' });
  assert.deepEqual(parseQuantity('240.000'), { negative: false, magnitude: '240' });
  for (const bad of ['', '12x', '1,20', '1.2.3', '--1']) assert.equal(parseQuantity(bad), undefined, bad);
  assert.equal(parseDate('2027/1/31'), '2027-01-31');
  assert.equal(parseDate('20270131'), '2027-01-31');
  assert.equal(parseDate('2027.01.31'), '2027-01-31');
  assert.equal(parseDate('2027-02-30'), undefined);
  assert.equal(parseTime('8:05'), '08:05:00');
  assert.equal(parseTime('080530'), '08:05:30');
  assert.equal(parseTime('2460'), undefined);
  assert.equal(parseDateTime('2026/11/25 8:00', '+08:00'), '2026-11-25T08:00:00+08:00');
  assert.equal(parseDateTime('20261125080000', '+08:00'), '2026-11-25T08:00:00+08:00');
  assert.equal(parseDateTime('2026-11-25T08:00:00Z', '+08:00'), '2026-11-25T08:00:00Z');
});

test('readiness: temporary names never, a marker at once, otherwise unchanged for stableMs and not empty', () => {
  const stat = (name: string, size: number, mtimeMs = 1) => ({ name, size, mtimeMs });
  let seen = new Map();
  const scan = (files: ReturnType<typeof stat>[], at: number, markers: string[] = []) => {
    const r = readyFiles(files, new Set(markers), seen, at, 1000);
    seen = r.seen;
    return r.ready.map((f) => f.name);
  };
  assert.deepEqual(scan([stat('a.csv', 10), stat('b.csv.part', 10), stat('c.tmp', 10), stat('.d.csv', 10), stat('~$e.csv', 10), stat('f.csv', 5)], 0, ['f.csv.done']), ['f.csv']);
  assert.deepEqual(scan([stat('a.csv', 20, 2)], 900), [], 'grew: the clock starts again');
  assert.deepEqual(scan([stat('a.csv', 20, 2)], 1800), []);
  assert.deepEqual(scan([stat('a.csv', 20, 2), stat('b.csv.part', 10)], 1900), ['a.csv']);
  assert.deepEqual(scan([stat('empty.csv', 0)], 5000), []);
  assert.deepEqual(scan([stat('empty.csv', 0)], 9000), [], 'an empty file waits for its marker');
  assert.deepEqual(scan([stat('empty.csv', 0)], 9001, ['empty.csv.done']), ['empty.csv']);
});
