import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CanonicalEvent } from '../domain/index.ts';
import { decideBatch, type LedgerState, type Prepared } from './decide-batch.ts';
import { eventHash } from './event-hash.ts';

const GENESIS = '0'.repeat(64);
const state = (over: Partial<LedgerState> = {}): LedgerState => ({
  head: { chainSeq: 0, hash: GENESIS },
  existing: new Map(),
  usedSeqs: new Map(),
  positions: new Map(),
  sequences: new Map(),
  ...over,
});
const ev = (id: string, over: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
  id,
  source: 's',
  sourceSeq: null,
  occurredAt: '2026-11-25T00:00:00Z',
  warehouse: 'W',
  sku: 'K',
  lot: '',
  expiry: null,
  quantity: 5,
  fromStatus: null,
  toStatus: 'available',
  reason: 'receipt',
  orderRef: null,
  transferRef: null,
  external: { sku: 'K', unit: null, quantity: '5' },
  ...over,
});
const ok = (e: CanonicalEvent): Prepared => ({ ok: true, event: e, payload: JSON.stringify(e) });
const AT = '2026-11-25T01:00:00.000Z';

test('given a receipt and a move, when decided, then deltas net per position and the chain links', () => {
  const d = decideBatch(state(), [ok(ev('a')), ok(ev('b', { fromStatus: 'available', toStatus: 'picking', quantity: 2 }))], AT);
  assert.deepEqual(d.results.map((r) => r.outcome), ['applied', 'applied']);
  assert.deepEqual([...d.deltas.values()].map((x) => [x.status, x.delta]), [['available', 3], ['picking', 2]]);
  assert.equal(d.appended[0]?.prevHash, GENESIS);
  assert.equal(d.appended[1]?.prevHash, d.appended[0]?.hash);
  assert.equal(d.appended[1]?.hash, eventHash(d.appended[0]?.hash as string, 2, AT, ev('b', { fromStatus: 'available', toStatus: 'picking', quantity: 2 })));
  assert.deepEqual(d.head, { chainSeq: 2, hash: d.appended[1]?.hash });
});

test('given a decrement beyond stock, then STOCK_NEGATIVE and nothing of it applied', () => {
  const positions = new Map([['W\u0000K\u0000\u0000available', 3]]);
  const d = decideBatch(state({ positions }), [ok(ev('x', { fromStatus: 'available', toStatus: null, quantity: 4 }))], AT);
  assert.equal(d.results[0]?.problems?.[0]?.code, 'STOCK_NEGATIVE');
  assert.equal(d.appended.length, 0);
  assert.equal(d.deltas.size, 0);
  assert.equal(d.rejections.length, 1);
});

test('given an id already in the ledger, then same content is a duplicate and other content ID_REUSED', () => {
  const existing = new Map([['a', ev('a')]]);
  const d = decideBatch(state({ existing }), [ok(ev('a')), ok(ev('a', { quantity: 6 }))], AT);
  assert.deepEqual(d.results.map((r) => r.outcome), ['duplicate', 'rejected']);
  assert.equal(d.results[1]?.problems?.[0]?.code, 'ID_REUSED');
  assert.equal(d.appended.length, 0);
});

test('given sequences 1,2,5 then 4, then one gap 3..4 opens and is half filled', () => {
  const d = decideBatch(
    state(),
    [1, 2, 5, 4].map((n) => ok(ev(`e${n}`, { sourceSeq: n }))),
    AT,
  );
  assert.deepEqual(d.gaps.map((g) => [g.fromSeq, g.toSeq, g.filled]), [[3, 4, 1]]);
  assert.equal(d.appended.length, 4);
});

test('given a sequence already used by another id, then SEQUENCE_REUSED', () => {
  const d = decideBatch(state({ usedSeqs: new Map([['s\u00007', 'other']]) }), [ok(ev('n', { sourceSeq: 7 }))], AT);
  assert.equal(d.results[0]?.problems?.[0]?.code, 'SEQUENCE_REUSED');
});

test('property: whatever the order of receipts and issues, no position ever goes below zero and totals match applied events', () => {
  const step = fc.record({
    kind: fc.constantFrom('in', 'out', 'move'),
    qty: fc.integer({ min: 1, max: 20 }),
    lot: fc.constantFrom('', 'L1', 'L2'),
  });
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const batch = steps.map((s, i) =>
        ok(
          ev(`p${i}`, {
            quantity: s.qty,
            lot: s.lot,
            fromStatus: s.kind === 'in' ? null : 'available',
            toStatus: s.kind === 'out' ? null : s.kind === 'move' ? 'quarantine' : 'available',
          }),
        ),
      );
      const d = decideBatch(state(), batch, AT);
      const running = new Map<string, number>();
      for (const e of d.appended) {
        for (const [status, sign] of [[e.fromStatus, -1], [e.toStatus, 1]] as const) {
          if (status === null) continue;
          const k = `${e.lot}/${status}`;
          running.set(k, (running.get(k) ?? 0) + sign * e.quantity);
          assert.ok((running.get(k) ?? 0) >= 0);
        }
      }
      for (const x of d.deltas.values()) assert.equal(x.delta, running.get(`${x.lot}/${x.status}`) ?? 0);
      assert.equal(d.appended.length + d.rejections.length, steps.length);
    }),
  );
});
