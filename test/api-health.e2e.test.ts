import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../src/api/index.ts';
import { openHub } from '../src/hub/index.ts';
import { describeOnStores, get, useAdminKey } from './api-harness.ts';

describeOnStores('GET /healthz and /readyz', (ctx) => {
  test('healthz: the process is alive', async () => {
    const r = await get(ctx().app, '/healthz');
    assert.deepEqual([r.status, r.body], [200, { status: 'ok' }]);
  });

  test('readyz: the store answers', async () => {
    const r = await get(ctx().app, '/readyz');
    assert.deepEqual([r.status, r.body], [200, { status: 'ready', store: ctx().hub.store.dialect }]);
  });
});

test('given a store that no longer answers, readyz is 503 with the reason and routes are 500 problems without internals', async () => {
  const hub = await openHub({ dataDir: 'data', databaseUrl: undefined, natsUrl: undefined, host: '127.0.0.1', port: 0 }, { sqliteFile: ':memory:' });
  const app = await buildApp({ hub });
  try {
    await useAdminKey(app);
    await hub.close();
    const live = await get(app, '/healthz');
    assert.equal(live.status, 200, 'liveness does not depend on the store');
    const ready = await get<{ status: string; reason: string }>(app, '/readyz');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.status, 'unavailable');
    assert.match(ready.body.reason, /sqlite store/);
    const r = await get<Record<string, unknown>>(app, '/api/inventory');
    assert.equal(r.status, 500);
    assert.match(r.type, /^application\/problem\+json/);
    assert.deepEqual(
      { type: r.body.type, title: r.body.title, status: r.body.status, problems: r.body.problems, code: r.body.code },
      { type: 'about:blank', title: 'Internal Server Error', status: 500, problems: [], code: undefined },
    );
    assert.doesNotMatch(String(r.body.detail), /destroy|driver|kysely/i);
  } finally {
    await app.close();
  }
});
