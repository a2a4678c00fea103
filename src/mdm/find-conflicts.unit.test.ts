import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Alias, emptyMasterData, type MasterData, type Sku } from '../domain/index.ts';
import { findConflicts } from './find-conflicts.ts';

const sku = (id: string, gtin?: string): Sku => ({
  id,
  gtin,
  name: id,
  category: 'c',
  baseUnit: 'each',
  weightKg: 0,
  storageClass: 'ambient',
  hazmat: false,
  lotControlled: false,
  expiryControlled: false,
  minShelfLifeDays: 0,
});
const alias = (system: string, code: string, skuId: string): Alias => ({ system, code, sku: skuId });
const md = (skus: Sku[], aliases: Alias[] = []): MasterData => ({ ...emptyMasterData(), skus, aliases });

test('given clean master data, then there are no conflicts', () => {
  const data = md([sku('TEA', '4006381333931'), sku('MUG')], [alias('wms', 'T1', 'TEA'), alias('erp', '4006381333931', 'TEA'), alias('erp', 'TEA', 'TEA')]);
  assert.deepEqual(findConflicts(data), []);
});

test('given two SKUs whose GTINs differ only by GTIN-14 zero padding, then they are one duplicate-gtin conflict', () => {
  const [c, ...rest] = findConflicts(md([sku('B', '04006381333931'), sku('A', '4006381333931'), sku('C', '96385074')]));
  assert.equal(rest.length, 0);
  assert.equal(c?.kind, 'duplicate-gtin');
  assert.ok(c?.kind === 'duplicate-gtin');
  assert.deepEqual(c.skus, ['A', 'B']);
  assert.equal(c.gtin, '04006381333931');
  assert.match(c.message, /A, B both carry GTIN 04006381333931/);
});

test('given an alias whose code is the GTIN or the id of another SKU, then it is an undeclared synonym', () => {
  const data = md([sku('TEA', '4006381333931'), sku('MUG')], [alias('wms', '04006381333931', 'MUG'), alias('erp', 'TEA', 'MUG')]);
  const conflicts = findConflicts(data);
  assert.deepEqual(
    conflicts.map((c) => (c.kind === 'undeclared-synonym' ? [c.system, c.code, c.sku, c.otherSku, c.via] : c.kind)),
    [
      ['wms', '04006381333931', 'MUG', 'TEA', 'gtin'],
      ['erp', 'TEA', 'MUG', 'TEA', 'id'],
    ],
  );
});

test('given one code mapped to different SKUs by different systems, then it is a homonym listing each mapping', () => {
  const data = md([sku('TEA'), sku('DRILL')], [alias('wms', '10023', 'TEA'), alias('3pl', '10023', 'DRILL'), alias('erp', 'X', 'TEA'), alias('wms', 'X', 'TEA')]);
  const [c, ...rest] = findConflicts(data);
  assert.equal(rest.length, 0, 'the same code for the same SKU in two systems is no conflict');
  assert.ok(c?.kind === 'homonym');
  assert.deepEqual(c.mappings, [
    { system: '3pl', sku: 'DRILL' },
    { system: 'wms', sku: 'TEA' },
  ]);
  assert.match(c.message, /10023 means different SKUs.*3pl → DRILL, wms → TEA/);
});

test('given conflicts of every kind, then they come sorted by kind and are the same on every call', () => {
  const data = md(
    [sku('A', '96385074'), sku('B', '96385074'), sku('C')],
    [alias('s2', 'K', 'A'), alias('s1', 'K', 'C'), alias('s1', '96385074', 'C')],
  );
  const kinds = findConflicts(data).map((c) => c.kind);
  assert.deepEqual(kinds, ['duplicate-gtin', 'undeclared-synonym', 'undeclared-synonym', 'homonym']);
  assert.deepEqual(findConflicts(data), findConflicts(data));
});
