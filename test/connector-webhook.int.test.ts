import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import type { InboundSink } from '../src/connectors/connector.ts';
import { ledgerSink, storeConnectorStates, storeRejections } from '../src/connectors/runtime/index.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookConnector, signWebhook, webhookRoutes } from '../src/connectors/webhook/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { listGaps } from '../src/ledger/index.ts';
import { eventCount, qtyOf, seedConnectorNetwork } from './support/connector-network.ts';

const T = { timeout: 20_000 };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/webhook/${name}`, import.meta.url), 'utf8');
const recorded = JSON.parse(fixture('signed-delivery.json')) as { secret: string; url: string; headers: Record<string, string>; body: string };
const RECORDED_AT = new Date('2026-11-25T04:00:30Z');
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Rig {
  readonly hub: Hub;
  readonly app: FastifyInstance;
  readonly connector: WebhookConnector;
  clock: Date;
  post(body: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

async function rig(opts: { sink?: (hub: Hub) => InboundSink; secrets?: readonly string[] } = {}): Promise<Rig> {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  await seedConnectorNetwork(hub);
  const app = Fastify({ logger: false });
  cleanups.push(async () => {
    await app.close();
    await hub.close();
  });
  const r: Rig = {
    hub,
    app,
    clock: RECORDED_AT,
    connector: new WebhookConnector('saas-bj', { now: () => r.clock, states: storeConnectorStates(hub.store.db, () => r.clock) }),
    post(body, headers) {
      const ts = Math.floor(r.clock.getTime() / 1000);
      return app.inject({
        method: 'POST',
        url: '/hooks/saas-bj',
        headers: headers ?? { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signWebhook(recorded.secret, ts, body) },
        payload: body,
      });
    },
  };
  const rejections = storeRejections(hub.store.db);
  await app.register(
    webhookRoutes({
      sink: opts.sink ? opts.sink(hub) : ledgerSink(hub),
      secrets: (s) => (s === 'saas-bj' ? (opts.secrets ?? recorded.secret) : undefined),
      now: () => r.clock,
      recordRejection: (x) => rejections.record(x),
      warehouseCodes: () => ({ 'BJ-01': 'WH-BJ' }),
      connector: (s) => (s === 'saas-bj' ? r.connector : undefined),
    }),
  );
  await r.connector.start();
  return r;
}

const rejectionsOf = (hub: Hub) => storeRejections(hub.store.db).list({ source: 'saas-bj' });

describe('webhook receiver', () => {
  test('given the recorded signed delivery, then it is accepted and the ledger shows it in canonical terms', T, async () => {
    const r = await rig();
    const res = await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: recorded.body });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { delivery_id: 'dlv_01JDQ8Z6K3M9W2XAB4C5D6E7F8', accepted: 7, snapshots: 0, refused: [] });
    assert.equal(await qtyOf(r.hub, 'WH-BJ', 'SKU-TEA'), 48 - 6 - 2);
    assert.equal(await qtyOf(r.hub, 'WH-BJ', 'SKU-TEA', 'damaged'), 1);
    assert.equal(await qtyOf(r.hub, 'WH-BJ', 'SKU-VAX', 'available', 'VX9-2611A'), 100);
    assert.equal(await qtyOf(r.hub, 'WH-BJ', 'SKU-VAX', 'quarantine', 'VX9-2611A'), 20);
    const s = r.connector.state();
    assert.deepEqual([s.state, s.messages, s.cursor, s.lagMs], ['running', 7, 'dlv_01JDQ8Z6K3M9W2XAB4C5D6E7F8', 25_000]);
    await r.connector.stop();
    const [saved] = await storeConnectorStates(r.hub.store.db, () => r.clock).list();
    assert.deepEqual([saved?.state, saved?.messages], ['stopped', 7]);
  });

  test('given the same delivery again (a redelivery), then it is accepted and changes nothing', T, async () => {
    const r = await rig();
    for (let i = 0; i < 3; i++) {
      const res = await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: recorded.body });
      assert.equal(res.statusCode, 200);
    }
    assert.equal(await eventCount(r.hub, 'saas-bj'), 7);
    assert.equal(await qtyOf(r.hub, 'WH-BJ', 'SKU-TEA'), 40);
  });

  const refusals: [string, (h: Record<string, string>) => Record<string, string>, string, string][] = [
    ['no signature', ({ [SIGNATURE_HEADER]: _s, ...h }) => h, 'SIGNATURE_INVALID', 'signature_missing'],
    ['a signature that is not sha256=<hex>', (h) => ({ ...h, [SIGNATURE_HEADER]: 'v1=abc' }), 'SIGNATURE_INVALID', 'signature_malformed'],
    ['a wrong signature', (h) => ({ ...h, [SIGNATURE_HEADER]: `sha256=${'0'.repeat(64)}` }), 'SIGNATURE_INVALID', 'signature_mismatch'],
    ['a signature made with another secret', (h) => ({ ...h, [SIGNATURE_HEADER]: signWebhook('guess', h[TIMESTAMP_HEADER] ?? '', recorded.body) }), 'SIGNATURE_INVALID', 'signature_mismatch'],
    ['a timestamp changed after signing', (h) => ({ ...h, [TIMESTAMP_HEADER]: String(Number(h[TIMESTAMP_HEADER]) + 1) }), 'SIGNATURE_INVALID', 'signature_mismatch'],
    ['no timestamp', ({ [TIMESTAMP_HEADER]: _t, ...h }) => h, 'TIMESTAMP_OUT_OF_TOLERANCE', 'timestamp_missing'],
  ];
  for (const [what, change, code, reason] of refusals) {
    test(`given ${what}, then 401 problem+json, recorded with the reason, nothing applied`, T, async () => {
      const r = await rig();
      const res = await r.app.inject({ method: 'POST', url: recorded.url, headers: change(recorded.headers), payload: recorded.body });
      assert.equal(res.statusCode, 401);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const p = res.json() as { code: string; status: number; type: string };
      assert.deepEqual([p.code, p.status, p.type], [code, 401, `urn:stockmesh:error:${code}`]);
      const [rec] = await rejectionsOf(r.hub);
      assert.deepEqual([rec?.code, rec?.reason, rec?.dialect, rec?.payload], [code, reason, 'webhook', recorded.body]);
      assert.equal(await eventCount(r.hub, 'saas-bj'), 0);
      assert.equal(r.connector.state().errors, 1);
    });
  }

  test('given a body changed after signing, then 401 signature_mismatch', T, async () => {
    const r = await rig();
    const tampered = recorded.body.replace('"quantity":48', '"quantity":4800');
    const res = await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: tampered });
    assert.equal(res.statusCode, 401);
    assert.equal((await rejectionsOf(r.hub))[0]?.reason, 'signature_mismatch');
  });

  test('given a genuine delivery replayed after the tolerance (300 s), then 401 TIMESTAMP_OUT_OF_TOLERANCE; inside it, harmless', T, async () => {
    const r = await rig();
    r.clock = new Date(RECORDED_AT.getTime() + 280_000);
    assert.equal((await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: recorded.body })).statusCode, 200);
    r.clock = new Date(RECORDED_AT.getTime() + 301_000);
    const late = await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: recorded.body });
    assert.equal(late.statusCode, 401);
    assert.equal((late.json() as { code: string }).code, 'TIMESTAMP_OUT_OF_TOLERANCE');
    const [rec] = await rejectionsOf(r.hub);
    assert.equal(rec?.reason, 'timestamp_outside_tolerance');
    r.clock = new Date(RECORDED_AT.getTime() - 400_000);
    assert.equal((await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: recorded.body })).statusCode, 401, 'from the future too');
    assert.equal(await eventCount(r.hub, 'saas-bj'), 7);
  });

  test('given a source with no secret, then 401 recorded as unknown_source (which sources exist is not revealed)', T, async () => {
    const r = await rig();
    const res = await r.app.inject({ method: 'POST', url: '/hooks/someone-else', headers: recorded.headers, payload: recorded.body });
    assert.equal(res.statusCode, 401);
    const rec = await storeRejections(r.hub.store.db).list({ source: 'someone-else' });
    assert.equal(rec[0]?.reason, 'unknown_source');
  });

  test('given two secrets while rotating, then a delivery signed with either is accepted', T, async () => {
    const r = await rig({ secrets: ['whsec_new_one', recorded.secret] });
    assert.equal((await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: recorded.body })).statusCode, 200);
  });

  test('given a signed body that is not JSON or not a delivery, then 400 problem+json, recorded', T, async () => {
    const r = await rig();
    const a = await r.post('{"delivery_id": "x", "events": [');
    assert.equal(a.statusCode, 400);
    assert.equal((a.json() as { code: string }).code, 'MALFORMED_MESSAGE');
    const b = await r.post(JSON.stringify({ delivery_id: 'dlv_x', events: [] }));
    assert.equal(b.statusCode, 400);
    assert.deepEqual((await rejectionsOf(r.hub)).map((x) => x.reason), ['not_json', 'malformed_delivery']);
  });

  test('given a delivery with some bad events, then the good ones apply, the bad ones are listed in the answer and recorded', T, async () => {
    const r = await rig();
    const res = await r.post(fixture('delivery-bad-events.json'));
    assert.equal(res.statusCode, 200);
    const body = res.json() as { accepted: number; refused: { id: string; problems: { code: string; where: string }[] }[] };
    assert.equal(body.accepted, 1);
    assert.deepEqual(body.refused.map((x) => x.id), ['evt_bad_qty', 'evt_bad_type', 'evt_no_state', 'evt_bad_time', 'evt_ghost_facility']);
    assert.equal(body.refused[4]?.problems[0]?.code, 'UNKNOWN_WAREHOUSE');
    assert.equal(await qtyOf(r.hub, 'WH-BJ', 'SKU-TEA'), 5);
    const recs = await rejectionsOf(r.hub);
    assert.equal(recs.length, 5);
    assert.ok(recs.every((x) => x.reason === 'malformed_event' && x.location?.startsWith('dlv_01JDQ9BAD')));
  });

  test('given a snapshot event, then it is reconciled like any snapshot (drift adjusted, gaps closed)', T, async () => {
    const r = await rig();
    await r.app.inject({ method: 'POST', url: recorded.url, headers: recorded.headers, payload: recorded.body });
    const res = await r.post(fixture('delivery-snapshot.json'));
    assert.deepEqual(res.json(), { delivery_id: 'dlv_01JDQZ00NIGHTLY2026112500', accepted: 0, snapshots: 1, refused: [] });
    assert.equal(await qtyOf(r.hub, 'WH-BJ', 'SKU-TEA'), 39);
    const drift = await r.hub.store.db.selectFrom('drift').selectAll().execute();
    assert.deepEqual(drift.map((d) => [d.sku_id, d.status, d.delta]), [['SKU-TEA', 'available', -1]]);
    assert.deepEqual(await listGaps(r.hub.store.db, { source: 'saas-bj', open: true }), []);
  });

  test('given the store failing, then 503 with Retry-After (the sender retries) and nothing is recorded as refused', T, async () => {
    const r = await rig({ sink: () => ({ events: async () => Promise.reject(new Error('disk full')), snapshot: async () => undefined }) });
    const res = await r.post(recorded.body);
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '5');
    assert.deepEqual(await rejectionsOf(r.hub), []);
  });

  test('given a body over the limit, then 413 and nothing applied', T, async () => {
    const r = await rig();
    const big = JSON.stringify({ delivery_id: 'dlv_big', events: [{ pad: 'x'.repeat(1024 * 1024) }] });
    const res = await r.post(big);
    assert.equal(res.statusCode, 413);
    assert.equal(await eventCount(r.hub, 'saas-bj'), 0);
  });

  test('given any content type (the signature covers the bytes), then the body is still verified and read', T, async () => {
    const r = await rig();
    const ts = Math.floor(r.clock.getTime() / 1000);
    const res = await r.app.inject({
      method: 'POST',
      url: '/hooks/saas-bj',
      headers: { 'content-type': 'text/plain; charset=utf-8', [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signWebhook(recorded.secret, ts, recorded.body) },
      payload: recorded.body,
    });
    assert.equal(res.statusCode, 200);
  });
});
