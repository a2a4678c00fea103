import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconcile, type Snapshot } from './reconcile.ts';

const snap: Snapshot = { id: 'S1', source: 'src', warehouse: 'W', takenAt: '2026-11-25T00:00:00Z', lines: [] };

test('given counted stock above, below and absent from the ledger, then one adjusting event each with stable ids', () => {
  const out = reconcile(
    snap,
    [
      { sku: 'A', lot: '', status: 'available', qty: 12, expiry: null, externalSku: 'a' },
      { sku: 'B', lot: 'L', status: 'available', qty: 3, expiry: '2027-01-01', externalSku: 'b' },
      { sku: 'C', lot: '', status: 'available', qty: 7, expiry: null, externalSku: 'c' },
    ],
    [
      { sku: 'A', lot: '', status: 'available', qty: 10 },
      { sku: 'B', lot: 'L', status: 'available', qty: 5 },
      { sku: 'C', lot: '', status: 'available', qty: 7 },
      { sku: 'D', lot: '', status: 'quarantine', qty: 4 },
    ],
  );
  assert.deepEqual(
    out.map((e) => [e.id, e.fromStatus, e.toStatus, e.quantity, e.reason]),
    [
      ['S1:A::available', null, 'available', 2, 'snapshot_drift'],
      ['S1:B:L:available', 'available', null, 2, 'snapshot_drift'],
      ['S1:D::quarantine', 'quarantine', null, 4, 'snapshot_drift'],
    ],
  );
});

test('given a snapshot that matches the ledger, then no adjustment', () => {
  assert.deepEqual(
    reconcile(snap, [{ sku: 'A', lot: '', status: 'available', qty: 1, expiry: null, externalSku: 'a' }], [{ sku: 'A', lot: '', status: 'available', qty: 1 }]),
    [],
  );
});
