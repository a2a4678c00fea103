import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRecord } from './check-record.ts';
import { coerceTextFields } from './coerce-text-fields.ts';
import { type LocatedRecord, RECORD_KINDS, type RecordKind } from './import-record.ts';
import { FIELD_TYPES, RECORD_SCHEMAS, requiredFieldsOf } from './record-schemas.ts';

const at = (kind: RecordKind, value: unknown, line = 7): LocatedRecord => ({ kind, value, origin: { file: 'md.yaml', kind, index: 0, line } });

const minimalWarehouse = { id: 'WH-1', name: 'One', kind: 'regional', region: 'eu', lat: 50, lon: 8, dailyCapacity: 100, ownerTeam: 'ops' };

function problemsOf(kind: RecordKind, value: unknown) {
  const r = checkRecord(at(kind, value));
  assert.equal(r.ok, false, 'expected the record to be rejected');
  return r.ok ? [] : r.problems;
}

function recordOf(kind: RecordKind, value: unknown): unknown {
  const r = checkRecord(at(kind, value));
  assert.ok(r.ok, `expected the record to pass: ${JSON.stringify(r.ok ? '' : r.problems)}`);
  return r.valid.record;
}

test('given a warehouse with only its required fields, then the documented defaults are filled in', () => {
  assert.deepEqual(recordOf('warehouses', minimalWarehouse), {
    ...minimalWarehouse,
    storageClasses: ['ambient'],
    hazmat: false,
    cutoffTime: '17:00',
    timeZone: 'UTC',
    active: true,
  });
});

test('given a SKU with only id and name, then it gets base unit each, ambient, no lot or expiry control', () => {
  assert.deepEqual(recordOf('skus', { id: ' SKU-1 ', name: 'Thing' }), {
    id: 'SKU-1',
    name: 'Thing',
    category: 'uncategorised',
    baseUnit: 'each',
    weightKg: 0,
    storageClass: 'ambient',
    hazmat: false,
    lotControlled: false,
    expiryControlled: false,
    minShelfLifeDays: 0,
  });
});

test('given a GTIN with a wrong check digit, then it is INVALID_GTIN naming the expected digit and the line', () => {
  const [p, ...rest] = problemsOf('skus', { id: 'S', name: 'n', gtin: '4006381333932' });
  assert.equal(rest.length, 0);
  assert.equal(p?.code, 'INVALID_GTIN');
  assert.equal(p?.where, 'md.yaml:7 gtin');
  assert.match(p?.message ?? '', /check digit 2, expected 1/);
});

test('given GTIN-8, GTIN-12, GTIN-13 and GTIN-14 with correct check digits, then all are accepted', () => {
  for (const gtin of ['96385074', '036000291452', '4006381333931', '04006381333931']) recordOf('skus', { id: 'S', name: 'n', gtin });
  assert.equal(problemsOf('skus', { id: 'S', name: 'n', gtin: '400638133393' })[0]?.code, 'INVALID_GTIN');
});

test('given out-of-range or unknown warehouse values, then each wrong field is named with the value found', () => {
  const problems = problemsOf('warehouses', {
    ...minimalWarehouse,
    kind: 'mega',
    lat: 91,
    cutoffTime: '24:00',
    timeZone: 'Mars/Olympus',
    storageClasses: ['ambient', 'warm'],
  });
  const byWhere = Object.fromEntries(problems.map((p) => [p.where, p.message]));
  assert.deepEqual(Object.keys(byWhere).sort(), [
    'md.yaml:7 cutoffTime',
    'md.yaml:7 kind',
    'md.yaml:7 lat',
    'md.yaml:7 storageClasses[1]',
    'md.yaml:7 timeZone',
  ]);
  assert.match(byWhere['md.yaml:7 lat'] ?? '', /between -90 and 90, got 91/);
  assert.match(byWhere['md.yaml:7 kind'] ?? '', /one of regional, hub, 3pl/);
  assert.match(byWhere['md.yaml:7 storageClasses[1]'] ?? '', /got "warm"/);
  assert.ok(problems.every((p) => p.code === 'MALFORMED_RECORD'));
});

test('given a unit factor of 0 or 2.5, then it is refused: factors are positive whole numbers', () => {
  assert.match(problemsOf('units', { sku: 'S', unit: 'case', factor: 0 })[0]?.message ?? '', /factor must be at least 1/);
  assert.match(problemsOf('units', { sku: 'S', unit: 'case', factor: 2.5 })[0]?.message ?? '', /factor must be a whole number/);
  assert.deepEqual(recordOf('units', { sku: 'S', unit: 'case', factor: 12 }), { sku: 'S', unit: 'case', factor: 12 });
});

test('given a status that is not canonical, then the status mapping is refused', () => {
  assert.match(problemsOf('statusMaps', { system: 'w', external: 'SOLD', status: 'sold' })[0]?.message ?? '', /one of available, allocated/);
});

test('given a missing field, an empty id or an unknown field, then each is reported by name', () => {
  const problems = problemsOf('aliases', { system: 'w', code: '  ', skuu: 'S' });
  assert.deepEqual(
    problems.map((p) => [p.where, p.message.split(' (')[0]]),
    [
      ['md.yaml:7 code', 'code must not be empty, got "  "'],
      ['md.yaml:7 sku', 'sku is required'],
      ['md.yaml:7 skuu', 'unknown field "skuu" for aliases'],
    ],
  );
});

test('given a record that is not a mapping, then it is MALFORMED_RECORD, not a crash', () => {
  assert.match(problemsOf('skus', 'SKU-1')[0]?.message ?? '', /must be a mapping of fields, got "SKU-1"/);
});

test('given a source without warehouses, then it reports for none; a warehouse id may not contain |', () => {
  assert.deepEqual(recordOf('sources', { id: 's', name: 'S', dialect: 'api' }), { id: 's', name: 'S', dialect: 'api', warehouses: [] });
  assert.match(problemsOf('warehouses', { ...minimalWarehouse, id: 'A|B' })[0]?.message ?? '', /must not contain '\|'/);
});

test('given CSV text cells, when coerced, then booleans, numbers and lists get their types and empty cells are absent', () => {
  const row = { id: 'W', lat: '50.5', lon: '-8', hazmat: 'Yes', active: '0', storageClasses: 'ambient| chilled', escalationContact: '', dailyCapacity: '1e3' };
  assert.deepEqual(coerceTextFields('warehouses', row), {
    id: 'W',
    lat: 50.5,
    lon: -8,
    hazmat: true,
    active: false,
    storageClasses: ['ambient', 'chilled'],
    dailyCapacity: 1000,
  });
  assert.deepEqual(coerceTextFields('skus', { lotControlled: 'maybe', weightKg: '2,5', gtin: '0036000291452' }), {
    lotControlled: 'maybe',
    weightKg: '2,5',
    gtin: '0036000291452',
  });
});

test('given every kind, then its field table names exactly the fields of its schema', () => {
  const shapes: Record<RecordKind, object> = {
    warehouses: RECORD_SCHEMAS.warehouses,
    skus: RECORD_SCHEMAS.skus,
    units: RECORD_SCHEMAS.units,
    aliases: RECORD_SCHEMAS.aliases,
    statusMaps: RECORD_SCHEMAS.statusMaps,
    sources: RECORD_SCHEMAS.sources,
  };
  for (const kind of RECORD_KINDS) {
    const shape = (shapes[kind] as { shape: Record<string, unknown> }).shape;
    assert.deepEqual(Object.keys(FIELD_TYPES[kind]).sort(), Object.keys(shape).sort(), kind);
  }
  assert.deepEqual(requiredFieldsOf('skus'), ['id', 'name']);
  assert.deepEqual(requiredFieldsOf('aliases'), ['system', 'code', 'sku']);
});
