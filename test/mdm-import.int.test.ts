import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exportMasterData, exportMasterDataCsv, type ImportReport, importMasterData, RECORD_KINDS } from '../src/mdm/index.ts';
import { openStore, type Store } from '../src/store/index.ts';

const FIX = relative(process.cwd(), fileURLToPath(new URL('./fixtures/mdm', import.meta.url)));
const fx = (p: string): string => join(FIX, p);
const PG_SKIP = 'DATABASE_URL not set: PostgreSQL suite skipped';

const GOOD_COUNTS = { warehouses: 5, skus: 8, units: 9, aliases: 15, statusMaps: 18, sources: 5 };
const TABLES = ['warehouses', 'skus', 'sku_units', 'aliases', 'status_maps', 'sources'] as const;

async function rowCounts(store: Store): Promise<number[]> {
  const out: number[] = [];
  for (const t of TABLES) {
    const r = await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out.push(Number(r.n));
  }
  return out;
}

const where = (r: ImportReport) => r.problems.map((p) => [p.code, p.where]);

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'stockmesh-mdm-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The import contract, run once per store. `open` gives a fresh, empty store. */
async function contract(t: TestContext, open: () => Promise<Store>): Promise<void> {
  await t.test('given the good network in JSON, YAML and CSV, when each is imported, then all three stores hold the same', async () => {
    const exports: string[] = [];
    for (const path of ['good-json', 'good-yaml/network.yaml', 'good-csv']) {
      const store = await open();
      const report = await importMasterData(store.db, [fx(path)]);
      assert.deepEqual(report.problems, [], path);
      assert.ok(report.ok);
      for (const kind of RECORD_KINDS) assert.deepEqual(report.counts[kind], { inserted: GOOD_COUNTS[kind], updated: 0, unchanged: 0 }, `${path} ${kind}`);
      assert.deepEqual(report.warnings.map((w) => w.code), ['ALIAS_HOMONYM'], path);
      assert.deepEqual(report.conflicts.map((c) => c.kind), ['homonym']);
      exports.push(await exportMasterData(store.db, 'json'));
    }
    assert.equal(exports[1], exports[0], 'YAML means the same as JSON');
    assert.equal(exports[2], exports[0], 'CSV means the same as JSON');
    const doc = JSON.parse(exports[0] ?? '{}') as { skus: { id: string; gtin?: string }[]; aliases: { system: string; code: string }[] };
    assert.equal(doc.skus.find((s) => s.id === 'TSHIRT-M-BLK')?.gtin, '036123456783', 'a GTIN keeps its leading zero');
    assert.ok(doc.aliases.some((a) => a.system === 'gdp-fra' && a.code === '04035800001175'));
  });

  await t.test('given the same file imported twice, then the second import writes nothing and finds every record unchanged', async () => {
    const store = await open();
    await importMasterData(store.db, [fx('good-json')]);
    const before = await rowCounts(store);
    const again = await importMasterData(store.db, [fx('good-json/network.json')]);
    assert.ok(again.ok);
    for (const kind of RECORD_KINDS) assert.deepEqual(again.counts[kind], { inserted: 0, updated: 0, unchanged: GOOD_COUNTS[kind] });
    assert.deepEqual(await rowCounts(store), before);
    assert.deepEqual(before, [5, 8, 9, 15, 18, 5]);
  });

  await t.test('given a file with one changed SKU, then that SKU is updated and the rest stays unchanged', async () => {
    const store = await open();
    await importMasterData(store.db, [fx('good-yaml')]);
    await withTempDir(async (dir) => {
      const text = (await readFile(fx('good-csv/skus.csv'), 'utf8')).replace('Cordless drill 18 V', '"Cordless drill 18 V, 2 batteries"');
      await writeFile(join(dir, 'skus.csv'), text);
      const report = await importMasterData(store.db, [dir]);
      assert.deepEqual(report.problems, []);
      assert.deepEqual(report.counts.skus, { inserted: 0, updated: 1, unchanged: 7 });
    });
    const doc = JSON.parse(await exportMasterData(store.db, 'json')) as { skus: { id: string; name: string }[] };
    assert.equal(doc.skus.find((s) => s.id === 'DRILL-18V')?.name, 'Cordless drill 18 V, 2 batteries');
  });

  await t.test('given a folder where one CSV row is bad, then nothing from any of its files is written', async () => {
    const store = await open();
    const report = await importMasterData(store.db, [fx('mixed-folder')]);
    assert.equal(report.ok, false);
    assert.deepEqual(where(report), [['MALFORMED_RECORD', `${fx('mixed-folder/skus.csv')}:4 lotControlled`]]);
    assert.match(report.problems[0]?.message ?? '', /must be true or false, got "maybe"/);
    assert.deepEqual(report.files, ['01-warehouses.json', '02-sources.yaml', 'skus.csv'].map((f) => fx(`mixed-folder/${f}`)));
    assert.deepEqual(await rowCounts(store), [0, 0, 0, 0, 0, 0]);
    const mixed = await importMasterData(store.db, [fx('good-json'), fx('bad/bad-gtin.yaml')]);
    assert.equal(mixed.ok, false);
    assert.deepEqual(await rowCounts(store), [0, 0, 0, 0, 0, 0], 'a good file next to a bad one is not written either');
  });

  await t.test('given each bad fixture, then every problem names file, line and reason, and the store is unchanged', async () => {
    const store = await open();
    await importMasterData(store.db, [fx('good-json')]);
    const snapshot = await exportMasterData(store.db, 'yaml');
    const cases: [string, [string, string][]][] = [
      ['bad/bad-gtin.yaml', [['INVALID_GTIN', ':6 gtin'], ['INVALID_GTIN', ':10 gtin']]],
      ['bad/alias-conflict.json', [['ALIAS_CONFLICT', ':3 sku'], ['ALIAS_CONFLICT', ':5 sku']]],
      ['bad/duplicate-gtin.json', [['DUPLICATE_GTIN', ':3 gtin'], ['DUPLICATE_GTIN', ':5 gtin']]],
      ['bad/dangling-ref.yaml', [['DANGLING_REFERENCE', ':6 sku'], ['DANGLING_REFERENCE', ':8 unit'], ['DANGLING_REFERENCE', ':9 sku'], ['DANGLING_REFERENCE', ':11 warehouses[0]']]],
      ['bad/broken.json', [['UNREADABLE_FILE', ':3']]],
      ['bad/notes.txt', [['UNREADABLE_FILE', '']]],
      ['no-such-file.yaml', [['UNREADABLE_FILE', '']]],
    ];
    for (const [path, expected] of cases) {
      const report = await importMasterData(store.db, [fx(path)]);
      assert.equal(report.ok, false, path);
      assert.deepEqual(where(report), expected.map(([code, at]) => [code, fx(path) + at]), path);
      assert.ok(report.problems.every((p) => p.message.length > 10), path);
      assert.ok(RECORD_KINDS.every((k) => report.counts[k].inserted + report.counts[k].updated === 0));
    }
    const two = await importMasterData(store.db, [fx('bad/bad-gtin.yaml'), fx('bad/broken.json')]);
    assert.deepEqual(
      two.problems.map((p) => p.where),
      [`${fx('bad/bad-gtin.yaml')}:6 gtin`, `${fx('bad/bad-gtin.yaml')}:10 gtin`, `${fx('bad/broken.json')}:3`],
      'problems come file by file, in the order the files were given',
    );
    const factor = await importMasterData(store.db, [fx('bad-factor')]);
    assert.deepEqual(where(factor), [3, 4, 5, 6].map((n) => ['MALFORMED_RECORD', `${fx('bad-factor/units.csv')}:${n} factor`]));
    assert.match(factor.problems[2]?.message ?? '', /each is the base unit of SKU FLOUR-1KG, so its factor must be 1, got 12/);
    assert.equal(await exportMasterData(store.db, 'yaml'), snapshot);
  });

  await t.test('given a stored network, when exported as JSON, YAML or CSV and imported elsewhere, then it comes back the same', async () => {
    const source = await open();
    await importMasterData(source.db, [fx('good-csv')]);
    const original = await exportMasterData(source.db, 'json');
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'md.json'), original);
      await writeFile(join(dir, 'md.yaml'), await exportMasterData(source.db, 'yaml'));
      await exportMasterDataCsv(source.db, join(dir, 'csv'));
      for (const path of ['md.json', 'md.yaml', 'csv']) {
        const target = await open();
        const report = await importMasterData(target.db, [join(dir, path)]);
        assert.deepEqual(report.problems, [], path);
        assert.equal(await exportMasterData(target.db, 'json'), original, path);
        const back = await importMasterData(source.db, [join(dir, path)]);
        assert.ok(RECORD_KINDS.every((k) => back.counts[k].unchanged === GOOD_COUNTS[k]), `${path} re-imports as unchanged`);
      }
    });
  });
}

test('mdm import [sqlite]', async (t) => {
  const stores: Store[] = [];
  try {
    await contract(t, async () => {
      const store = await openStore({ sqliteFile: ':memory:' });
      stores.push(store);
      return store;
    });
  } finally {
    for (const s of stores) await s.close();
  }
});

test('mdm import [postgres]', { skip: process.env.DATABASE_URL ? false : PG_SKIP }, async (t) => {
  const opened: { store: Store; schema: string }[] = [];
  try {
    await contract(t, async () => {
      const schema = `test_mdm_${process.pid}_${opened.length + 1}`;
      const store = await openStore({ databaseUrl: process.env.DATABASE_URL, pgSchema: schema });
      opened.push({ store, schema });
      return store;
    });
  } finally {
    for (const { store, schema } of opened) {
      await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await store.close();
    }
  }
});
