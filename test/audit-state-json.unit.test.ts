import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stateJson } from '../src/audit/index.ts';
import { canonicalJson } from '../src/orders/index.ts';

// stateJson is defined as canonicalJson(JSON.parse(JSON.stringify(v))) (the text every stored entry
// holds and is hashed over); its one-pass writer for plain data must give exactly that text.
const definition = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const plain: unknown = JSON.parse(JSON.stringify(v) ?? 'null');
  return plain === null ? null : canonicalJson(plain);
};

class Point {
  constructor(readonly x: number, readonly y?: number) {}
}

const storedOrder = {
  id: 'ORD-7',
  state: 'partial',
  order: { id: 'ORD-7', channel: 'web', destination: { lat: 31.2, lon: 121.5 }, lines: [{ sku: 'SKU-A', qty: 2, unit: 'case' }], promisedHours: 48, priority: 0, note: undefined },
  lines: [{ sku: 'SKU-A', qty: 24 }],
  allocation: [{ sku: 'SKU-A', warehouse: 'WH-1', qty: 12, etaHours: 30.5, cost: 1.25 }],
  unfilled: [{ sku: 'SKU-A', qty: 12, reason: 'no-stock' }],
  explanation: { objective: { cost: 1.25, lateness: 0 }, candidates: [{ warehouse: 'WH-1', score: -0, reasons: [] }, { warehouse: 'WH-2', score: 1e21, reasons: ['far'] }] },
  createdAt: '2026-11-26T00:00:00.000Z',
  updatedAt: '2026-11-26T00:00:00.000Z',
};

const cases: [string, unknown][] = [
  ['a stored order with its explanation', storedOrder],
  ['keys that sort differently as numbers and as text, and odd characters', { b: 1, a: 2, '10': 'x', '9': 'y', 'é': 1, 'Z': 0, '"q"': '\u2028 \ud800 \n' }],
  ['undefined fields vanish, undefined array items become null', { a: undefined, b: [1, undefined, 3], c: { d: undefined } }],
  ['a sparse array', [1, , 3]],
  ['non-finite numbers and -0', { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0, d: 1e-7, e: 0.1 + 0.2 }],
  ['a date (toJSON)', { at: new Date(Date.UTC(2026, 10, 26)) }],
  ['an object with its own toJSON', { v: { toJSON: () => ({ z: 1, a: 2 }) } }],
  ['a class instance', { p: new Point(1) }],
  ['a Map and a Set (no own keys)', { m: new Map([['a', 1]]), s: new Set([1]) }],
  ['a function and a symbol field', { f: () => 1, s: Symbol('x'), k: 1 }],
  ['a function and a symbol in an array', [() => 1, Symbol('x')]],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { b: 1, a: [true, false, null] })],
  ['boxed primitives', { n: Object(1) as unknown, s: Object('x') as unknown, b: Object(false) as unknown }],
  ['a top-level string, number, boolean', 'text'],
  ['a top-level number', 42],
  ['a top-level false', false],
  ['an empty object and array', { o: {}, a: [] }],
  ['deep nesting', JSON.parse(`${'{"a":'.repeat(300)}1${'}'.repeat(300)}`) as unknown],
];

test('stateJson gives the definition\'s text for plain data and for everything else', () => {
  for (const [what, v] of cases) assert.equal(stateJson(v), definition(v), what);
});

test('stateJson: none is null, a function is null, a cycle and a bigint are refused as by JSON.stringify', () => {
  assert.equal(stateJson(undefined), null);
  assert.equal(stateJson(null), null);
  assert.equal(stateJson(() => 1), null);
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.throws(() => stateJson(cyclic), TypeError);
  assert.throws(() => stateJson({ n: 1n }), TypeError);
});

test('stateJson of a stored order is sorted at every level and parses back to the same data', () => {
  const text = stateJson(storedOrder) as string;
  assert.ok(text.startsWith('{"allocation":[{"cost":1.25,"etaHours":30.5,"qty":12,"sku":"SKU-A","warehouse":"WH-1"}],"createdAt":'), text);
  assert.ok(!text.includes('note'), 'undefined field left out');
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(storedOrder)));
});
