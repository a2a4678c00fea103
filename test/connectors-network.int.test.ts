import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildApp } from '../src/api/index.ts';
import { EdiFolderConnector } from '../src/connectors/edi-x12/index.ts';
import { glnOf } from '../src/connectors/epcis/index.ts';
import { FileDropConnector } from '../src/connectors/file-drop/index.ts';
import { listConnectorStatus, parseConnectorsConfig } from '../src/connectors/network/index.ts';
import { ledgerSink, storeCursors, storeRejections } from '../src/connectors/runtime/index.ts';
import { signWebhook } from '../src/connectors/webhook/index.ts';
import type { MasterData } from '../src/domain/index.ts';
import { configFromEnv, openHub, startInbound } from '../src/hub/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { connectorNetwork, eventually, qtyOf } from './support/connector-network.ts';
import { FakeRestWms, movement } from './support/fake-rest-wms.ts';
import { useAdminKey } from './api-harness.ts';

/**
 * The connector factory end to end in one process: one source per dialect configured in a
 * connectors file, started with the bus sink and the ledger consumer, the pushing dialects
 * received by the hub's app; each message lands in the global view, `GET /api/connectors` shows
 * them live, and after the stop the saved states say `stopped`.
 */
const dir = mkdtempSync(join(tmpdir(), 'stockmesh-net-'));
const wms = new FakeRestWms();
after(async () => {
  await wms.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SGLN = 'urn:epc:id:sgln:0614141.00001.0';
const md: MasterData = {
  ...connectorNetwork,
  units: [...connectorNetwork.units, { sku: 'SKU-TEA', unit: 'CA', factor: 12 }],
  aliases: [
    ...connectorNetwork.aliases,
    { system: 'tpl-x12', code: '10690123456784', sku: 'SKU-TEA', unit: 'CA' },
    { system: 'rfid-sh', code: '06901234567892', sku: 'SKU-TEA' },
  ],
  sources: [
    ...connectorNetwork.sources,
    { id: 'tpl-x12', name: 'GZ 3PL', dialect: 'edi-x12', warehouses: ['WH-GZ'] },
    { id: 'rfid-sh', name: 'SH portals', dialect: 'epcis', warehouses: ['WH-SH'] },
  ],
};

const X12 = [
  'ISA*00*          *00*          *ZZ*TPL3PL         *ZZ*STOCKMESH      *261125*0900*U*00401*000000042*0*P*>~',
  'GS*RE*TPL3PL*STOCKMESH*20261125*0900*42*X*004010~',
  'ST*944*0001~',
  'W17*F*20261125*WR-1*ASN-1~',
  'N1*WH*GZ 3PL*91*GZ3PL~',
  'W07*2*CA**UK*10690123456784~',
  'W14*2~',
  'SE*6*0001~',
  'GE*1*42~',
  'IEA*1*000000042~',
].join('\n');

test('one source per dialect, from a connectors file to the global view and back out as states', { timeout: 180_000 }, async () => {
  // Deadlines bound a failure on a loaded CI machine (2 cores, load 15+); each wait is on a state.
  await wms.start();
  wms.push(movement(1), movement(2), movement(3));
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined, natsUrl: undefined }, { sqliteFile: ':memory:' });
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, md));
  await hub.masterData.refresh();
  const gln = glnOf(SGLN)?.gln ?? '';
  const config = parseConnectorsConfig(
    {
      sources: [
        { source: 'wms-sh', dialect: 'rest-pull', baseUrl: wms.baseUrl, pollIntervalMs: 20, pageSize: 2 },
        { source: 'saas-bj', dialect: 'webhook', secret: 'env:SAAS_SECRET' },
        {
          source: 'erp-gz',
          dialect: 'file-drop',
          dir: 'drop',
          pollIntervalMs: 20,
          layouts: [{ name: 'j', match: '^JN_', kind: 'journal', format: { kind: 'csv', columns: { sku: 'sku', quantity: 'qty', status: 'status' } }, defaults: { warehouse: 'WH-GZ', reason: 'receipt' } }],
        },
        { source: 'tpl-x12', dialect: 'edi-x12', inbox: 'edi/in', outbox: 'edi/out', hub: { qualifier: 'ZZ', id: 'STOCKMESH' }, partner: { qualifier: 'ZZ', id: 'TPL3PL' }, parties: { GZ3PL: 'WH-GZ' }, pollIntervalMs: 20 },
        { source: 'rfid-sh', dialect: 'epcis', token: 'env:RFID_TOKEN', locations: { [gln]: 'WH-SH' } },
      ],
    },
    { origin: 'test', baseDir: dir, env: { SAAS_SECRET: 'hook-secret', RFID_TOKEN: 'rfid-token' } },
  );
  const inbound = await startInbound(hub, { connectors: config });
  const app = await buildApp({ hub, webhooks: inbound.connectors.webhooks, epcis: inbound.connectors.epcis, liveConnectors: () => inbound.connectors.states() });
  try {
    writeFileSync(join(dir, 'drop', 'JN_1.csv'), 'sku,qty,status\n6901234567892,6,可用\n');
    writeFileSync(join(dir, 'drop', 'JN_1.csv.done'), '');
    writeFileSync(join(dir, 'edi', 'in', 'RE_42.edi'), X12);
    writeFileSync(join(dir, 'edi', 'in', 'RE_42.edi.done'), '');

    const body = JSON.stringify({ delivery_id: 'd-1', events: [{ id: 'e-1', type: 'inventory.received', sequence: 1, created_at: '2026-11-25T08:00:00+08:00', data: { facility: 'WH-BJ', sku: 'GT-100', quantity: 5, to_state: 'sellable' } }] });
    const ts = Math.floor(Date.now() / 1000);
    const push = (secret: string) =>
      app.inject({ method: 'POST', url: '/hooks/saas-bj', headers: { 'content-type': 'application/json', 'x-stockmesh-timestamp': String(ts), 'x-stockmesh-signature': signWebhook(secret, ts, body) }, payload: body });
    assert.equal((await push('wrong-secret')).statusCode, 401);
    assert.equal((await push('hook-secret')).statusCode, 200);

    const doc = {
      '@context': 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-11-25T08:00:00Z',
      epcisBody: { eventList: [1, 2, 3].map((n) => ({ type: 'ObjectEvent', eventID: `urn:uuid:00000000-0000-4000-a000-00000000000${n}`, eventTime: '2026-11-25T08:00:00Z', eventTimeZoneOffset: '+00:00', epcList: [`urn:epc:id:sgtin:6901234.056789.${n}`], action: 'ADD', bizStep: 'receiving', disposition: 'sellable_accessible', bizLocation: { id: SGLN } })) },
    };
    const capture = await app.inject({ method: 'POST', url: '/epcis/rfid-sh/capture', headers: { 'content-type': 'application/ld+json', authorization: 'Bearer rfid-token' }, payload: JSON.stringify(doc) });
    assert.equal(capture.statusCode, 202, capture.body);

    await eventually(60_000, 'every dialect in the global view', async () =>
      (await qtyOf(hub, 'WH-SH', 'SKU-TEA')) === 33 && (await qtyOf(hub, 'WH-BJ', 'SKU-TEA')) === 5 && (await qtyOf(hub, 'WH-GZ', 'SKU-TEA')) === 30,
    );
    await eventually(30_000, 'the journal archived and the 944 acknowledged', () => existsSync(join(dir, 'drop', 'archive', 'JN_1.csv')) && existsSync(join(dir, 'edi', 'out', '997-000000042.edi')));
    assert.deepEqual(readdirSync(join(dir, 'edi', 'out')).filter((n) => n.startsWith('997-')), ['997-000000042.edi']);

    type Item = { source: string; dialect: string; state: string; live: boolean; messages: number; sequence: number | null; rejections: number };
    // Waits on exactly what is asserted below (a connector is `running` after its first idle
    // scan, long before its file is processed), then asserts it with the last answer seen.
    const all = ['wms-sh', 'saas-bj', 'erp-gz', 'tpl-x12', 'rfid-sh'];
    let items: Item[] = [];
    const by = new Map<string, Item>();
    await eventually(30_000, 'every connector running, live and counting its messages', async () => {
      const live = await app.inject({ method: 'GET', url: '/api/connectors', headers: await useAdminKey(app) });
      assert.equal(live.statusCode, 200);
      items = (live.json() as { items: Item[] }).items;
      by.clear();
      for (const i of items) by.set(i.source, i);
      return (
        all.every((s) => by.get(s)?.state === 'running' && by.get(s)?.live === true && (by.get(s)?.messages ?? 0) > 0) &&
        by.get('wms-sh')?.sequence === 3 &&
        by.get('saas-bj')?.rejections === 1
      );
    }).catch((err: unknown) => assert.fail(`${String(err)}; last answer: ${JSON.stringify(items)}`));
    for (const s of all) {
      assert.equal(by.get(s)?.state, 'running', s);
      assert.equal(by.get(s)?.live, true, s);
      assert.ok((by.get(s)?.messages ?? 0) > 0, `${s} counted its messages`);
    }
    assert.equal(by.get('wms-sh')?.sequence, 3);
    assert.equal(by.get('saas-bj')?.rejections, 1, 'the badly signed push is recorded');
  } finally {
    await inbound.stop();
    await app.close();
  }
  const saved = await listConnectorStatus({ db: hub.store.db, sources: md.sources });
  assert.deepEqual(
    saved.filter((s) => s.state !== 'none').map((s) => [s.source, s.dialect, s.state, s.live]),
    [['erp-gz', 'file-drop', 'stopped', false], ['rfid-sh', 'epcis', 'stopped', false], ['saas-bj', 'webhook', 'stopped', false], ['tpl-x12', 'edi-x12', 'stopped', false], ['wms-sh', 'rest-pull', 'stopped', false]],
  );
  await hub.close();
});

/**
 * What an operator sees must never run ahead of the counters: by the time a processed file shows
 * in `archive/` (or its 997 in the outbox) the connector's `messages` already count it. Checked
 * at the moment each connector moves or writes the file, not by timing, so it cannot pass by luck.
 */
test('a dropped file or interchange is counted before it shows in archive/ or its 997 in the outbox', async () => {
  const base = mkdtempSync(join(tmpdir(), 'stockmesh-order-'));
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined, natsUrl: undefined }, { sqliteFile: ':memory:' });
  try {
    await hub.store.db.transaction().execute((tx) => saveMasterData(tx, md));
    await hub.masterData.refresh();
    const now = () => new Date('2026-11-25T09:00:00Z');

    const drop = join(base, 'drop');
    mkdirSync(drop);
    const files = new FileDropConnector({
      source: 'erp-gz',
      dir: drop,
      layouts: [{ name: 'j', match: '^JN_', kind: 'journal', format: { kind: 'csv', columns: { sku: 'sku', quantity: 'qty', status: 'status' } }, defaults: { warehouse: 'WH-GZ', reason: 'receipt' } }],
      sink: ledgerSink(hub),
      rejections: storeRejections(hub.store.db),
      now,
    });
    const seenAtArchive: number[] = [];
    const archive = files.folder.archive.bind(files.folder);
    files.folder.archive = (name) => {
      seenAtArchive.push(files.state().messages);
      return archive(name);
    };
    writeFileSync(join(drop, 'JN_1.csv'), 'sku,qty,status\n6901234567892,6,可用\n');
    writeFileSync(join(drop, 'JN_1.csv.done'), '');
    await files.folder.prepare();
    assert.deepEqual((await files.drain()).map((o) => o.outcome), ['archived']);
    assert.deepEqual(seenAtArchive, [1], 'file-drop: the journal line counted before the file was archived');

    const edi = new EdiFolderConnector({
      source: 'tpl-x12',
      inbox: join(base, 'edi', 'in'),
      outbox: join(base, 'edi', 'out'),
      hub: { qualifier: 'ZZ', id: 'STOCKMESH' },
      partner: { qualifier: 'ZZ', id: 'TPL3PL' },
      decode: { warehouseFor: (party) => (party.id === 'GZ3PL' ? 'WH-GZ' : undefined) },
      sink: ledgerSink(hub),
      rejections: storeRejections(hub.store.db),
      cursors: storeCursors(hub.store.db, now),
      now,
    });
    const seen: string[] = [];
    const ediArchive = edi.folder.archive.bind(edi.folder);
    edi.folder.archive = (name) => {
      seen.push(`archive ${name} at ${edi.state().messages}`);
      return ediArchive(name);
    };
    const write = edi.outbox.write.bind(edi.outbox);
    edi.outbox.write = (name, text) => {
      seen.push(`write ${name} at ${edi.state().messages}`);
      return write(name, text);
    };
    await edi.prepare();
    writeFileSync(join(base, 'edi', 'in', 'RE_42.edi'), X12);
    writeFileSync(join(base, 'edi', 'in', 'RE_42.edi.done'), '');
    assert.deepEqual((await edi.drain()).map((o) => o.outcome), ['archived']);
    assert.deepEqual(seen, ['write 997-000000042.edi at 1', 'archive RE_42.edi at 1'], 'edi-x12: the 944 counted before its 997 and its archiving');
  } finally {
    await hub.close();
    rmSync(base, { recursive: true, force: true });
  }
});
