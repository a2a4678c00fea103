import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyMasterData, type MasterData } from '../domain/index.ts';
import type { LocatedRecord, RecordKind } from './import-record.ts';
import { validateImport } from './validate-import.ts';

let line = 0;
/** An imported record at the next line of `in.yaml` (or the line given). */
const at = (kind: RecordKind, value: unknown, onLine = ++line, file = 'in.yaml'): LocatedRecord => ({
  kind,
  value,
  origin: { file, kind, index: 0, line: onLine },
});

const wh = { id: 'WH-1', name: 'One', kind: 'regional', region: 'eu', lat: 50, lon: 8, dailyCapacity: 100, ownerTeam: 'ops' };
const tea = { id: 'TEA', name: 'Tea', gtin: '4006381333931' };

/** Stored master data: one warehouse, one SKU with a case, one alias, one source. */
const stored = (): MasterData => {
  const v = validateImport(
    [
      at('warehouses', wh),
      at('skus', tea),
      at('units', { sku: 'TEA', unit: 'case', factor: 12 }),
      at('aliases', { system: 'wms', code: '10023', sku: 'TEA' }),
      at('sources', { id: 'wms', name: 'WMS', dialect: 'rest-pull', warehouses: ['WH-1'] }),
    ],
    emptyMasterData(),
  );
  assert.deepEqual(v.problems, []);
  return v.merged;
};

const codes = (v: { problems: readonly { code: string; where?: string }[] }) => v.problems.map((p) => [p.code, p.where]);

test('given a new network, when validated against empty master data, then all is inserted without problems', () => {
  const v = validateImport([at('warehouses', wh), at('skus', tea)], emptyMasterData());
  assert.deepEqual(v.problems, []);
  assert.deepEqual(v.counts.warehouses, { inserted: 1, updated: 0, unchanged: 0 });
  assert.equal(v.merged.skus[0]?.baseUnit, 'each');
  assert.equal(v.changes.skus.length, 1);
});

test('given records equal to stored ones, then they count as unchanged and nothing is to be written', () => {
  const v = validateImport([at('warehouses', wh), at('skus', { ...tea, baseUnit: 'each' })], stored());
  assert.deepEqual(v.problems, []);
  assert.deepEqual(v.counts.skus, { inserted: 0, updated: 0, unchanged: 1 });
  assert.deepEqual([v.changes.warehouses, v.changes.skus], [[], []]);
});

test('given a changed record, then it counts as updated and replaces the stored one in the merge', () => {
  const v = validateImport([at('skus', { ...tea, name: 'Green tea' })], stored());
  assert.deepEqual(v.counts.skus, { inserted: 0, updated: 1, unchanged: 0 });
  assert.deepEqual(v.merged.skus.map((s) => s.name), ['Green tea']);
});

test('given the same key twice in one import, then DUPLICATE_RECORD names both places', () => {
  const v = validateImport([at('skus', tea, 3, 'a.json'), at('skus', { ...tea, name: 'Other' }, 9, 'b.csv')], emptyMasterData());
  assert.deepEqual(codes(v), [['DUPLICATE_RECORD', 'b.csv:9']]);
  assert.match(v.problems[0]?.message ?? '', /SKU TEA appears twice in this import: at a\.json:3 and at b\.csv:9/);
});

test('given a stored alias, when an import maps its code to another SKU, then ALIAS_CONFLICT and the alias stays', () => {
  const v = validateImport([at('skus', { id: 'MUG', name: 'Mug' }), at('aliases', { system: 'wms', code: '10023', sku: 'MUG' }, 40)], stored());
  assert.deepEqual(codes(v), [['ALIAS_CONFLICT', 'in.yaml:40 sku']]);
  assert.match(v.problems[0]?.message ?? '', /already maps to SKU TEA/);
  assert.equal(v.merged.aliases.find((a) => a.code === '10023')?.sku, 'TEA');
});

test('given one code of one system claimed for two SKUs within the import, then ALIAS_CONFLICT, not a mere duplicate', () => {
  const v = validateImport(
    [at('skus', tea), at('skus', { id: 'MUG', name: 'Mug' }), at('aliases', { system: 'erp', code: 'X', sku: 'TEA' }, 50), at('aliases', { system: 'erp', code: 'X', sku: 'MUG' }, 51)],
    emptyMasterData(),
  );
  assert.deepEqual(codes(v), [['ALIAS_CONFLICT', 'in.yaml:51 sku']]);
  assert.match(v.problems[0]?.message ?? '', /MUG here but to SKU TEA at in\.yaml:50/);
});

test('given references to nothing, then each is DANGLING_REFERENCE on the field that refers', () => {
  const v = validateImport(
    [
      at('units', { sku: 'NOPE', unit: 'case', factor: 6 }, 10),
      at('aliases', { system: 'wms', code: 'T-CS', sku: 'TEA', unit: 'tray' }, 11),
      at('aliases', { system: 'wms', code: 'T-PL', sku: 'TEA', unit: 'case' }, 12),
      at('sources', { id: 'wms', name: 'WMS', dialect: 'rest-pull', warehouses: ['WH-1', 'WH-9'] }, 13),
    ],
    stored(),
  );
  assert.deepEqual(codes(v), [
    ['DANGLING_REFERENCE', 'in.yaml:10 sku'],
    ['DANGLING_REFERENCE', 'in.yaml:11 unit'],
    ['DANGLING_REFERENCE', 'in.yaml:13 warehouses[1]'],
  ]);
  assert.match(v.problems[1]?.message ?? '', /unit tray is not a unit of SKU TEA \(its units: each, case\)/);
});

test('given a SKU that fails its schema, then references to it are not reported a second time', () => {
  const v = validateImport([at('skus', { id: 'JAM', name: 'Jam', gtin: '123' }, 1), at('units', { sku: 'JAM', unit: 'case', factor: 6 }, 2)], emptyMasterData());
  assert.deepEqual(codes(v), [['INVALID_GTIN', 'in.yaml:1 gtin']]);
});

test('given a conversion of the base unit, then its factor must be 1', () => {
  const ok = validateImport([at('units', { sku: 'TEA', unit: 'each', factor: 1 })], stored());
  assert.deepEqual(ok.problems, []);
  const bad = validateImport([at('units', { sku: 'TEA', unit: 'each', factor: 12 }, 20)], stored());
  assert.deepEqual(codes(bad), [['MALFORMED_RECORD', 'in.yaml:20 factor']]);
});

test('given a SKU whose new base unit has a stored factor other than 1, then the base unit is refused', () => {
  const v = validateImport([at('skus', { ...tea, baseUnit: 'case' }, 30)], stored());
  assert.deepEqual(codes(v), [['MALFORMED_RECORD', 'in.yaml:30 baseUnit']]);
});

test('given a new SKU with the GTIN of a stored one (GTIN-14 form), then DUPLICATE_GTIN on the new SKU', () => {
  const v = validateImport([at('skus', { id: 'TEA-2', name: 'Tea again', gtin: '04006381333931' }, 60)], stored());
  assert.deepEqual(codes(v), [['DUPLICATE_GTIN', 'in.yaml:60 gtin']]);
  assert.match(v.problems[0]?.message ?? '', /TEA, TEA-2 both carry GTIN 04006381333931/);
});

test('given two new SKUs with one GTIN, then one DUPLICATE_GTIN names both places', () => {
  const v = validateImport([at('skus', { id: 'A', name: 'a', gtin: '96385074' }, 1, 'x.csv'), at('skus', { id: 'B', name: 'b', gtin: '96385074' }, 2, 'x.csv')], emptyMasterData());
  assert.deepEqual(codes(v), [['DUPLICATE_GTIN', 'x.csv:1 gtin']]);
  assert.match(v.problems[0]?.message ?? '', /also at x\.csv:2 gtin/);
});

test('given an alias whose code is the GTIN or id of another SKU, then UNDECLARED_SYNONYM on the alias code', () => {
  const v = validateImport(
    [
      at('skus', { id: 'MUG', name: 'Mug' }),
      at('aliases', { system: 'erp', code: '4006381333931', sku: 'MUG' }, 70),
      at('aliases', { system: 'erp', code: 'TEA', sku: 'MUG' }, 71),
      at('aliases', { system: 'erp', code: '04006381333931', sku: 'TEA' }, 72),
    ],
    stored(),
  );
  assert.deepEqual(codes(v), [
    ['UNDECLARED_SYNONYM', 'in.yaml:70 code'],
    ['UNDECLARED_SYNONYM', 'in.yaml:71 code'],
  ]);
});

test('given a new SKU whose GTIN is the code of a stored alias of another SKU, then UNDECLARED_SYNONYM on the SKU', () => {
  const v = validateImport([at('skus', { id: 'TEN', name: 'Ten', gtin: '00000000100236' }, 80)], {
    ...stored(),
    aliases: [{ system: 'wms', code: '00100236', sku: 'TEA' }],
  });
  assert.deepEqual(codes(v), [['UNDECLARED_SYNONYM', 'in.yaml:80 gtin']]);
});

test('given one code for different SKUs in different systems, then a homonym warning and conflict, not a problem', () => {
  const v = validateImport([at('skus', { id: 'DRILL', name: 'Drill' }), at('aliases', { system: 'wms', code: '10023', sku: 'TEA' }), at('aliases', { system: 'tpl', code: '10023', sku: 'DRILL' }, 90)], stored());
  assert.deepEqual(v.problems, []);
  assert.deepEqual(
    v.warnings.map((w) => [w.code, w.where]),
    [
      ['UNKNOWN_SOURCE', 'in.yaml:90 system'],
      ['ALIAS_HOMONYM', 'in.yaml:90 code'],
    ],
  );
  assert.deepEqual(v.conflicts.map((c) => c.kind), ['homonym']);
});

test('given problems in several records, then they come in record order and the stored data is not touched', () => {
  const before = stored();
  const snapshot = JSON.stringify(before);
  const v = validateImport(
    [at('units', { sku: 'NOPE', unit: 'case', factor: 6 }, 5), at('skus', { id: 'X', name: 'x', gtin: '1' }, 6), at('warehouses', { ...wh, lat: 99 }, 7)],
    before,
  );
  assert.deepEqual(v.problems.map((p) => p.where), ['in.yaml:5 sku', 'in.yaml:6 gtin', 'in.yaml:7 lat']);
  assert.equal(JSON.stringify(before), snapshot);
});
