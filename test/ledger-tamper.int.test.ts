import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Hub } from '../src/hub/index.ts';
import { verifyLedger } from '../src/ledger/index.ts';
import { forEachStore } from './support/stores.ts';
import { seedSmallNetwork, shEvent } from './support/small-network.ts';

// Tampering is done the way an attacker or a careless admin would: SQL straight into the tables.
async function ledgerOf(open: () => Promise<Hub>): Promise<Hub> {
  const hub = await open();
  await seedSmallNetwork(hub);
  await hub.ingestor.ingest(Array.from({ length: 10 }, (_, i) => ({ raw: shEvent({ id: `t-${i + 1}`, sequence: i + 1, quantity: i + 1 }) })));
  assert.equal((await verifyLedger(hub.store.db)).ok, true);
  return hub;
}

forEachStore('ledger hash chain', (store) => {
  const open = () => store.open();

  test('an edited quantity is named as the first bad entry', async () => {
    const hub = await ledgerOf(open);
    await sql`update events set quantity = 999 where chain_seq = 4`.execute(hub.store.db);
    const r = await verifyLedger(hub.store.db);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.chainSeq, 4);
    assert.equal(!r.ok && r.eventId, 't-4');
    assert.match(!r.ok ? r.reason : '', /edited/);
  });

  test('an edited hash (to cover an edit) breaks the next link', async () => {
    const hub = await ledgerOf(open);
    await sql`update events set quantity = 999, hash = ${'f'.repeat(64)} where chain_seq = 4`.execute(hub.store.db);
    const r = await verifyLedger(hub.store.db);
    assert.equal(!r.ok && r.chainSeq, 4);
  });

  test('a removed entry in the middle is detected', async () => {
    const hub = await ledgerOf(open);
    await sql`delete from events where chain_seq = 6`.execute(hub.store.db);
    const r = await verifyLedger(hub.store.db);
    assert.equal(!r.ok && r.chainSeq, 6);
    assert.match(!r.ok ? r.reason : '', /missing/);
  });

  test('a removed last entry is detected through the head', async () => {
    const hub = await ledgerOf(open);
    await sql`delete from events where chain_seq = 10`.execute(hub.store.db);
    const r = await verifyLedger(hub.store.db);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /head/);
  });

  test('an inserted entry is detected', async () => {
    const hub = await ledgerOf(open);
    await sql`update events set chain_seq = chain_seq + 100 where chain_seq > 5`.execute(hub.store.db);
    await sql`update events set chain_seq = chain_seq - 99 where chain_seq > 100`.execute(hub.store.db);
    await sql`insert into events select 6, 'forged', source, null, occurred_at, received_at, warehouse_id, sku_id, lot, expiry,
      500, from_status, to_status, reason, order_ref, transfer_ref, ext_sku, ext_unit, ext_quantity, prev_hash, hash
      from events where chain_seq = 5`.execute(hub.store.db);
    const r = await verifyLedger(hub.store.db);
    assert.equal(!r.ok && r.chainSeq, 6);
  });

  test('two entries swapped in order are detected', async () => {
    const hub = await ledgerOf(open);
    await sql`update events set chain_seq = 1000 where chain_seq = 3`.execute(hub.store.db);
    await sql`update events set chain_seq = 3 where chain_seq = 7`.execute(hub.store.db);
    await sql`update events set chain_seq = 7 where chain_seq = 1000`.execute(hub.store.db);
    const r = await verifyLedger(hub.store.db);
    assert.equal(!r.ok && r.chainSeq, 3);
  });
});
