import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isValidGtin, toBaseUnits } from './index.ts';

test('given whole and decimal quantities, when converted, then only exact results are accepted', () => {
  assert.equal(toBaseUnits(2, 12), 24);
  assert.equal(toBaseUnits('1.5', 12), 18);
  assert.equal(toBaseUnits(0.25, 12), 3);
  assert.equal(toBaseUnits('1.50000', 12), 18);
  assert.equal(toBaseUnits('0.1', 12), undefined);
  assert.equal(toBaseUnits(1 / 3, 3), undefined);
  assert.equal(toBaseUnits(-1, 1), undefined);
  assert.equal(toBaseUnits('1e3', 1), undefined);
  assert.equal(toBaseUnits(1, 0), undefined);
  assert.equal(toBaseUnits(1, 1.5), undefined);
});

test('property: an integer quantity times an integer factor always converts exactly', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 10_000 }), (q, f) => toBaseUnits(q, f) === q * f),
  );
});

test('property: a quantity converts iff quantity × factor is whole (checked with integer arithmetic)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 1000 }), (n, d, f) => {
      const text = d === 0 ? String(n) : `${Math.floor(n / 10 ** d)}.${String(n % 10 ** d).padStart(d, '0')}`;
      const exact = (n * f) % 10 ** d === 0;
      assert.equal(toBaseUnits(text, f), exact ? (n * f) / 10 ** d : undefined);
    }),
  );
});

test('GTIN check digits: published examples pass, a changed digit fails', () => {
  assert.equal(isValidGtin('4006381333931'), true); // GS1 example GTIN-13
  assert.equal(isValidGtin('96385074'), true); // GTIN-8
  assert.equal(isValidGtin('036000291452'), true); // UPC-A
  assert.equal(isValidGtin('10614141000415'), true); // GTIN-14 from the EPCIS examples
  assert.equal(isValidGtin('4006381333932'), false);
  assert.equal(isValidGtin('400638133393'), false);
  assert.equal(isValidGtin('40063813339x1'), false);
});
