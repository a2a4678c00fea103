import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import type { InboundSink } from '../src/connectors/connector.ts';
import { EpcisConnector, type EpcisCaptureOptions, epcisCaptureRoutes, glnOf } from '../src/connectors/epcis/index.ts';
import { ledgerSink, storeConnectorStates, storeRejections } from '../src/connectors/runtime/index.ts';
import type { MasterData } from '../src/domain/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { replayDeadLetters } from '../src/ledger/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { deadLetters, eventCount, qtyOf, seedConnectorNetwork } from './support/connector-network.ts';

// The EPCIS 2.0 capture endpoint with the project's own fixtures (test/fixtures/epcis/README.md):
// DC East (GLN 0690123000010) and the cold store (Digital Link GLN 0690123000034), behind the
// source rfid-east, which records picking (so its shipping rule takes stock from picking).
const T = { timeout: 20_000 };
const sourceData = JSON.parse(readFileSync(new URL('./fixtures/epcis/source-master-data.json', import.meta.url), 'utf8')) as MasterData;
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/epcis/${name}`, import.meta.url), 'utf8');
const SITES: Readonly<Record<string, string>> = { '0690123000010': 'WH-DC-EAST', '0690123000034': 'WH-COLD' };
const NOW = new Date('2026-11-25T03:00:00Z');
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Rig {
  readonly hub: Hub;
  readonly app: FastifyInstance;
  readonly connector: EpcisConnector;
  post(body: string, opts?: { token?: string | null; type?: string; behaviour?: string; source?: string }): Promise<LightMyRequestResponse>;
}

async function rig(over: Partial<EpcisCaptureOptions> = {}, sinkOf: (hub: Hub) => InboundSink = ledgerSink): Promise<Rig> {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  await seedConnectorNetwork(hub);
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, sourceData));
  await hub.masterData.refresh();
  const now = () => NOW;
  const connector = new EpcisConnector('rfid-east', { now, states: storeConnectorStates(hub.store.db, now) });
  await connector.start();
  const rejections = storeRejections(hub.store.db);
  const app = Fastify({ logger: false });
  const source = {
    token: ['tok-retiring-1111', 'tok-current-2222'],
    warehouseFor: (id: string) => SITES[glnOf(id)?.gln ?? ''],
    bizSteps: { shipping: { kind: 'remove', reason: 'ship', from: 'picking' } },
    connector,
  } as const;
  await app.register(epcisCaptureRoutes({ sink: sinkOf(hub), sources: new Map([['rfid-east', source]]), now, recordRejection: (r) => rejections.record(r), ...over }));
  cleanups.push(async () => {
    await app.close();
    await connector.stop();
    await hub.close();
  });
  return {
    hub,
    app,
    connector,
    post: (body, o = {}) =>
      app.inject({
        method: 'POST',
        url: `/epcis/${o.source ?? 'rfid-east'}/capture`,
        headers: {
          'content-type': o.type ?? 'application/ld+json',
          ...(o.token === null ? {} : { authorization: `Bearer ${o.token ?? 'tok-current-2222'}` }),
          ...(o.behaviour ? { 'gs1-capture-error-behaviour': o.behaviour } : {}),
        },
        payload: body,
      }),
  };
}

const rejectionsOf = (hub: Hub) => storeRejections(hub.store.db).list();
/** The fixture with only some of its events. */
const only = (name: string, indices: readonly number[]): string => {
  const doc = JSON.parse(fixture(name)) as { epcisBody: { eventList: unknown[] } };
  doc.epcisBody.eventList = indices.map((i) => doc.epcisBody.eventList[i]);
  return JSON.stringify(doc);
};

describe('EPCIS 2.0 capture endpoint', () => {
  test('given a DC day captured as JSON-LD, then 202 with a capture id and Location, the ledger follows, the job can be read and the connector shows it', T, async () => {
    const r = await rig();
    const res = await r.post(fixture('dc-inbound-outbound.jsonld'));
    assert.equal(res.statusCode, 202, res.body);
    const body = res.json<{ captureID: string; events: number; movements: number; noMovement: number; refused: unknown[] }>();
    assert.match(body.captureID, /^cap_[0-9a-f]{32}$/);
    assert.equal(res.headers.location, `/epcis/rfid-east/capture/${body.captureID}`);
    assert.deepEqual([body.events, body.movements, body.noMovement, body.refused], [5, 6, 1, []]);
    assert.equal(await qtyOf(r.hub, 'WH-DC-EAST', 'SKU-TEA'), 12, '3 cases received, 2 picked');
    assert.equal(await qtyOf(r.hub, 'WH-DC-EAST', 'SKU-TEA', 'picking'), 0, 'and shipped from picking');
    assert.equal(await qtyOf(r.hub, 'WH-COLD', 'SKU-WID'), 1);
    assert.deepEqual((await deadLetters(r.hub, 'rfid-east')).map((d) => d.code), ['EXPIRY_REQUIRED', 'EXPIRY_REQUIRED'], 'the vaccine lots come without expiry');
    const job = await r.app.inject({ method: 'GET', url: res.headers.location as string, headers: { authorization: 'Bearer tok-current-2222' } });
    assert.deepEqual([job.statusCode, job.json().success, job.json().running, job.json().captureErrorBehaviour], [200, true, false, 'rollback']);
    const s = r.connector.state();
    assert.deepEqual([s.state, s.messages, s.errors, s.cursor, s.lastOccurredAt], ['running', 6, 0, body.captureID, '2026-11-25T16:00:00.000Z']);
    await r.connector.stop();
    const saved = await storeConnectorStates(r.hub.store.db, () => NOW).list();
    assert.deepEqual(saved.map((x) => [x.source, x.dialect, x.state, x.messages, x.cursor]), [['rfid-east', 'epcis', 'stopped', 6, body.captureID]]);
  });

  test('given the same document twice (as ld+json with a charset, then as json), then the same capture id and nothing counts twice', T, async () => {
    const r = await rig();
    const a = await r.post(fixture('dc-inbound-outbound.jsonld'), { type: 'application/ld+json; charset=utf-8' });
    const events = await eventCount(r.hub, 'rfid-east');
    const b = await r.post(fixture('dc-inbound-outbound.jsonld'), { type: 'application/json' });
    assert.deepEqual([a.statusCode, b.statusCode, b.json().captureID], [202, 202, a.json().captureID]);
    assert.ok(events > 0);
    assert.equal(await eventCount(r.hub, 'rfid-east'), events);
    assert.equal(await qtyOf(r.hub, 'WH-DC-EAST', 'SKU-TEA'), 12);
    assert.equal((await deadLetters(r.hub, 'rfid-east')).length, 2, 'a duplicate is not a new dead letter either');
  });

  test('given a shipment captured before the receipt and pick it follows, then it waits as a dead letter and a replay makes the books right', T, async () => {
    const r = await rig();
    for (const i of [3, 0, 2]) assert.equal((await r.post(only('dc-inbound-outbound.jsonld', [i]))).statusCode, 202);
    assert.ok((await deadLetters(r.hub, 'rfid-east')).some((d) => d.code === 'STOCK_NEGATIVE'));
    await replayDeadLetters(r.hub.store, r.hub.ingestor, r.hub.masterData);
    assert.equal(await qtyOf(r.hub, 'WH-DC-EAST', 'SKU-TEA'), 12);
    assert.equal(await qtyOf(r.hub, 'WH-DC-EAST', 'SKU-TEA', 'picking'), 0);
  });

  test('given no, a wrong or a non-bearer token, or an unknown source, then 401 before the body is read, recorded; the retiring token still works', T, async () => {
    const r = await rig();
    const doc = fixture('quality-events.jsonld');
    const cases = [
      [{ token: null }, 'token_missing'],
      [{ token: 'tok-current-2223' }, 'token_mismatch'],
      [{ source: 'rfid-west' }, 'unknown_source'],
    ] as const;
    for (const [o, reason] of cases) {
      const res = await r.post(doc, o);
      assert.equal(res.statusCode, 401, reason);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      assert.match(res.headers['www-authenticate'] as string, /^Bearer realm="stockmesh-epcis"/);
      assert.equal(res.json().code, 'CREDENTIALS_INVALID');
    }
    const basic = await r.app.inject({ method: 'POST', url: '/epcis/rfid-east/capture', headers: { 'content-type': 'application/json', authorization: 'Basic dG9rOnRvaw==' }, payload: doc });
    assert.equal(basic.statusCode, 401);
    assert.equal(await eventCount(r.hub, 'rfid-east'), 0);
    const recs = await rejectionsOf(r.hub);
    assert.deepEqual(recs.map((x) => [x.source, x.dialect, x.reason]), [
      ['rfid-east', 'epcis', 'token_missing'],
      ['rfid-east', 'epcis', 'token_mismatch'],
      ['rfid-west', 'epcis', 'unknown_source'],
      ['rfid-east', 'epcis', 'token_missing'],
    ]);
    assert.ok(recs.every((x) => x.payload === undefined), 'an unauthorised body is never read');
    assert.equal((await r.post(doc, { token: 'tok-retiring-1111' })).statusCode, 202);
    assert.equal(r.connector.state().errors, 3);
  });

  test('given bodies that are not EPCIS documents, then 415 or 400 problem+json naming the field, recorded, nothing applied', T, async () => {
    const r = await rig();
    const text = await r.post('eventList: []', { type: 'text/plain' });
    assert.equal(text.statusCode, 415);
    const notJson = await r.post('{"type": "EPCISDocument",');
    assert.deepEqual([notJson.statusCode, notJson.json().problems[0].where], [400, '(document)']);
    const notEpcis = await r.post(JSON.stringify({ type: 'EPCISMasterDataDocument', epcisBody: {} }));
    assert.deepEqual([notEpcis.statusCode, notEpcis.json().problems[0].where], [400, 'type']);
    const badBehaviour = await r.post(fixture('quality-events.jsonld'), { behaviour: 'ignore' });
    assert.equal(badBehaviour.statusCode, 400);
    assert.equal(await eventCount(r.hub, 'rfid-east'), 0);
    const recs = await rejectionsOf(r.hub);
    assert.deepEqual(recs.map((x) => x.reason), ['unsupported_media_type', 'not_json', 'malformed_document', 'bad_capture_behaviour']);
    assert.ok(recs.every((x) => x.payload !== undefined && x.location?.startsWith('capture cap_')));
  });

  test('given a document with malformed events, then under rollback 400 names each event and field and nothing is captured; under proceed the good event is captured and each bad one recorded', T, async () => {
    const r = await rig();
    const doc = fixture('bad-events.jsonld');
    const rolled = await r.post(doc);
    assert.equal(rolled.statusCode, 400);
    const problems = rolled.json<{ problems: { code: string; where: string; message: string }[] }>().problems;
    assert.deepEqual(problems.map((p) => p.where), ['eventList[2] (urn:uuid:b0000000-0003-4000-8000-000000000003)', 'eventList[3] (urn:uuid:b0000000-0004-4000-8000-000000000004)']);
    assert.match(problems[0]!.message, /urn:epc:id:sgtin:0690123\.14567\.2003.*13 digits/);
    assert.match(problems[1]!.message, /^eventTime /);
    assert.equal(await eventCount(r.hub, 'rfid-east'), 0);
    const rolledId = (await rejectionsOf(r.hub))[0]!.location!.replace('capture ', '');
    const job = await r.app.inject({ method: 'GET', url: `/epcis/rfid-east/capture/${rolledId}`, headers: { authorization: 'Bearer tok-current-2222' } });
    assert.deepEqual([job.json().success, job.json().errors.length], [false, 2]);

    const proceeded = await r.post(doc, { behaviour: 'proceed' });
    assert.equal(proceeded.statusCode, 202, proceeded.body);
    const body = proceeded.json<{ captureID: string; movements: number; refused: { index: number }[] }>();
    assert.deepEqual([body.movements, body.refused.map((x) => x.index)], [1, [0, 1, 2, 3, 4]]);
    assert.equal(await qtyOf(r.hub, 'WH-DC-EAST', 'SKU-TEA'), 24);
    const recs = (await rejectionsOf(r.hub)).filter((x) => x.reason === 'event_refused');
    assert.deepEqual(recs.map((x) => [x.code, x.location]), [0, 1, 2, 3, 4].map((i) => [['UNMAPPED_CONTENT', 'UNKNOWN_WAREHOUSE', 'MALFORMED_MESSAGE', 'MALFORMED_MESSAGE', 'UNMAPPED_CONTENT'][i], `${body.captureID}#eventList[${i}]`]));
    assert.equal(JSON.parse(recs[1]!.payload!).eventID, 'urn:uuid:b0000000-0002-4000-8000-000000000002');
  });

  test('given only unmapped events (no malformed one), then the capture is accepted and the unmapped events are recorded one by one', T, async () => {
    const r = await rig();
    const res = await r.post(only('bad-events.jsonld', [0, 1, 5]));
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual(res.json().refused.map((x: { index: number }) => x.index), [0, 1]);
    assert.deepEqual((await rejectionsOf(r.hub)).map((x) => x.reason), ['event_refused', 'event_refused']);
    assert.equal(r.connector.state().errors, 1);
  });

  test('given the hub unable to store, then 503 with Retry-After and nothing recorded as refused; given a body over the limit, then 413', T, async () => {
    const failing: InboundSink = { events: () => Promise.reject(new Error('disk full')), snapshot: () => Promise.reject(new Error('disk full')) };
    const r = await rig({ bodyLimit: 64 * 1024 }, () => failing);
    const down = await r.post(fixture('quality-events.jsonld'));
    assert.deepEqual([down.statusCode, down.headers['retry-after']], [503, '5']);
    assert.deepEqual(await rejectionsOf(r.hub), []);
    const big = await r.post(JSON.stringify({ type: 'EPCISDocument', pad: 'x'.repeat(70 * 1024) }));
    assert.equal(big.statusCode, 413);
    assert.match(big.headers['content-type'] as string, /^application\/problem\+json/);
    assert.deepEqual((await rejectionsOf(r.hub)).map((x) => x.reason), ['body_too_large']);
    const unknown = await r.app.inject({ method: 'GET', url: '/epcis/rfid-east/capture/cap_nope', headers: { authorization: 'Bearer tok-current-2222' } });
    assert.equal(unknown.statusCode, 404);
  });
});
