import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY_LIMIT } from '../src/api/index.ts';
import { describeOnStores, get } from './api-harness.ts';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  problems: { code: string; message: string; where?: string }[];
}

describeOnStores('errors are RFC 9457 problem+json', (ctx) => {
  test('an unknown route is 404 NOT_FOUND naming method and path', async () => {
    const r = await get<ProblemBody>(ctx().app, '/api/nothing-here?x=1');
    assert.equal(r.status, 404);
    assert.match(r.type, /^application\/problem\+json/);
    assert.equal(r.body.type, 'urn:stockmesh:error:NOT_FOUND');
    assert.equal(r.body.code, 'NOT_FOUND');
    assert.equal(r.body.status, 404);
    assert.equal(r.body.detail, 'no route GET /api/nothing-here');
    assert.equal(r.body.instance, '/api/nothing-here?x=1');
    const post = await ctx().app.inject({ method: 'POST', url: '/api/inventory', payload: {} });
    assert.equal(post.statusCode, 404, 'the API is read-only so far');
  });

  test('a parameter out of range is 400 INVALID_ARGUMENT naming the field', async () => {
    const cases: [string, string, RegExp][] = [
      ['/api/inventory?limit=1001', 'limit', /limit must be <= 1000/],
      ['/api/inventory?limit=0', 'limit', /limit must be >= 1/],
      ['/api/inventory?limit=ten', 'limit', /limit must be integer/],
      ['/api/inventory?offset=-1', 'offset', /offset must be >= 0/],
      ['/api/dead-letters?state=lost', 'state', /state must be one of pending, resolved, discarded/],
      ['/api/gaps?open=perhaps', 'open', /open must be boolean/],
    ];
    for (const [url, field, message] of cases) {
      const r = await get<ProblemBody>(ctx().app, url);
      assert.equal(r.status, 400, url);
      assert.match(r.type, /^application\/problem\+json/);
      assert.equal(r.body.code, 'INVALID_ARGUMENT', url);
      assert.equal(r.body.type, 'urn:stockmesh:error:INVALID_ARGUMENT');
      assert.deepEqual(r.body.problems.map((p) => p.where), [field], url);
      assert.match(r.body.detail, message, url);
    }
  });

  test('an unknown parameter is refused, not ignored; every problem is listed', async () => {
    const r = await get<ProblemBody>(ctx().app, '/api/inventory?skus=APP-TEE-WHT-M&limit=5000');
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.problems.map((p) => p.where).sort(), ['limit', 'skus']);
    assert.match(r.body.detail, /unknown querystring parameter "skus"/);
    const probe = await get<ProblemBody>(ctx().app, '/healthz?verbose=1');
    assert.equal(probe.status, 400);
  });

  test('request bodies are limited to 1 MiB', () => {
    assert.equal(BODY_LIMIT, 1024 * 1024);
    assert.equal(ctx().app.initialConfig.bodyLimit, BODY_LIMIT);
  });
});
