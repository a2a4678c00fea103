import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ConnectorFailure,
  PollLoop,
  StateTracker,
  backoffDelay,
  memoryCursors,
  parseRetryAfter,
  retryDelay,
} from '../src/connectors/runtime/index.ts';

const policy = { initialMs: 100, maxMs: 5000, factor: 2 };

test('backoff: grows by the factor, jittered within [cap/2, cap], never above maxMs', () => {
  assert.deepEqual([0, 1, 2, 3, 10].map((a) => backoffDelay(a, policy, () => 0)), [50, 100, 200, 400, 2500]);
  assert.deepEqual([0, 1, 2, 3, 10].map((a) => backoffDelay(a, policy, () => 0.999999)), [100, 200, 400, 800, 5000]);
  fc.assert(
    fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
      const d = backoffDelay(attempt, policy, () => r);
      assert.ok(d >= 50 && d <= 5000, `${d}`);
    }),
  );
});

test('retry delay: honours Retry-After, within the bound', () => {
  assert.equal(retryDelay(0, policy, () => 0, 3000), 3000);
  assert.equal(retryDelay(0, policy, () => 0, 60_000), 5000);
  assert.equal(retryDelay(3, policy, () => 0, 10), 400);
  const now = new Date('2026-11-25T00:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter('Wed, 25 Nov 2026 00:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('soon', now), undefined);
});

test('poll loop: idle waits the interval, failures back off and count, success resets; stop is prompt', async () => {
  const waits: number[] = [];
  const tracker = new StateTracker('s', 'rest-pull', () => new Date('2026-11-25T00:00:00Z'));
  const script: (() => 'more' | 'idle')[] = [
    () => 'more',
    () => {
      throw new ConnectorFailure('SOURCE_UNAVAILABLE', 'down');
    },
    () => {
      throw new ConnectorFailure('SOURCE_UNAVAILABLE', 'down', 4000);
    },
    () => 'idle',
  ];
  let steps = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const loop = new PollLoop({
    step: async () => {
      const s = script[steps++];
      if (!s) {
        done();
        return 'idle';
      }
      return s();
    },
    idleMs: 1000,
    backoff: policy,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0,
    tracker,
  });
  loop.start();
  await finished;
  await loop.stop();
  assert.deepEqual(waits.slice(0, 3), [50, 4000, 1000]);
  const s = tracker.state();
  assert.deepEqual([s.errors, s.consecutiveFailures, s.state], [2, 0, 'running']);
  assert.match(s.lastError ?? '', /SOURCE_UNAVAILABLE: down/);
});

test('state tracker: messages, lag against the newest source time, cursor, backing off until', () => {
  let now = new Date('2026-11-25T00:10:00Z');
  const t = new StateTracker('wms-sh', 'rest-pull', () => now);
  t.delivered(3, ['2026-11-25T08:00:00+08:00', '2026-11-25T08:05:00+08:00', 'garbage'], 'c2');
  assert.deepEqual([t.state().messages, t.state().lagMs, t.state().cursor, t.state().lastOccurredAt], [3, 300_000, 'c2', '2026-11-25T00:05:00.000Z']);
  now = new Date('2026-11-25T00:11:00Z');
  t.backingOff(new Error('boom'), 2500);
  assert.deepEqual([t.state().state, t.state().retryAt, t.state().consecutiveFailures], ['backing-off', '2026-11-25T00:11:02.500Z', 1]);
  t.delivered(0);
  assert.equal(t.state().lastMessageAt, '2026-11-25T00:10:00.000Z', 'an empty poll is no message');
});

test('memory cursors: load what was committed, per source and stream', async () => {
  const c = memoryCursors();
  assert.deepEqual(await c.load('a', 'm'), { cursor: null, maxSeq: null, resyncWanted: false });
  await c.commit('a', 'm', { cursor: 'c9', maxSeq: 9, resyncWanted: true });
  assert.deepEqual(await c.load('a', 'm'), { cursor: 'c9', maxSeq: 9, resyncWanted: true });
  assert.deepEqual(await c.load('b', 'm'), { cursor: null, maxSeq: null, resyncWanted: false });
});
