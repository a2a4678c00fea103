import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fastParse, inboundEventSchema, parseInboundEvent } from './event-schema.ts';

// The fast shape check must never accept what zod refuses, and must return exactly zod's value
// (trimmed ids included) for what it accepts; everything else falls through to zod's messages.

const fixture = readFileSync(new URL('../../test/fixtures/ledger/events.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .flatMap((l) => {
    try {
      return [JSON.parse(l) as unknown];
    } catch {
      return [];
    }
  });

const base = {
  id: 'e-1',
  source: 'wms-1',
  sequence: 7,
  occurredAt: '2026-11-25T08:00:00+08:00',
  warehouse: 'WH-1',
  sku: 'SKU-1',
  unit: 'case',
  quantity: 12,
  lot: 'L1',
  expiry: '2027-02-28',
  fromStatus: 'AVL',
  toStatus: 'PCK',
  reason: 'pick',
  orderRef: 'O-1',
  transferRef: 'T-1',
};

const odd: unknown[] = [
  '  padded  ', '', ' ', 'x'.repeat(200), ` ${'x'.repeat(200)} `, 'x'.repeat(201), 'y'.repeat(100), 'y'.repeat(101), 0, -1, 1.5, 3,
  Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 2 ** 60, '12', '1.25', '0', '-1', '1e3', '.5', '12 ', null, true, [], {}, ['a'],
  '2026-11-25T08:00:00Z', '2026-11-25T08:00:00.123+01:00', '2026-11-25T08:00:00', '2026-11-25 08:00:00Z', '2026-02-29T00:00:00Z',
  '2028-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-25T24:00:00Z', '2026-02-30', '2028-02-29', '2026-1-1', 'receipt_2',
  'Receipt', 'a'.repeat(40), 'a'.repeat(41), undefined,
];

function cases(): unknown[] {
  const out: unknown[] = [...fixture, base, { ...base, quantity: '2.5' }, null, 'text', 42, [], [base], Object.create(null)];
  const { sequence: _s, unit: _u, lot: _l, expiry: _e, fromStatus: _f, orderRef: _o, transferRef: _t, ...bare } = base;
  out.push(bare, { ...bare, extra: 1 }, { ...base, __proto__: { id: 'x' } }, Object.assign(Object.create(null), base));
  class Evt {
    constructor() {
      Object.assign(this, base);
    }
  }
  out.push(new Evt());
  for (const key of Object.keys(base)) {
    for (const v of odd) out.push({ ...base, [key]: v });
    const { [key]: _drop, ...without } = base as Record<string, unknown>;
    out.push(without);
  }
  return out;
}

/** zod's value with keys holding undefined dropped (the ledger treats both alike). */
const defined = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

test('the fast shape check accepts only what zod accepts, with the same value', () => {
  let fast = 0;
  let all = 0;
  for (const c of cases()) {
    all++;
    const z = inboundEventSchema.safeParse(c);
    const f = fastParse(c);
    if (f === undefined) continue;
    fast++;
    assert.equal(z.success, true, `fast path accepted what zod refuses: ${JSON.stringify(c)}`);
    if (z.success) assert.deepEqual(defined(f), defined(z.data), JSON.stringify(c));
  }
  assert.ok(fast > 100 && fast < all, `fast path took ${fast} of ${all} cases`);
});

test('problems are zod’s, word for word, whichever path ran', () => {
  for (const c of cases()) {
    const r = parseInboundEvent(c);
    const z = inboundEventSchema.safeParse(c);
    if (!z.success) {
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.deepEqual(
          r.problems.map((p) => [p.code, p.message, p.where]),
          z.error.issues.map((i) => ['MALFORMED_EVENT', i.message, i.path.length ? i.path.join('.') : '(event)']),
        );
      }
    }
  }
});

test('padded ids are trimmed on the fast path as zod trims them', () => {
  const r = parseInboundEvent({ ...base, id: '  e-1 ', lot: ' L1 ' });
  assert.equal(r.ok, true);
  if (r.ok) assert.deepEqual([r.event.id, r.event.lot], ['e-1', 'L1']);
});
