import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeOf } from './import-record.ts';
import { kindOfCsvFile, parseCsvText } from './parse-csv.ts';

test('given CSV file names, then the kind comes from how the name ends', () => {
  assert.equal(kindOfCsvFile('skus.csv'), 'skus');
  assert.equal(kindOfCsvFile('demo-SKUS.csv'), 'skus');
  assert.equal(kindOfCsvFile('status-maps.csv'), 'statusMaps');
  assert.equal(kindOfCsvFile('network-units.csv'), 'units');
  assert.equal(kindOfCsvFile('products.csv'), undefined);
});

test('given a BOM, blank lines and a quoted cell over two lines, then each row names the line it starts on', () => {
  const text = '\uFEFFid,name,lotControlled\nA,"Olive oil,\n1 l",yes\n\nB,Salt,no\r\nC,Pepper,\n';
  const { records, problems } = parseCsvText('skus.csv', text, 'skus');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    records.map((r) => [placeOf(r.origin), r.value]),
    [
      ['skus.csv:2', { id: 'A', name: 'Olive oil,\n1 l', lotControlled: true }],
      ['skus.csv:5', { id: 'B', name: 'Salt', lotControlled: false }],
      ['skus.csv:6', { id: 'C', name: 'Pepper' }],
    ],
  );
});

test('given an unknown or missing required column, then the header is reported once and no row is read', () => {
  const { records, problems } = parseCsvText('units.csv', 'sku,unit,factr\nA,case,12\nB,case,6\n', 'units');
  assert.equal(records.length, 0);
  assert.deepEqual(
    problems.map((p) => [p.where, p.message.split(' (')[0]]),
    [
      ['units.csv:1', 'unknown column "factr" for units'],
      ['units.csv:1', 'required column "factor" is missing'],
    ],
  );
});

test('given a row with too few or too many cells, then that row is reported on its line and the others are read', () => {
  const { records, problems } = parseCsvText('units.csv', 'sku,unit,factor\nA,case,12\nB,case\nC,case,6,7\nD,box,4\n', 'units');
  assert.deepEqual(
    records.map((r) => r.origin.line),
    [2, 5],
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.where]),
    [
      ['MALFORMED_RECORD', 'units.csv:3'],
      ['MALFORMED_RECORD', 'units.csv:4'],
    ],
  );
});

test('given a quote that is never closed, then the file is UNREADABLE_FILE with a line', () => {
  const { problems } = parseCsvText('skus.csv', 'id,name\nA,"open\nB,b\n', 'skus');
  assert.equal(problems[0]?.code, 'UNREADABLE_FILE');
  assert.match(problems[0]?.where ?? '', /^skus\.csv:\d+$/);
});

test('given a file with only a header or nothing at all, then there are no records and no problems', () => {
  assert.deepEqual(parseCsvText('skus.csv', 'id,name\n', 'skus'), { records: [], problems: [] });
  assert.deepEqual(parseCsvText('skus.csv', '', 'skus'), { records: [], problems: [] });
});
