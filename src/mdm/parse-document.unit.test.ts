import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeOf } from './import-record.ts';
import { parseDocumentText } from './parse-document.ts';

test('given a YAML document, then every record knows its line and the line of each of its fields', () => {
  const text = ['# demo', 'skus:', '  - id: TEA', '    name: Tea', '    gtin: 4006381333931', 'aliases:', '  - { system: wms, code: 10023, sku: TEA }'].join('\n');
  const { records, problems } = parseDocumentText('md.yaml', text, 'yaml');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    records.map((r) => [r.kind, r.origin.line]),
    [
      ['skus', 3],
      ['aliases', 7],
    ],
  );
  const [sku] = records;
  assert.ok(sku);
  assert.equal(placeOf(sku.origin, 'gtin'), 'md.yaml:5 gtin');
  assert.equal(placeOf(sku.origin), 'md.yaml:3');
});

test('given codes and GTINs written unquoted in YAML, then their text is kept as written (leading zeros too)', () => {
  const text = 'aliases:\n  - { system: wms, code: 00123, sku: S }\nskus:\n  - { id: S, name: s, gtin: 036000291452, weightKg: 1.5, hazmat: true }\n';
  const { records } = parseDocumentText('md.yaml', text, 'yaml');
  assert.deepEqual(
    records.map((r) => r.value),
    [
      { system: 'wms', code: '00123', sku: 'S' },
      { id: 'S', name: 's', gtin: '036000291452', weightKg: 1.5, hazmat: true },
    ],
  );
});

test('given a JSON document, then its records carry lines too', () => {
  const text = '{\n  "skus": [\n    { "id": "A", "name": "a" },\n    {\n      "id": "B",\n      "name": "b"\n    }\n  ]\n}\n';
  const { records } = parseDocumentText('md.json', text, 'json');
  assert.deepEqual(
    records.map((r) => placeOf(r.origin, 'name')),
    ['md.json:3 name', 'md.json:6 name'],
  );
});

test('given JSON with a syntax error, then it is UNREADABLE_FILE at the line of the error', () => {
  const { records, problems } = parseDocumentText('md.json', '{\n  "skus": [\n    { "id": "A", },\n  ]\n}', 'json');
  assert.equal(records.length, 0);
  assert.equal(problems[0]?.code, 'UNREADABLE_FILE');
  assert.equal(problems[0]?.where, 'md.json:3');
});

test('given a key written twice, then the file is unreadable rather than silently keeping one value', () => {
  const { problems } = parseDocumentText('md.json', '{\n "skus": [],\n "skus": []\n}', 'json');
  assert.equal(problems[0]?.code, 'UNREADABLE_FILE');
  assert.match(problems[0]?.message ?? '', /unique/);
});

test('given an unknown section or a section that is not a list, then each is MALFORMED_RECORD on its line', () => {
  const { problems } = parseDocumentText('md.yaml', 'skus: []\nproducts:\n  - id: X\nunits: none\n', 'yaml');
  assert.deepEqual(
    problems.map((p) => [p.code, p.where]),
    [
      ['MALFORMED_RECORD', 'md.yaml:2'],
      ['MALFORMED_RECORD', 'md.yaml:4'],
    ],
  );
  assert.match(problems[0]?.message ?? '', /unknown section "products"/);
});

test('given an empty document or empty sections, then there are no records and no problems', () => {
  assert.deepEqual(parseDocumentText('md.yaml', '# nothing yet\n', 'yaml'), { records: [], problems: [] });
  assert.deepEqual(parseDocumentText('md.yaml', 'skus:\nunits: []\n', 'yaml'), { records: [], problems: [] });
});

test('given a document that is a list, then it is refused with the expected shape', () => {
  const { problems } = parseDocumentText('md.yaml', '- id: A\n', 'yaml');
  assert.match(problems[0]?.message ?? '', /must be a mapping with the sections warehouses, skus/);
});
