import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import type { InboundSink } from '../src/connectors/connector.ts';
import { ledgerSink, storeConnectorStates, storeCursors } from '../src/connectors/runtime/index.ts';
import { StockmeshError } from '../src/domain/index.ts';
import { listGaps } from '../src/ledger/index.ts';
import { eventCount, eventually, openGaps, qtyOf, seedConnectorNetwork, within } from './support/connector-network.ts';
import { RestRig, pullAll as pull, receipts } from './support/connector-rest-rig.ts';
import { movement } from './support/fake-rest-wms.ts';

const T = { timeout: 30_000 };
const rig = new RestRig();
afterEach(() => rig.stopConnectors());
after(() => rig.close());
const openFileHub = (dir?: string) => rig.hub(dir);
const wmsUp = () => rig.wms();
const connectorFor = rig.connector.bind(rig);

describe('rest-pull connector against a fake WMS', () => {
  test('given the WMS down for a while, when it comes back, then the connector catches up from its cursor and nothing counts twice', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    const c = connectorFor(hub, wms);
    wms.push(...receipts(1, 30));
    await c.start();
    await within(10_000, 'first 30', eventually(10_000, '30 events', async () => (await eventCount(hub, 'wms-sh')) === 30));
    await wms.stop();
    wms.push(...receipts(31, 55));
    await eventually(10_000, 'backing off while down', () => c.state().state === 'backing-off' && c.state().consecutiveFailures >= 2);
    assert.match(c.state().lastError ?? '', /SOURCE_UNAVAILABLE/);
    const before = wms.requests.length;
    await wms.start();
    await eventually(10_000, 'caught up', async () => (await eventCount(hub, 'wms-sh')) === 55);
    assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-TEA'), 55);
    const firstAfter = wms.requests.slice(before).find((r) => r.url.startsWith('/api/movements'));
    assert.match(firstAfter?.url ?? '', /after=c29/, 'resumes from the committed cursor, not from the start');
    assert.equal(c.state().state, 'running');
    assert.deepEqual(await openGaps(hub, 'wms-sh'), []);
  });

  test('given 503s with Retry-After, then it backs off with growing, jittered, bounded delays and recovers', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    const waits: number[] = [];
    const c = connectorFor(hub, wms, {
      backoff: { initialMs: 100, maxMs: 1000, factor: 2 },
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    wms.faults.failNext = 6;
    wms.push(...receipts(1, 5));
    await c.start();
    await eventually(10_000, '5 events', async () => (await eventCount(hub, 'wms-sh')) === 5);
    await c.stop();
    assert.deepEqual(waits.slice(0, 6), [75, 150, 300, 600, 750, 750]);
    assert.ok(c.state().errors >= 6);
    assert.equal(c.state().consecutiveFailures, 0);
  });

  test('given a restart, then the connector resumes from the cursor it committed (persisted in the store)', T, async () => {
    const { hub, dir } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    wms.push(...receipts(1, 25));
    const a = connectorFor(hub, wms);
    await pull(a);
    assert.equal(await eventCount(hub, 'wms-sh'), 25);
    await hub.close();

    const { hub: again } = await openFileHub(dir);
    wms.push(...receipts(26, 30));
    const before = wms.requests.length;
    const b = connectorFor(again, wms);
    await pull(b);
    const urls = wms.requests.slice(before).map((r) => r.url);
    assert.match(urls[0] ?? '', /after=c24/);
    assert.ok(!urls.some((u) => !u.includes('after=')), 'never starts over');
    assert.equal(await eventCount(again, 'wms-sh'), 30);
    assert.equal(await qtyOf(again, 'WH-SH', 'SKU-TEA'), 30);
  });

  test('given a crash after the sink accepted a page but before the cursor was committed, then the page comes again and counts once', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    wms.push(...receipts(1, 20));
    const inner = ledgerSink(hub);
    let crashes = 1;
    const crashing: InboundSink = {
      async events(inputs) {
        await inner.events(inputs);
        if (inputs.some((i) => (i.raw as { sequence?: number }).sequence === 15) && crashes-- > 0) throw new Error('killed before the cursor commit');
      },
      snapshot: (d, l) => inner.snapshot(d, l),
    };
    const a = connectorFor(hub, wms, { sink: crashing });
    await assert.rejects(pull(a), /killed/);
    const b = connectorFor(hub, wms);
    await pull(b);
    assert.equal(await eventCount(hub, 'wms-sh'), 20);
    assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-TEA'), 20);
    assert.equal(wms.pullsAfter('c9'), 2, 'the second page was pulled again');
  });

  test('given overlapping pages and items out of order, then every movement counts once and no gap stays open', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    wms.faults.overlap = true;
    wms.faults.reversePages = true;
    // commit order differs from numbering: 5 is committed after 6 and lands on the next page
    const items = receipts(1, 40);
    const five = items.splice(4, 1)[0];
    if (five) items.splice(9, 0, five);
    wms.push(...items);
    const c = connectorFor(hub, wms, { pageSize: 7 });
    await pull(c);
    assert.equal(await eventCount(hub, 'wms-sh'), 40);
    assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-TEA'), 40);
    assert.deepEqual(await openGaps(hub, 'wms-sh'), []);
  });

  test('given a movement the WMS lost, then the gap is seen and, once caught up, a stock snapshot settles the books and closes it', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    wms.push(movement(1, { qty: 10 }), movement(2, { qty: 5 }));
    wms.lose(movement(3, { qty: 7 }));
    wms.push(movement(4, { qty: 1 }), movement(5, { item_no: 'VAX-1', uom: 'box', qty: 2, lot_no: 'L9', exp_date: '2027-03-31' }));
    const c = connectorFor(hub, wms);
    await pull(c);
    assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-TEA'), 23, 'the lost receipt came back through the snapshot');
    assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-VAX', 'available', 'L9'), 20);
    const gaps = await listGaps(hub.store.db, { source: 'wms-sh' });
    assert.equal(gaps.length, 1);
    assert.match(gaps[0]?.closedBy ?? '', /^snapshot:wms-sh:S1:WH-SH$/);
    const drift = await hub.store.db.selectFrom('drift').selectAll().execute();
    assert.deepEqual(drift.map((d) => [d.sku_id, d.delta]), [['SKU-TEA', 7]]);
    const cursor = await storeCursors(hub.store.db, () => new Date()).load('wms-sh', 'movements');
    assert.deepEqual(cursor, { cursor: 'c3', maxSeq: 5, resyncWanted: false });
  });

  test('given a stock listing that is ahead of the cursor, then it is not applied until the stream is read up to it', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    wms.push(movement(1, { qty: 10 }));
    const c = connectorFor(hub, wms);
    await pull(c);
    wms.push(movement(2, { qty: 4 }));
    assert.equal(await c.snapshot(), 'moved-on');
    assert.equal(await hub.store.db.selectFrom('snapshots').selectAll().execute().then((r) => r.length), 0);
    await pull(c);
    assert.equal(await c.snapshot(), 'sent');
    assert.equal(await qtyOf(hub, 'WH-SH', 'SKU-TEA'), 14);
  });

  test('given a page that is not a page, then the connector backs off without moving its cursor and recovers when the WMS does', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    wms.push(...receipts(1, 3));
    wms.faults.garbage = { rows: 'oops' };
    const c = connectorFor(hub, wms);
    await assert.rejects(c.step(), (e: unknown) => e instanceof StockmeshError && e.code === 'MALFORMED_MESSAGE');
    wms.faults.garbage = undefined;
    await pull(c);
    assert.equal(await eventCount(hub, 'wms-sh'), 3);
  });

  test('state: last message, lag behind the source, errors, cursor; persisted for the CLI', T, async () => {
    const { hub } = await openFileHub();
    await seedConnectorNetwork(hub);
    const wms = await wmsUp();
    const now = () => new Date('2026-11-25T00:10:00Z');
    const states = storeConnectorStates(hub.store.db, now);
    wms.push(movement(1, { ts: '2026-11-25T08:01:00+08:00' }), { ...movement(2), item_no: '' });
    const c = connectorFor(hub, wms, { now, states });
    await c.start();
    await eventually(5000, 'one message', () => c.state().messages === 1);
    await c.stop();
    const s = c.state();
    assert.equal(s.lagMs, 9 * 60_000);
    assert.equal(s.lastMessageAt, '2026-11-25T00:10:00.000Z');
    assert.equal(s.cursor, 'c1');
    assert.equal(s.errors, 1);
    assert.match(s.lastError ?? '', /item 1 refused/);
    const [saved] = await states.list();
    assert.deepEqual([saved?.source, saved?.state, saved?.messages, saved?.lagMs], ['wms-sh', 'stopped', 1, 540_000]);
  });
});
