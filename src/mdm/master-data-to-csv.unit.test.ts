import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyMasterData, type MasterData } from '../domain/index.ts';
import { masterDataToCsv } from './master-data-to-csv.ts';
import { toMasterDataDocument } from './master-data-document.ts';
import { parseCsvText } from './parse-csv.ts';
import { parseDocumentText } from './parse-document.ts';
import { validateImport } from './validate-import.ts';

const md: MasterData = {
  warehouses: [
    {
      id: 'WH-1',
      name: 'Depot "North", gate 2',
      kind: 'cold-chain',
      region: 'eu',
      lat: 50.1109,
      lon: -8.5,
      storageClasses: ['chilled', 'frozen'],
      hazmat: false,
      dailyCapacity: 900,
      cutoffTime: '09:30',
      timeZone: 'Europe/Berlin',
      ownerTeam: 'ops',
      escalationContact: undefined,
      active: false,
    },
  ],
  skus: [
    {
      id: 'S-1',
      gtin: '036000291452',
      name: 'Two-line\nname',
      category: 'c',
      baseUnit: 'each',
      weightKg: 0.048,
      storageClass: 'frozen',
      hazmat: true,
      lotControlled: true,
      expiryControlled: false,
      minShelfLifeDays: 30,
    },
  ],
  units: [{ sku: 'S-1', unit: 'case', factor: 24 }],
  aliases: [
    { system: 'wms', code: '00123', sku: 'S-1', unit: 'case' },
    { system: 'wms', code: 'S1', sku: 'S-1' },
  ],
  statusMaps: [{ system: 'wms', external: 'on hold', status: 'quarantine' }],
  sources: [{ id: 'wms', name: 'WMS', dialect: 'webhook', warehouses: ['WH-1'] }],
};

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

test('given master data, when written as CSV files and read back, then every record comes back the same', () => {
  const files = masterDataToCsv(md);
  assert.deepEqual(
    files.map((f) => f.name),
    ['warehouses.csv', 'skus.csv', 'units.csv', 'aliases.csv', 'status-maps.csv', 'sources.csv'],
  );
  const records = files.flatMap((f) => {
    const kind = ({ 'warehouses.csv': 'warehouses', 'skus.csv': 'skus', 'units.csv': 'units', 'aliases.csv': 'aliases', 'status-maps.csv': 'statusMaps', 'sources.csv': 'sources' } as const)[f.name];
    assert.ok(kind);
    const parsed = parseCsvText(f.name, f.text, kind);
    assert.deepEqual(parsed.problems, []);
    return parsed.records;
  });
  const v = validateImport(records, emptyMasterData());
  assert.deepEqual(v.problems, []);
  assert.deepEqual(plain(v.merged), plain(md));
});

test('given master data, when written as a JSON document and read back, then every record comes back the same', () => {
  const text = JSON.stringify(toMasterDataDocument(md), null, 2);
  const parsed = parseDocumentText('md.json', text, 'json');
  const v = validateImport(parsed.records, emptyMasterData());
  assert.deepEqual(v.problems, []);
  assert.deepEqual(plain(v.merged), plain(md));
  assert.equal('escalationContact' in (toMasterDataDocument(md).warehouses[0] ?? {}), false, 'absent optional fields are left out');
});

test('given a value with a comma, a quote or a newline, then its CSV cell is quoted with doubled quotes', () => {
  const wh = masterDataToCsv(md).find((f) => f.name === 'warehouses.csv');
  assert.match(wh?.text ?? '', /"Depot ""North"", gate 2"/);
  assert.match(wh?.text ?? '', /chilled\|frozen/);
});
