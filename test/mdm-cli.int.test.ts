import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.ts';
import type { Output } from '../src/cli/output.ts';

const FIX = relative(process.cwd(), fileURLToPath(new URL('./fixtures/mdm', import.meta.url)));
const fx = (p: string): string => join(FIX, p);

// The CLI is tested on the embedded store in a fresh data folder per test; the store contract
// itself (SQLite and PostgreSQL) is test/mdm-import.int.test.ts.
let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stockmesh-mdm-cli-'));
  process.env.STOCKMESH_DATA = dataDir;
  delete process.env.DATABASE_URL;
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l), progress() {}, progressDone() {} };
  const code = await main(argv, output);
  return { code, out, err };
}

test('given good files, when `mdm import` runs, then it prints what it imported and exits 0', async () => {
  const r = await run('mdm', 'import', fx('good-json'));
  assert.equal(r.code, 0);
  assert.deepEqual(r.out, [
    'imported 5 warehouses (5 new), 8 SKUs (8 new), 9 unit conversions (9 new), 15 aliases (15 new), 18 status mappings (18 new), 5 sources (5 new) from 1 file',
  ]);
  assert.equal(r.err.length, 1);
  assert.match(r.err[0] ?? '', /network\.json:\d+ code: warning: ALIAS_HOMONYM: code 10023/);
  const again = await run('mdm', 'import', fx('good-yaml'));
  assert.equal(again.code, 0);
  assert.match(again.out[0] ?? '', /^imported 5 warehouses \(5 unchanged\)/);
  const twice = await run('mdm', 'import', fx('good-yaml'), fx('good-csv'));
  assert.equal(twice.code, 1, 'the same keys in two files of one import are duplicates');
  assert.match(twice.err.join('\n'), /DUPLICATE_RECORD: warehouse WH-SHA appears twice in this import/);
});

test('given a bad row, when `mdm import` runs, then every problem is listed as file:line: CODE: message and it exits 1', async () => {
  const r = await run('mdm', 'import', fx('mixed-folder'), fx('bad/bad-gtin.yaml'));
  assert.equal(r.code, 1);
  assert.deepEqual(r.out, []);
  assert.deepEqual(r.err.slice(0, 3), [
    `${fx('mixed-folder/skus.csv')}:4 lotControlled: MALFORMED_RECORD: lotControlled must be true or false, got "maybe"`,
    `${fx('bad/bad-gtin.yaml')}:6 gtin: INVALID_GTIN: GTIN 4006381000421 has check digit 1, expected 0`,
    `${fx('bad/bad-gtin.yaml')}:10 gtin: INVALID_GTIN: GTIN "40063810004" must be 8, 12, 13 or 14 digits`,
  ]);
  assert.match(r.err.at(-1) ?? '', /3 problems: nothing was changed; fix the rows above and run the import again/);
  const exported = await run('mdm', 'export');
  assert.deepEqual(JSON.parse(exported.out.join('\n')), { warehouses: [], skus: [], units: [], aliases: [], statusMaps: [], sources: [] });
});

test('given a path that does not exist, when `mdm import` runs, then it says so and exits 1', async () => {
  const r = await run('mdm', 'import', fx('nowhere'));
  assert.equal(r.code, 1);
  assert.match(r.err[0] ?? '', /nowhere: UNREADABLE_FILE: cannot read: no such file or folder/);
});

test('given stored master data, when `mdm export` writes YAML or CSV, then the output imports back unchanged', async () => {
  await run('mdm', 'import', fx('good-csv'));
  const yamlFile = join(dataDir, 'export.yaml');
  const y = await run('mdm', 'export', '--out', yamlFile);
  assert.deepEqual([y.code, y.out], [0, [`wrote ${yamlFile}`]]);
  const back = await run('mdm', 'import', yamlFile);
  assert.equal(back.code, 0);
  assert.match(back.out[0] ?? '', /5 warehouses \(5 unchanged\), 8 SKUs \(8 unchanged\)/);
  const csvDir = join(dataDir, 'csv');
  const c = await run('mdm', 'export', '--format', 'csv', '--out', csvDir);
  assert.equal(c.code, 0);
  assert.deepEqual((await readdir(csvDir)).sort(), ['aliases.csv', 'skus.csv', 'sources.csv', 'status-maps.csv', 'units.csv', 'warehouses.csv']);
  assert.equal((await run('mdm', 'import', csvDir)).code, 0);
});

test('given wrong export arguments, then `mdm export` exits 2 and says what is expected', async () => {
  const noOut = await run('mdm', 'export', '--format', 'csv');
  assert.equal(noOut.code, 2);
  assert.match(noOut.err.join('\n'), /INVALID_ARGUMENT: --format csv writes one file per kind/);
  const badFormat = await run('mdm', 'export', '--format', 'xml');
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.err.join('\n'), /Allowed choices are json, yaml, csv/);
});

test('given stored master data with a homonym, when `mdm conflicts` runs, then it lists it, as text or as JSON', async () => {
  const empty = await run('mdm', 'conflicts');
  assert.deepEqual([empty.code, empty.out], [0, ['no conflicts']]);
  await run('mdm', 'import', fx('good-yaml'));
  const text = await run('mdm', 'conflicts');
  assert.equal(text.code, 0);
  assert.deepEqual(text.out, ['homonym: code 10023 means different SKUs in different systems: shipco-lax → DRILL-18V, wms-sha → TEA-GRN-100', '1 conflict: 1 homonym']);
  const json = await run('mdm', 'conflicts', '--json');
  const parsed = JSON.parse(json.out.join('\n')) as { kind: string; code: string }[];
  assert.deepEqual(parsed.map((c) => [c.kind, c.code]), [['homonym', '10023']]);
});
