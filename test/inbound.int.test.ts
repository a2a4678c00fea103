import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { busSink, startLedgerConsumer } from '../src/inbound/index.ts';
import { listPositions, verifyLedger } from '../src/ledger/index.ts';
import { seedSmallNetwork, shEvent } from './support/small-network.ts';

/** Connectors → bus → ledger: what a connector hands the sink shows up in the global view, once. */
async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the ledger consumer');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const variants: { name: string; prefix: string; skip: string | false; open: () => Promise<Hub> }[] = [
  { name: 'embedded bus, sqlite', prefix: 'stockmesh', skip: false, open: () => openHub({ ...configFromEnv({}) }, { sqliteFile: ':memory:' }) },
  {
    name: 'NATS JetStream, sqlite',
    prefix: `inb${process.pid}`,
    skip: process.env.NATS_URL ? false : 'NATS_URL not set: NATS suite skipped',
    open: () =>
      openHub({ ...configFromEnv({}), natsUrl: process.env.NATS_URL }, {
        sqliteFile: ':memory:',
        busSubjectPrefix: `inb${process.pid}`,
        busStream: `INBOUND_TEST_${process.pid}`,
      }),
  },
];

for (const v of variants) {
  describe(`inbound path [${v.name}]`, { skip: v.skip }, () => {
    const hubs: Hub[] = [];
    after(async () => {
      for (const h of hubs) await h.close();
      if (v.name.startsWith('NATS')) {
        const nc = await connect({ servers: process.env.NATS_URL });
        await (await jetstreamManager(nc)).streams.delete(`INBOUND_TEST_${process.pid}`).catch(() => false);
        await nc.close();
      }
    });

    test('events and a snapshot published through the sink are applied in order, duplicates once', async () => {
      const hub = await v.open();
      hubs.push(hub);
      await seedSmallNetwork(hub);
      const sub = await startLedgerConsumer({ bus: hub.bus, store: hub.store, ingestor: hub.ingestor, masterData: hub.masterData, durable: `ledger_${process.pid}`, filter: `${v.prefix}.inventory.>` });
      const sink = busSink(hub.bus, v.prefix);
      const receipt = shEvent({ id: 'in-1', sequence: 1, quantity: 50 });
      await sink.events([{ raw: receipt }, { raw: JSON.stringify(shEvent({ id: 'in-2', sequence: 2, quantity: 5, fromStatus: 'AVAIL', toStatus: 'QC', reason: 'quarantine' })) }]);
      await sink.events([{ raw: receipt }]);
      await sink.snapshot({ id: 'snap-in', source: 'wms-sh', warehouse: 'WH-SH', takenAt: '2026-11-25T20:00:00Z', lines: [{ sku: 'T-100', status: 'AVAIL', quantity: 40 }, { sku: 'T-100', status: 'QC', quantity: 5 }] });
      await sink.events([{ raw: shEvent({ id: 'in-3', sequence: 3, quantity: 2, occurredAt: '2026-11-25T21:00:00Z' }) }]);
      const avail = async () => (await listPositions(hub.store.db, { sku: 'SKU-TEA' })).find((p) => p.status === 'available')?.qty;
      await waitFor(async () => (await avail()) === 42);
      const drift = await hub.store.db.selectFrom('drift').selectAll().execute();
      assert.deepEqual(drift.map((d) => [d.status, d.ledger_qty, d.counted_qty]), [['available', 45, 40]]);
      await sub.stop();
      assert.equal((await verifyLedger(hub.store.db)).ok, true);
      assert.equal(await avail(), 42);
    });
  });
}
