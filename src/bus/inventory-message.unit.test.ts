import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inventoryKey, inventoryMessage, inventorySubject } from './index.ts';

test('inventory events travel per warehouse, keyed by warehouse × SKU', () => {
  assert.equal(inventorySubject('WH-SH'), 'stockmesh.inventory.WH-SH');
  assert.equal(inventorySubject('WH.SH 1', 'p'), 'p.inventory.WH_SH_1');
  assert.equal(inventoryKey('WH-SH', 'SKU-TEA'), 'WH-SH|SKU-TEA');
});

test('an inbound event becomes a bus message by warehouse, keyed by warehouse × code, with its id; a broken one still travels', () => {
  const e = { id: 'e1', warehouse: 'WH-SH', sku: 'T-100', quantity: 1 };
  assert.deepEqual(inventoryMessage(e), {
    subject: 'stockmesh.inventory.WH-SH',
    message: { id: 'e1', key: 'WH-SH|T-100', payload: JSON.stringify(e) },
  });
  assert.equal(inventoryMessage(JSON.stringify(e), 'p').subject, 'p.inventory.WH-SH');
  const broken = inventoryMessage('{"id":');
  assert.equal(broken.subject, 'stockmesh.inventory._');
  assert.match(broken.message.id, /^sha256:[0-9a-f]{64}$/);
  assert.equal(broken.message.payload, '{"id":');
});
