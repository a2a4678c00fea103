import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { InboundSink } from '../src/connectors/connector.ts';
import { FileDropConnector, type FileDropOptions, type FileLayout } from '../src/connectors/file-drop/index.ts';
import { ledgerSink, storeRejections } from '../src/connectors/runtime/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { deadLetters, eventCount, eventually, qtyOf, seedConnectorNetwork } from './support/connector-network.ts';

const T = { timeout: 20_000 };
const fixtures = new URL('./fixtures/file-drop/', import.meta.url);
const layouts = JSON.parse(readFileSync(new URL('layouts.json', fixtures), 'utf8')) as FileLayout[];
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Rig {
  readonly hub: Hub;
  readonly dir: string;
  readonly connector: FileDropConnector;
  /** The connector's clock, in ms; tests move it. */
  clock: number;
  drop(fixture: string, as?: string): string;
  inbox(): string[];
  archived(): string[];
  quarantined(): string[];
}

async function rig(over: Partial<FileDropOptions> = {}, sinkOf?: (hub: Hub) => InboundSink): Promise<Rig> {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  await seedConnectorNetwork(hub);
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-drop-'));
  const r: Rig = {
    hub,
    dir,
    clock: Date.parse('2026-11-25T14:00:00Z'),
    connector: new FileDropConnector({
      source: 'erp-gz',
      dir,
      layouts,
      sink: sinkOf ? sinkOf(hub) : ledgerSink(hub),
      rejections: storeRejections(hub.store.db),
      stableMs: 1000,
      now: () => new Date(r.clock),
      ...over,
    }),
    drop(fixture, as) {
      const name = as ?? fixture.replace(/^bad\//, '');
      copyFileSync(new URL(fixture, fixtures), join(dir, name));
      return name;
    },
    inbox: () => readdirSync(dir).filter((n) => n !== 'archive' && n !== 'quarantine').sort(),
    archived: () => readdirSync(join(dir, 'archive')).sort(),
    quarantined: () => readdirSync(join(dir, 'quarantine')).sort(),
  };
  cleanups.push(async () => {
    await r.connector.stop();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await r.connector.folder.prepare();
  return r;
}

/** Two scans stableMs apart: what the connector does with files that are complete. */
async function settle(r: Rig): Promise<void> {
  await r.connector.drain();
  r.clock += 1000;
  await r.connector.drain();
}

describe('file-drop connector on a folder', () => {
  test('given the morning journal (GBK fixed width) and the nightly listing (GBK CSV), then the books follow and the listing reconciles', T, async () => {
    const r = await rig();
    r.drop('MX_20261125_0800.gbk.txt');
    await settle(r);
    assert.equal(await qtyOf(r.hub, 'WH-GZ', 'SKU-TEA'), 96);
    assert.equal(await qtyOf(r.hub, 'WH-GZ', 'SKU-VAX', 'available', 'B2611'), 50);
    r.drop('KC_20261125_2200.gbk.csv');
    await settle(r);
    assert.equal(await qtyOf(r.hub, 'WH-GZ', 'SKU-VAX', 'quarantine', 'B2610'), 10);
    const drift = await r.hub.store.db.selectFrom('drift').selectAll().execute();
    assert.deepEqual(drift.map((d) => [d.snapshot_id, d.sku_id, d.lot, d.delta]), [['erp-gz:KC_20261125_2200.gbk.csv:WH-GZ', 'SKU-VAX', 'B2610', 10]]);
    assert.deepEqual(r.inbox(), []);
    assert.deepEqual(r.archived(), ['KC_20261125_2200.gbk.csv', 'MX_20261125_0800.gbk.txt']);
    assert.deepEqual(r.connector.processed().map((p) => [p.outcome, p.events, p.snapshots]), [['archived', 5, 0], ['archived', 0, 1]]);
    const s = r.connector.state();
    assert.deepEqual([s.messages, s.cursor, s.errors], [6, 'KC_20261125_2200.gbk.csv', 0]);
  });

  test('given the same file dropped again, then nothing changes and the copy is archived beside the first', T, async () => {
    const r = await rig();
    r.drop('MX_20261125_0800.gbk.txt');
    await settle(r);
    r.drop('MX_20261125_0800.gbk.txt');
    await settle(r);
    assert.equal(await eventCount(r.hub, 'erp-gz'), 5);
    assert.equal(await qtyOf(r.hub, 'WH-GZ', 'SKU-TEA'), 96);
    assert.deepEqual(r.archived(), ['MX_20261125_0800.gbk.2.txt', 'MX_20261125_0800.gbk.txt']);
  });

  test('given bad files, then each is quarantined with a report naming line and reason, recorded, and nothing applies', T, async () => {
    const r = await rig();
    for (const f of ['bad/KC_20261128_2200.gbk.csv', 'bad/KC_20261129_2200.utf8.csv', 'bad/MX_20261125_1200.gbk.txt', 'bad/库存报表-副本.xls']) r.drop(f);
    await settle(r);
    assert.equal(await eventCount(r.hub, 'erp-gz'), 0);
    assert.deepEqual(r.inbox(), []);
    assert.deepEqual(r.quarantined(), [
      'KC_20261128_2200.gbk.csv',
      'KC_20261128_2200.gbk.csv.report.txt',
      'KC_20261129_2200.utf8.csv',
      'KC_20261129_2200.utf8.csv.report.txt',
      'MX_20261125_1200.gbk.txt',
      'MX_20261125_1200.gbk.txt.report.txt',
      '库存报表-副本.xls',
      '库存报表-副本.xls.report.txt',
    ]);
    const report = readFileSync(join(r.dir, 'quarantine', 'KC_20261128_2200.gbk.csv.report.txt'), 'utf8');
    assert.match(report, /^line 3: MALFORMED_MESSAGE: quantity: "12x"/m);
    assert.match(report, /^line 4: .*expiry "2027\/02\/30" is not a date/m);
    const recs = await storeRejections(r.hub.store.db).list({ source: 'erp-gz' });
    assert.equal(recs.length, 4);
    assert.ok(recs.every((x) => x.dialect === 'file-drop' && x.reason === 'file_quarantined' && x.location?.startsWith('quarantine/')));
    assert.equal(r.connector.state().errors, 4);
  });

  test('given a file still being written, then it is not read until it stopped changing for stableMs', T, async () => {
    const r = await rig();
    const full = readFileSync(new URL('KC_20261125_2200.gbk.csv', fixtures));
    const path = join(r.dir, 'KC_20261125_2200.gbk.csv');
    writeFileSync(path, full.subarray(0, 70));
    await r.connector.drain();
    r.clock += 1500;
    appendFileSync(path, full.subarray(70, 140));
    await r.connector.drain();
    assert.deepEqual(r.inbox(), ['KC_20261125_2200.gbk.csv'], 'grew since the last scan: not read');
    appendFileSync(path, full.subarray(140));
    await r.connector.drain();
    r.clock += 999;
    await r.connector.drain();
    assert.deepEqual(r.connector.processed(), [], 'not yet stable for 1000 ms');
    r.clock += 1;
    await r.connector.drain();
    assert.deepEqual(r.connector.processed().map((p) => p.outcome), ['archived']);
    assert.equal(await qtyOf(r.hub, 'WH-GZ', 'SKU-TEA'), 96, 'the whole file, not the first 70 bytes');
  });

  test('given *.part / *.tmp names, then they are never read; renamed, they are read; a .done marker makes a file ready at once', T, async () => {
    const r = await rig();
    r.drop('MX_20261125_0800.gbk.txt', 'MX_20261125_0800.gbk.txt.part');
    r.drop('KC_20261125_2200.gbk.csv', 'KC_20261125_2200.gbk.csv.tmp');
    await settle(r);
    r.clock += 60_000;
    await settle(r);
    assert.deepEqual(r.connector.processed(), []);
    renameSync(join(r.dir, 'MX_20261125_0800.gbk.txt.part'), join(r.dir, 'MX_20261125_0800.gbk.txt'));
    await settle(r);
    assert.equal(await eventCount(r.hub, 'erp-gz'), 5);
    renameSync(join(r.dir, 'KC_20261125_2200.gbk.csv.tmp'), join(r.dir, 'KC_20261125_2200.gbk.csv'));
    writeFileSync(join(r.dir, 'KC_20261125_2200.gbk.csv.done'), '');
    await r.connector.drain();
    assert.deepEqual(r.connector.processed().map((p) => p.name), ['MX_20261125_0800.gbk.txt', 'KC_20261125_2200.gbk.csv'], 'marked: read on the first scan');
    assert.deepEqual(r.inbox(), [], 'the marker went with its file');
  });

  test('given an empty file, then it is read only with a marker (an empty listing means zero stock)', T, async () => {
    const r = await rig();
    r.drop('MX_20261125_0800.gbk.txt');
    await settle(r);
    writeFileSync(join(r.dir, 'KC_20261126_0600.csv'), '');
    r.clock += 10_000;
    await settle(r);
    assert.deepEqual(r.inbox(), ['KC_20261126_0600.csv']);
    writeFileSync(join(r.dir, 'KC_20261126_0600.csv'), '仓库编码,物料编码,物料名称,批次,有效期,库存状态,数量,单位\r\n');
    writeFileSync(join(r.dir, 'KC_20261126_0600.csv.done'), '');
    await r.connector.drain();
    assert.equal(r.connector.processed().length, 2);
    assert.equal((await r.hub.store.db.selectFrom('snapshots').selectAll().execute()).length, 0, 'no warehouse column value and no default: nothing to reconcile');
  });

  test('given a journal line with a code master data does not know, then the file is archived and that line is a dead letter naming file:line', T, async () => {
    const r = await rig();
    writeFileSync(join(r.dir, 'JN_1.csv'), '序号,日期,时间,单据类型,物料编码,批次,有效期,数量,单位,单号\n1,2026-11-25,08:00,入库,6901234567892,,,5,,A\n2,2026-11-25,08:01,入库,NEW-ITEM,,,5,,B\n');
    await settle(r);
    assert.deepEqual(r.archived(), ['JN_1.csv']);
    assert.equal(await qtyOf(r.hub, 'WH-GZ', 'SKU-TEA'), 5);
    const [dl] = await deadLetters(r.hub, 'erp-gz');
    assert.deepEqual([dl?.code, dl?.location], ['UNKNOWN_SKU', 'JN_1.csv:3']);
  });

  test('given the store failing, then the file stays in the folder, the loop backs off, and it is read once the store is back', T, async () => {
    let failures = 3;
    const r = await rig({ stableMs: 0, pollIntervalMs: 5, backoff: { initialMs: 5, maxMs: 20, factor: 2 }, now: () => new Date() }, (hub) => {
      const inner = ledgerSink(hub);
      return {
        events: async (inputs) => {
          if (failures-- > 0) throw new Error('database is locked');
          await inner.events(inputs);
        },
        snapshot: (d, l) => inner.snapshot(d, l),
      };
    });
    r.drop('MX_20261125_0800.gbk.txt');
    await r.connector.start();
    await eventually(10_000, 'archived', () => r.connector.processed().length === 1);
    await r.connector.stop();
    assert.equal(await eventCount(r.hub, 'erp-gz'), 5);
    assert.ok(r.connector.state().errors >= 3);
    assert.match(r.connector.state().lastError ?? '', /database is locked/);
    assert.ok(existsSync(join(r.dir, 'archive', 'MX_20261125_0800.gbk.txt')));
  });
});
