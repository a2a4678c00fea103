import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelay } from './retry-delay.ts';

test('a failed batch is retried after a pause doubling from the first, at most 5 s', () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => retryDelay(100, n)), [100, 200, 400, 800]);
  assert.equal(retryDelay(100, 50), 5000);
});
