import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { type Bus, type Delivered, EmbeddedBus, NatsBus } from '../src/bus/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { listPositions } from '../src/ledger/index.ts';
import { forEachStore } from './support/stores.ts';
import { seedSmallNetwork, shEvent } from './support/small-network.ts';

const NATS_URL = process.env.NATS_URL;
const NATS_SKIP = 'NATS_URL not set: NATS suite skipped';
const T = { timeout: 30_000 };

/** One bus on one hub, with subjects under a prefix of its own and a way to restart the bus. */
interface Fixture {
  readonly hub: Hub;
  readonly bus: Bus;
  subject(suffix: string): string;
  readonly all: string;
  /** Closes the bus and opens a new one on the same store (and the same stream). */
  reopen(): Promise<Bus>;
  /** Opens another bus on the same store and stream (a second hub process), closed with the fixture. */
  spawn(): Promise<Bus>;
  close(): Promise<void>;
}

interface BusUnderTest {
  open(): Promise<Fixture>;
}

let serial = 0;

function forEachBus(title: string, suite: (b: BusUnderTest) => void): void {
  forEachStore(`${title} embedded`, (store) =>
    suite({
      async open() {
        const hub = await store.open();
        const make = (): Bus => new EmbeddedBus(hub.store, { pollInterval: 20 });
        return fixture(hub, make(), 'stockmesh', async () => make());
      },
    }),
  );
  describe(`${title} [nats]`, { skip: NATS_URL ? false : NATS_SKIP }, () => {
    const streams: string[] = [];
    const hubs: Hub[] = [];
    after(async () => {
      const nc = await connect({ servers: NATS_URL });
      const jsm = await jetstreamManager(nc);
      for (const s of streams) await jsm.streams.delete(s).catch(() => false);
      await nc.close();
      for (const h of hubs) await h.close();
    });
    suite({
      async open() {
        const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
        hubs.push(hub);
        const n = ++serial;
        const stream = `T_BUS_${process.pid}_${n}`;
        const prefix = `tbus${process.pid}n${n}`;
        streams.push(stream);
        const make = (): Promise<Bus> => NatsBus.open(hub.store, { url: NATS_URL as string, stream, subjectPrefix: prefix, pollInterval: 20 });
        return fixture(hub, await make(), prefix, make);
      },
    });
  });
}

function fixture(hub: Hub, first: Bus, prefix: string, make: () => Promise<Bus>): Fixture {
  let bus = first;
  const others: Bus[] = [];
  return {
    hub,
    get bus() {
      return bus;
    },
    subject: (s) => `${prefix}.${s}`,
    all: `${prefix}.>`,
    async reopen() {
      await bus.close();
      bus = await make();
      return bus;
    },
    async spawn() {
      const b = await make();
      others.push(b);
      return b;
    },
    async close() {
      for (const o of others) await o.close();
      await bus.close();
    },
  };
}

async function withBus(b: BusUnderTest, body: (f: Fixture) => Promise<void>): Promise<void> {
  const f = await b.open();
  try {
    await body(f);
  } finally {
    await f.close();
  }
}

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const msg = (id: string, key = 'k', payload = id) => ({ id, key, payload });
const ids = (ds: readonly Delivered[]) => ds.map((d) => d.id);
const opts = { maxBatch: 100, ackWait: 5000, retryDelay: 20 };

forEachBus('bus contract', (b) => {
  test('published messages are delivered to a durable consumer, in order, with subject, key and payload', T, () =>
    withBus(b, async (f) => {
      await f.bus.publish(f.subject('inventory.WH-SH'), [msg('a', 'WH-SH|T'), msg('b', 'WH-SH|T'), msg('c', 'WH-SH|V')]);
      await f.bus.publish(f.subject('other.x'), [msg('z')]);
      const got: Delivered[] = [];
      await f.bus.consume('d1', f.subject('inventory.*'), async (batch) => void got.push(...batch), opts);
      await waitFor('3 messages', () => got.length >= 3);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(ids(got), ['a', 'b', 'c']);
      assert.deepEqual(got.map((d) => [d.subject, d.key, d.payload, d.deliveries]), [
        [f.subject('inventory.WH-SH'), 'WH-SH|T', 'a', 1],
        [f.subject('inventory.WH-SH'), 'WH-SH|T', 'b', 1],
        [f.subject('inventory.WH-SH'), 'WH-SH|V', 'c', 1],
      ]);
      assert.ok(got[0] && got[1] && got[0].seq < got[1].seq);
    }));

  test('publishInTx: nothing is delivered before commit, and nothing of a rolled-back transaction', T, () =>
    withBus(b, async (f) => {
      const got: Delivered[] = [];
      await f.bus.consume('d1', f.all, async (batch) => void got.push(...batch), opts);
      await assert.rejects(
        f.hub.store.db.transaction().execute(async (tx) => {
          await f.bus.publishInTx(tx, f.subject('e'), [msg('rolled-back')]);
          throw new Error('roll back');
        }),
        /roll back/,
      );
      let seenInside = -1;
      await f.hub.store.db.transaction().execute(async (tx) => {
        await f.bus.publishInTx(tx, f.subject('e'), [msg('committed-1'), msg('committed-2')]);
        // On PostgreSQL the consumer's polls run beside this open transaction; on SQLite they queue behind it.
        await new Promise((r) => setTimeout(r, 150));
        seenInside = got.length;
      });
      assert.equal(seenInside, 0);
      await waitFor('committed messages', () => got.length >= 2);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(ids(got), ['committed-1', 'committed-2']);
    }));

  test('a failing handler gets the same batch again, and nothing newer first', T, () =>
    withBus(b, async (f) => {
      const calls: { ids: string[]; deliveries: number[] }[] = [];
      await f.bus.publish(f.subject('e'), [msg('1'), msg('2')]);
      await f.bus.consume(
        'd1',
        f.all,
        async (batch) => {
          calls.push({ ids: ids(batch), deliveries: batch.map((d) => d.deliveries) });
          if (calls.length === 1) {
            await f.bus.publish(f.subject('e'), [msg('3')]);
            throw new Error('handler failed');
          }
        },
        opts,
      );
      await waitFor('message 3', () => calls.some((c) => c.ids.includes('3')));
      assert.deepEqual(calls[0], { ids: ['1', '2'], deliveries: [1, 1] });
      assert.deepEqual(calls[1], { ids: ['1', '2'], deliveries: [2, 2] });
      assert.deepEqual(calls.slice(2).flatMap((c) => c.ids), ['3']);
    }));

  test('after a restart, what was acknowledged is not delivered again and what was not is', T, () =>
    withBus(b, async (f) => {
      const all = Array.from({ length: 10 }, (_, i) => msg(`m${i + 1}`));
      await f.bus.publish(f.subject('e'), all);
      const acked: string[] = [];
      let failing = 0;
      await f.bus.consume(
        'd1',
        f.all,
        async (batch) => {
          if (batch.some((d) => d.id === 'm6')) {
            failing += 1;
            throw new Error('not now');
          }
          acked.push(...ids(batch));
        },
        { ...opts, maxBatch: 5 },
      );
      await waitFor('a failed attempt at m6..m10', () => failing >= 2);
      assert.deepEqual(acked, ['m1', 'm2', 'm3', 'm4', 'm5']);
      const bus = await f.reopen();
      const again: Delivered[] = [];
      await bus.consume('d1', f.all, async (batch) => void again.push(...batch), { ...opts, maxBatch: 5 });
      await waitFor('m6..m10 again', () => again.length >= 5);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(ids(again), ['m6', 'm7', 'm8', 'm9', 'm10']);
    }));

  test('a second instance of a durable stands by, then takes over where the first stopped', T, () =>
    withBus(b, async (f) => {
      const first: string[] = [];
      const second: string[] = [];
      const sub = await f.bus.consume('d1', f.all, async (batch) => void first.push(...ids(batch)), opts);
      await f.bus.publish(f.subject('e'), [msg('1'), msg('2')]);
      await waitFor('1 and 2', () => first.length >= 2);
      const other = await f.spawn();
      await other.consume('d1', f.all, async (batch) => void second.push(...ids(batch)), opts);
      await f.bus.publish(f.subject('e'), [msg('3')]);
      await waitFor('3', () => first.length >= 3);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(second, []);
      await sub.stop();
      await f.bus.publish(f.subject('e'), [msg('4')]);
      await waitFor('4 at the second instance', () => second.length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(first, ['1', '2', '3']);
      assert.deepEqual(second, ['4']);
    }));

  test('messages of one key arrive in publish order under concurrent publishers and failing batches', T, () =>
    withBus(b, async (f) => {
      const KEYS = 6;
      const PER_KEY = 40;
      const handled = new Map<string, number[]>();
      let calls = 0;
      await f.bus.consume(
        'd1',
        f.all,
        async (batch) => {
          calls += 1;
          if (calls % 4 === 0) throw new Error('every fourth batch fails once');
          for (const d of batch) {
            const list = handled.get(d.key) ?? [];
            list.push(Number(d.payload));
            handled.set(d.key, list);
          }
        },
        { ...opts, maxBatch: 7 },
      );
      await Promise.all(
        Array.from({ length: KEYS }, async (_, k) => {
          for (let i = 0; i < PER_KEY; i += 4) {
            const part = [0, 1, 2, 3].map((j) => msg(`k${k}-${i + j}`, `WH-${k % 2}|SKU-${k}`, String(i + j)));
            await f.bus.publish(f.subject(`inventory.WH-${k % 2}`), part);
          }
        }),
      );
      await waitFor('every message', () => [...handled.values()].reduce((s, l) => s + l.length, 0) >= KEYS * PER_KEY);
      for (let k = 0; k < KEYS; k++) {
        assert.deepEqual(handled.get(`WH-${k % 2}|SKU-${k}`), Array.from({ length: PER_KEY }, (_, i) => i), `key ${k}`);
      }
    }));

  test('duplicates by id are harmless end to end: the ledger counts each event once', T, () =>
    withBus(b, async (f) => {
      await seedSmallNetwork(f.hub);
      const events = Array.from({ length: 5 }, (_, i) => shEvent({ id: `bus-dup-${process.pid}-${i}`, quantity: 10 }));
      const asMessages = events.map((e) => msg(String(e.id), 'WH-SH|T-100', JSON.stringify(e)));
      let handled = 0;
      let failedOnce = false;
      await f.bus.consume(
        'ledger',
        f.subject('inventory.*'),
        async (batch) => {
          await f.hub.ingestor.ingest(batch.map((d) => ({ raw: d.payload, location: `bus:${d.seq}` })));
          handled += batch.length;
          if (!failedOnce) {
            failedOnce = true;
            throw new Error('crash after the ledger committed, before the ack');
          }
        },
        opts,
      );
      const subject = f.subject('inventory.WH-SH');
      await f.bus.publish(subject, asMessages);
      await f.bus.publish(subject, asMessages);
      await f.hub.store.db.transaction().execute((tx) => f.bus.publishInTx(tx, subject, asMessages.slice(0, 2)));
      await waitFor('the redelivered batch', () => failedOnce && handled >= 10);
      await new Promise((r) => setTimeout(r, 300));
      const positions = await listPositions(f.hub.store.db, { sku: 'SKU-TEA', warehouse: 'WH-SH' });
      assert.equal(positions.reduce((s, p) => s + p.qty, 0), 50);
    }));
});
